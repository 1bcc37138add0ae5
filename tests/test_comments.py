"""Public comments kept as CSV: what the checks say about each kind of mistake."""

from __future__ import annotations

import io

import pytest
from sphinx.testing.util import SphinxTestApp

from reviewkit.comments.reading import read_comments

from conftest import CONF, warnings_of
from pages import parse, squash
from sources import SMALL_REPORT as DOCS

HEADER = "commenter,date,addresses,comment,response,action,now_in\n"
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
    assert "comments.csv:1:" in warnings[0]
    assert "the header lacks the columns commenter" in warnings[0]


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
    assert "missing.csv: does not exist" in warning and "reviewkit_comments" in warning


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
    assert [b.attrs["id"] for b in blocks] == ["comment_1", "comment_3", "comment_4", "comment_2"]
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


def test_line_separators_in_cells_show_as_spaces(project, tmp_path):
    docs = {**DOCS, "index.md": "# Report\n\n```{toctree}\nchapter\nappendix\n```\n"}
    src = project(
        {**docs, "appendix.md": APPENDIX}, conf=CONF + 'reviewkit_comments = "comments.csv"\n'
    )
    row = 'Ana\x1cLopez,2020-03-20,status-page,"One\u2028two",We\x0cagree\u2028fully.,noted,\n'
    (src / "comments.csv").write_text(HEADER + row, encoding="utf-8")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    app.cleanup()
    html = (app.outdir / "appendix.html").read_text()
    assert not any(char in html for char in "\x1c\x0c\u2028")
    block = squash(parse(app.outdir / "appendix.html").find_all(cls="rk-comment")[0].text)
    assert block.startswith("Comment 1: Ana Lopez, 20 March 2020")
    assert "One two" in block and "Response of the review team: We agree fully." in block


def test_each_recommendation_links_to_its_comments(appendix):
    page = parse(appendix.outdir / "chapter.html")
    facts = {
        squash(dt.text): dd for dt, dd in zip(page.find_all("dt"), page.find_all("dd"), strict=True)
    }
    link = facts["Public comments"].find_all("a")[0]
    assert squash(link.text) == "3 comments", "a count, said as one"
    assert link.attrs["href"] == "appendix.html#comments_on_status-page"


# What a spreadsheet or a hand edit can leave in the file: each is read as the CSV module
# and editors read it, or reported at its line with what to change, never a traceback.

LATER = "ALAC,2020-03-21,status-page,Text.,Agreed.,approved,\n"  # its action is wrong


@pytest.mark.parametrize(
    "breaker",
    ["\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85"],
    ids=["U+2028", "U+2029", "form-feed", "vertical-tab", "x1c", "x1d", "x1e", "NEL"],
)
def test_a_unicode_line_break_in_a_cell_stays_in_its_cell(project, tmp_path, breaker):
    row = f'Ana,2020-03-20,status-page,"Before{breaker}after",Noted.,noted,\n'
    warnings = comment_warnings(project, tmp_path, GOOD + row + LATER)
    assert len(warnings) == 1, warnings  # no false warning from half a row
    assert "comments.csv:6:" in warnings[0] and "the action 'approved'" in warnings[0]
    path = tmp_path / "comments.csv"
    path.write_text(GOOD + row, encoding="utf-8")
    comments, problems = read_comments(path)
    assert comments[3].comment == f"Before{breaker}after" and problems == []


def test_crlf_and_lf_files_read_alike_with_the_same_lines(tmp_path):
    text = GOOD + 'Ana,2020-03-20,status-page,"First.\n\nSecond.",Noted.,noted,\n' + LATER
    lf, crlf = tmp_path / "lf.csv", tmp_path / "crlf.csv"
    lf.write_bytes(text.encode())
    crlf.write_bytes(text.replace("\n", "\r\n").encode())
    assert read_comments(crlf) == read_comments(lf)
    comments, problems = read_comments(crlf)
    assert comments[3].comment == "First.\n\nSecond." and comments[4].line == 8
    assert [p.line for p in problems] == [8]


def test_a_blank_line_between_rows_does_not_shift_the_lines(project, tmp_path):
    warnings = comment_warnings(project, tmp_path, GOOD + "\n" + LATER)
    assert len(warnings) == 1 and "comments.csv:6:" in warnings[0], warnings


def test_cells_beyond_the_header_are_reported(project, tmp_path):
    row = "Ana,2020-03-20,status-page,Text.,Agreed.,noted,,see also the status page\n"
    warnings = comment_warnings(project, tmp_path, GOOD + row)
    assert len(warnings) == 1, warnings
    assert "comments.csv:5:" in warnings[0]
    assert "1 cell more than the header has columns" in warnings[0]
    assert "'see also the status page'" in warnings[0] and "double quotes" in warnings[0]


def test_empty_cells_beyond_the_header_are_harmless(project, tmp_path):
    padded = "".join(line + ",,\n" for line in GOOD.splitlines())
    assert comment_warnings(project, tmp_path, padded) == []


def test_a_column_named_twice_is_reported_at_the_header(project, tmp_path):
    header = HEADER.replace("\n", ",comment\n")
    body = "".join(line + ",A second comment cell.\n" for line in GOOD.splitlines()[1:])
    warnings = comment_warnings(project, tmp_path, header + body)
    assert len(warnings) == 1, warnings
    assert "comments.csv:1:" in warnings[0]
    assert "names the column 'comment' twice, in columns 4 and 8 (D and H)" in warnings[0]
    path = tmp_path / "comments.csv"
    path.write_text(header + body, encoding="utf-8")
    comments, _ = read_comments(path)
    assert comments[0].comment == "Please publish it monthly, not yearly."  # the first's text


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            GOOD + 'Ana,2020-03-20,status-page,"Never closed,Noted.,noted,\n' + LATER,
            5,
            "a double quote opens a cell that is never closed",
        ),
        (
            GOOD + 'Ana,2020-03-20,status-page,"Quoted" then more,Noted.,noted,\n',
            5,
            "text after the double quote that closes a cell",
        ),
        (
            GOOD + "Ana,2020-03-20,status-page,Old\rMac,Noted.,noted,\n",
            5,
            "a carriage return without a line feed",
        ),
        (
            GOOD + "Ana,2020-03-20,status-page," + "x" * 200_000 + ",Noted.,noted,\n",
            5,
            "a cell longer than 131072 characters",
        ),
        (
            GOOD + "Ana,2020-03-20,status-page,Nul\x00here,Noted.,noted,\n",
            5,
            "a NUL character",
        ),
        ("", 1, "the file is empty"),
        ("\n\n", 1, "the file is empty"),
    ],
    ids=["unclosed-quote", "text-after-quote", "lone-cr", "huge-cell", "nul", "empty", "blank"],
)
def test_a_file_the_csv_reader_cannot_follow_is_reported_at_its_line(
    project, tmp_path, text, line, expected
):
    warnings = comment_warnings(project, tmp_path, text)
    assert len(warnings) == 1, warnings
    assert f"comments.csv:{line}:" in warnings[0] and expected in warnings[0], warnings


def test_a_utf16_file_is_named_as_such(project, tmp_path):
    (warning,) = comment_warnings(project, tmp_path, GOOD.encode("utf-16"))
    assert "is UTF-16" in warning and 'save it from the spreadsheet as "CSV UTF-8"' in warning


def test_a_byte_order_mark_and_a_header_only_file_are_fine(project, tmp_path):
    assert comment_warnings(project, tmp_path, "\ufeff" + GOOD) == []
    assert comment_warnings(project, tmp_path, HEADER) == []


def test_a_folder_is_reported_naming_the_setting(project, tmp_path):
    src = project(DOCS, conf=CONF + 'reviewkit_comments = "comments"\n')
    (src / "comments").mkdir()
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    (warning,) = [w for w in warnings_of(app).splitlines() if "reviewkit" in w]
    assert "comments: is a folder, not a file" in warning
    assert 'reviewkit_comments = "comments.csv"' in warning


@pytest.mark.parametrize(
    "setting",
    [
        "reviewkit_comments = 5",
        'reviewkit_comments = ["comments.csv"]',
        'reviewkit_comments = b"comments.csv"',
    ],
    ids=["number", "list", "bytes"],
)
def test_a_setting_that_is_not_a_path_stops_the_build(project, cli, setting):
    srcdir = project(DOCS, conf=CONF + setting + "\n")
    status, stderr = cli(srcdir)
    lines = (srcdir / "conf.py").read_text().splitlines()
    assert status == 2, stderr
    assert f"{srcdir / 'conf.py'}:{len(lines)}: ERROR: reviewkit_comments is" in stderr
    assert 'e.g. reviewkit_comments = "comments.csv"' in stderr
    assert "Traceback" not in stderr


# Dates: only YYYY-MM-DD, and a day of the calendar. Python's date reader also takes the
# basic form and week dates, which a reader of the appendix would see as another day.


@pytest.mark.parametrize(
    "date",
    [
        "20200124",
        "2020-W05-1",
        "2020W051",
        "2020-02-30",
        "2020-1-24",
        "24-01-2020",
        "2020-01-24T10",
    ],
    ids=["basic", "week", "week-basic", "no-such-day", "one-digit-month", "day-first", "time"],
)
def test_a_date_not_written_yyyy_mm_dd_is_reported(project, tmp_path, date):
    row = f"Registries Group,{date},status-page,Text.,Agreed.,noted,"
    warnings = comment_warnings(project, tmp_path, GOOD + row + "\n")
    assert len(warnings) == 1, warnings
    assert "comments.csv:5:" in warnings[0]
    assert f"is dated {date!r}" in warnings[0] and "as YYYY-MM-DD" in warnings[0]
    if date == "2020-02-30":
        assert "which is no day of the calendar" in warnings[0]


def test_a_date_reported_shows_as_written_not_as_another_day(project, tmp_path):
    docs = {**DOCS, "index.md": "# Report\n\n```{toctree}\nchapter\nappendix\n```\n"}
    src = project(
        {**docs, "appendix.md": APPENDIX}, conf=CONF + 'reviewkit_comments = "comments.csv"\n'
    )
    rows = (
        "Ana,2020-W05-1,status-page,Week.,Noted.,noted,\nBo,20200124,chapter,Basic.,Noted.,noted,\n"
    )
    (src / "comments.csv").write_text(HEADER + rows, encoding="utf-8")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    app.cleanup()
    heads = [
        squash(h.text) for h in parse(app.outdir / "appendix.html").find_all(cls="rk-comment-head")
    ]
    assert heads == ["Comment 1: Ana, 2020-W05-1", "Comment 2: Bo, 20200124"]


# Anchors: a comment's and a group's ids are in a namespace of their own (an underscore,
# which docutils never puts in an id and no label has), so no heading, target or object
# on the page can take them; the old hyphenated ids stay where nothing else has them.

CROWDED = """\
# Response to public comments

## Comment 1

A heading that docutils gives the id comment-1.

## Comments on status-page

:::{finding} A finding labelled like a comment
:label: comment-2

Cited by nobody.
:::

```{public-comments}
```

## A second appendix

```{public-comments}
```
"""


@pytest.fixture
def crowded(project, tmp_path):
    docs = {**DOCS, "index.md": "# Report\n\n```{toctree}\nchapter\nappendix\nmore\n```\n"}
    more = "# More\n\nText.\n\n```{public-comments}\n```\n"
    src = project(
        {**docs, "appendix.md": CROWDED, "more.md": more},
        conf=CONF + 'reviewkit_comments = "comments.csv"\n',
    )
    (src / "comments.csv").write_text(GOOD + MARKUP, encoding="utf-8")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    app.cleanup()
    return app


def ids_of(path) -> list[str]:
    return [e.attrs["id"] for e in parse(path).iter() if "id" in e.attrs]


def test_every_id_of_the_appendix_page_is_unique(crowded):
    ids = ids_of(crowded.outdir / "appendix.html")
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    page = parse(crowded.outdir / "appendix.html")
    blocks = page.find_all(cls="rk-comment")
    assert [b.attrs["id"] for b in blocks] == ["comment_1", "comment_3", "comment_4", "comment_2"]
    assert [h.attrs["id"] for h in page.find_all(cls="rk-comments-on")] == [
        "comments_on_status-page",
        "comments_on_chapter",
    ]
    # the ids the page had before lead where they led, unless something else has them
    assert page.by_id("comment-1").tag.startswith("h") or page.by_id("comment-1").tag == "section"
    assert "rk-comment" not in page.by_id("comment-1").classes
    assert "rk-comment" not in page.by_id("comment-2").classes
    assert "comment-3" in ids and "comments-on-chapter" in ids
    assert "rk-comments-on" not in page.by_id("comments-on-status-page").classes
    assert not parse(crowded.outdir / "more.html").find_all(cls="rk-comment")


def test_links_lead_to_the_new_anchors(crowded):
    page = parse(crowded.outdir / "chapter.html")
    facts = {
        squash(dt.text): dd for dt, dd in zip(page.find_all("dt"), page.find_all("dd"), strict=True)
    }
    link = facts["Public comments"].find_all("a")[0]
    assert link.attrs["href"] == "appendix.html#comments_on_status-page"


def test_a_second_public_comments_directive_is_reported_at_its_line(crowded):
    warnings = [w for w in warnings_of(crowded).splitlines() if "reviewkit.comments" in w]
    second = CROWDED.splitlines().index("```{public-comments}", 15) + 1
    assert len(warnings) == 2, warnings
    assert f"appendix.md:{second}:" in warnings[0] and "more.md:5:" in warnings[1]
    assert all("a second {public-comments}" in w and "appendix.md:15" in w for w in warnings)


def test_a_count_of_comments_is_said_in_the_form_its_number_wants():
    import gettext
    from pathlib import Path

    from reviewkit import vocabulary

    assert [vocabulary.comment_count(n) for n in (1, 3)] == ["1 comment", "3 comments"]
    mo = Path(vocabulary.__file__).parent / "locale/ru/LC_MESSAGES/reviewkit.mo"
    with mo.open("rb") as file:
        russian = gettext.GNUTranslations(file)
    forms = [russian.ngettext("{count} comment", "{count} comments", n) for n in (1, 3, 5)]
    assert [form.format(count=n) for form, n in zip(forms, (1, 3, 5), strict=True)] == [
        "1 комментарий",
        "3 комментария",
        "5 комментариев",
    ]
