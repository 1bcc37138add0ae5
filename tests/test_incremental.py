"""Build, edit one chapter, build again: every page showing a changed number is rewritten,
and only those."""

from __future__ import annotations

import io
import json

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import write_project
from pages import parse, squash
from sources import CHAPTERS, many_chapters

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


COMMENTS_HEADER = "commenter,date,addresses,comment,response,action,now_in\n"
ON_STATUS_PAGE = "ALAC,2020-03-19,status-page,Publish it monthly.,Agreed.,accepted,\n"
ON_SHARED_WORDS = "GNSO,2020-03-20,shared-words,Define fewer words.,Noted.,noted,\n"
EDITED = (*PAGES, "comments", "changes")


#: the settings that name the two files, as conf.py would
WITH_FILES = {"reviewkit_comments": "comments.csv", "reviewkit_baseline": "draft.json"}


def with_appendices(app, baseline: dict) -> None:
    """The basic root given a comments file, a baseline and the two appendices that read
    them, in the final edition that shows both (the app takes WITH_FILES)."""
    (app.srcdir / "comments.csv").write_text(COMMENTS_HEADER + ON_STATUS_PAGE)
    (app.srcdir / "draft.json").write_text(json.dumps(baseline))
    (app.srcdir / "comments.md").write_text(
        "# Response to public comments\n\n```{public-comments}\n```\n"
    )
    (app.srcdir / "changes.md").write_text(
        "# Changes since the draft report\n\n```{changes-since-draft}\n```\n"
    )
    edit(app, "index.md", "second\n", "second\ncomments\nchanges\n")


def written_of(app, pages: tuple[str, ...] = EDITED) -> dict[str, int]:
    return {page: (app.outdir / f"{page}.html").stat().st_mtime_ns for page in pages}


def rewritten_of(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {page for page in before if after[page] != before[page]} - {"index"}


#: the export of a draft without recommendations: the smallest baseline there is
EMPTY_DRAFT = {
    "schema_version": 1,
    "report": {"title": "Report", "edition": "draft", "language": "en", "date": "2020-01-24"},
    "groups": [],
    "recommendations": [],
    "findings": [],
    "suggestions": [],
}


def add_a_comment(app) -> set[str]:
    """Build, add a comment on a recommendation of the second chapter, build again; the
    pages written again."""
    with_appendices(app, EMPTY_DRAFT)
    app.build()
    assert "comments_on_shared-words" not in (app.outdir / "second.html").read_text()
    before = written_of(app)
    with (app.srcdir / "comments.csv").open("a") as comments:
        comments.write(ON_SHARED_WORDS)
    app.build()
    return rewritten_of(before, written_of(app))


@pytest.mark.sphinx(
    "html", testroot="basic", srcdir="incremental-comments", confoverrides=WITH_FILES
)
def test_an_edit_of_the_comments_rewrites_the_pages_showing_them(app):
    """The appendix lists the new comment and the chapter of its recommendation links to it;
    the summary, which shows no comment, is left as it was."""
    rewritten = add_a_comment(app)
    assert {"comments", "second"} <= rewritten and "summary" not in rewritten
    assert "Define fewer words." in squash(parse(app.outdir / "comments.html").text)
    assert "comments.html#comments_on_shared-words" in (app.outdir / "second.html").read_text()


@pytest.mark.sphinx(
    "html", testroot="basic", srcdir="incremental-comments-exact", confoverrides=WITH_FILES
)
def test_an_edit_of_the_comments_leaves_pages_whose_counts_stayed(app):
    """The first chapter's recommendation keeps its one comment: its page is not written."""
    assert add_a_comment(app) == {"comments", "second"}


@pytest.mark.sphinx(
    "html", testroot="basic", srcdir="incremental-baseline", confoverrides=WITH_FILES
)
def test_an_edit_of_the_baseline_rewrites_the_changes_appendix(app):
    """The draft named anew: the appendix now lists the recommendation as reworded where it
    listed it as added; no chapter shows the baseline, so none is written again."""
    with_appendices(app, EMPTY_DRAFT)
    app.build()
    export = json.loads((app.outdir / "recommendations.json").read_text())
    draft = dict(export, report={**export["report"], "edition": "draft", "date": "2020-01-24"})
    draft["recommendations"] = [
        dict(rec, text=rec["text"] + " Formerly.") if rec["label"] == "status-page" else rec
        for rec in export["recommendations"]
    ]
    before = written_of(app)
    page_before = squash(parse(app.outdir / "changes.html").text)
    (app.srcdir / "draft.json").write_text(json.dumps(draft))
    app.build()
    assert rewritten_of(before, written_of(app)) == {"changes"}
    page = squash(parse(app.outdir / "changes.html").text)
    assert page != page_before
    assert "Formerly." in page


def build_twice(tmp_path, parallel: int) -> tuple[SphinxTestApp, set[str]]:
    """Build the many-chapter report, insert a finding at the top of its first chapter
    (every later finding's number moves), build again; the app and the pages written again."""
    srcdir = write_project(tmp_path / f"src-{parallel}", many_chapters())
    app = SphinxTestApp(
        "html", srcdir=srcdir, parallel=parallel, status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()
        pages = (*(f"chapter{n:02d}" for n in range(1, CHAPTERS + 1)), "summary")
        before = written_of(app, pages)
        edit(app, "chapter01.md", "# Chapter 1\n", "# Chapter 1\n\n" + INSERTED_FINDING)
        edit(app, "chapter01.md", ":findings: finding-1\n", ":findings: found-first, finding-1\n")
        app.build()
        return app, rewritten_of(before, written_of(app, pages))
    finally:
        app.cleanup()


INSERTED_FINDING = ":::{finding} Found first\n:label: found-first\n\nFirst.\n:::\n"


def test_an_incremental_build_under_j2_writes_what_j1_writes(tmp_path):
    serial, serial_pages = build_twice(tmp_path, 1)
    parallel, parallel_pages = build_twice(tmp_path, 2)
    assert serial_pages == parallel_pages
    assert len(serial_pages) > 5, "enough pages that -j 2 writes them in workers"
    assert parallel._warning.getvalue() == serial._warning.getvalue() == ""
    for name in ["recommendations.json", *(f"{page}.html" for page in serial_pages)]:
        assert (parallel.outdir / name).read_bytes() == (serial.outdir / name).read_bytes(), name
    assert "Finding 13" in (parallel.outdir / "chapter12.html").read_text()
