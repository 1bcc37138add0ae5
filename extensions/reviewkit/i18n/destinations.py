"""Where a doctree sends readers, and what it brings into the page from elsewhere.

A translation is compared with its source by what it parses to, not only by how it is
written: the patterns of ``comparison`` read text, and CommonMark and reStructuredText
have more ways to write a link than any pattern follows. Every link, image, reference,
raw output and substitution in the parsed translation must be one the source's node
already has; a translation may reword the text around them, never add one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from docutils import nodes

from .comparison import KEPT


@dataclass(frozen=True, order=True)
class Destination:
    """One place a node sends readers to, or one thing it brings into the page."""

    kind: str  # a key of KINDS
    target: str  # the URL, file, label or name, as the parser resolved it
    resolver: str = ""  # for a cross-reference: its domain and role; for raw: its format


#: each kind: how a message names it, and what the translator changes
KINDS = {
    "link": KEPT["url"],
    "image": ("the image", "remove it, a translation cannot add or change images"),
    "reference": (
        "the reference to",
        "keep every role and reference with its target exactly as in the msgid",
    ),
    "name": (
        "the reference to the name",
        "keep every named reference, footnote and citation exactly as in the msgid",
    ),
    "raw": ("raw output", "remove it, a translation is text, never code"),
    "substitution": ("the substitution", "keep every substitution exactly as in the msgid"),
}


def destinations(trees: Iterable[nodes.Node]) -> set[Destination]:
    """Every destination in ``trees``, however deep."""
    return {found for tree in trees for node in tree.findall(nodes.Element) for found in _of(node)}


def _of(node: nodes.Element) -> Iterator[Destination]:
    """What one node points to: its URI, reference target or name, or its raw text."""
    if isinstance(node, nodes.raw):
        yield Destination("raw", " ".join(node.astext().split()), node.get("format", ""))
        return
    if isinstance(node, nodes.substitution_reference):
        yield Destination("substitution", node.get("refname", ""))
        return
    if node.get("reftarget"):  # a cross-reference (a role, a download, a MyST link to a file)
        resolver = f"{node.get('refdomain') or ''}:{node.get('reftype') or ''}"
        yield Destination("reference", str(node["reftarget"]), resolver)
    if node.get("refuri"):
        yield Destination("link", str(node["refuri"]))
    if node.get("uri"):
        yield Destination("image" if isinstance(node, nodes.image) else "link", str(node["uri"]))
    for attribute in ("refname", "refid"):
        if node.get(attribute):
            yield Destination("name", str(node[attribute]))


def added_destinations(source: set[Destination], translation: set[Destination]) -> list[str]:
    """A message for each destination of the translation that the source does not have."""
    return [_message(destination) for destination in sorted(translation - source)]


def _message(destination: Destination) -> str:
    name, change = KINDS[destination.kind]
    target = destination.target if len(destination.target) <= 80 else destination.target[:79] + "…"
    if destination.kind == "raw":
        target = f"{destination.resolver} ({target})"
    return f"the translation has {name} {target}, which the msgid does not have; {change}"
