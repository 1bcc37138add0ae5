"""Every kind of bad input: a clear warning at file:line, and -W fails the build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewkit.model import LABEL_PATTERN

from pages import parse, squash
from sources import FINDING, page, recommendation

RATIONALE_IN_MEASURES = """\
:::::{recommendation} Nested parts
:label: nested-parts
:owners: org
:priority: high
:findings: f

::::{measures}
- Done.

:::{rationale}
Inside the measures.
:::
::::
:::::
"""


def line_of(text: str, needle: str, last: bool = False) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[-1] if last else lines[0]


def assert_reported(cli, srcdir: Path, doc: str, line: int, subtype: str, *fragments: str) -> str:
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0, "a report with a problem must fail a -W build"
    assert "Traceback" not in stderr and "Exception occurred" not in stderr
    pattern = re.compile(
        rf"^{re.escape(str(srcdir / doc))}:{line}: WARNING: (.*) "
        rf"\[reviewkit\.{re.escape(subtype)}\]$",
        re.MULTILINE,
    )
    messages = pattern.findall(stderr)
    assert messages, f"no {subtype} warning at {doc}:{line} in:\n{stderr}"
    for fragment in fragments:
        assert any(fragment in message for message in messages), (fragment, messages)
    return stderr


def test_a_valid_report_builds_without_warnings(project, cli):
    srcdir = project({"index.md": page(FINDING, recommendation())})
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert (status, stderr) == (0, "")


@pytest.mark.parametrize(
    ("subtype", "block", "needle", "fragments"),
    [
        (
            "missing-label",
            recommendation(label=None),
            "{recommendation}",
            ['Recommendation 1 "Do the thing" has no label', ":label:"],
        ),
        (
            "invalid-label",
            recommendation(label="Has Spaces"),
            "{recommendation}",
            ["'Has Spaces'", "lowercase letters, digits and hyphens", "'has-spaces'"],
        ),
        ("invalid-label", recommendation(label="CAPS"), "{recommendation}", ["'caps'"]),
        (
            "missing-title",
            recommendation(title=""),
            "{recommendation}",
            ["Recommendation 1 (untitled) has no title"],
        ),
        (
            "missing-owners",
            recommendation(options={"owners": None}),
            "{recommendation}",
            ["addressed nowhere", "board, org, community"],
        ),
        (
            "unknown-owner",
            recommendation(options={"owners": "org, bord"}),
            "{recommendation}",
            ["'bord'", "did you mean 'board'?", "reviewkit_owners"],
        ),
        (
            "missing-priority",
            recommendation(options={"priority": None}),
            "{recommendation}",
            ["has no priority", "high, medium, low"],
        ),
        (
            "unknown-priority",
            recommendation(options={"priority": "urgent"}),
            "{recommendation}",
            ["'urgent'", "high, medium, low"],
        ),
        (
            "unknown-consensus",
            recommendation(options={"consensus": "fulll"}),
            "{recommendation}",
            ["'fulll'", "did you mean 'full'?"],
        ),
        (
            "missing-measures",
            recommendation(measures=None),
            "{recommendation}",
            ["how success will be measured", "measures"],
        ),
        (
            "missing-measures",
            recommendation(measures="Only prose, no list."),
            "{recommendation}",
            ["no list items"],
        ),
        ("missing-measures", recommendation(measures=""), "{recommendation}", ["no list items"]),
        (
            "missing-rationale",
            recommendation(rationale=None),
            "{recommendation}",
            ["has no rationale"],
        ),
        (
            "missing-rationale",
            recommendation(rationale=""),
            "{recommendation}",
            ["has no rationale"],
        ),
        (
            "no-findings",
            recommendation(options={"findings": None}),
            "{recommendation}",
            ["cites no finding", ":findings:"],
        ),
        (
            "unknown-reference",
            recommendation(options={"findings": "f, g"}),
            "{recommendation}",
            ["'g' is not the label of any finding"],
        ),
        (
            "unknown-reference",
            recommendation(body="See {finding}`r`."),
            "See {finding}",
            ["'r' is not the label of any finding"],
        ),
        (
            "duplicate-option",
            recommendation(options={"priority": "high\n:priority: low"}),
            "{recommendation}",
            [":priority: more than once"],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)
def test_recommendation_problems(project, cli, subtype, block, needle, fragments):
    text = page(FINDING, block)
    srcdir = project({"index.md": text})
    assert_reported(cli, srcdir, "index.md", line_of(text, needle), subtype, *fragments)


@pytest.mark.parametrize(
    "block",
    [
        recommendation(rationale="{finding}`f`"),
        recommendation(measures="- Done.\n\n```{index} measures\n```\n\n% a note"),
    ],
    ids=["rationale-of-a-reference", "measures-with-an-index-entry-and-a-comment"],
)
def test_what_shows_nothing_amiss_is_not_reported(project, cli, block):
    srcdir = project({"index.md": page(FINDING, block)})
    assert cli(srcdir, "-W", "--keep-going") == (0, "")


def test_unknown_role_target_is_reported_where_the_role_is(project, cli):
    text = page(FINDING, recommendation(), "", "Later, see {rec}`rr` and {suggestion}`r`.")
    srcdir = project({"index.md": text})
    line = line_of(text, "Later, see")
    stderr = assert_reported(
        cli,
        srcdir,
        "index.md",
        line,
        "unknown-reference",
        "'rr' is not the label of any recommendation or recommendation group (did you mean 'r'?)",
    )
    assert "'r' is not the label of any suggestion" in stderr


def test_duplicate_label_across_documents_names_both_places(project, cli):
    other = "# Other\n\n:::{finding} Also wrong\n:label: f\n:::\n"
    text = page(FINDING, recommendation(), toctree=("other",))
    srcdir = project({"index.md": text, "other.md": other})
    first = line_of(text, "{finding}")
    assert_reported(
        cli,
        srcdir,
        "other.md",
        3,
        "duplicate-label",
        "Finding 2 \"Also wrong\" has the label 'f', already used by Finding 1 "
        f'"Something is wrong" (index, line {first})',
    )


def test_orphan_finding(project, cli):
    orphan = ":::{finding} Nobody cites me\n:label: lonely\n:::\n"
    text = page(FINDING, orphan, recommendation())
    srcdir = project({"index.md": text})
    assert_reported(
        cli,
        srcdir,
        "index.md",
        line_of(text, "Nobody cites me"),
        "orphan-finding",
        'Finding 2 "Nobody cites me" is cited by no recommendation',
    )


@pytest.mark.parametrize(
    ("block", "needle", "fragment"),
    [
        (":::{measures}\n- stray\n:::\n", "{measures}", "a measures block stands on its own"),
        (":::{rationale}\nstray\n:::\n", "{rationale}", "a rationale block stands on its own"),
        (
            RATIONALE_IN_MEASURES,
            ":::{rationale}",
            "a rationale block stands inside a measures block",
        ),
        (
            "::::{recommendation-group} Outer\n:label: outer\n\n:::{recommendation-group} Inner\n"
            ":label: inner\n:::\n::::\n",
            "Inner",
            '"Inner" stands inside a recommendation group',
        ),
        (
            recommendation().replace(
                "Text of the recommendation.", ":::{finding} Nested\n:label: nested\n:::"
            ),
            "Nested",
            '"Nested" stands inside a recommendation',
        ),
    ],
    ids=[
        "measures-alone",
        "rationale-alone",
        "rationale-in-measures",
        "group-in-group",
        "finding-in-recommendation",
    ],
)
def test_misplaced(project, cli, block, needle, fragment):
    text = page(FINDING, recommendation(), block)
    srcdir = project({"index.md": text})
    line = line_of(text, needle, last=True)
    assert_reported(cli, srcdir, "index.md", line, "misplaced", fragment)


def test_recommendation_in_a_document_outside_every_toctree(project, cli):
    lost = "# Lost\n\n" + recommendation(label="lost")
    srcdir = project({"index.md": page(FINDING, recommendation()), "lost.md": lost})
    assert_reported(
        cli, srcdir, "lost.md", 3, "misplaced", "no toctree includes", "add 'lost' to a toctree"
    )


def test_every_problem_is_reported_in_one_run(project, cli):
    text = page(
        FINDING,
        recommendation(options={"owners": "nobody", "priority": "urgent"}),
        recommendation(label="r2", measures=None, rationale=None),
    )
    srcdir = project({"index.md": text})
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0
    found = set(re.findall(r"\[reviewkit\.([a-z-]+)\]", stderr))
    assert found == {"unknown-owner", "unknown-priority", "missing-measures", "missing-rationale"}


def test_suppress_warnings_silences_a_subtype(project, cli):
    from conftest import CONF

    orphan = ":::{finding} Nobody cites me\n:label: lonely\n:::\n"
    srcdir = project(
        {"index.md": page(FINDING, orphan, recommendation())},
        CONF + 'suppress_warnings = ["reviewkit.orphan-finding"]\n',
    )
    assert cli(srcdir, "-W", "--keep-going") == (0, "")


def test_rst_repeated_option_is_a_clear_error(project, cli):
    rst = """\
    Report
    ======

    .. finding:: Something
       :label: f
       :label: g
    """
    srcdir = project({"index.rst": rst})
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0
    assert f"{srcdir / 'index.rst'}:4:" in stderr and 'duplicate option "label"' in stderr


def test_unknown_table_column_is_a_clear_error(project, cli):
    text = page(
        FINDING, recommendation(), "```{recommendation-table}\n:columns: number, size\n```\n"
    )
    srcdir = project({"index.md": text})
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0
    assert f"{srcdir / 'index.md'}:{line_of(text, 'recommendation-table')}:" in stderr
    assert "unknown column 'size'" in stderr and "number, title, owners" in stderr


# -- suggested labels ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "suggested"),
    [
        ("überwachung", "uberwachung"),
        ("Überwachung der Zonen", "uberwachung-der-zonen"),
        ("Straße", "strasse"),
        ("-leading_and_trailing-", "leading-and-trailing"),
        ("监督", "do-the-thing"),  # nothing of it is left: made from the title
    ],
)
def test_invalid_label_suggestion_is_itself_a_valid_label(project, cli, label, suggested):
    text = page(FINDING, recommendation(label=label))
    srcdir = project({"index.md": text})
    stderr = assert_reported(
        cli,
        srcdir,
        "index.md",
        line_of(text, "{recommendation}"),
        "invalid-label",
        f"e.g. '{suggested}'",
    )
    assert f"e.g. '{label}'" not in stderr


def test_suggested_label_is_not_one_already_taken(project, cli):
    text = page(FINDING, recommendation(label="r"), recommendation(label="F"))
    srcdir = project({"index.md": text})
    line = line_of(text, ":label: F") - 1
    assert_reported(cli, srcdir, "index.md", line, "invalid-label", "e.g. 'f-2'")


@given(label=st.text(), title=st.text())
def test_every_suggested_label_is_valid_and_free(label, title):
    from reviewkit.checks import suggest_label

    taken = {"recommendation", "f", "uberwachung"}
    suggested = suggest_label(label, title, "recommendation", taken)
    assert LABEL_PATTERN.match(suggested) and suggested not in taken


# -- anchors -------------------------------------------------------------------------------


def test_objects_without_a_valid_label_have_the_anchor_their_links_use(build):
    text = page(
        FINDING,
        recommendation(label="Bad Label"),
        recommendation(label=None),
        "```{recommendation-table}\n```\n",
    )
    app = build({"index.md": text})
    html = parse(app.outdir / "index.html")
    ids = [a.attrs.get("id") for a in html.find_all("article", cls="rk-recommendation")]
    links = [a.attrs["href"] for a in html.find_all("table")[0].find_all("a")]
    assert all(ids) and len(set(ids)) == 2
    assert links == [f"#{ident}" for ident in ids]
    assert not any(LABEL_PATTERN.match(ident) for ident in ids), "a label could take them"


# -- silent acceptance --------------------------------------------------------------------

TWO_MEASURES = recommendation(measures="- Done.\n:::\n\n:::{measures}\n- Also done.")
TWO_RATIONALES = recommendation(rationale="Because.\n:::\n\n:::{rationale}\nAnd because.")


@pytest.mark.parametrize(
    ("subtype", "block", "where", "fragments"),
    [
        (
            "duplicate-part",
            TWO_MEASURES,
            lambda text: line_of(text, ":::{measures}", last=True),
            ["a second measures block", "move its items into the first"],
        ),
        (
            "duplicate-part",
            TWO_RATIONALES,
            lambda text: line_of(text, ":::{rationale}", last=True),
            ["a second rationale block", "into the first"],
        ),
        (
            "malformed-measures",
            recommendation(measures="1. Done.\n2. Also done."),
            lambda text: line_of(text, "1. Done."),
            ["numbered list", "bullet"],
        ),
        (
            "malformed-measures",
            recommendation(measures="- Done.\n-\n- Also done."),
            lambda text: text.splitlines().index("-") + 1,
            ["an empty measure"],
        ),
        (
            "malformed-measures",
            recommendation(measures="- Done.\n\nThis is not a measure."),
            lambda text: line_of(text, "This is not a measure."),
            ["outside the bullet list", "export leaves it out"],
        ),
        (
            "duplicate-entry",
            recommendation(options={"findings": "f, f"}),
            lambda text: line_of(text, ":findings:"),
            ["names the finding 'f' twice in :findings:", "keep one"],
        ),
        (
            "duplicate-entry",
            recommendation(options={"owners": "org, board, org"}),
            lambda text: line_of(text, ":owners:"),
            ["names the owner 'org' twice in :owners:"],
        ),
        (
            "missing-title",
            recommendation(title="\u200b"),
            lambda text: line_of(text, "{recommendation}"),
            ["has no title"],
        ),
    ],
    ids=[
        "two-measures",
        "two-rationales",
        "numbered-measures",
        "empty-measure",
        "prose-in-measures",
        "finding-twice",
        "owner-twice",
        "invisible-title",
    ],
)
def test_what_was_accepted_silently_is_reported_at_its_line(
    project, cli, subtype, block, where, fragments
):
    text = page(FINDING, block)
    srcdir = project({"index.md": text})
    assert_reported(cli, srcdir, "index.md", where(text), subtype, *fragments)


def test_repeated_entries_are_exported_once(build):
    block = recommendation(
        options={"findings": "f, f", "owners": "org, board, org"},
        measures="- Done.\n-\n- Also done.",
    )
    app = build({"index.md": page(FINDING, block)})
    (exported,) = json.loads((app.outdir / "recommendations.json").read_text())["recommendations"]
    assert exported["findings"] == ["f"]
    assert [owner["key"] for owner in exported["owners"]] == ["org", "board"]
    assert exported["measures"] == ["Done.", "Also done."]
    html = parse(app.outdir / "index.html")
    facts = html.by_id("r").find_all("dl", cls="rk-facts")[0]
    assert "The Organisation, The Board" in squash(facts.text)


def test_repeated_table_column_is_reported_and_shown_once(project, cli):
    text = page(
        FINDING,
        recommendation(),
        "```{recommendation-table}\n:columns: number, title, title\n```\n",
    )
    srcdir = project({"index.md": text})
    assert_reported(
        cli,
        srcdir,
        "index.md",
        line_of(text, ":columns:"),
        "duplicate-entry",
        "names the column 'title' twice in :columns:",
    )
    html = parse(srcdir.parent / "cli-out" / "index.html")
    assert len(html.find_all("table")[0].find_all("th")) == 2


EDITIONS_RECOMMENDATION = """\
:::::{recommendation} Do the thing
:label: r
:owners: org
:priority: high
:findings: f

Text.

::::{measures}
- Done.

:::{only} draft
A sentence that is no measure.
:::
::::

::::{only} draft
:::{rationale}
Because.
:::
::::

::::{only} not draft
:::{rationale}
Because, finally.
:::
::::
:::::
"""


def test_the_checks_see_each_edition_as_it_is_built(project, cli):
    """Parts and text in ``only`` blocks count in the edition that shows them: no false
    missing-rationale, and a problem reported only in the edition that has it."""
    text = page(FINDING, EDITIONS_RECOMMENDATION)
    srcdir = project({"index.md": text})
    assert cli(srcdir, "-W", "--keep-going") == (0, ""), "the final edition has nothing amiss"
    status, stderr = cli(srcdir, "-W", "--keep-going", "-E", "-t", "draft")
    assert status != 0
    problems = re.findall(r"index\.md:(\d+): WARNING: .*\[reviewkit\.([a-z-]+)\]", stderr)
    assert problems == [
        (str(line_of(text, "A sentence that is no measure.")), "malformed-measures")
    ]
