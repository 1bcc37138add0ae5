"""Public comments kept as CSV: what the checks say about each kind of mistake."""

from __future__ import annotations

import io

import pytest
from sphinx.testing.util import SphinxTestApp

from reviewkit.comments import read_comments

from conftest import CONF, warnings_of
from pages import parse, squash

HEADER = "commenter,date,addresses,comment,response,action,now_in\n"
DOCS = {
    "index.md": "# Report\n\n```{toctree}\nchapter\n```\n",
    "chapter.md": """\
        # Chapter

        :::{finding} Status is unknown
        :label: status-unknown

        Nobody knows.
        :::

        :::::{recommendation} Publish a status page
        :label: status-page
        :owners: org
        :priority: high
        :findings: status-unknown

        Text.

        ::::{measures}
        - Published.
        ::::

        ::::{rationale}
        Because.
        ::::
        :::::
        """,
}
GOOD = (
    HEADER
    + 'Registries Group,2020-03-18,status-page,"Please publish it monthly, not yearly.",'
    + '"The team agrees, and asks for a monthly page.",accepted,\n'
    + "ALAC,2020-03-19,chapter,A general remark.,The team notes it.,noted,\n"
    + 'Jane Doe,2020-03-20,old-rec,"A point on a removed recommendation.",'
    + '"Merged into the status page.",partly accepted,status-page\n'
)


def comment_warnings(
    project, tmp_path, csv_text: str | bytes | None, name: str = "comments.csv"
) -> list[str]:
    """Build the small report with this comments file; the comment warnings, one a line."""
    src = project(DOCS, conf=CONF + f'reviewkit_comments = "{name}"\n')
    if csv_text is not None:
        data = csv_text if isinstance(csv_text, bytes) else csv_text.encode("utf-8")
        (src / "comments.csv").write_bytes(data)
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return [line for line in warnings_of(app).splitlines() if "reviewkit" in line]


def test_a_complete_file_gives_no_warning(project, tmp_path):
    assert comment_warnings(project, tmp_path, GOOD) == []


def test_rows_are_read_with_their_lines_even_across_multi_line_cells(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text(
        HEADER + 'A,2020-03-01,x,"two\nlines",r,noted,\nB,2020-03-02,y,one,r,noted,\n',
        encoding="utf-8",
    )
    comments, problems = read_comments(path)
    assert [(c.commenter, c.line, c.number) for c in comments] == [("A", 2, 1), ("B", 4, 2)]
    assert comments[0].comment == "two\nlines"
    assert problems == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Registries Group,2020-03-18,status-page,Text.,,accepted,", "has no response"),
        ("Registries Group,2020-03-18,status-page,Text.,Agreed.,,", "has no action; write one"),
        (
            "Registries Group,2020-03-18,status-page,Text.,Agreed.,approved,",
            "the action 'approved'",
        ),
        ("Registries Group,18/03/2020,status-page,Text.,Agreed.,noted,", "write the date as YYYY"),
        (",2020-03-18,status-page,Text.,Agreed.,noted,", "has no commenter"),
        ("Registries Group,2020-03-18,status-page,,Agreed.,noted,", "has no comment"),
        (
            "Registries Group,2020-03-18,gone-rec,Text.,Agreed.,noted,",
            "addresses 'gone-rec', which the report no longer has; write in now_in",
        ),
        (
            "Registries Group,2020-03-18,gone-rec,Text.,Agreed.,noted,nowhere",
            "went to 'nowhere', which the report does not have",
        ),
    ],
    ids=[
        "no-response",
        "no-action",
        "unknown-action",
        "bad-date",
        "no-commenter",
        "no-comment",
        "removed-label",
        "unknown-now-in",
    ],
)
def test_each_mistake_is_reported_at_its_line(project, tmp_path, row: str, expected: str):
    warnings = comment_warnings(project, tmp_path, GOOD + row + "\n")
    assert len(warnings) == 1, warnings
    assert "comments.csv:5:" in warnings[0]
    assert expected in warnings[0]


def test_a_header_without_the_columns_is_reported(project, tmp_path):
    warnings = comment_warnings(project, tmp_path, "who,when,what\nA,2020-03-01,x\n")
    assert len(warnings) == 1
    assert "comments.csv:1: the header lacks the columns commenter" in warnings[0]


def test_a_file_not_in_utf8_is_reported(project, tmp_path):
    warnings = comment_warnings(
        project, tmp_path, (HEADER + "Caf\xe9,2020-03-01,x,t,r,noted,\n").encode("cp1252")
    )
    assert len(warnings) == 1
    assert (
        "is not UTF-8 (byte" in warnings[0]
        and 'save it from the spreadsheet as "CSV UTF-8"' in warnings[0]
    )


def test_a_missing_file_is_reported(project, tmp_path):
    (warning,) = comment_warnings(project, tmp_path, None, name="missing.csv")
    assert "missing.csv does not exist" in warning and "reviewkit_comments" in warning


APPENDIX = "# Response to public comments\n\n```{public-comments}\n```\n"
MARKUP = (
    'Mallory,2020-03-20,status-page,"<script>alert(1)</script> and **not bold** '
    '{rec}`status-page`",Noted.,noted,\n'
)


@pytest.fixture
def appendix(project, tmp_path):
    docs = {**DOCS, "index.md": "# Report\n\n```{toctree}\nchapter\nappendix\n```\n"}
    src = project(
        {**docs, "appendix.md": APPENDIX},
        conf=CONF + 'reviewkit_comments = "comments.csv"\n',
    )
    (src / "comments.csv").write_text(GOOD + MARKUP, encoding="utf-8")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    yield app
    app.cleanup()


def test_the_appendix_groups_comments_by_what_they_address_with_responses(appendix):
    page = parse(appendix.outdir / "appendix.html")
    headings = page.find_all(cls="rk-comments-on")
    assert [squash(h.text) for h in headings] == [
        "Recommendation 1: Publish a status page",
        "Chapter",
    ]
    assert headings[0].find_all("a")[0].attrs["href"] == "chapter.html#status-page"
    assert headings[1].find_all("a")[0].attrs["href"] == "chapter.html"
    blocks = page.find_all(cls="rk-comment")
    assert [b.attrs["id"] for b in blocks] == ["comment-1", "comment-3", "comment-4", "comment-2"]
    first = squash(blocks[0].text)
    assert first.startswith("Comment 1: Registries Group, 18 March 2020")
    assert "Please publish it monthly, not yearly." in first
    assert "Response of the review team: The team agrees, and asks for a monthly page." in first
    assert first.endswith("Action: accepted")
    # a point on a removed recommendation sits with the one that took it
    assert squash(blocks[1].text).startswith("Comment 3: Jane Doe")


def test_a_commenters_words_are_text_never_markup(appendix):
    html = (appendix.outdir / "appendix.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and **not bold** {rec}`status-page`" in html


def test_each_recommendation_links_to_its_comments(appendix):
    page = parse(appendix.outdir / "chapter.html")
    facts = {
        squash(dt.text): dd for dt, dd in zip(page.find_all("dt"), page.find_all("dd"), strict=True)
    }
    link = facts["Public comments"].find_all("a")[0]
    assert squash(link.text) == "3"
    assert link.attrs["href"] == "appendix.html#comments-on-status-page"
