"""Numbers follow reading order and are the same in every builder."""

from __future__ import annotations

import json

import pytest

from pages import parse, squash


@pytest.mark.sphinx("html", testroot="basic")
def test_numbers_follow_toctree_then_document_order(app):
    app.build()
    numbers = [squash(e.text) for e in parse(app.outdir / "first.html").find_all(cls="rk-number")]
    assert numbers == [
        "Finding 1",
        "Finding 2",
        "Test Recommendation 1",
        "Test Recommendation 1.1",
        "Test Recommendation 1.2",
    ]
    numbers = [squash(e.text) for e in parse(app.outdir / "second.html").find_all(cls="rk-number")]
    # a recommendation outside any group takes the next group number
    assert numbers == [
        "Finding 3",
        "Test Recommendation 2",
        "Test Recommendation 2.1",
        "Test Recommendation 3",
        "Suggestion 1",
    ]


@pytest.mark.sphinx("html", testroot="basic", srcdir="reordered")
def test_reordering_the_toctree_renumbers(app):
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("first\nsecond", "second\nfirst"))
    app.build()
    page = parse(app.outdir / "second.html")
    assert squash(page.by_id("shared-words").find_all(cls="rk-number")[0].text) == (
        "Test Recommendation 1.1"
    )
    assert squash(page.by_id("f-c").find_all(cls="rk-number")[0].text) == "Finding 1"
    page = parse(app.outdir / "first.html")
    assert squash(page.by_id("define-measures").find_all(cls="rk-number")[0].text) == (
        "Test Recommendation 3.2"
    )


@pytest.mark.sphinx("text", testroot="basic")
def test_text_builder_shows_the_same_numbers(app):
    app.build()
    text = (app.outdir / "second.txt").read_text()
    assert "Test Recommendation 2.1: Adopt shared words" in text
    assert "Test Recommendation 3: Stand alone" in text
    assert "Suggestion 1: Share data" in text
    summary = (app.outdir / "summary.txt").read_text()
    assert "See *Test Recommendation 2.1* and *the group* and *Finding 3*." in squash(summary)


@pytest.mark.parametrize(("tags", "numbers"), [((), ["1", "2"]), (("draft",), ["1", "2", "3"])])
def test_objects_in_an_only_block_count_in_their_edition_alone(build, tags, numbers):
    from sources import recommendation

    draft_only = "```{only} draft\n" + recommendation(label="draft-only") + "```\n"
    text = (
        "# Report\n\n:::{finding} F\n:label: f\n:::\n\n"
        + recommendation(label="a")
        + "\n"
        + draft_only
        + "\n"
        + recommendation(label="b")
    )
    app = build({"index.md": text}, tags=list(tags))
    assert [
        squash(e.text)
        for e in parse(app.outdir / "index.html").find_all(cls="rk-number")
        if "Recommendation" in e.text
    ] == [f"Recommendation {n}" for n in numbers]
    data = json.loads((app.outdir / "recommendations.json").read_text())
    assert [r["number"] for r in data["recommendations"]] == numbers
    assert app._warning.getvalue() == ""
