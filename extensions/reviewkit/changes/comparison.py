"""What changed from one edition's recommendations to another's, from their exports.

Both sides are ``recommendations.json`` documents (SPEC section 4). Recommendations
are matched by label first; those left over are matched by the similarity of
their title and text, which finds a recommendation that was relabelled, two
that were merged into one, and one that was split in two. For each pair the
comparison names what a reader of the draft would notice: a new number, other
words (a word-level diff), other owners, priority or measures.

The draft's side, the baseline, is a file a person names, so it is checked before
anything reads it: against the export's own JSON Schema
(``schema/recommendations.schema.json``, the file the export is published with), so
that what the comparison reads is there with the right type, and each problem is
named by its JSON path (``recommendations[3].number``) and its line. The schema is
read by the small validator below, which applies the keywords that schema uses
(``SCHEMA_KEYWORDS``; a test holds the two together and checks that it judges as the
reference validator does): the toolchain needs no JSON Schema library to run. What a
schema cannot say is checked after it (``export_problems``): labels and numbers used
once, each recommendation in the group its number names, the date a real day; and a
key given twice in one object, which a JSON reader would settle silently.
"""

from __future__ import annotations

import codecs
import difflib
import json
import re
import reprlib
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..comments.reading import written_date

#: how alike two recommendations' words must be to count as the same one (0..1)
SIMILAR = 0.6
#: how much of a merged or split recommendation's words must come from the other side
PART = 0.5
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Segment:
    """A run of words the same on both sides, or only in the draft, or only in the final."""

    kind: str  # "same", "deleted", "inserted"
    text: str


@dataclass
class Change:
    kind: str  # added, removed, merged, split, changed
    labels_before: list[str]
    labels_after: list[str]
    numbers_before: list[str]
    numbers_after: list[str]
    titles_before: list[str]
    titles_after: list[str]
    #: for "changed": renumbered, relabelled, retitled, reworded, owners, priority, measures
    aspects: list[str] = field(default_factory=list)
    text_diff: list[Segment] = field(default_factory=list)
    title_diff: list[Segment] = field(default_factory=list)
    owners_before: list[str] = field(default_factory=list)
    owners_after: list[str] = field(default_factory=list)
    priority_before: str = ""
    priority_after: str = ""
    measures_added: list[str] = field(default_factory=list)
    measures_removed: list[str] = field(default_factory=list)


@dataclass
class Changes:
    before: dict[str, Any]  # the baseline's report block: title, edition, date
    after: dict[str, Any]
    changes: list[Change]

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for change in self.changes:
            for kind in (change.kind, *change.aspects):
                counted[kind] = counted.get(kind, 0) + 1
        return counted

    def as_json(self) -> dict[str, Any]:
        return {
            "schema_version": 1,
            "before": self.before,
            "after": self.after,
            "counts": self.counts(),
            "changes": [asdict(change) for change in self.changes],
        }


def words(text: str) -> list[str]:
    return WORD.findall(text)


def word_diff(before: str, after: str) -> list[Segment]:
    """The words of ``after`` with what was deleted from ``before`` and inserted into it."""
    old, new = words(before), words(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("deleted", " ".join(old[a1:a2])))
        if b2 > b1:
            segments.append(Segment("inserted", " ".join(new[b1:b2])))
    return segments


def similarity(first: dict[str, Any], second: dict[str, Any]) -> float:
    a = words(f"{first['title']} {first['text']}".lower())
    b = words(f"{second['title']} {second['text']}".lower())
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def coverage(part: dict[str, Any], whole: dict[str, Any]) -> float:
    """How much of ``part``'s words reappear, in order, in ``whole``."""
    a = words(f"{part['title']} {part['text']}".lower())
    b = words(f"{whole['title']} {whole['text']}".lower())
    matched = sum(
        block.size
        for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks()
    )
    return matched / max(1, len(a))


def compare(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """Every change from the ``before`` export to the ``after`` export, in the final's order."""
    old = {rec["label"]: rec for rec in before["recommendations"]}
    new = {rec["label"]: rec for rec in after["recommendations"]}
    pairs = [(old[label], new[label]) for label in new if label in old]
    gone = [rec for label, rec in old.items() if label not in new]
    fresh = [rec for label, rec in new.items() if label not in old]
    # split: one old one whose words went into several new ones
    splits = []
    for rec in list(gone):
        parts = [f for f in fresh if coverage(f, rec) >= PART]
        if len(parts) >= 2:
            splits.append(group("split", [rec], parts))
            gone.remove(rec)
            fresh = [f for f in fresh if f not in parts]
    # relabelled: one old and one new alike enough
    for rec in list(fresh):
        best = max(gone, key=lambda g: similarity(g, rec), default=None)
        if best is not None and similarity(best, rec) >= SIMILAR:
            pairs.append((best, rec))
            gone.remove(best)
            fresh.remove(rec)
    changes = splits + [change for a, b in pairs if (change := changed(a, b)) is not None]
    # merged: several old ones whose words reappear in one new or kept one
    targets = fresh + [b for _, b in pairs]
    for rec in targets:
        parts = [g for g in gone if coverage(g, rec) >= PART]
        if parts:
            sources = [a for a, b in pairs if b is rec] + parts
            changes.append(group("merged", sources, [rec]))
            gone = [g for g in gone if g not in parts]
            if rec in fresh:
                fresh.remove(rec)
    changes += [group("added", [], [rec]) for rec in fresh]
    changes += [group("removed", [rec], []) for rec in gone]
    order = {rec["label"]: index for index, rec in enumerate(after["recommendations"])}
    changes.sort(key=lambda c: min((order[label] for label in c.labels_after), default=len(order)))
    return Changes(before.get("report", {}), after.get("report", {}), changes)


def group(kind: str, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> Change:
    return Change(
        kind,
        [r["label"] for r in before],
        [r["label"] for r in after],
        [r["number"] for r in before],
        [r["number"] for r in after],
        [r["title"] for r in before],
        [r["title"] for r in after],
    )


def changed(before: dict[str, Any], after: dict[str, Any]) -> Change | None:
    """What differs between the draft's and the final's version of one recommendation."""
    change = group("changed", [before], [after])
    if before["number"] != after["number"]:
        change.aspects.append("renumbered")
    if before["label"] != after["label"]:
        change.aspects.append("relabelled")
    if before["title"] != after["title"]:
        change.aspects.append("retitled")
        change.title_diff = word_diff(before["title"], after["title"])
    if words(before["text"]) != words(after["text"]):
        change.aspects.append("reworded")
        change.text_diff = word_diff(before["text"], after["text"])
    owners_before = [o["name"] for o in before["owners"]]
    owners_after = [o["name"] for o in after["owners"]]
    if sorted(o["key"] for o in before["owners"]) != sorted(o["key"] for o in after["owners"]):
        change.aspects.append("owners")
        change.owners_before, change.owners_after = owners_before, owners_after
    if before["priority"]["key"] != after["priority"]["key"]:
        change.aspects.append("priority")
        change.priority_before = before["priority"]["name"]
        change.priority_after = after["priority"]["name"]
    if before["measures"] != after["measures"]:
        change.aspects.append("measures")
        change.measures_added = [m for m in after["measures"] if m not in before["measures"]]
        change.measures_removed = [m for m in before["measures"] if m not in after["measures"]]
    return change if change.aspects else None


# Reading the baseline

SCHEMA = Path(__file__).parent.parent / "schema" / "recommendations.schema.json"
#: the JSON Schema keywords the validator applies: every one the shipped schema uses
SCHEMA_KEYWORDS = frozenset(
    {
        "type",
        "const",
        "enum",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "$ref",
        "anyOf",
        "pattern",
        "minLength",
        "minimum",
    }
)
#: keywords that say nothing about a document's validity
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})
#: problems listed one by one; a file with more is not an export at all
SHOWN = 10
#: how deep arrays and objects may nest before the line that goes deeper is named
DEEP = 100
FIX = "give the draft edition's recommendations.json as reviewkit exported it"
SETTING = "or correct reviewkit_baseline in conf.py"
#: what a string of a ``$defs`` entry with a pattern is, in the report's words
PATTERN_WORDS = {
    "label": "a label (lowercase letters, digits and hyphens)",
    "simpleNumber": 'a number such as "3"',
    "recommendationNumber": 'a recommendation number such as "3" or "3.1"',
    "url": 'a page address ending in "#" and an anchor',
}
DATE_WORDS = "a date written YYYY-MM-DD"
#: what a string with a pattern of its own (no ``$defs`` entry) is, in the report's words
INLINE_PATTERN_WORDS = {"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": DATE_WORDS}
TYPE_WORDS = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}

#: where a value is in a JSON document: keys and indexes from the top
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class BaselineProblem:
    message: str
    line: int | None = None


class BaselineError(Exception):
    """The baseline cannot be compared with; each problem says what and where."""

    def __init__(self, path: Path, problems: list[BaselineProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """``file:line: what is wrong; what to change``, one a problem."""
        return [
            f"{self.path}:{p.line}: {p.message}" if p.line else f"{self.path}: {p.message}"
            for p in self.problems
        ]


def load_baseline(path: Path) -> dict[str, Any]:
    """The export in ``path``, once it is one that the comparison can read."""
    text = read_text(path)
    twice: dict[int, list[str]] = {}
    data = parse(path, text, twice)
    repeated = repeated_keys(data, twice)
    found = schema_problems(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    if not found:
        found = export_problems(data)
    if repeated or found:
        # lines are looked up for the problems shown only: each is a walk through the text
        problems = [repeated_key_problem(text, where) for where in repeated[:SHOWN]]
        problems += [
            BaselineProblem(message, line_at(text, where))
            for where, message in found[: SHOWN - len(problems)]
        ]
        more = len(repeated) + len(found) - len(problems)
        if more:
            problems.append(BaselineProblem(f"and {more} more problems; {FIX}"))
        raise BaselineError(path, problems)
    return data


def baseline_problem(path: Path, message: str, line: int | None = None) -> BaselineError:
    return BaselineError(path, [BaselineProblem(message, line)])


def read_text(path: Path) -> str:
    """The file's text, when it is UTF-8 (a byte order mark is let pass) and not empty."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise baseline_problem(
            path,
            f"does not exist; make it with reviewkit changes --since <git ref or "
            f"recommendations.json>, {SETTING}",
        ) from error
    except IsADirectoryError as error:
        raise baseline_problem(
            path,
            "is a folder, not a file; name the draft's recommendations.json itself, in "
            'conf.py (reviewkit_baseline = "draft-recommendations.json") or after --since',
        ) from error
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise baseline_problem(path, f"cannot be read ({reason}); {FIX}, {SETTING}") from error
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"the file is not UTF-8 (byte {data[error.start]:#04x}); {FIX}"
        raise baseline_problem(path, message, line) from error
    if not text.strip():
        raise baseline_problem(path, f"the file is empty; {FIX}", 1)
    return text


def parse(path: Path, text: str, twice: dict[int, list[str]]) -> Any:
    """The JSON value, or where and why the JSON reader gave up. The keys an object gives
    more than once go into ``twice`` (by the object's ``id``): the reader keeps the last
    silently, and an export never names a field twice."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) < len(items):
            counted = Counter(key for key, _ in items)
            twice[id(found)] = [key for key in found if counted[key] > 1]
        return found

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        message = (
            f"this is not the JSON of a recommendations export: {error.msg} at column "
            f"{error.colno}; {FIX}"
        )
        raise baseline_problem(path, message, error.lineno) from None
    except RecursionError:
        message = (
            f"arrays and objects nest too deeply to be read (more than {DEEP} levels from "
            f"this line on); {FIX}"
        )
        raise baseline_problem(path, message, deep_line(text)) from None
    except ValueError:  # an integer of more digits than Python converts
        digits = sys.get_int_max_str_digits()
        long = re.search(rf"\d{{{digits + 1},}}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        message = f"a number too long to read (more than {digits} digits); {FIX}"
        raise baseline_problem(path, message, line) from None


def deep_line(text: str) -> int:
    """The line where arrays and objects first nest deeper than ``DEEP``."""
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > DEEP:
                return text.count("\n", 0, token.start()) + 1
        elif bracket in "]}":
            depth -= 1
    return 1


# The validator: the shipped schema, read for the keywords in SCHEMA_KEYWORDS with the
# meaning JSON Schema 2020-12 gives them (a pattern is searched for, as jsonschema does).


def schema_problems(
    value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, where: JsonPath = ()
) -> list[tuple[JsonPath, str]]:
    """Each way ``value`` fails ``schema``: the path to locate it at, and the message."""
    root = root if root is not None else schema
    name = ""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = resolve(root, schema["$ref"])
    if "anyOf" in schema:
        return any_of_problems(value, schema["anyOf"], root, where)
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(is_type(value, kind) for kind in types):
            expected = " or ".join(TYPE_WORDS[kind] for kind in types)
            return [(where, f"{shown(where)} is {describe(value)}; it must be {expected}; {FIX}")]
    if "const" in schema and not same(value, schema["const"]):
        return [
            (
                where,
                f"{shown(where)} is {describe(value)}; it must be {json.dumps(schema['const'])}; "
                f"{FIX}",
            )
        ]
    if "enum" in schema and not any(same(value, option) for option in schema["enum"]):
        options = ", ".join(json.dumps(option) for option in schema["enum"])
        return [(where, f"{shown(where)} is {describe(value)}; it must be one of {options}; {FIX}")]
    if isinstance(value, str):
        return string_problems(value, schema, name, where)
    if is_type(value, "number") and "minimum" in schema and value < schema["minimum"]:
        minimum = schema["minimum"]
        return [
            (where, f"{shown(where)} is {describe(value)}; it must be at least {minimum}; {FIX}")
        ]
    if isinstance(value, dict):
        return object_problems(value, schema, root, where)
    if isinstance(value, list) and "items" in schema:
        return [
            problem
            for index, item in enumerate(value)
            for problem in schema_problems(item, schema["items"], root, (*where, index))
        ]
    return []


def any_of_problems(
    value: Any, options: list[dict[str, Any]], root: dict[str, Any], where: JsonPath
) -> list[tuple[JsonPath, str]]:
    """None when one option fits; else the problems of the option of the value's type,
    which say more than "it must be an object or null"."""
    found = [schema_problems(value, option, root, where) for option in options]
    if any(not problems for problems in found):
        return []
    typed = [
        problems
        for option, problems in zip(options, found, strict=True)
        if any(is_type(value, kind) for kind in option_types(option, root))
    ]
    if len(typed) == 1:
        return typed[0]
    expected = " or ".join(
        TYPE_WORDS[kind] for option in options for kind in option_types(option, root)
    )
    return [(where, f"{shown(where)} is {describe(value)}; it must be {expected}; {FIX}")]


def option_types(option: dict[str, Any], root: dict[str, Any]) -> list[str]:
    while "$ref" in option:
        option = resolve(root, option["$ref"])
    kinds = option.get("type", [])
    return [kinds] if isinstance(kinds, str) else kinds


def string_problems(
    value: str, schema: dict[str, Any], name: str, where: JsonPath
) -> list[tuple[JsonPath, str]]:
    """The schema's rules for a string, and one it cannot say: the text is Unicode (an
    unpaired surrogate escape such as \\ud800 is not, and no page could show it)."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        return [(where, f"{shown(where)} is not Unicode text (an unpaired surrogate); {FIX}")]
    if len(value) < schema.get("minLength", 0):
        return [(where, f"{shown(where)} is empty; it must have a text; {FIX}")]
    pattern = schema.get("pattern")
    if pattern is not None and not re.search(pattern, value):
        words = PATTERN_WORDS.get(name) or INLINE_PATTERN_WORDS.get(
            pattern, f"a string matching {pattern}"
        )
        return [(where, f"{shown(where)} is {describe(value)}; it must be {words}; {FIX}")]
    return []


def object_problems(
    value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], where: JsonPath
) -> list[tuple[JsonPath, str]]:
    properties = schema.get("properties", {})
    problems = [
        (where, f"{shown((*where, key))} is missing; {FIX}")
        for key in schema.get("required", [])
        if key not in value
    ]
    for key, item in value.items():
        if key in properties:
            problems += schema_problems(item, properties[key], root, (*where, key))
        elif schema.get("additionalProperties", True) is False:
            problems.append(
                ((*where, key), f"{shown((*where, key))} is not a field of the export; {FIX}")
            )
    return problems


def resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    """A reference within the schema (``#/$defs/label``)."""
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def is_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    python = {"object": dict, "array": list, "string": str, "boolean": bool}
    return value is None if kind == "null" else isinstance(value, python[kind])


def same(value: Any, expected: Any) -> bool:
    """JSON equality: ``true`` is not ``1``, though Python says so."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return type(value) is type(expected) and value == expected
    return bool(value == expected)


def export_problems(data: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    """What the schema cannot say of an export, and what the comparison and the appendix
    rely on: each recommendation has its own label and number, its group is one of the
    export's and the one its number says, and the report's date is a day written
    YYYY-MM-DD."""
    return [
        *date_problems(data),
        *unique_problems(data["groups"], "groups", "number", "numbers each group once"),
        *unique_problems(
            data["recommendations"],
            "recommendations",
            "label",
            "gives each recommendation its own label",
        ),
        *unique_problems(
            data["recommendations"], "recommendations", "number", "numbers each recommendation once"
        ),
        *group_problems(data),
    ]


def date_problems(data: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    """The pattern of the schema takes a day that is not (2020-02-30), and a date with a
    line feed after it; the appendix says "Since the draft report of" that date."""
    date = data["report"]["date"]
    if written_date(date) is not None:
        return []
    where: JsonPath = ("report", "date")
    message = f"{shown(where)} is {describe(date)}; it must be {DATE_WORDS}, a day of the calendar"
    return [(where, f"{message}; {FIX}")]


def unique_problems(
    entries: list[dict[str, Any]], name: str, key: str, rule: str
) -> list[tuple[JsonPath, str]]:
    """An entry whose ``key`` an earlier entry has: the comparison matches recommendations
    by label and names them by number, so it would lose one or name two alike."""
    first: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(entries):
        value = entry[key]
        if value in first:
            where: JsonPath = (name, index, key)
            problems.append(
                (
                    where,
                    f"{shown(where)} {value!r} is that of {name}[{first[value]}] too; "
                    f"an export {rule}; {FIX}",
                )
            )
        first.setdefault(value, index)
    return problems


def group_problems(data: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    """A recommendation's group must be one the export has, and the one its number says:
    1.2 is in group 1, and 3 (a recommendation outside any group) in none."""
    groups = {group["number"] for group in data["groups"]}
    problems = []
    for index, recommendation in enumerate(data["recommendations"]):
        number, group = recommendation["number"], recommendation["group"]
        expected = number.split(".")[0] if "." in number else None
        unknown = group is not None and group not in groups
        if not unknown and group == expected:
            continue
        said = f"{shown(('recommendations', index, 'group'))} is {describe(group)}"
        if expected is None:
            belongs = f"recommendation {number} is in no group by its number, so its group is null"
        else:
            belongs = f"recommendation {number} is in group {expected} by its number"
        if unknown:
            said += ", which names no group of the export"
            said += f", and {belongs}" if group != expected else ""
        else:
            said += f", but {belongs}"
        problems.append((("recommendations", index, "group"), f"{said}; {FIX}"))
    return problems


def repeated_keys(data: Any, twice: dict[int, list[str]]) -> list[JsonPath]:
    """Where a key is given twice in one object, in the order of the document; ``twice``
    holds the keys by the object's ``id``, as ``parse`` found them."""
    if not twice:
        return []
    found = []
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:  # not recursive: the document may nest as deep as the reader allows
        where, value = stack.pop()
        if isinstance(value, dict):
            found += [(*where, key) for key in twice.get(id(value), [])]
            stack.extend(((*where, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            items = list(enumerate(value))
            stack.extend(((*where, index), item) for index, item in reversed(items))
    return found


def repeated_key_problem(text: str, where: JsonPath) -> BaselineProblem:
    """A key given twice, at the line of its last place (the value the reader keeps),
    naming the others."""
    lines = key_lines(text, where)
    count = "twice" if len(lines) <= 2 else f"{len(lines)} times"
    others = list(dict.fromkeys(lines[:-1]))
    listed = ", ".join(map(str, others[:3])) + (", …" if len(others) > 3 else "")
    also = f" (also at line{'s' if len(others) > 1 else ''} {listed})" if others else ""
    return BaselineProblem(
        f"{shown(where)} is given {count}{also} in one object, and a JSON reader keeps only "
        f"the last; an export names each field once; {FIX}",
        lines[-1] if lines else None,
    )


def shown(where: JsonPath) -> str:
    """``recommendations[3].number``; "the top level" for the document itself."""
    text = ""
    for step in where:
        if isinstance(step, int):
            text += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step):
            text += f".{step}" if text else step
        else:
            text += f"[{json.dumps(step)}]"
    return text or "the top level"


def describe(value: Any) -> str:
    """A value as a message shows it: short, and printable whatever it holds."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {reprlib.repr(value)}"
    if isinstance(value, str):
        return f"the string {reprlib.repr(value)}"
    return "an array" if isinstance(value, list) else "an object"


def line_at(text: str, where: JsonPath) -> int | None:
    """The line of the value at ``where`` in the JSON ``text`` (the last of keys given
    twice, as the JSON reader keeps it)."""
    lines = key_lines(text, where)
    return lines[-1] if lines else None


def key_lines(text: str, where: JsonPath) -> list[int]:
    """The lines of every value the last step of ``where`` names in the JSON ``text``
    (more than one when a key is given twice; the steps before it follow the last of
    keys given twice, as the JSON reader keeps it), found by walking the text with the
    JSON reader's own scanner."""
    decoder = json.JSONDecoder()
    skip = json.decoder.WHITESPACE.match
    try:
        position = skip(text, 0).end()
        places = [position]
        for step in where:
            opening = text[position]
            position = skip(text, position + 1).end()
            places = []
            index = 0
            while text[position] not in "]}":
                if opening == "{":
                    key, position = json.decoder.scanstring(text, position + 1)
                    position = skip(text, skip(text, position).end() + 1).end()  # the colon
                    if key == step:
                        places.append(position)
                elif index == step:
                    places.append(position)
                    break
                _, position = decoder.raw_decode(text, position)
                position = skip(text, position).end()
                if text[position] == ",":
                    position = skip(text, position + 1).end()
                index += 1
            if not places:
                return []
            position = places[-1]
    except (ValueError, IndexError, RecursionError):
        return []
    return lines_of(text, places)


def lines_of(text: str, places: list[int]) -> list[int]:
    """The line of each place in ``text`` (in ascending order), counting line feeds once."""
    lines, line, start = [], 1, 0
    for place in places:
        line += text.count("\n", start, place)
        start = place
        lines.append(line)
    return lines
