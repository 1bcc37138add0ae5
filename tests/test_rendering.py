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


@pytest.mark.sphinx("html", testroot="basic")
def test_stylesheet_reads_on_a_phone_and_in_print(app):
    app.build()
    page = (app.outdir / "first.html").read_text()
    assert "_static/reviewkit.css" in page
    css = (app.outdir / "_static" / "reviewkit.css").read_text()
    assert "@media (max-width" in css and "@media print" in css
    assert "break-after: avoid" in css  # a heading never ends a printed page


def test_an_object_labelled_like_a_chart_keeps_every_id_on_the_page_unique(build):
    from test_checks import FINDING, page, recommendation

    text = page(
        FINDING, recommendation(label="rk-chart-index-1"), "```{recommendation-chart}\n```\n"
    )
    html = parse(build({"index.md": text}).outdir / "index.html")
    ids = [e.attrs["id"] for e in html.iter() if e.attrs.get("id")]
    assert "rk-chart-index-1" in ids
    assert len(ids) == len(set(ids))
