"""The PDF's structure tree as a screen reader needs it, where WeasyPrint's falls short.

WeasyPrint writes a tagged PDF (PDF/UA-1), but a few of its choices leave a reader
with noise or gaps. While the builder writes the PDF, ``accessible_tags()`` corrects
them at the point WeasyPrint makes them, each one narrowly, and puts everything back
afterwards:

* running heads and footers (the ``@page`` margin boxes) are drawn as
  ``/Artifact /Pagination`` and kept out of the tree, instead of text that belongs
  to no structure element (Kozea/WeasyPrint#1836);
* an image or SVG marked ``aria-hidden="true"`` is drawn as an artifact instead of a
  ``/Figure`` without ``/Alt`` (Kozea/WeasyPrint#2550);
* an element with a ``data-pdf-alt`` attribute (the chart of recommendations) is one
  ``/Figure`` whose ``/Alt`` is that text;
* a link annotation is written once per link, not once more for each element nested
  in the link (Kozea/WeasyPrint#185, listed in #2482), and it describes the link in
  words (its text, and the title of its target) instead of the target's id; it is
  printed like the text it covers (the ``Print`` flag);
* a table header cell has its ``/Scope`` (Kozea/WeasyPrint#2508);
* an empty ``/Span`` (a ``<span id>`` that only gives a link its target, such as a
  footnote's call) is left out of the tree;
* a list item whose content is a block (``<li><p>``) has its ``/LBody``, as one
  whose content is inline already has (Kozea/WeasyPrint#1837, #2497).

Every correction depends only on the laid-out document, so the PDF stays the same
byte for byte for the same input.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)

#: the HTML attribute whose text becomes the ``/Alt`` of a ``/Figure`` made of the element
ALT_ATTRIBUTE = "data-pdf-alt"
#: a link annotation's flags: printed (bit 3), like the text it covers
PRINT_FLAG = 4
#: two rectangles closer than this (in PDF units) are the same place on the page
SAME_PLACE = 0.01


@contextlib.contextmanager
def accessible_tags() -> Iterator[None]:
    """WeasyPrint's drawing, link annotations and tag tree, corrected while in the block.

    The corrections replace functions WeasyPrint does not publish; a WeasyPrint without
    one of them gets none of the corrections (its own tagging, unchanged) and a warning.
    """
    import weasyprint.document
    import weasyprint.pdf
    import weasyprint.pdf.stream
    import weasyprint.pdf.tags

    targets = [
        (weasyprint.document, "draw_page"),
        (weasyprint.pdf.stream.Stream, "marked"),
        (weasyprint.pdf, "add_links"),
        (weasyprint.pdf.tags, "_build_box_tree"),
    ]
    missing = [name for owner, name in targets if name not in vars(owner)]
    if missing:
        logger.warning(
            "this WeasyPrint (%s) has no %s: the PDF keeps WeasyPrint's own tagging, "
            "without reviewkit's corrections for screen readers",
            weasyprint.__version__,
            ", ".join(missing),
            type="reviewkit",
            subtype="pdf",
        )
        yield
        return
    artifacts: set[Any] = set()
    originals = [vars(owner)[name] for owner, name in targets]
    draw_page, marked, add_links, build_box_tree = originals
    patches = [
        _drawing_page(draw_page, artifacts),
        _marking(marked, artifacts),
        _adding_links(add_links),
        _building_tree(build_box_tree),
    ]
    try:
        for (owner, name), patch in zip(targets, patches, strict=True):
            setattr(owner, name, patch)
        yield
    finally:
        for (owner, name), original in zip(targets, originals, strict=True):
            setattr(owner, name, original)


# Drawing: running heads and hidden images as artifacts.


def _drawing_page(draw_page: Callable[..., Any], artifacts: set[Any]) -> Callable[..., Any]:
    """Before a page is drawn, the boxes of its margin boxes are noted as artifacts."""
    from weasyprint.formatting_structure import boxes

    def draw(page: Any, stream: Any) -> Any:
        artifacts.clear()
        for child in page.children:
            if isinstance(child, boxes.MarginBox):
                artifacts.update(child.descendants())
        try:
            return draw_page(page, stream)
        finally:
            artifacts.clear()

    return draw


def _marking(marked: Callable[..., Any], artifacts: set[Any]) -> Callable[..., Any]:
    """Content that is no part of the text is drawn as an artifact, with no MCID, so
    that the tag tree neither has it nor waits for it."""

    @contextlib.contextmanager
    def mark(stream: Any, box: Any, tag: str) -> Iterator[None]:
        kind = _artifact_kind(box, artifacts)
        if kind is None or stream._tags is None:
            with marked(stream, box, tag):
                yield
            return
        import pydyf

        stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": kind}))
        try:
            yield
        finally:
            stream.end_marked_content()

    return mark


def _artifact_kind(box: Any, artifacts: set[Any]) -> str | None:
    if box in artifacts:
        return "/Pagination"
    if _hidden(box):
        return "/Layout"
    return None


def _hidden(box: Any) -> bool:
    """An image or SVG its HTML hides from screen readers (decoration, or words given
    elsewhere): its own element says ``aria-hidden="true"``."""
    from weasyprint.formatting_structure import boxes

    element = getattr(box, "element", None)
    return (
        isinstance(box, boxes.ReplacedBox)
        and element is not None
        and element.get("aria-hidden") == "true"
    )


# Links: one annotation per link, described in words.


def _adding_links(add_links: Callable[..., Any]) -> Callable[..., Any]:
    def add(links_and_anchors: Any, matrix: Any, pdf: Any, page: Any, names: Any, tags: Any):
        links, anchors = links_and_anchors
        kept = unique_links(links)
        result = add_links((kept, anchors), matrix, pdf, page, names, tags)
        for link_type, target, _rectangle, box in kept:
            annotation = getattr(box, "link_annotation", None)
            if annotation is None or link_type not in ("internal", "external"):
                continue
            annotation["F"] = PRINT_FLAG
            if tags is not None:
                import pydyf

                annotation["Contents"] = pydyf.String(describe_link(box, link_type, target))
        return result

    return add


def unique_links(links: list[tuple[str, str, tuple[float, ...], Any]]) -> list[Any]:
    """The page's links less those an element nested in a link repeats: WeasyPrint gives
    each box inside an ``<a>`` the link too, so ``<a><span>3</span></a>`` made two
    annotations on the same rectangle, one of them outside any ``/Link`` element."""
    kept: list[Any] = []
    for link in links:
        link_type, target, rectangle, box = link
        inherited = getattr(box, "link", None) is None
        if inherited and any(
            (other[0], other[1]) == (link_type, target) and _within(rectangle, other[2])
            for other in kept
        ):
            continue
        kept.append(link)
    return kept


def _within(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    x1, y1, x2, y2 = inner
    ox1, oy1, ox2, oy2 = outer
    return (
        x1 >= ox1 - SAME_PLACE
        and y1 >= oy1 - SAME_PLACE
        and x2 <= ox2 + SAME_PLACE
        and y2 <= oy2 + SAME_PLACE
    )


def describe_link(box: Any, link_type: str, target: str) -> str:
    """What a screen reader says of a link: its words, then its target's title when the
    HTML gives one ("Recommendation 3: Make the review measurable"); a link with no
    words is named by its title, or by its URL."""
    element = getattr(box, "element", None)
    words = _words("".join(element.itertext())) if element is not None else ""
    if not words:
        words = _words("".join(getattr(b, "text", "") for b in box.descendants()))
    title = _words(element.get("title", "")) if element is not None else ""
    if words and title and title != words:
        return f"{words}: {title}"
    if words or title:
        return words or title
    return target if link_type == "external" else f"#{target}"


def _words(text: str) -> str:
    return " ".join(text.split())


# The tag tree.


def _building_tree(build: Callable[..., Any]) -> Callable[..., Any]:
    """WeasyPrint's recursive tree builder, called through this wrapper at every level."""
    from weasyprint.formatting_structure import boxes

    def tree(box: Any, parent: Any, pdf: Any, page_number: int, *rest: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox) or _hidden(box):
            return  # drawn as artifacts: no element, no marked content to claim
        for element in build(box, parent, pdf, page_number, *rest):
            structure = element.get("S")
            if structure == "/LI":
                _give_body(element, pdf, page_number)
            elif structure == "/TH":
                _give_scope(element, box)
            elif structure == "/NonStruct" and parent.get("S") != "/Figure":
                _make_figure(element, box)
            elif structure == "/Span" and _empty(element):
                continue  # a link target's ``<span id>``: nothing to read
            yield element

    return tree


def _empty(element: Any) -> bool:
    """No content, no kids and no words: an element a reader would stop at for nothing."""
    return not element["K"] and "Alt" not in element and "ActualText" not in element


def _make_figure(element: Any, box: Any) -> None:
    """An element the HTML describes with ``data-pdf-alt`` is one figure with that text."""
    node = getattr(box, "element", None)
    alt = node.get(ALT_ATTRIBUTE) if node is not None else None
    if not alt:
        return
    import pydyf

    element["S"] = "/Figure"
    element["Alt"] = pydyf.String(alt)
    x, y = box.border_box_x(), box.border_box_y()
    element["A"] = pydyf.Dictionary(
        {
            "O": "/Layout",
            "BBox": pydyf.Array((x, y, x + box.border_width(), y + box.border_height())),
        }
    )


def _give_scope(element: Any, box: Any) -> None:
    """A header cell heads its column unless its HTML says ``scope="row"``, as the
    ``/Headers`` WeasyPrint gives the data cells already assume."""
    import pydyf

    node = getattr(box, "element", None)
    scope = node.get("scope", "") if node is not None else ""
    attributes = element.get("A")
    if attributes is None:
        attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
    attributes["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _give_body(element: Any, pdf: Any, page_number: int) -> None:
    """A list item's content after its label, in an ``/LBody``: WeasyPrint makes one
    for inline content only, and ``<li><p>`` came out as ``/LI`` > ``/Lbl``, ``/P``."""
    import pydyf

    kids = list(element["K"])
    structures = [_structure(pdf, kid) for kid in kids]
    if "/LBody" in structures:
        return
    body_kids = [kid for kid, s in zip(kids, structures, strict=True) if s != "/Lbl"]
    if not body_kids:
        return
    body = pydyf.Dictionary(
        {
            "Type": "/StructElem",
            "S": "/LBody",
            "K": pydyf.Array(body_kids),
            "Pg": pdf.page_references[page_number],
            "P": element.reference,
        }
    )
    pdf.add_object(body)
    for kid in body_kids:
        child = _object(pdf, kid)
        if child is not None:
            child["P"] = body.reference
    element["K"] = pydyf.Array(
        [kid for kid, s in zip(kids, structures, strict=True) if s == "/Lbl"] + [body.reference]
    )


def _object(pdf: Any, kid: Any) -> Any:
    """The structure element a kid of ``/K`` refers to (``b"12 0 R"``), or None."""
    if not isinstance(kid, bytes) or not kid.endswith(b" 0 R"):
        return None
    number = int(kid.split()[0])
    child = pdf.objects[number] if number < len(pdf.objects) else None
    return child if isinstance(child, dict) and child.get("Type") == "/StructElem" else None


def _structure(pdf: Any, kid: Any) -> str | None:
    child = _object(pdf, kid)
    return child.get("S") if child is not None else None
