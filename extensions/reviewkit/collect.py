"""Collect phase: read each document's objects from its doctree into the domain.

This runs on ``doctree-read``, after every transform, so a translated build
collects translated titles and text, and objects inside an ``only`` block that
the build's tags exclude are left out.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from . import nodes as rk_nodes
from .domain import DOMAIN, get_domain
from .model import (
    RECOMMENDATION,
    Citation,
    DocumentObjects,
    Location,
    MisplacedPart,
    PartBlock,
    Recommendation,
    Reference,
    RepeatedEntry,
    ReviewObject,
    Text,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.tags import Tags

#: where each kind may stand: the kinds of its nearest enclosing reviewkit block
ALLOWED_CONTAINERS: dict[str, tuple[str | None, ...]] = {
    "recommendation-group": (None,),
    "recommendation": (None, "recommendation-group"),
    "finding": (None, "recommendation-group"),
    "suggestion": (None, "recommendation-group"),
    "measures": ("recommendation",),
    "rationale": ("recommendation",),
}


def split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def repeated_values(values: tuple[str, ...]) -> list[str]:
    """The values written more than once, each named once, in the order written."""
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


#: Unicode categories that show nothing: separators (spaces), controls, format characters
INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn"})


def visible(text: str) -> bool:
    """True when the text shows something: not only spaces and invisible format characters."""
    return any(unicodedata.category(char) not in INVISIBLE for char in text)


def has_content(text: Text) -> bool:
    """True when the text shows something: a reference, or a visible character."""
    return any(isinstance(segment, Reference) or visible(segment) for segment in text)


def container_kind(node: nodes.Element) -> str | None:
    """The kind of the nearest reviewkit block around ``node`` (None at top level)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, rk_nodes.review_object):
            return parent["kind"]
        if isinstance(parent, rk_nodes.object_part):
            return parent["part"]
        parent = parent.parent
    return None


def excluded(node: nodes.Element, tags: Tags) -> bool:
    """True when an ``only`` block around the node is dropped by this build's tags."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only) and not tags.eval_condition(parent["expr"]):
            return True
        parent = parent.parent
    return False


def plain_text(blocks: list[nodes.Node]) -> Text:
    """Running text with references kept as references; blocks separated by blank lines."""
    segments: list[str | Reference] = []
    for index, block in enumerate(blocks):
        if index:
            segments.append("\n\n")
        _flatten(block, segments)
    return _merged(segments)


def _flatten(node: nodes.Node, segments: list[str | Reference]) -> None:
    if isinstance(node, addnodes.pending_xref) and node.get("refdomain") == DOMAIN:
        explicit = node.astext() if node.get("refexplicit") else None
        segments.append(Reference(node["reftype"], node["reftarget"], explicit))
    elif isinstance(node, nodes.Text):
        segments.append(str(node).replace("\n", " "))
    elif isinstance(node, nodes.system_message | nodes.comment):
        return
    elif isinstance(node, nodes.list_item):
        segments.append("- ")
        for child in node.children:
            _flatten(child, segments)
        segments.append("\n")
    else:
        for child in node.children:
            _flatten(child, segments)


def _merged(segments: list[str | Reference]) -> Text:
    merged: list[str | Reference] = []
    for segment in segments:
        if isinstance(segment, str) and merged and isinstance(merged[-1], str):
            merged[-1] += segment
        else:
            merged.append(segment)
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return tuple(segment for segment in merged if segment != "")


def body_blocks(node: nodes.Element) -> list[nodes.Node]:
    """The object's own text: its children but the title, its parts and nested objects."""
    skipped = (
        rk_nodes.object_title,
        rk_nodes.object_part,
        rk_nodes.review_object,
        nodes.system_message,
    )
    return [child for child in node.children if not isinstance(child, skipped)]


LISTS = (nodes.bullet_list, nodes.enumerated_list)
#: what a block may hold besides its content without showing anything
SILENT = (
    nodes.system_message,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    addnodes.index,
)


def measures_list(part: nodes.Element) -> nodes.Element | None:
    """The list of measures: the first list directly in the block."""
    return next((child for child in part.children if isinstance(child, LISTS)), None)


def list_items(part: nodes.Element) -> list[Text]:
    """The measures of one block, leaving out items with no text (reported by the checks)."""
    found = measures_list(part)
    items = [plain_text(list(item.children)) for item in found.children] if found else []
    return [item for item in items if has_content(item)]


def part_block(part: nodes.Element, docname: str) -> PartBlock:
    """Where a measures block is not one bullet list of measures, for the checks."""
    location = Location(docname, part.line)
    if part["part"] != "measures":
        return PartBlock(part["part"], location)
    found = measures_list(part)
    items = found.children if found is not None else []
    return PartBlock(
        part["part"],
        location,
        numbered=(_line(found),) if isinstance(found, nodes.enumerated_list) else (),
        empty_items=tuple(
            _line(item) for item in items if not has_content(plain_text(list(item.children)))
        ),
        stray=tuple(
            _line(child)
            for child in part.children
            if child is not found and not isinstance(child, SILENT)
        ),
    )


def collect_object(node: rk_nodes.review_object, docname: str, seq: int) -> ReviewObject:
    kind = node["kind"]
    title = node.next_node(rk_nodes.object_title)
    shown = visible(title.astext())
    common = {
        "kind": kind,
        "label": node["label"],
        "title": title.astext().strip() if shown else "",
        "title_text": plain_text([title]) if shown else (),
        "anchor": node["anchor"],
        "location": Location(docname, node.line),
        "seq": seq,
        "text": plain_text(body_blocks(node)),
        "misplaced_in": _misplaced(node, kind),
        "duplicate_options": tuple(node.get("duplicate_options", ())),
    }
    if kind != RECOMMENDATION:
        return ReviewObject(**common)
    parts = [child for child in node.children if isinstance(child, rk_nodes.object_part)]
    measures = [p for p in parts if p["part"] == "measures"]
    rationale = [p for p in parts if p["part"] == "rationale"]
    group = _enclosing_group(node)
    owners, findings = split_list(node["owners"]), split_list(node["findings"])
    return Recommendation(
        **common,
        group_seq=group.get("rk_seq") if group is not None else None,
        owners=tuple(dict.fromkeys(owners)),
        priority=node["priority"],
        consensus=node["consensus"],
        findings=tuple(dict.fromkeys(findings)),
        measures=tuple(i for p in measures for i in list_items(p)) if measures else None,
        rationale=plain_text([b for p in rationale for b in p.children]) if rationale else None,
        blocks=tuple(part_block(part, docname) for part in parts),
        repeated=tuple(
            RepeatedEntry(option, value, Location(docname, _option_line(node, option)))
            for option, values in (("owners", owners), ("findings", findings))
            for value in repeated_values(values)
        ),
    )


def _option_line(node: nodes.Element, option: str) -> int | None:
    return node.get("option_lines", {}).get(option, node.line)


def _misplaced(node: nodes.Element, kind: str) -> str | None:
    container = container_kind(node)
    return None if container in ALLOWED_CONTAINERS[kind] else container


def _enclosing_group(node: nodes.Element) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, rk_nodes.recommendation_group):
            return parent
        parent = parent.parent
    return None


def collect_document(doctree: nodes.document, docname: str, tags: Tags) -> DocumentObjects:
    collected = DocumentObjects()
    seq = 0
    for node in doctree.findall(rk_nodes.review_object):
        if excluded(node, tags):
            continue
        node["rk_seq"] = seq
        collected.objects.append(collect_object(node, docname, seq))
        seq += 1
    for rec in collected.objects:
        if isinstance(rec, Recommendation):
            collected.citations.extend(
                Citation("finding", label, rec.location) for label in rec.findings
            )
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == DOMAIN and not excluded(xref, tags):
            collected.citations.append(
                Citation(xref["reftype"], xref["reftarget"], Location(docname, _line(xref)))
            )
    for part in doctree.findall(rk_nodes.object_part):
        container = container_kind(part)
        if container not in ALLOWED_CONTAINERS[part["part"]] and not excluded(part, tags):
            collected.misplaced_parts.append(
                MisplacedPart(part["part"], container, Location(docname, part.line))
            )
    # the chart shows what a recommendation table shows: owners and priorities
    overviews = (rk_nodes.recommendation_table, rk_nodes.recommendation_chart)
    collected.has_recommendation_table = any(
        doctree.findall(lambda node: isinstance(node, overviews))
    )
    collected.has_traceability_table = any(doctree.findall(rk_nodes.traceability_table))
    collected.has_comments_appendix = any(doctree.findall(rk_nodes.public_comments))
    collected.has_changes_appendix = any(doctree.findall(rk_nodes.changes_since_draft))
    collected.seal()
    return collected


def _line(node: nodes.Node) -> int | None:
    while node is not None and node.line is None:
        node = node.parent
    return node.line if node is not None else None


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    collected = collect_document(doctree, docname, app.tags)
    if (
        collected.objects
        or collected.citations
        or collected.misplaced_parts
        or (collected.has_recommendation_table or collected.has_traceability_table)
        or collected.has_comments_appendix
        or collected.has_changes_appendix
    ):
        get_domain(app.env).documents[docname] = collected


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", on_doctree_read)
