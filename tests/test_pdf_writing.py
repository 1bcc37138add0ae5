"""Writing a PDF (reviewkit.pdf.writing): the page references made once per page count,
the same bytes as without, and a failed write that leaves the last PDF in place."""

from __future__ import annotations

import io

import pydyf
import pytest
from weasyprint import HTML

from reviewkit.pdf import writing
from reviewkit.pdf.writing import OPTIONS, page_references_once

#: a few pages with links between them: every link target reads the page references
HTML_TEXT = "".join(
    f'<h1 id="s{n}" style="break-before: page">Section {n}</h1>'
    f'<p><a href="#s{(n + 1) % 6}">Next section</a></p>'
    for n in range(6)
)


def new_page(pdf: pydyf.PDF) -> None:
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))


def test_the_page_references_are_pydyfs_made_once_per_number_of_pages():
    pdf = pydyf.PDF()
    for _ in range(3):
        new_page(pdf)
    plain = pdf.page_references
    assert pdf.page_references is not plain, "pydyf builds them at each reading"
    with page_references_once():
        first = pdf.page_references
        assert first == plain
        assert pdf.page_references is first
        new_page(pdf)
        grown = pdf.page_references
        assert len(grown) == 4 and grown[:3] == first
    assert isinstance(vars(pydyf.PDF)["page_references"], property)
    assert pdf.page_references == grown and pdf.page_references is not grown


def test_a_pdf_written_with_them_is_the_same_bytes(tmp_path):
    document = HTML(string=HTML_TEXT).render(**OPTIONS)
    plain = io.BytesIO()
    document.write_pdf(plain, **OPTIONS)
    with page_references_once():
        once = io.BytesIO()
        document.write_pdf(once, **OPTIONS)
    assert len(document.pages) == 6
    assert once.getvalue() == plain.getvalue()


def test_a_failed_write_leaves_the_last_pdf_and_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.7 the last good one")
    document = HTML(string=HTML_TEXT).render(**OPTIONS)

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(document, "write_pdf", fail)
    with pytest.raises(OSError, match="disk full"):
        writing.write(document, target)
    assert target.read_bytes() == b"%PDF-1.7 the last good one"
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]
