"""Every kind of bad input: a clear warning at file:line, and -W fails the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FINDING = """\
:::{finding} Something is wrong
:label: f

It is.
:::
"""


def recommendation(
    *,
    title: str = "Do the thing",
    options: dict[str, str] | None = None,
    body: str = "Text of the recommendation.",
    measures: str | None = "- Done.",
    rationale: str | None = "Because.",
    label: str | None = "r",
) -> str:
    opts = {"owners": "org", "priority": "high", "findings": "f"}
    if label is not None:
        opts = {"label": label, **opts}
    opts.update(options or {})
    lines = [f"::::{{recommendation}} {title}".rstrip()]
    lines += [f":{name}: {value}" for name, value in opts.items() if value is not None]
    lines += ["", body, ""]
    if measures is not None:
        lines += [":::{measures}", measures, ":::", ""]
    if rationale is not None:
        lines += [":::{rationale}", rationale, ":::", ""]
    lines.append("::::")
    return "\n".join(lines) + "\n"


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


def page(*blocks: str, toctree: tuple[str, ...] = ()) -> str:
    head = "# Report\n\n"
    if toctree:
        head += "```{toctree}\n" + "\n".join(toctree) + "\n```\n\n"
    return head + "\n".join(blocks)


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
