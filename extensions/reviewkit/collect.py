"""Collect phase: read each document's objects from its doctree into the domain.

This runs on ``doctree-read``, after every transform, so a translated build
collects translated titles and text. Sphinx resolves ``only`` blocks later, when
it writes each page; the collected objects hold what this build's edition shows
already: objects, text, measures and rationale inside an ``only`` block that the
build's tags exclude are left out, and those inside one they select are read as
if the block were not there, since every output (export, tables, PDF, checks)
reads them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from . import nodes as rk_nodes
from .domain import DOMAIN, get_domain
from .features import Placeholder, features
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
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
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


def shown(expr: str, tags: Tags) -> bool:
    """Whether a build with these tags shows an ``only`` block, decided as Sphinx decides
    it when it writes the page: a block whose expression cannot be read is shown (Sphinx
    warns about it then)."""
    try:
        return tags.eval_condition(expr)
    except Exception:  # Sphinx's own rule: any error keeps the block
        return True


class Edition:
    """The edition this build makes, as its ``only`` blocks see it: which of them it shows.

    Every expression decided is kept, so that a later build with other tags (the other
    edition, another builder) knows which documents to read again.
    """

    def __init__(self, tags: Tags) -> None:
        self.tags = tags
        self.decided: dict[str, bool] = {}

    def shows(self, only: addnodes.only) -> bool:
        expr = only["expr"]
        if expr not in self.decided:
            self.decided[expr] = shown(expr, self.tags)
        return self.decided[expr]


def excluded(node: nodes.Element, edition: Edition) -> bool:
    """True when an ``only`` block around the node is dropped in this edition."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only) and not edition.shows(parent):
            return True
        parent = parent.parent
    return False


def edition_blocks(blocks: Iterable[nodes.Node], edition: Edition) -> list[nodes.Node]:
    """The blocks as this edition shows them: an ``only`` block it shows gives its own
    blocks in its place (as Sphinx puts them when it writes the page), one it drops none."""
    shown_blocks: list[nodes.Node] = []
    for block in blocks:
        if not isinstance(block, addnodes.only):
            shown_blocks.append(block)
        elif edition.shows(block):
            shown_blocks.extend(edition_blocks(block.children, edition))
    return shown_blocks


def plain_text(blocks: Iterable[nodes.Node], edition: Edition) -> Text:
    """Running text with references kept as references; blocks separated by blank lines.

    Only what this edition shows: text in an ``only`` block it drops is left out, wherever
    the block stands.
    """
    segments: list[str | Reference] = []
    for index, block in enumerate(edition_blocks(blocks, edition)):
        if index:
            segments.append("\n\n")
        _flatten(block, segments, edition)
    return _merged(segments)


def _flatten(node: nodes.Node, segments: list[str | Reference], edition: Edition) -> None:
    if isinstance(node, addnodes.pending_xref) and node.get("refdomain") == DOMAIN:
        explicit = node.astext() if node.get("refexplicit") else None
        segments.append(Reference(node["reftype"], node["reftarget"], explicit))
    elif isinstance(node, nodes.Text):
        segments.append(str(node).replace("\n", " "))
    elif isinstance(node, nodes.system_message | nodes.comment):
        return
    elif isinstance(node, nodes.list_item):
        segments.append("- ")
        for child in edition_blocks(node.children, edition):
            _flatten(child, segments, edition)
        segments.append("\n")
    else:
        for child in edition_blocks(node.children, edition):
            _flatten(child, segments, edition)


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


def body_blocks(node: nodes.Element, edition: Edition) -> list[nodes.Node]:
    """The object's own text: its children but the title, its parts and nested objects,
    as this build's edition shows them."""
    skipped = (
        rk_nodes.object_title,
        rk_nodes.object_part,
        rk_nodes.review_object,
        nodes.system_message,
    )
    return [
        child for child in edition_blocks(node.children, edition) if not isinstance(child, skipped)
    ]


def object_parts(node: nodes.Element, edition: Edition) -> list[nodes.Element]:
    """The recommendation's measures and rationale blocks that this edition shows: those
    directly in it, and those in an ``only`` block directly in it that the edition shows
    (Sphinx puts such a block's content in its place, so the page shows them as parts)."""
    return [
        child
        for child in edition_blocks(node.children, edition)
        if isinstance(child, rk_nodes.object_part)
    ]


def left_out_parts(node: nodes.Element, edition: Edition) -> list[nodes.Element]:
    """The measures and rationale blocks in the recommendation that stand in an ``only``
    block this edition leaves out: the checks name them when the edition has none."""
    found: list[nodes.Element] = []

    def walk(children: Iterable[nodes.Node], dropped: bool) -> None:
        for child in children:
            if isinstance(child, addnodes.only):
                walk(child.children, dropped or not edition.shows(child))
            elif dropped and isinstance(child, rk_nodes.object_part):
                found.append(child)

    walk(node.children, dropped=False)
    return found


LISTS = (nodes.bullet_list, nodes.enumerated_list)
#: what a block may hold besides its content without showing anything
SILENT = (
    nodes.system_message,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    addnodes.index,
)


def measures_list(part: nodes.Element, edition: Edition) -> nodes.Element | None:
    """The list of measures: the first list directly in the block, in this edition."""
    return next(
        (child for child in edition_blocks(part.children, edition) if isinstance(child, LISTS)),
        None,
    )


def list_items(part: nodes.Element, edition: Edition) -> list[Text]:
    """The measures of one block, leaving out items with no text (reported by the checks)."""
    found = measures_list(part, edition)
    items = [plain_text(item.children, edition) for item in found.children] if found else []
    return [item for item in items if has_content(item)]


def part_block(part: nodes.Element, docname: str, edition: Edition) -> PartBlock:
    """Where a measures block is not one bullet list of measures, for the checks."""
    location = Location(docname, part.line)
    if part["part"] != "measures":
        return PartBlock(part["part"], location)
    found = measures_list(part, edition)
    items = found.children if found is not None else []
    return PartBlock(
        part["part"],
        location,
        numbered=(_line(found),) if isinstance(found, nodes.enumerated_list) else (),
        empty_items=tuple(
            _line(item) for item in items if not has_content(plain_text(item.children, edition))
        ),
        stray=tuple(
            _line(child)
            for child in edition_blocks(part.children, edition)
            if child is not found and not isinstance(child, SILENT)
        ),
    )


def collect_object(
    node: rk_nodes.review_object, docname: str, seq: int, edition: Edition
) -> ReviewObject:
    """The object as this edition shows it: only blocks inside it decided by the edition."""
    kind = node["kind"]
    title = node.next_node(rk_nodes.object_title)
    titled = visible(title.astext())
    common = {
        "kind": kind,
        "label": node["label"],
        "title": title.astext().strip() if titled else "",
        "title_text": plain_text([title], edition) if titled else (),
        "anchor": node["anchor"],
        "location": Location(docname, node.line),
        "seq": seq,
        "text": plain_text(body_blocks(node, edition), edition),
        "misplaced_in": _misplaced(node, kind),
        "duplicate_options": tuple(node.get("duplicate_options", ())),
    }
    if kind != RECOMMENDATION:
        return ReviewObject(**common)
    parts = object_parts(node, edition)
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
        measures=tuple(i for p in measures for i in list_items(p, edition)) if measures else None,
        rationale=(
            plain_text([b for p in rationale for b in p.children], edition) if rationale else None
        ),
        blocks=tuple(part_block(part, docname, edition) for part in parts),
        left_out=tuple(
            PartBlock(part["part"], Location(docname, part.line))
            for part in left_out_parts(node, edition)
        ),
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


def collect_document(
    doctree: nodes.document,
    docname: str,
    edition: Edition,
    placeholders: Iterable[Placeholder] = (),
) -> DocumentObjects:
    """Everything reviewkit reads from one document, as this edition shows it, with the
    features' placeholders it shows."""
    collected = DocumentObjects()
    seq = 0
    for node in doctree.findall(rk_nodes.review_object):
        if excluded(node, edition):
            continue
        node["rk_seq"] = seq
        collected.objects.append(collect_object(node, docname, seq, edition))
        seq += 1
    for rec in collected.objects:
        if isinstance(rec, Recommendation):
            collected.citations.extend(
                Citation("finding", label, rec.location) for label in rec.findings
            )
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == DOMAIN and not excluded(xref, edition):
            collected.citations.append(
                Citation(xref["reftype"], xref["reftarget"], Location(docname, _line(xref)))
            )
    for part in doctree.findall(rk_nodes.object_part):
        container = container_kind(part)
        if container not in ALLOWED_CONTAINERS[part["part"]] and not excluded(part, edition):
            collected.misplaced_parts.append(
                MisplacedPart(part["part"], container, Location(docname, part.line))
            )
    collected.placeholders = tuple(
        placeholder.name
        for placeholder in placeholders
        if _holds(doctree, placeholder.node_class, edition)
    )
    collected.only_decided = tuple(sorted(edition.decided.items()))
    collected.seal()
    return collected


def _holds(doctree: nodes.document, node_class: type[nodes.Element], edition: Edition) -> bool:
    """Whether the document shows this placeholder in this build's edition."""
    return any(not excluded(node, edition) for node in doctree.findall(node_class))


def _line(node: nodes.Node) -> int | None:
    while node is not None and node.line is None:
        node = node.parent
    return node.line if node is not None else None


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    placeholders = features(app).placeholders.values()
    collected = collect_document(doctree, docname, Edition(app.tags), placeholders)
    if (
        collected.objects
        or collected.citations
        or collected.misplaced_parts
        or collected.placeholders
        or collected.only_decided
    ):
        get_domain(app.env).documents[docname] = collected


def read_again_for_this_edition(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """The documents collected by a build whose tags decided one of their ``only`` blocks
    otherwise (the other edition, or a builder with other tags in the same doctree folder).

    Sphinx decides ``only`` blocks when it writes a page, so it reads nothing again when the
    tags change; what reviewkit collected, decided when the document was read, would then
    be the other edition's.
    """
    return sorted(
        docname
        for docname, collected in get_domain(env).documents.items()
        if docname in env.found_docs
        and any(shown(expr, app.tags) != decided for expr, decided in collected.only_decided)
    )


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-get-outdated", read_again_for_this_edition)
