"""reviewkit's own HTML theme: the default of a project, its masthead, chapters and links."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from reviewkit import theme

from conftest import CONF
from pages import Element, parse, squash
from sources import SMALL_REPORT

THREE_CHAPTERS = {
    "index.md": "# Report\n\n```{toctree}\nfirst\nsecond\nthird\n```\n",
    "first.md": "# The first chapter\n\nText.\n",
    "second.md": "# The second chapter\n\nText.\n",
    "third.md": "# The third chapter\n\nText.\n",
}
WIDE_TABLE = """\
# Tables

```{list-table} SSR1 recommendations
:header-rows: 1

* - Number
  - Subject
  - Taken up by
* - 1
  - Something rather long to say about the subject
  - Another long phrase naming who takes it up
```
"""


def links(page: Element, selector_class: str) -> list[tuple[str, str]]:
    return [
        (a.attrs.get("href", ""), squash(a.text))
        for holder in page.find_all(cls=selector_class)
        for a in holder.find_all("a")
    ]


def test_a_project_without_html_theme_gets_the_reviewkit_theme(build):
    app = build(SMALL_REPORT)
    assert app.config.html_theme == "reviewkit"
    page = (app.outdir / "chapter.html").read_text()
    assert 'class="rk-masthead"' in page
    assert "reviewkit-theme.css" in page
    for credit in ("Powered by", "Sphinx", "Alabaster", "Page source", "_sources/"):
        assert credit not in page.split("</head>")[1], credit


def test_a_project_that_names_alabaster_keeps_it(project, cli, tmp_path):
    # sphinx-build itself: Sphinx's test app puts "basic" in place of alabaster
    srcdir = project(SMALL_REPORT, CONF + 'html_theme = "alabaster"\n')
    status, errors = cli(srcdir)
    assert status == 0, errors
    page = (tmp_path / "cli-out" / "chapter.html").read_text()
    assert "alabaster.css" in page
    assert "rk-masthead" not in page


def test_a_theme_given_on_the_command_line_is_kept(project, cli, tmp_path):
    status, errors = cli(project(SMALL_REPORT), "-D", "html_theme=classic")
    assert status == 0, errors
    page = (tmp_path / "cli-out" / "chapter.html").read_text()
    assert "classic.css" in page
    assert "rk-masthead" not in page


def test_every_chapter_lists_the_chapters_in_reading_order_with_previous_and_next(build):
    app = build(THREE_CHAPTERS)
    titles = ["The first chapter", "The second chapter", "The third chapter"]
    for name in ("index", "first", "second", "third"):
        page = parse(app.outdir / f"{name}.html")
        contents = page.find_all(cls="rk-contents")[0]
        listed = [squash(a.text) for a in contents.find_all("li")]
        assert listed == titles, name
        current = [squash(a.text) for a in contents.find_all("a") if "aria-current" in a.attrs]
        assert current == ([] if name == "index" else [f"The {name} chapter"])
    second = parse(app.outdir / "second.html")
    pager = links(second, "rk-pager")
    assert pager == [
        ("first.html", "Previous The first chapter"),
        ("third.html", "Next The third chapter"),
    ]
    assert links(parse(app.outdir / "index.html"), "rk-pager") == [
        ("first.html", "Next The first chapter")
    ]
    assert [h for h, _ in links(parse(app.outdir / "third.html"), "rk-pager")] == ["second.html"]


def test_the_chapters_are_worked_out_once_per_build_not_for_every_page(build, monkeypatch):
    calls = []
    original = theme.chapters

    def counted(app):
        calls.append(1)
        return original(app)

    monkeypatch.setattr(theme, "chapters", counted)
    app = build(THREE_CHAPTERS)
    assert len(calls) == 1
    assert "The third chapter" in (app.outdir / "first.html").read_text()


def test_a_table_scrolls_inside_a_region_the_keyboard_reaches_and_that_is_named(build):
    app = build({"index.md": "# Report\n\n```{toctree}\ntables\n```\n", "tables.md": WIDE_TABLE})
    page = parse(app.outdir / "tables.html")
    (region,) = page.find_all(cls="rk-table-scroll")
    assert region.attrs["tabindex"] == "0"
    assert region.attrs["role"] == "region"
    assert region.attrs["aria-label"] == "Table 1 SSR1 recommendations"  # numbered
    assert [child.tag for child in region.children if isinstance(child, Element)] == ["table"]


def test_the_title_page_is_named_by_the_reports_title(build):
    app = build(SMALL_REPORT, CONF + 'reviewkit_title = "Final Report of the Team"\n')
    page = parse(app.outdir / "index.html")
    assert squash(page.find_all("title")[0].text).startswith("Final Report of the Team")
    assert squash(page.find_all(cls="rk-mast-title")[0].text) == "Final Report of the Team"


def test_the_search_forms_send_their_words_to_the_search_page(build):
    app = build(SMALL_REPORT)
    for name in ("chapter", "search"):
        forms = parse(app.outdir / f"{name}.html").find_all("form")
        assert forms, name
        assert [form.attrs.get("action") for form in forms] == ["search.html"], name


# --- the published site: every page leads to the others ----------------------------


def targets(page_path: Path, public: Path) -> set[str]:
    """Where a page's links lead, as paths from ``public/``."""
    page = parse(page_path)
    here = page_path.parent.relative_to(public).as_posix()
    found = set()
    for a in page.find_all("a"):
        href = a.attrs.get("href", "").split("#")[0]
        if href and "://" not in href:
            found.add(posixpath.normpath(posixpath.join(here, href)))
    return found


@pytest.mark.slow  # publishes the test project
def test_every_report_page_links_to_the_landing_page_and_its_pdf(final):
    public = final[0] / "public"
    pages = [p for p in (public / "final").glob("*.html") if p.name != "print.html"]
    assert len(pages) >= 3
    for page in pages:
        found = targets(page, public)
        expected = {"index.html", "final/test-final.pdf", "final/index.html"}
        assert expected - {f"final/{page.name}"} <= found, page.name
        # the summary in each published language, and only those
        summaries = {t for t in found if t.startswith("final/summary/")}
        assert summaries == {"final/summary/en/index.html", "final/summary/fr/index.html"}
        for target in found:
            assert (public / target).is_file(), f"{page.name} links to {target}, not published"


@pytest.mark.slow  # publishes the test project
def test_every_summary_page_names_the_review_and_links_back(final):
    public = final[0] / "public"
    for tag in ("en", "fr"):
        path = public / "final" / "summary" / tag / "index.html"
        found = targets(path, public)
        assert {"index.html", "final/index.html", "final/test-final.pdf"} <= found, tag
        assert f"final/test-final-summary-{tag}.pdf" in found, tag
        for target in found:
            assert (public / target).is_file(), f"summary {tag} links to {target}"
        page = parse(path)
        assert squash(page.find_all(cls="rk-mast-review")[0].text) == "Test review"


@pytest.mark.slow  # publishes the test project
def test_no_page_of_the_site_credits_sphinx_or_links_to_its_source(final):
    public = final[0] / "public"
    for path in public.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for words in ("Powered by", "Page source", "Created using", "_sources/"):
            assert words not in text, f"{path.relative_to(public)}: {words}"


def test_the_title_page_is_headed_with_the_reports_title_as_the_cover_is(build):
    app = build(THREE_CHAPTERS, CONF + 'reviewkit_title = "Final Report of the Review Team"\n')
    page = parse(app.outdir / "index.html")
    (heading,) = page.find_all("h1")
    assert squash(heading.text).startswith("Final Report of the Review Team")
    assert "Final Report of the Review Team" in squash(page.find_all("title")[0].text)
    # the chapters keep their own headings
    (chapter,) = parse(app.outdir / "first.html").find_all("h1")
    assert squash(chapter.text).startswith("The first chapter")
