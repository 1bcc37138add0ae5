"""What changed from one edition's recommendations to another's, from their exports.

Both sides are ``recommendations.json`` documents (SPEC section 4). Recommendations
are matched by label first; those left over are matched by the similarity of
their title and text, which finds a recommendation that was relabelled, two
that were merged into one, and one that was split in two. For each pair the
comparison names what a reader of the draft would notice: a new number, other
words (a word-level diff), other owners, priority or measures.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

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
