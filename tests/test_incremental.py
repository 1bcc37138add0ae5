"""Build, edit one chapter, build again: every page showing a changed number is rewritten,
and only those."""

from __future__ import annotations

import json

import pytest

from pages import parse, squash

PAGES = ("index", "summary", "first", "second")

NEW_RECOMMENDATION = """\
:::::{recommendation} A new first recommendation
:label: new-first
:owners: org
:priority: low
:findings: f-b

Inserted before the others.

::::{measures}
- It is done.
::::

::::{rationale}
It comes first.
::::
:::::

"""


def written(app) -> dict[str, int]:
    return {page: (app.outdir / f"{page}.html").stat().st_mtime_ns for page in PAGES}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Pages written again, leaving out index: it holds the toctree, which Sphinx itself
    rewrites whenever a document the toctree lists has changed."""
    return {page for page in PAGES if after[page] != before[page]} - {"index"}


def edit(app, name: str, old: str, new: str) -> None:
    path = app.srcdir / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-renumber")
def test_renumbering_rewrites_pages_that_show_the_numbers(app):
    app.build()
    before = written(app)
    edit(
        app,
        "first.md",
        ":::::{recommendation} Publish a status page",
        NEW_RECOMMENDATION + ":::::{recommendation} Publish a status page",
    )
    app.build()
    # first: re-read; summary: its table shows 1.1 -> 1.2; second: shows no number of group 1
    assert rewritten(before, written(app)) == {"first", "summary"}
    table = parse(app.outdir / "summary.html").find_all("table")[0]
    assert [squash(td.text) for td in table.find_all("td")][::4] == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "3",
    ]
    data = json.loads((app.outdir / "recommendations.json").read_text())
    assert [r["label"] for r in data["recommendations"]][:2] == ["new-first", "status-page"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-cross")
def test_a_change_in_one_chapter_reaches_references_in_another(app):
    app.build()
    before = written(app)
    # a finding inserted before f-c renumbers it; first.md shows no finding of second.md,
    # but the summary's role and tables do
    edit(
        app,
        "second.md",
        "```{finding} Words differ",
        ":::{finding} Another\n:label: f-new\n:::\n\n```{finding} Words differ",
    )
    edit(app, "second.md", ":findings: f-c\n\nAdopt", ":findings: f-c, f-new\n\nAdopt")
    app.build()
    assert rewritten(before, written(app)) == {"second", "summary"}
    paragraph = parse(app.outdir / "summary.html").find_all("p")[0]
    assert "Finding 4." in squash(paragraph.text)


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-text")
def test_a_text_edit_rewrites_only_its_own_page(app):
    app.build()
    before = written(app)
    edit(app, "first.md", "Nobody knows the status.", "Nobody knows the current status.")
    app.build()
    assert rewritten(before, written(app)) == {"first"}


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-title")
def test_a_new_title_reaches_the_tables(app):
    app.build()
    before = written(app)
    edit(app, "second.md", "Words differ", "Words differ between contracts")
    app.build()
    assert rewritten(before, written(app)) == {"second", "summary"}
    assert "Words differ between contracts" in (app.outdir / "summary.html").read_text()


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-remove")
def test_removing_a_chapter_renumbers_and_reports(app):
    app.build()
    edit(app, "index.md", "first\n", "")
    (app.srcdir / "first.md").unlink()
    app.build()
    data = json.loads((app.outdir / "recommendations.json").read_text())
    assert [r["number"] for r in data["recommendations"]] == ["1.1", "2"]
    assert [f["label"] for f in data["findings"]] == ["f-c"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-export")
def test_export_follows_every_change_and_only_then_is_rewritten(app):
    app.build()
    export = app.outdir / "recommendations.json"
    first = export.stat().st_mtime_ns
    edit(app, "index.md", "# Test review", "# The test review")  # shows in no export field
    app.build()
    assert export.stat().st_mtime_ns == first
    edit(app, "first.md", "Nothing is measured.", "Nothing at all is measured.")
    app.build()
    data = json.loads(export.read_text())
    assert data["findings"][1]["text"] == "Nothing at all is measured."
    export.unlink()
    app.build()
    assert json.loads(export.read_text()) == data, "a missing export is written again"
