"""The published site in a real browser: the report published as readers get it, served
on localhost and read by Debian's Chromium, headless, through Playwright."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from publishing import publish_command

#: every test here reads the published real report in Chromium
pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).parent.parent
#: the summaries' language tags and their HTML language, in the switcher's order
SUMMARIES = {"en": "en", "ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh-Hans"}


def publish(work: Path, edition: str) -> None:
    command = publish_command(ROOT / "report", work, "--edition", edition, confdir=ROOT)
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The report's site with both editions, as ``nox -s publish`` leaves it."""
    work = tmp_path_factory.mktemp("report-site")
    publish(work, "final")
    publish(work, "draft")
    return work / "public"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """Any static web server will do; this is Python's, on a free port."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def hrefs(page: Page, selector: str = "a[href]") -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => a.href)")


def test_every_link_on_the_landing_page_resolves(page: Page, server: str):
    page.goto(server)
    links = hrefs(page)
    assert len(links) >= 2 * (3 + 2 * len(SUMMARIES)) + 1  # both editions' links, SHA256SUMS
    for link in links:
        assert link.startswith(server), f"{link} leaves the site"
        response = page.request.get(link)
        assert response.ok, f"{link}: {response.status}"


def test_every_download_matches_its_listed_size_and_checksum(page: Page, server: str):
    page.goto(server)
    listed = page.eval_on_selector_all(
        ".files li",
        """items => items.flatMap(li => [...li.querySelectorAll('a + .meta')].map(meta => ({
            href: meta.previousElementSibling.href,
            bytes: Number(meta.querySelector('.size').dataset.bytes),
            sha256: meta.querySelector('.sha256').textContent,
        })))""",
    )
    # per edition: PDF, summaries, JSON, CSV; and the final edition's status PDF
    assert len(listed) == 2 * (1 + len(SUMMARIES) + 2) + 1
    assert any(item["href"].endswith("/status/ssr2-status.pdf") for item in listed)
    for item in listed:
        body = page.request.get(item["href"]).body()
        assert len(body) == item["bytes"], item["href"]
        assert hashlib.sha256(body).hexdigest() == item["sha256"], item["href"]


def test_the_language_switcher_moves_between_the_six_summaries(page: Page, server: str):
    page.goto(f"{server}final/summary/en/index.html")
    for tag, html_lang in [*list(SUMMARIES.items())[1:], ("en", "en")]:
        page.click(f".rk-languages a[hreflang='{html_lang}']")
        page.wait_for_url(f"**/final/summary/{tag}/index.html")
        assert page.evaluate("document.documentElement.lang") == html_lang
        # the page's own language is named, not linked; the five others are links
        current = page.locator(".rk-languages [aria-current='page']")
        assert current.get_attribute("lang") == html_lang
        assert page.locator(".rk-languages a").count() == len(SUMMARIES) - 1


def test_the_arabic_summary_reads_right_to_left(page: Page, server: str):
    page.goto(f"{server}final/summary/ar/index.html")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    paragraph = page.locator("main p").first
    assert paragraph.evaluate("p => getComputedStyle(p).direction") == "rtl"
    # the chart's bars grow from the right edge, as the page reads
    bar = page.locator(".rk-chart-bar").first.bounding_box()
    rect = page.locator(".rk-chart-bar rect[width$='%']").first.bounding_box()
    assert bar is not None and rect is not None
    assert abs((rect["x"] + rect["width"]) - (bar["x"] + bar["width"])) < 2


def test_search_finds_a_recommendation_by_a_word_of_its_title(page: Page, server: str, site: Path):
    recommendations = json.loads((site / "final" / "recommendations.json").read_text())[
        "recommendations"
    ]
    words = {}
    for rec in recommendations:
        for word in {w.strip(",.'\u2019").lower() for w in rec["title"].split()}:
            words.setdefault(word, []).append(rec)
    # a word found in one recommendation's title only, so the result is that recommendation
    word, (rec,) = next((w, r) for w, r in sorted(words.items()) if len(r) == 1 and len(w) > 6)
    page.goto(f"{server}final/search.html?q={word}")
    page.wait_for_selector("#search-results li")
    found = hrefs(page, "#search-results li a")
    assert f"{server}final/{rec['url']}" in found, (word, rec["url"], found)


def test_pages_load_without_console_errors_or_requests_outside_the_site(page: Page, server: str):
    errors: list[str] = []
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else 0)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    pages = ["", "final/index.html", "final/dns-security.html", "final/search.html?q=abuse"]
    pages += [f"final/summary/{tag}/index.html" for tag in SUMMARIES]
    pages += ["draft/index.html", "draft/summary/zh/index.html"]
    for path in pages:
        page.goto(f"{server}{path}")
        page.wait_for_load_state("load")
    assert errors == []
    assert [url for url in requests if not url.startswith((server, "data:"))] == []


@pytest.mark.parametrize(
    "path", ["", "final/dns-security.html", "final/summary/ar/index.html"], ids=str
)
def test_no_serious_or_critical_accessibility_violation(page: Page, server: str, path: str):
    page.goto(f"{server}{path}")
    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


# --- the theme: phones, right to left, landmarks ---------------------------------------

PHONE = {"width": 380, "height": 800}
#: a chapter with a docutils table wider than a phone, and the summaries in both directions
NARROW_PAGES = [
    "final/internal-security.html",
    "final/index.html",
    "final/summary/en/index.html",
    "final/summary/ar/index.html",
    "draft/internal-security.html",
]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("path", NARROW_PAGES, ids=str)
def test_no_page_is_wider_than_a_phone(phone: Page, server: str, path: str):
    phone.goto(f"{server}{path}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_wide_table_scrolls_inside_itself_with_a_cue(phone: Page, server: str):
    phone.goto(f"{server}final/internal-security.html")
    region = phone.locator(".rk-table-scroll", has=phone.locator("table.docutils")).first
    sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth, getComputedStyle(r).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto"  # the table scrolls, not the page
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
    assert "gradient" in region.evaluate("r => getComputedStyle(r).backgroundImage")


def test_the_measures_bullets_sit_inside_the_recommendation_box(phone: Page, server: str):
    phone.goto(f"{server}final/internal-security.html")
    box = phone.locator("article.rk-recommendation").first
    item = box.locator(".rk-measures li").first
    left = box.bounding_box()["x"] + 5  # past the box's blue rule
    # the bullet hangs in the list's padding before the item's text
    padding = item.evaluate("li => parseFloat(getComputedStyle(li.parentElement).paddingLeft)")
    assert item.bounding_box()["x"] - 0.8 * padding >= left


def test_facts_labels_sit_on_their_values_baseline(page: Page, server: str):
    page.goto(f"{server}final/internal-security.html")
    tops = page.eval_on_selector(
        ".rk-facts",
        """dl => [...dl.querySelectorAll('dt')].map(dt => {
            const range = document.createRange();
            range.selectNodeContents(dt);
            const label = range.getBoundingClientRect();
            range.selectNodeContents(dt.nextElementSibling);
            const value = range.getClientRects()[0];
            return [label.bottom, value.bottom];
        })""",
    )
    assert tops and all(abs(label - value) < 1 for label, value in tops), tops


def test_measures_and_rationale_read_as_body_text(page: Page, server: str):
    page.goto(f"{server}final/internal-security.html")
    styles = page.evaluate(
        """() => ['.rk-recommendation > p', '.rk-measures li p', '.rk-rationale p'].map(s => {
            const style = getComputedStyle(document.querySelector(s));
            return [style.fontSize, style.color];
        })"""
    )
    assert styles[1] == styles[0] and styles[2] == styles[0], styles


def test_the_arabic_summary_is_mirrored(page: Page, server: str):
    page.goto(f"{server}final/summary/ar/index.html")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    width = page.evaluate("document.documentElement.clientWidth")
    # the masthead's name and the first language start at the right edge
    for selector in (".rk-mast-review", ".rk-languages li"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] + box["width"] > width * 0.75, selector
    heading = page.locator("main h1").first.bounding_box()
    assert heading["x"] + heading["width"] > width / 2


@pytest.mark.parametrize(
    "path", ["final/internal-security.html", "final/summary/ar/index.html", "draft/index.html"]
)
def test_every_part_of_a_page_is_in_a_landmark(page: Page, server: str, path: str):
    page.goto(f"{server}{path}")
    results = Axe().run(page, options={"runOnly": ["region", "landmark-one-main"]})
    assert [v["id"] for v in results.response["violations"]] == []


def test_no_page_credits_sphinx_or_offers_its_source(site: Path):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for words in ("Powered by", "Page source", "Created using"):
            assert words not in text, f"{path.relative_to(site)}: {words}"


def test_every_page_of_both_editions_links_to_the_landing_page_and_its_pdf(site: Path):
    for edition in ("final", "draft"):
        for path in (site / edition).rglob("*.html"):
            hrefs = set(re.findall(r'href="([^"#]+)', path.read_text(encoding="utf-8")))
            here = path.parent
            resolved = {(here / href).resolve() for href in hrefs if "://" not in href}
            assert (site / "index.html").resolve() in resolved, path
            assert (site / edition / f"ssr2-{edition}.pdf").resolve() in resolved, path
