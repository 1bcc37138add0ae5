"""How a recommendation, finding and suggestion look in HTML."""

from __future__ import annotations

import pytest

from pages import parse, squash


@pytest.mark.sphinx("html", testroot="basic")
def test_recommendation_is_a_semantic_block_anchored_at_its_label(app):
    app.build()
    page = parse(app.outdir / "first.html")
    rec = page.by_id("status-page")
    assert rec.tag == "article"
    assert "rk-recommendation" in rec.classes
    assert not rec.find_all("table"), "a recommendation is not laid out as a table"
    heading = rec.children[1] if isinstance(rec.children[0], str) else rec.children[0]
    assert heading.tag == "h3"  # chapter h1, group h2, recommendation h3
    assert squash(heading.text) == "Test Recommendation 1.1: Publish a status page"
    facts = rec.find_all("dl", cls="rk-facts")[0]
    terms = [squash(e.text) for e in facts.find_all("dt")]
    values = [squash(e.text) for e in facts.find_all("dd")]
    assert dict(zip(terms, values, strict=True)) == {
        "Owners": "The Organisation",
        "Priority": "High",
        "Consensus": "Full consensus",
        "Findings": "Finding 1",
    }
    assert facts.find_all("a")[0].attrs["href"] == "#f-a"
    measures = rec.find_all("section", cls="rk-measures")[0]
    assert squash(measures.find_all("h4")[0].text) == "Measures of success"
    assert [squash(li.text) for li in measures.find_all("li")] == [
        "A page exists.",
        "It is updated quarterly.",
    ]
    rationale = rec.find_all("section", cls="rk-rationale")[0]
    assert squash(rationale.find_all("h4")[0].text) == "Rationale"
    assert "Readers cannot see progress." in squash(rationale.text)


@pytest.mark.sphinx("html", testroot="basic")
def test_parts_render_in_reading_order_whatever_the_source_order(app):
    app.build()
    rec = parse(app.outdir / "first.html").by_id("define-measures")
    sections = [e.classes for e in rec.find_all("section")]
    assert sections == [["rk-measures"], ["rk-rationale"]]
    body = squash(rec.text)
    assert body.index("The Board should require measures.") < body.index("Owners")
    assert "Consensus" not in body, "consensus is shown only where given"


@pytest.mark.sphinx("html", testroot="basic")
def test_group_contains_its_recommendations(app):
    app.build()
    group = parse(app.outdir / "first.html").by_id("group-a")
    assert group.tag == "section"
    assert [e.attrs["id"] for e in group.find_all("article")] == ["status-page", "define-measures"]
    assert squash(group.find_all("h2")[0].text) == "Test Recommendation 1: Finish the earlier work"


@pytest.mark.sphinx("html", testroot="basic")
def test_finding_lists_the_recommendations_citing_it(app):
    app.build()
    finding = parse(app.outdir / "first.html").by_id("f-a")
    facts = finding.find_all("dl", cls="rk-facts")[0]
    assert squash(facts.find_all("dt")[0].text) == "Addressed by"
    assert [squash(a.text) for a in facts.find_all("a")] == [
        "Test Recommendation 1.1",
        "Test Recommendation 1.2",
    ]
    assert [a.attrs["href"] for a in facts.find_all("a")] == ["#status-page", "#define-measures"]


def facts_layout(browser, url: str, width: int, media: str = "screen") -> dict:
    """Where a recommendation's facts sit at this window width, how wide its block is, and
    the colours of a link and of the text around it."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(url)
        return page.evaluate(
            """() => {
                const facts = document.querySelector("#status-page .rk-facts");
                const box = (e) => e.getBoundingClientRect();
                const link = facts.querySelector("a");
                return {
                    term: box(facts.querySelector("dt")).toJSON(),
                    value: box(facts.querySelector("dd")).toJSON(),
                    block: box(facts.closest("article")).toJSON(),
                    link: getComputedStyle(link).color,
                    text: getComputedStyle(link.closest("dd")).color,
                };
            }"""
        )
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.sphinx("html", testroot="basic")
def test_the_facts_read_on_a_phone_and_links_print_as_text(app, browser):
    app.build()
    url = (app.outdir / "first.html").as_uri()
    wide = facts_layout(browser, url, 1200)
    assert wide["value"]["left"] > wide["term"]["right"], "beside their terms on a wide screen"
    phone = facts_layout(browser, url, 360)
    assert phone["value"]["top"] >= phone["term"]["bottom"], "below their terms on a phone"
    assert phone["value"]["right"] <= phone["block"]["right"], "nothing wider than the block"
    assert wide["link"] != wide["text"], "a link stands out on screen"
    printed = facts_layout(browser, url, 1200, media="print")
    assert printed["link"] == printed["text"], "on paper a link reads as text"


def test_an_object_labelled_like_a_chart_keeps_every_id_on_the_page_unique(build):
    from sources import FINDING, page, recommendation

    text = page(
        FINDING, recommendation(label="rk-chart-index-1"), "```{recommendation-chart}\n```\n"
    )
    html = parse(build({"index.md": text}).outdir / "index.html")
    ids = [e.attrs["id"] for e in html.iter() if e.attrs.get("id")]
    assert "rk-chart-index-1" in ids
    assert len(ids) == len(set(ids))
