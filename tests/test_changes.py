"""From the draft's export to the final's: each kind of change a reader would notice."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from reviewkit.changes.comparison import (
    ANNOTATIONS,
    SCHEMA,
    SCHEMA_KEYWORDS,
    BaselineError,
    Segment,
    compare,
    load_baseline,
    word_diff,
)

TEXTS = {
    "status": "ICANN org should publish a status page for every open recommendation every quarter.",
    "budget": "ICANN org should publish the budget of its security work in each plan.",
    "audit": "The Board should commission an independent audit of the security programme.",
    "train": "ICANN org should train every member of staff in security awareness once a year.",
    "keys": "ICANN org should plan the rollover of the root zone signing keys with resolvers.",
    "vendors": "ICANN org should require security clauses in every contract with its suppliers.",
}


def rec(label: str, number: str, title: str | None = None, **changes) -> dict:
    entry = {
        "number": number,
        "label": label,
        "title": title or f"Title of {label}",
        "text": TEXTS.get(label, f"Text of {label}."),
        "owners": [{"key": "icann-org", "name": "ICANN org"}],
        "priority": {"key": "high", "name": "High"},
        "measures": [f"The {label} work is done."],
    }
    entry.update(changes)
    return entry


def export(*recs: dict, edition: str = "final") -> dict:
    return {"report": {"edition": edition}, "recommendations": list(recs)}


DRAFT = export(
    rec("status", "1.1"),
    rec("budget", "1.2"),
    rec("audit", "2.1"),
    rec("train", "2.2"),
    rec("keys", "3.1"),
    edition="draft",
)


def kinds(before: dict, after: dict) -> list[tuple[str, list[str], list[str], list[str]]]:
    return [
        (c.kind, c.labels_before, c.labels_after, c.aspects) for c in compare(before, after).changes
    ]


def test_nothing_changed_gives_no_change():
    assert kinds(DRAFT, copy.deepcopy(DRAFT)) == []


def test_added_and_removed():
    final = export(*DRAFT["recommendations"][:4], rec("vendors", "3.1"))
    assert kinds(DRAFT, final) == [
        ("added", [], ["vendors"], []),
        ("removed", ["keys"], [], []),
    ]


def test_renumbered_when_a_recommendation_moves():
    final = copy.deepcopy(DRAFT)
    final["recommendations"][4]["number"] = "4.1"
    assert kinds(DRAFT, final) == [("changed", ["keys"], ["keys"], ["renumbered"])]


def test_reworded_with_the_words_inserted_and_deleted():
    final = copy.deepcopy(DRAFT)
    final["recommendations"][0]["text"] = TEXTS["status"].replace("every quarter", "every month")
    (change,) = compare(DRAFT, final).changes
    assert change.aspects == ["reworded"]
    assert [s for s in change.text_diff if s.kind != "same"] == [
        Segment("deleted", "quarter."),
        Segment("inserted", "month."),
    ]


def test_owners_priority_and_measures():
    final = copy.deepcopy(DRAFT)
    audit = final["recommendations"][2]
    audit["owners"] = [{"key": "icann-board", "name": "ICANN Board"}]
    audit["priority"] = {"key": "medium", "name": "Medium"}
    audit["measures"] = ["The audit report is published."]
    (change,) = compare(DRAFT, final).changes
    assert change.aspects == ["owners", "priority", "measures"]
    assert (change.owners_before, change.owners_after) == (["ICANN org"], ["ICANN Board"])
    assert (change.priority_before, change.priority_after) == ("High", "Medium")
    assert change.measures_added == ["The audit report is published."]
    assert change.measures_removed == ["The audit work is done."]


def test_a_new_label_with_the_same_words_is_the_same_recommendation():
    final = copy.deepcopy(DRAFT)
    final["recommendations"][1]["label"] = "security-budget"
    assert kinds(DRAFT, final) == [("changed", ["budget"], ["security-budget"], ["relabelled"])]


def test_merged_when_a_removed_recommendations_words_reappear_in_another():
    merged = TEXTS["audit"] + " " + TEXTS["train"]
    final = export(
        *DRAFT["recommendations"][:2],
        rec("audit", "2.1", text=merged),
        rec("keys", "3.1"),
    )
    final["recommendations"][3]["number"] = "2.2"
    changes = kinds(DRAFT, final)
    assert ("merged", ["audit", "train"], ["audit"], []) in changes
    assert ("changed", ["keys"], ["keys"], ["renumbered"]) in changes
    assert not [c for c in changes if c[0] == "removed"]


def test_split_when_one_recommendations_words_go_into_two_new_ones():
    final = export(
        *DRAFT["recommendations"][:4],
        rec(
            "keys-plan",
            "3.1",
            text="ICANN org should plan the rollover of the root zone signing keys.",
        ),
        rec(
            "keys-resolvers",
            "3.2",
            text="ICANN org should agree the rollover of the root zone keys with resolvers.",
        ),
    )
    assert kinds(DRAFT, final) == [("split", ["keys"], ["keys-plan", "keys-resolvers"], [])]


def test_the_json_counts_each_kind():
    final = export(*copy.deepcopy(DRAFT["recommendations"][:4]), rec("vendors", "3.1"))
    final["recommendations"][0]["number"] = "1.0"
    data = compare(DRAFT, final).as_json()
    assert data["counts"] == {"changed": 1, "renumbered": 1, "added": 1, "removed": 1}
    assert data["before"] == {"edition": "draft"} and data["changes"][0]["kind"] == "changed"


def test_word_diff_keeps_every_word_of_both_sides():
    segments = word_diff("one two three four", "one three four five")
    assert [s for s in segments] == [
        Segment("same", "one"),
        Segment("deleted", "two"),
        Segment("same", "three four"),
        Segment("inserted", "five"),
    ]


def schema_keywords(schema: object) -> set[str]:
    """Every keyword of a JSON Schema: the names under properties and $defs are not."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            children = value.values() if key in ("properties", "$defs") else [value]
            for child in children:
                found |= schema_keywords(child)
    elif isinstance(schema, list):
        for child in schema:
            found |= schema_keywords(child)
    return found


def test_the_baseline_validator_knows_every_keyword_of_the_shipped_schema():
    """A keyword added to the schema and unknown to the validator would pass unchecked:
    teach ``reviewkit.changes.schema_problems`` the keyword, then add it here."""
    used = schema_keywords(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert used - ANNOTATIONS == SCHEMA_KEYWORDS


def test_the_reports_own_draft_is_a_baseline():
    draft = load_baseline(Path(__file__).parents[1] / "report" / "draft-2020-01-24.json")
    assert len(draft["recommendations"]) == 63


# Edited copies of the report's own draft: what the schema cannot say about an export is
# checked too, each at its line with its JSON path.

DRAFT_FILE = Path(__file__).parents[1] / "report" / "draft-2020-01-24.json"


def problems_of(tmp_path: Path, text: str) -> list[str]:
    given = tmp_path / "edited.json"
    given.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        load_baseline(given)
    return raised.value.lines()


def nth_line(text: str, needle: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][nth]


def test_two_recommendations_numbered_alike_are_reported(tmp_path):
    text = DRAFT_FILE.read_text(encoding="utf-8")
    edited = text.replace('"number": "1.2"', '"number": "1.1"', 1)
    (problem,) = problems_of(tmp_path, edited)
    line = nth_line(edited, '"number": "1.1"', 1)
    assert problem.startswith(f"{tmp_path / 'edited.json'}:{line}: recommendations[1].number")
    assert "'1.1' is that of recommendations[0] too" in problem


def test_a_group_the_export_does_not_have_is_reported(tmp_path):
    text = DRAFT_FILE.read_text(encoding="utf-8")
    edited = text.replace('"group": "1"', '"group": "99"', 1)
    (problem,) = problems_of(tmp_path, edited)
    line = nth_line(edited, '"group": "99"')
    assert problem.startswith(f"{tmp_path / 'edited.json'}:{line}: recommendations[0].group")
    assert "'99', which names no group of the export" in problem
    assert "and recommendation 1.1 is in group 1 by its number" in problem


def test_a_group_other_than_its_numbers_is_reported(tmp_path):
    text = DRAFT_FILE.read_text(encoding="utf-8")
    edited = text.replace('"group": "1"', '"group": "9"', 1)  # group 9 exists
    (problem,) = problems_of(tmp_path, edited)
    line = nth_line(edited, '"group": "9"')
    assert f":{line}: recommendations[0].group is the string '9', but recommendation 1.1" in problem


def test_a_key_given_twice_is_reported_at_its_line(tmp_path):
    text = DRAFT_FILE.read_text(encoding="utf-8")
    edited = text.replace(
        '\n "recommendations": [', '\n "recommendations": [],\n "recommendations": ['
    )
    (problem,) = problems_of(tmp_path, edited)
    first = nth_line(edited, ' "recommendations": [],')
    second = first + 1
    assert problem.startswith(
        f"{tmp_path / 'edited.json'}:{second}: recommendations is given twice"
    )
    assert f"also at line {first}" in problem


def test_a_key_given_twice_deep_inside_is_reported(tmp_path):
    text = DRAFT_FILE.read_text(encoding="utf-8")
    edited = text.replace(
        '"priority": {', '"priority": {"key": "low", "name": "Low"},\n   "priority": {', 1
    )
    (problem,) = problems_of(tmp_path, edited)
    first = nth_line(edited, '"priority": {"key": "low"')
    assert f":{first + 1}: recommendations[0].priority is given twice" in problem
    assert f"(also at line {first})" in problem


@pytest.mark.parametrize(
    "date", ["20200124", "2020-W04-5", "2020-02-30", "2020-01-24\\n", "2020-1-24"]
)
def test_a_draft_date_not_written_yyyy_mm_dd_is_reported(tmp_path, date):
    text = DRAFT_FILE.read_text(encoding="utf-8")
    edited = text.replace('"date": "2020-01-24"', f'"date": "{date}"', 1)
    (problem,) = problems_of(tmp_path, edited)
    line = nth_line(edited, '"date": ')
    assert problem.startswith(f"{tmp_path / 'edited.json'}:{line}: report.date is the string")
    assert "it must be a date written YYYY-MM-DD" in problem
