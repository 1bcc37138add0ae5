"""recommendations.json and .csv: the machine-readable list readers download."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewkit

from sources import ROLES_IN_TITLES

SCHEMA = json.loads(
    (Path(reviewkit.__file__).parent / "schema" / "recommendations.schema.json").read_text()
)


def load(app) -> dict:
    return json.loads((app.outdir / "recommendations.json").read_text(encoding="utf-8"))


@pytest.mark.sphinx("html", testroot="basic")
def test_json_export_follows_the_shipped_schema(app):
    app.build()
    data = load(app)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["report"] == {
        "title": "Report of the test review",
        "edition": "final",
        "language": "en",
        "date": "2021-01-25",
    }


def test_schema_rejects_a_broken_export():
    broken = {
        "schema_version": 1,
        "report": {},
        "groups": [],
        "recommendations": [{}],
        "findings": [],
        "suggestions": [],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


@pytest.mark.sphinx("html", testroot="basic")
def test_json_export_holds_every_object_in_reading_order(app):
    app.build()
    data = load(app)
    assert [(g["number"], g["label"], g["recommendations"]) for g in data["groups"]] == [
        ("1", "group-a", ["1.1", "1.2"]),
        ("2", "group-b", ["2.1"]),
    ]
    recs = {r["label"]: r for r in data["recommendations"]}
    assert [r["number"] for r in data["recommendations"]] == ["1.1", "1.2", "2.1", "3"]
    status = recs["status-page"]
    assert status == {
        "number": "1.1",
        "label": "status-page",
        "group": "1",
        "title": "Publish a status page",
        "text": "The Organisation should publish a status page, as Finding 1 shows.",
        "owners": [{"key": "org", "name": "The Organisation"}],
        "priority": {"key": "high", "name": "High"},
        "consensus": {"key": "full", "name": "Full consensus"},
        "measures": ["A page exists.", "It is updated quarterly."],
        "rationale": "Readers cannot see progress.",
        "findings": ["f-a"],
        "source": {"file": "first.md", "line": 18},
        "url": "first.html#status-page",
    }
    assert recs["define-measures"]["consensus"] is None
    assert recs["define-measures"]["rationale"] == "See Test Recommendation 1.1."
    assert recs["standalone"]["group"] is None
    assert [(f["number"], f["label"], f["recommendations"]) for f in data["findings"]] == [
        ("1", "f-a", ["1.1", "1.2"]),
        ("2", "f-b", ["1.2"]),
        ("3", "f-c", ["2.1", "3"]),
    ]
    assert data["findings"][2]["url"] == "second.html#f-c"
    assert data["suggestions"] == [
        {
            "number": "1",
            "label": "share-data",
            "title": "Share data",
            "text": "Consider sharing data.",
            "url": "second.html#share-data",
        }
    ]


@pytest.mark.sphinx("html", testroot="basic", tags=["draft"])
def test_draft_tag_marks_the_draft_edition(app):
    app.build()
    assert load(app)["report"]["edition"] == "draft"


@pytest.mark.sphinx("html", testroot="basic")
def test_csv_has_one_row_per_recommendation_with_lists_joined(app):
    app.build()
    text = (app.outdir / "recommendations.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["number"] for row in rows] == ["1.1", "1.2", "2.1", "3"]
    row = rows[1]
    assert row["owners"] == "The Board; The Organisation"
    assert row["owner_keys"] == "board; org"
    assert row["findings"] == "f-b; f-a"
    assert row["measures"] == "Each recommendation has a measure."
    assert row["source_file"] == "first.md" and row["url"] == "first.html#define-measures"


@pytest.mark.sphinx("html", testroot="basic", srcdir="export-twice")
def test_export_is_byte_identical_across_builds(app):
    app.build(force_all=True)
    first = (app.outdir / "recommendations.json").read_bytes()
    first_csv = (app.outdir / "recommendations.csv").read_bytes()
    app.build(force_all=True)
    assert (app.outdir / "recommendations.json").read_bytes() == first
    assert (app.outdir / "recommendations.csv").read_bytes() == first_csv


@pytest.mark.sphinx("text", testroot="basic", srcdir="no-export")
def test_only_html_builds_write_the_export(app):
    app.build()
    assert not (app.outdir / "recommendations.json").exists()


@pytest.mark.sphinx("html", testroot="basic")
def test_json_keeps_each_object_on_its_own_line_for_diffs(app):
    app.build()
    lines = (app.outdir / "recommendations.json").read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line.strip().rstrip(",")) for line in lines if '"label": ' in line]
    assert [o["label"] for o in objects] == [
        "group-a",
        "group-b",
        "status-page",
        "define-measures",
        "shared-words",
        "standalone",
        "f-a",
        "f-b",
        "f-c",
        "share-data",
    ]


# -- cells a spreadsheet would run -------------------------------------------------------

#: what a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_rows(app) -> list[dict[str, str]]:
    text = (app.outdir / "recommendations.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(("\t", "\r")) or cell.lstrip().startswith(FORMULA_STARTS)


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(build):
    from conftest import CONF
    from sources import FINDING, page, recommendation

    rec = recommendation(
        title='=HYPERLINK("http://evil.example/","Click")',
        body="+cmd|' /C calc'!A0",
        measures="- @SUM(1+1)\n- Counted.",
        rationale="-2+3 is five.",
        options={"owners": "board, org"},
    )
    conf = CONF + 'reviewkit_priorities = {"high": "=1+1", "low": "Low"}\n'
    app = build({"index.md": page(FINDING, rec)}, conf)
    (row,) = csv_rows(app)
    (exported,) = load(app)["recommendations"]
    assert exported["title"].startswith("=HYPERLINK(")  # the JSON is data: exact
    assert exported["text"].startswith("+cmd|")
    assert exported["measures"] == ["@SUM(1+1)", "Counted."]
    assert exported["priority"]["name"] == "=1+1"
    assert row["title"] == "'" + exported["title"]
    assert row["text"] == "'" + exported["text"]
    assert row["measures"] == "'@SUM(1+1); Counted."
    assert row["rationale"] == "'-2+3 is five."
    assert row["priority"] == "'=1+1"
    assert row["owners"] == "The Board; The Organisation"  # nothing to neutralise: unchanged
    assert not [name for name, cell in row.items() if runs_as_formula(cell)]


def export_data(value: str) -> dict:
    """An export whose every CSV cell holds ``value``."""
    named = {"key": value, "name": value}
    return {
        "recommendations": [
            {
                "number": value,
                "label": value,
                "group": value,
                "title": value,
                "text": value,
                "owners": [named],
                "priority": named,
                "consensus": named,
                "measures": [value],
                "rationale": value,
                "findings": [value],
                "source": {"file": value, "line": value},
                "url": value,
            }
        ]
    }


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =1+1", "\n\t@x", "\u3000=x", "\uff1d1"],
)
def test_every_csv_column_is_neutralised(value):
    from reviewkit.export import CSV_FIELDS, to_csv

    (row,) = csv.DictReader(io.StringIO(to_csv(export_data(value)), newline=""))
    assert row == dict.fromkeys(CSV_FIELDS, "'" + value)


@given(st.text())
def test_csv_cells_never_run_and_keep_their_text(value):
    from reviewkit.export import to_csv

    (row,) = csv.DictReader(io.StringIO(to_csv(export_data(value)), newline=""))
    for cell in row.values():
        assert not runs_as_formula(cell)
        assert cell in (value, "'" + value)


# -- titles as readers see them ----------------------------------------------------------


def test_exported_titles_show_numbers_where_the_author_wrote_references(build):
    app = build(ROLES_IN_TITLES)
    data = load(app)
    titles = [r["title"] for r in data["recommendations"]]
    assert titles == ["Define the words", "Second Recommendation 1 and Finding 1"]
    assert [f["title"] for f in data["findings"]] == ["Words differ", "Nothing follows the first"]
    assert data["suggestions"][0]["title"] == "Read Finding 2"
    assert [row["title"] for row in csv_rows(app)] == titles


def test_an_object_anchored_apart_from_its_label_still_follows_the_schema(build):
    from sources import recommendation

    chapter = "# Do the thing\n\n:::{finding} Wrong\n:label: f\n:::\n\n"
    app = build({"index.md": chapter + recommendation(label="do-the-thing")})
    data = load(app)
    assert data["recommendations"][0]["url"] == "index.html#rec_do-the-thing"
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
