"""Generated malformed input for the readers of the files a team writes by hand or
names in conf.py: the comments CSV and the draft's export (the baseline).

Whatever the bytes, a reader either reads the file or says what is wrong at a line of
it (the caller adds the file's name: every message of the baseline is checked with
it); no input ends in another exception. The examples are generated from a fixed
seed (``derandomize``), so a run in CI sees the same inputs as a run here:
``EXAMPLES`` in all (1,850).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewkit.changes.comparison import SCHEMA, BaselineError, compare, load_baseline, shown
from reviewkit.comments.reading import COLUMNS, CommentsFileError, read_comments

pytestmark = pytest.mark.slow  # hypothesis generates hundreds of files for each test

#: each property's examples; their sum is what one run generates
MANY, FEW = 200, 25
EXAMPLES = 9 * MANY + 2 * FEW
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=MANY,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1", "gb18030"]
#: what a pasted cell brings: separators, quotes and every kind of line break
TRICKY = ',"\n\r\t \u2028\u2029\x0c\x0b\x1c\x1d\x1e\x85\ufeff\x00'
cells = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(TRICKY), max_size=12)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# The comments file


def read_as_a_build_does(path: Path, data: bytes) -> None:
    """Read the comments; every problem is at a line of the file, or names none."""
    path.write_bytes(data)
    lines = data.count(b"\n") + data.count(b"\r") + 1
    try:
        comments, problems = read_comments(path)
    except CommentsFileError as error:
        assert error.message
        assert error.line is None or 1 <= error.line <= lines
        return
    assert all(1 <= comment.line <= lines for comment in comments)
    assert all(problem.message and 1 <= problem.line <= lines for problem in problems)


@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes_as_comments(folder, data):
    read_as_a_build_does(folder / "bytes.csv", data)


@FUZZ
@given(
    rows=st.lists(st.lists(cells, max_size=10), max_size=6),
    encoding=st.sampled_from(ENCODINGS),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_cells_joined_without_quoting_in_any_encoding(folder, rows, encoding, ending):
    text = ",".join(COLUMNS) + ending + "".join(",".join(row) + ending for row in rows)
    read_as_a_build_does(folder / "joined.csv", text.encode(encoding, errors="replace"))


def clean(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


@FUZZ
@given(
    rows=st.lists(
        st.lists(cells.filter(lambda c: "\x00" not in c), min_size=7, max_size=7).filter(
            lambda row: clean(row[0]) != ""
        ),
        max_size=6,
    ),
    ending=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_what_a_spreadsheet_writes_reads_back_at_its_lines(folder, rows, ending, quoting):
    """Every cell as written, at the line its row starts (counting line feeds only).

    A spreadsheet quotes a cell with a line break of any kind; Python's writer, ending
    lines in LF, would leave a lone CR unquoted, so it quotes every cell then."""
    out = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if ending == "\n" else quoting
    writer = csv.writer(out, lineterminator=ending, quoting=quoting)
    writer.writerow(COLUMNS)
    starts = []
    for row in rows:
        starts.append(out.getvalue().count("\n") + 1)
        writer.writerow(row)
    path = folder / "written.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    comments, problems = read_comments(path)
    assert [c.line for c in comments] == starts
    read = [[getattr(c, name) for name in COLUMNS] for c in comments]
    assert read == [[clean(cell) for cell in row] for row in rows]
    assert all(p.line in starts for p in problems)


# Dates, in the comments and the baseline alike: YYYY-MM-DD and a day of the calendar,
# never another ISO 8601 form that Python's date reader would also take.

DATE_FORMS = {
    "extended": lambda d: d.isoformat(),
    "basic": lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}",
    "week": lambda d: "{:04d}-W{:02d}-{}".format(*d.isocalendar()),
    "week-basic": lambda d: "{:04d}W{:02d}{}".format(*d.isocalendar()),
    "ordinal": lambda d: f"{d.year:04d}-{d.timetuple().tm_yday:03d}",
    "with-time": lambda d: d.isoformat() + "T12:00",
    "unpadded": lambda d: f"{d.year}-{d.month}-{d.day}",
    "day-first": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year:04d}",
    "slashes": lambda d: d.isoformat().replace("-", "/"),
    "full-width": lambda d: d.isoformat().translate({ord("0") + n: 0xFF10 + n for n in range(10)}),
}
dates = st.builds(
    lambda day, form: DATE_FORMS[form](day), st.dates(), st.sampled_from(sorted(DATE_FORMS))
)
#: strings near a date: digits, hyphens and the letters of the other forms
date_like = st.text(alphabet="0123456789-WT:/", min_size=8, max_size=12)


def is_written_date(text: str) -> bool:
    """The reference: ten characters, ASCII digits and two hyphens, a day strptime takes."""
    digits = text[:4] + text[5:7] + text[8:]
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not digits.isascii():
        return False
    try:
        dt.datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return digits.isdigit()


@FUZZ
@given(date=dates | date_like)
def test_a_comment_date_in_any_other_form_is_reported(folder, date):
    path = folder / "dated.csv"
    path.write_text(",".join(COLUMNS) + f"\nAna,{date},x,Text.,Noted.,noted,\n", encoding="utf-8")
    _, problems = read_comments(path)
    reported = [p for p in problems if "is dated" in p.message]
    assert bool(reported) != is_written_date(date), (date, reported)
    assert all(p.line == 2 and "YYYY-MM-DD" in p.message for p in reported)


# The baseline


def small_export() -> dict[str, Any]:
    """A valid export, small enough to mutate in every field."""
    source = {"file": "chapter.md", "line": 3}
    recommendation = {
        "number": "1.1",
        "label": "status-page",
        "group": "1",
        "title": "Publish a status page",
        "text": "ICANN org should publish a status page.",
        "owners": [{"key": "org", "name": "The Organisation"}],
        "priority": {"key": "high", "name": "High"},
        "consensus": None,
        "measures": ["Published."],
        "rationale": "Because.",
        "findings": ["status-unknown"],
        "source": source,
        "url": "chapter.html#status-page",
    }
    second = dict(recommendation, number="1.2", label="budget", title="Publish the budget")
    return {
        "schema_version": 1,
        "report": {"title": "Report", "edition": "draft", "language": "en", "date": "2020-01-24"},
        "groups": [
            {
                "number": "1",
                "label": "follow-through",
                "title": "Follow through",
                "url": "chapter.html#follow-through",
                "recommendations": ["1.1", "1.2"],
            }
        ],
        "recommendations": [recommendation, second],
        "findings": [
            {
                "number": "1",
                "label": "status-unknown",
                "title": "Status is unknown",
                "text": "Nobody knows.",
                "recommendations": ["1.1"],
                "source": source,
                "url": "chapter.html#status-unknown",
            }
        ],
        "suggestions": [
            {"number": "1", "label": "research", "title": "Research", "text": "T.", "url": "c#r"}
        ],
    }


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def places(value: Any, where: tuple = ()) -> list[tuple]:
    """Every path in a JSON value, the top level included."""
    found = [where]
    if isinstance(value, dict):
        for key, item in value.items():
            found += places(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += places(item, (*where, index))
    return found


def reference_says_valid(data: Any) -> bool:
    """The reference validator, and what the schema cannot say: labels and numbers are
    unique, a recommendation's group is the export's and the one its number says, and
    the date is a day written YYYY-MM-DD."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    if not jsonschema.Draft202012Validator(schema).is_valid(data):
        return False
    recommendations = data["recommendations"]
    groups = [group["number"] for group in data["groups"]]
    for values in (
        [recommendation["label"] for recommendation in recommendations],
        [recommendation["number"] for recommendation in recommendations],
        groups,
    ):
        if len(values) != len(set(values)):
            return False
    for recommendation in recommendations:
        head, dot, _ = recommendation["number"].partition(".")
        if recommendation["group"] != (head if dot else None):
            return False
        if recommendation["group"] is not None and recommendation["group"] not in groups:
            return False
    return is_written_date(data["report"]["date"])


def load_as_a_build_does(path: Path, data: bytes) -> dict[str, Any] | None:
    """The baseline, or None; every message names the file (and a line where one is)."""
    path.write_bytes(data)
    try:
        return load_baseline(path)
    except BaselineError as error:
        assert error.problems
        assert all(line.startswith(f"{path}:") for line in error.lines())
        assert all(p.line is None or p.line >= 1 for p in error.problems)
        return None


@FUZZ
@given(data=st.binary(max_size=600), encoding=st.sampled_from(ENCODINGS))
def test_any_bytes_or_an_export_in_another_encoding_as_a_baseline(folder, data, encoding):
    load_as_a_build_does(folder / "bytes.json", data)
    text = json.dumps(small_export(), ensure_ascii=False).replace("Publish", "Publiér")
    load_as_a_build_does(folder / "encoded.json", text.encode(encoding))


@FUZZ
@given(value=json_values)
def test_any_json_value_as_a_baseline(folder, value):
    loaded = load_as_a_build_does(folder / "value.json", json.dumps(value).encode())
    assert loaded is None or reference_says_valid(value)


@FUZZ
@given(st.data())
def test_an_export_with_one_field_changed_is_judged_as_the_schema_says(folder, data):
    """Any field replaced, dropped or added: accepted exactly when the reference
    validator accepts it, and an accepted one compares without error."""
    export = small_export()
    where = data.draw(st.sampled_from(places(export)))
    action = data.draw(st.sampled_from(["replace", "drop", "add"]))
    value = data.draw(json_values)
    if not where:
        export = value
    else:
        parent = export
        for step in where[:-1]:
            parent = parent[step]
        if action == "replace":
            parent[where[-1]] = value
        elif action == "drop":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(max_size=8))] = value
        else:
            parent.append(value)
    text = json.dumps(export, indent=data.draw(st.sampled_from([None, 1])))
    loaded = load_as_a_build_does(folder / "mutated.json", text.encode())
    assert (loaded is not None) == reference_says_valid(export)
    if loaded is not None:
        compare(loaded, small_export())
        compare(small_export(), loaded)


@settings(FUZZ, max_examples=FEW)
@given(
    depth=st.integers(min_value=1, max_value=200_000),
    opening=st.sampled_from(["[", '{"a":', '{"recommendations":', '[{"x":"]"},']),
    closed=st.booleans(),
)
def test_deep_nesting_as_a_baseline(folder, depth, opening, closed):
    closing = {"[": "]", '{"a":': "}", '{"recommendations":': "}", '[{"x":"]"},': "]"}[opening]
    text = opening * depth + "1" + (closing * depth if closed else "")
    load_as_a_build_does(folder / "deep.json", text.encode())


@settings(FUZZ, max_examples=FEW)
@given(digits=st.integers(min_value=4000, max_value=50_000), line=st.integers(0, 3))
def test_long_numbers_as_a_baseline(folder, digits, line):
    text = "\n" * line + '{"schema_version": ' + "9" * digits + "}"
    load_as_a_build_does(folder / "number.json", text.encode())


@FUZZ
@given(
    numbers=st.lists(st.sampled_from(["1", "1.1", "1.2", "2", "2.1", "10.1"]), max_size=4),
    groups=st.lists(st.sampled_from([None, "1", "2", "9"]), min_size=4, max_size=4),
    listed=st.lists(st.sampled_from(["1", "2", "10"]), max_size=3),
    date=dates | date_like,
)
def test_numbers_groups_and_dates_are_judged_as_the_reference_does(
    folder, numbers, groups, listed, date
):
    """Recommendations numbered and grouped from a few values, any date: accepted
    exactly when the reference (above) accepts the export."""
    export = small_export()
    model = export["recommendations"][0]
    export["recommendations"] = [
        dict(model, label=f"rec-{index}", number=number, group=group)
        for index, (number, group) in enumerate(zip(numbers, groups, strict=False))
    ]
    export["groups"] = [dict(export["groups"][0], number=number) for number in listed]
    export["report"]["date"] = date
    loaded = load_as_a_build_does(folder / "numbered.json", json.dumps(export).encode())
    assert (loaded is not None) == reference_says_valid(export)


class Twice(dict):
    """An object that writes one key twice: first with another value, then its own."""

    def __init__(self, value: dict[str, Any], key: str, other: Any) -> None:
        super().__init__(value)
        self.key, self.other = key, other

    def items(self):  # type: ignore[override]
        for key, value in super().items():
            if key == self.key:
                yield key, self.other
            yield key, value


@FUZZ
@given(st.data())
def test_a_key_given_twice_anywhere_is_reported_at_its_line(folder, data):
    export = json.loads(json.dumps(small_export()))  # no object shared by two places
    keyed = [where for where in places(export) if where and isinstance(where[-1], str)]
    where = data.draw(st.sampled_from(keyed))
    parent = export
    for step in where[:-2] if len(where) > 1 else []:
        parent = parent[step]
    marker = "\u2603 the first of two"
    if len(where) == 1:
        export = Twice(export, where[0], marker)
    else:
        parent[where[-2]] = Twice(parent[where[-2]], where[-1], marker)
    indent = data.draw(st.sampled_from([None, 1]))
    text = json.dumps(export, indent=indent, ensure_ascii=False)
    path = folder / "twice.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        load_baseline(path)
    first = next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)
    expected = f"{path}:{first + 1 if indent else 1}: {shown(where)} is given twice"
    assert any(line.startswith(expected) for line in raised.value.lines()), raised.value.lines()
