"""Numbers derived from reading order: toctree order of documents, then order in a document.

Numbering runs once, after every document has been read and (in parallel builds)
merged, so ``-j 1`` and ``-j N`` see the same collected objects in the same order
and give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import (
    FINDING,
    GROUP,
    RECOMMENDATION,
    SUGGESTION,
    DocumentObjects,
    Numbered,
    Recommendation,
    Report,
)


def reading_order(root: str, toctree_includes: Mapping[str, Iterable[str]]) -> list[str]:
    """Documents in the order a reader meets them: depth first through the toctrees."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        docname = stack.pop()
        if docname in seen:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(list(toctree_includes.get(docname, ()))))
    return order


def number_report(documents: Mapping[str, DocumentObjects], order: list[str]) -> Report:
    report = Report()
    counters = {GROUP: 0, FINDING: 0, SUGGESTION: 0}
    placed = set()

    for docname in order:
        collected = documents.get(docname)
        if collected is None:
            continue
        placed.add(docname)
        members_seen: dict[int, int] = {}
        for obj in collected.objects:
            if obj.kind == RECOMMENDATION:
                assert isinstance(obj, Recommendation)
                group = (
                    report.by_key.get((docname, obj.group_seq))
                    if obj.group_seq is not None
                    else None
                )
                if group is None:
                    counters[GROUP] += 1
                    number = str(counters[GROUP])
                else:
                    members_seen[obj.group_seq] = members_seen.get(obj.group_seq, 0) + 1
                    number = f"{group.number}.{members_seen[obj.group_seq]}"
            else:
                counters[obj.kind] += 1
                number = str(counters[obj.kind])
            _add(report, Numbered(obj, number, docname, obj.anchor))

    for docname in sorted(set(documents) - placed):
        report.unplaced.extend(documents[docname].objects)

    _link_findings(report)
    return report


_LISTS = {
    GROUP: "groups",
    RECOMMENDATION: "recommendations",
    FINDING: "findings",
    SUGGESTION: "suggestions",
}


def _add(report: Report, numbered: Numbered) -> None:
    getattr(report, _LISTS[numbered.kind]).append(numbered)
    report.by_key[numbered.obj.key] = numbered
    if numbered.label and numbered.label not in report.by_label:
        report.by_label[numbered.label] = numbered
    if numbered.kind == RECOMMENDATION:
        group = report.group_of(numbered)
        if group is not None:
            report.members.setdefault(group.obj.key, []).append(numbered)


def _link_findings(report: Report) -> None:
    for recommendation in report.recommendations:
        assert isinstance(recommendation.obj, Recommendation)
        for label in dict.fromkeys(recommendation.obj.findings):
            finding = report.lookup("finding", label)
            if finding is not None:
                report.cited_by.setdefault(label, []).append(recommendation)
