"""The PDF's structure tree, read back with pypdf as a screen reader would walk it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
from pypdf.generic import DictionaryObject, IndirectObject

from reviewkit.pdf.tagging import unique_links

from conftest import CONF, write_project
from pdfs import build_pdf
from sources import FINDING, recommendation

#: every test here reads one PDF that WeasyPrint lays out, a few seconds
pytestmark = pytest.mark.slow

TAGGING_CONF = CONF + 'project = "Test review"\nauthor = "Test Review Team"\n'
TAGGING_CONF += 'reviewkit_slug = "test"\n'
FILES = {
    "index.md": "# Report\n\n```{toctree}\nsummary\nchapter\n```\n",
    "summary.md": """\
        # Summary

        ```{recommendation-chart}
        ```

        The team asks for {rec}`status` first;[^why] see [the review site](https://example.org/).

        [^why]: Nothing else can be measured without it.

        - Publish the status.
        - Ask the community.

        | Owner | Recommendations |
        |---|---|
        | The Organisation | 2 |
        """,
    "chapter.md": "# Chapter\n\n"
    + FINDING
    + recommendation(title="Publish a status page", label="status")
    + recommendation(
        title="Ask the community",
        label="ask",
        options={"owners": "board, org", "priority": "medium"},
    ),
}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> pypdf.PdfReader:
    root = tmp_path_factory.mktemp("tagging")
    srcdir = write_project(root / "src", FILES, TAGGING_CONF)
    status, warnings, outdir = build_pdf(srcdir, root / "out")
    assert (status, warnings) == (0, "")
    return pypdf.PdfReader(outdir / "test-final.pdf")


def resolved(item: Any) -> Any:
    return item.get_object() if isinstance(item, IndirectObject) else item


def kids(element: DictionaryObject) -> list[Any]:
    k = resolved(element.get("/K"))
    if k is None:
        return []
    return [resolved(kid) for kid in (k if isinstance(k, list) else [k])]


def elements(pdf: pypdf.PdfReader) -> Iterator[DictionaryObject]:
    """Every structure element of the tree, depth first (what a reader walks)."""
    stack = kids(pdf.trailer["/Root"]["/StructTreeRoot"])
    while stack:
        element = stack.pop(0)
        if not isinstance(element, DictionaryObject) or element.get("/Type") == "/OBJR":
            continue
        yield element
        stack[0:0] = kids(element)


def of_type(pdf: pypdf.PdfReader, structure: str) -> list[DictionaryObject]:
    return [element for element in elements(pdf) if element.get("/S") == structure]


def link_annotations(pdf: pypdf.PdfReader) -> list[tuple[int, DictionaryObject]]:
    return [
        (number, resolved(annotation))
        for number, page in enumerate(pdf.pages)
        for annotation in page.get("/Annots", [])
        if resolved(annotation)["/Subtype"] == "/Link"
    ]


def marked_text(page: pypdf.PageObject) -> list[tuple[str, str]]:
    """Each piece of text on the page with the marked content around it: ``/Span`` (read
    as content) or ``/Artifact`` (skipped by screen readers)."""
    stack: list[str] = []
    found: list[tuple[str, str]] = []

    def before(operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            stack.append(str(operands[0]))
        elif operator == b"EMC":
            stack.pop()

    def text(words: str, *_: Any) -> None:
        if words.strip():
            found.append((stack[-1] if stack else "", " ".join(words.split())))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def test_every_figure_has_words_and_the_chart_is_one_figure_with_its_counts(pdf):
    figures = of_type(pdf, "/Figure")
    assert figures, "the chart is no figure"
    assert all("/Alt" in figure for figure in figures)
    assert len(figures) == 1  # not one per bar and swatch of the chart
    alt = figures[0]["/Alt"]
    assert alt.startswith("Recommendations by owner and priority")
    assert "The Organisation: 2 (High 1, Medium 1)" in alt
    assert "The Board: 1 (Medium 1)" in alt


def test_the_charts_bars_are_drawn_as_artifacts(pdf):
    page = next(p for p in pdf.pages if "Recommendations by owner" in p.extract_text())
    content = b" ".join(page.get_contents().get_data().split())
    assert content.count(b"/Artifact <</Type /Layout>> BDC") >= 3  # swatches and bars
    assert b"/Figure" not in content  # no marked content left for a figure without words


def test_each_link_has_one_annotation_inside_a_link_element(pdf):
    annotations = link_annotations(pdf)
    places = [(page, tuple(round(float(v), 2) for v in a["/Rect"])) for page, a in annotations]
    assert len(places) == len(set(places))  # the cross-reference's <span> adds none
    in_links = [
        resolved(kid["/Obj"])
        for link in of_type(pdf, "/Link")
        for kid in kids(link)
        if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR"
    ]
    assert len(in_links) == len(annotations)
    assert {id(a) for a in in_links} == {id(a) for _, a in annotations}


def test_links_are_described_in_words_not_ids(pdf):
    contents = [str(a["/Contents"]) for _, a in link_annotations(pdf)]
    assert "Recommendation 1: Publish a status page" in contents  # the text, then the title
    assert "the review site" in contents  # an external link: its words
    assert not [c for c in contents if "--" in c or c.startswith("#")]  # no target ids
    assert all(a["/F"] == 4 for _, a in link_annotations(pdf))  # printed with the page


def test_table_header_cells_have_a_scope(pdf):
    headers = of_type(pdf, "/TH")
    assert headers
    assert {resolved(h["/A"]).get("/Scope") for h in headers} == {"/Column"}


def test_list_items_have_their_label_and_body(pdf):
    items = of_type(pdf, "/LI")
    assert items
    for item in items:
        structures = [kid.get("/S") for kid in kids(item) if isinstance(kid, DictionaryObject)]
        assert structures in (["/LBody"], ["/Lbl", "/LBody"]), structures
        body = next(kid for kid in kids(item) if kid.get("/S") == "/LBody")
        assert resolved(body["/P"]) == item


def test_running_heads_and_footers_are_artifacts_and_the_text_is_not(pdf):
    # the chapter's first page: its heading first, read as content
    text = next(t for t in map(marked_text, pdf.pages) if t[:1] == [("/Span", "Chapter")])
    (edition, footer) = text[-2:]
    assert edition == ("/Artifact", "Final report")
    assert footer[0] == "/Artifact" and re.fullmatch(r"Page \d+ of \d+", footer[1]), footer
    assert [mark for mark, _words in text[:-2]] == ["/Span"] * (len(text) - 2)


def test_no_empty_span_is_left_in_the_tree(pdf):
    assert not [span for span in of_type(pdf, "/Span") if not kids(span)]


def test_a_link_repeated_by_an_element_nested_in_it_is_dropped():
    class Box:
        def __init__(self, link: object) -> None:
            self.link = link

    anchor, nested, elsewhere = Box(("url", "x")), Box(None), Box(None)
    links = [
        ("internal", "t", (10.0, 10.0, 50.0, 20.0), anchor),
        ("internal", "t", (12.0, 10.0, 40.0, 20.0), nested),  # inside the <a>: dropped
        ("internal", "t", (60.0, 10.0, 90.0, 20.0), elsewhere),  # not covered: kept
        ("internal", "u", (12.0, 10.0, 40.0, 20.0), Box(None)),  # another target: kept
    ]
    assert [link[3] for link in unique_links(links)] == [anchor, elsewhere, links[3][3]]


def test_a_weasyprint_without_what_is_corrected_keeps_its_own_tagging(monkeypatch, caplog):
    import weasyprint.pdf.tags

    from reviewkit.pdf.tagging import accessible_tags

    original = weasyprint.pdf.tags._build_box_tree
    add_links = weasyprint.pdf.add_links
    monkeypatch.delattr(weasyprint.pdf.tags, "_build_box_tree")
    with caplog.at_level("WARNING"), accessible_tags():
        assert weasyprint.pdf.add_links is add_links  # nothing replaced
    assert "has no _build_box_tree" in caplog.text
    monkeypatch.setattr(weasyprint.pdf.tags, "_build_box_tree", original, raising=False)
    with accessible_tags():
        assert weasyprint.pdf.add_links is not add_links
    assert weasyprint.pdf.add_links is add_links  # put back after
