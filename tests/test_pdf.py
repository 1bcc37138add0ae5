"""The PDF itself, read back with pypdf: pages, outline, cover, watermark, fonts, metadata."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from sphinx.cmd.build import build_main

from conftest import CONF, write_project
from pdfs import build_pdf, outline_titles, page_texts
from sources import CHAPTER, png

#: every test here lays out a PDF with WeasyPrint, a few seconds each
pytestmark = pytest.mark.slow

PDF_CONF = (
    CONF
    + 'project = "Test review"\nauthor = "Test Review Team"\nreviewkit_slug = "test"\n'
    + 'reviewkit_title = "Report of the test review"\n'
    + 'reviewkit_keywords = ["review", "security"]\n'
    + 'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", '
    + '"how": "Write to the team."}\n'
)
INDEX = "# Report\n\n```{toctree}\nchapter\nlong\n```\n"
ROWS = "\n".join(f"| {n} | Row {n} of a long table | Status {n} |" for n in range(1, 121))
LONG = f"""\
# A long appendix

| Number | Subject | Status |
|---|---|---|
{ROWS}
"""
FILES = {"index.md": INDEX, "chapter.md": CHAPTER, "long.md": LONG}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, pypdf.PdfReader]:
    root = tmp_path_factory.mktemp("pdf")
    srcdir = write_project(root / "src", FILES, PDF_CONF)
    readers = {}
    for edition, tags in (("final", ()), ("draft", ("draft",))):
        status, warnings, outdir = build_pdf(srcdir, root / edition, *tags)
        assert (status, warnings) == (0, "")
        readers[edition] = pypdf.PdfReader(outdir / f"test-{edition}.pdf")
    return readers


def test_the_cover_names_the_report_its_team_edition_and_date(editions):
    final = page_texts(editions["final"])[0]
    assert "Report of the test review" in final and "Test Review Team" in final
    assert "Final report" in final and "25 January 2021" in final
    draft = page_texts(editions["draft"])[0]
    assert "Draft report for public comment" in draft
    assert "Comments are invited until 20 March 2020." in draft


def test_contents_give_each_chapter_its_page(editions):
    texts = page_texts(editions["final"])
    contents = next(text for text in texts if text.startswith("Contents"))
    # the body's pages are numbered from its first, the first chapter's opening
    assert "Page 1 of" in next(t for t in texts if "Why the review matters" in t)
    assert "The first chapter 1 " in re.sub(r"[ .]+", " ", contents)
    appendix = next(n for n, t in enumerate(texts) if "Number Subject Status" in t)
    assert f"Page {appendix - 3} of" in texts[appendix]  # after cover, its back, contents
    assert f"A long appendix {appendix - 3} " in re.sub(r"[ .]+", " ", contents)


def test_chapters_start_on_a_right_hand_page(editions):
    texts = page_texts(editions["final"])
    for opening in ("Why the review matters", "Number Subject Status"):
        page = next(n for n, t in enumerate(texts, 1) if opening in t)
        assert page % 2 == 1, f"{opening!r} opens on page {page}"


def test_the_outline_has_every_heading_group_and_recommendation(editions):
    titles = outline_titles(editions["final"])
    assert "The first chapter" in titles and "A long appendix" in titles
    assert "Recommendation 1: Handle abuse" in titles
    assert "Recommendation 1.1: Adopt shared words" in titles
    assert "Recommendation 1.2: Publish abuse data" in titles
    assert "Finding 1: Words differ" in titles
    assert "Measures of success" not in titles, "the parts of a recommendation stay out"


def test_pages_have_running_heads_and_page_n_of_m(editions):
    reader = editions["final"]
    texts = page_texts(reader)
    first = next(n for n, t in enumerate(texts) if "Why the review matters" in t)
    total = len(texts) - first  # the body's pages: the cover and contents are not counted
    page = next(n for n, t in enumerate(texts) if "Shared words come first" in t)
    assert f"Page {page - first + 1} of {total}" in texts[page]
    assert "Final report" in texts[page]
    opening = next(n for n, t in enumerate(texts, 1) if "Number Subject Status" in t)
    assert texts[opening - 1].count("A long appendix") == 1, "no running head on the opening"
    assert "A long appendix" in texts[opening], "the next page names its chapter"


def test_the_draft_has_a_watermark_on_every_page_and_the_final_none(editions):
    assert all("DRAFT — for public comment" in text for text in page_texts(editions["draft"]))
    assert not any("DRAFT" in text for text in page_texts(editions["final"]))


def test_a_long_table_repeats_its_header_row_on_each_page(editions):
    texts = page_texts(editions["final"])
    table_pages = [t for t in texts if "of a long table" in t]
    assert len(table_pages) >= 2
    assert all("Number Subject Status" in t for t in table_pages)


def test_footnotes_sit_at_the_foot_of_the_page_that_cites_them(editions):
    texts = page_texts(editions["final"])
    page = next(t for t in texts if "Why the review matters" in t)
    assert "ICANN Bylaws, Section 4.6(c)." in page


def test_internal_links_work(editions):
    reader = editions["final"]
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [link for link in links if "/Dest" in link or "/A" in link]
    assert len(internal) >= 5  # contents entries, the finding and recommendation references


def test_every_font_is_embedded(editions):
    for reader in editions.values():
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts", [font])
                for descendant in descendants:
                    descriptor = descendant.get_object()["/FontDescriptor"]
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font


def test_metadata_language_and_tags(editions):
    reader = editions["final"]
    meta = reader.metadata
    assert meta.title == "Report of the test review"
    assert meta.author == "Test Review Team"
    assert meta.subject == "Test review"
    assert meta["/Keywords"] == "review, security"
    assert meta.creation_date is not None and meta.modification_date is not None
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data().replace(b" ", b"")


def test_two_builds_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1611532800")
    files = {
        **FILES,
        "index.md": "# Report\n\nAn opening.\n\n```{toctree}\nchapter\nlong\n```\n",
        "chapter.md": CHAPTER + "\n![A red square](red.png)\n",
    }
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    (srcdir / "red.png").write_bytes(png(7, 3))
    pdfs = []
    for n in (1, 2):
        status, _, outdir = build_pdf(srcdir, tmp_path / f"out{n}")
        assert status == 0
        pdfs.append((outdir / "test-final.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    assert pypdf.PdfReader(io.BytesIO(pdfs[0])).metadata.creation_date.year == 2021


HOSTILE = """\
# Hostile

<img src="file:///etc/hostname" alt="host">

<link rel="stylesheet" href="file:///etc/hostname">

<link rel="attachment" href="file:///etc/hostname" title="host">

<img src="https://example.org/tracker.png" alt="tracker">

Text after.
"""


def refusals(warnings: str) -> dict[str, str]:
    """Each URL the renderer refused, with the place (``file:line``) the warning names."""
    pattern = re.compile(
        r"^(\S+?): WARNING: the PDF may only use the report's own files .*?, "
        r"so (\S+) is left out; .* \[reviewkit\.pdf-url\]$",
        re.MULTILINE,
    )
    return {url: place for place, url in pattern.findall(warnings)}


def test_the_renderer_reads_nothing_outside_the_build(tmp_path):
    files = {"index.md": "# R\n\n```{toctree}\nhostile\n```\n", "hostile.md": HOSTILE}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert status == 0
    refused = refusals(warnings)
    assert refused.get("file:///etc/hostname") == f"{srcdir}/hostile.md:3", warnings
    assert refused.get("https://example.org/tracker.png") == f"{srcdir}/hostile.md:9", warnings
    assert warnings.count("[reviewkit.pdf-url]") >= 4
    reader = pypdf.PdfReader(outdir / "test-final.pdf")
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    assert reader.attachments == {}
    hostname = Path("/etc/hostname").read_text().strip()
    if hostname:
        assert hostname not in "".join(page_texts(reader))


BUILD_FILES = """\
# Build files

![A red square](red.png)

<link rel="attachment" href=".doctrees/environment.pickle" title="pickle">

<img src=".doctrees/environment.pickle" alt="pickle">

<object data="print.html" type="text/html"></object>

<div style="background: url(.doctrees/environment.pickle)">Styled.</div>

<img src="_images/red.png" alt="The square again, from raw HTML">

Text after.
"""


def test_the_pdf_embeds_only_files_the_sources_hold(tmp_path):
    """The build's own files (the pickled environment, with its paths and settings; the
    print HTML) are beside the images in the output folder, and stay out of the PDF."""
    files = {"index.md": "# R\n\n```{toctree}\nbuild-files\n```\n", "build-files.md": BUILD_FILES}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    (srcdir / "red.png").write_bytes(png(7, 3))
    outdir = tmp_path / "out"
    status, warnings, _ = build_pdf(srcdir, outdir)
    assert status == 0
    assert (outdir / ".doctrees" / "environment.pickle").is_file()
    refused = refusals(warnings)
    assert refused.get(".doctrees/environment.pickle") == f"{srcdir}/build-files.md:5", warnings
    assert refused.get("print.html") == f"{srcdir}/build-files.md:9", warnings
    assert not any("red.png" in url for url in refused), "the sources' own image is used"
    reader = pypdf.PdfReader(outdir / "test-final.pdf")
    assert reader.attachments == {}
    assert b"environment.pickle" not in (outdir / "test-final.pdf").read_bytes()


def pdf_images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) of every image drawn in the PDF, as ``pdfimages -list`` lists them."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [(int(row.split()[3]), int(row.split()[4])) for row in listing]


def figure_alt_texts(reader: pypdf.PdfReader) -> list[str]:
    """The /Alt of every Figure in the PDF's structure tree (what a screen reader says)."""
    found = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        element = pending.pop().get_object()
        if not isinstance(element, pypdf.generic.DictionaryObject):
            continue
        if element.get("/S") == "/Figure" and "/Alt" in element:
            found.append(str(element["/Alt"]))
        kids = element.get("/K", [])
        pending.extend(kids if isinstance(kids, list) else [kids])
    return found


FIGURES = """\
# Figures

![A red square](red.png)

```{figure} figures/blue.png
:alt: A blue bar, wider than it is high

The caption of the blue bar.
```
"""


def test_the_chapters_images_are_in_the_pdf_with_their_alt_text(tmp_path):
    files = {"index.md": "# R\n\n```{toctree}\nfigures\n```\n", "figures.md": FIGURES}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    (srcdir / "red.png").write_bytes(png(7, 3, (255, 0, 0)))
    (srcdir / "figures").mkdir()
    (srcdir / "figures" / "blue.png").write_bytes(png(12, 2, (0, 0, 255)))
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    pdf = outdir / "test-final.pdf"
    assert sorted(pdf_images(pdf)) == [(7, 3), (12, 2)]
    reader = pypdf.PdfReader(pdf)
    assert sorted(figure_alt_texts(reader)) == ["A blue bar, wider than it is high", "A red square"]
    assert "The caption of the blue bar." in "".join(page_texts(reader))


OPENING = """\
# Report of the test review

This report sets out what the review team found, and why.

:::{only} draft
Words for the draft only.
:::

```{toctree}
:caption: The chapters

chapter
```
"""


def test_the_root_documents_own_text_opens_the_report_after_the_contents(tmp_path):
    files = {"index.md": OPENING, "chapter.md": CHAPTER}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    reader = pypdf.PdfReader(outdir / "test-final.pdf")
    texts = page_texts(reader)

    def page_of(words: str) -> int:
        return next(n for n, text in enumerate(texts) if words in text)

    opening = page_of("This report sets out what the review team found, and why.")
    assert page_of("Contents") < opening < page_of("Why the review matters")
    assert opening % 2 == 0, "it opens on a right-hand page, as a chapter does"
    assert (
        [page_of("Report of the test review")]
        == [n for n, text in enumerate(texts) if "Report of the test review" in text]
        == [0]
    ), "the title is on the cover, and only there"
    assert "The chapters" not in texts[opening], "the contents page replaces the toctree"
    assert not any("Words for the draft only" in text for text in texts)
    assert "Report of the test review" not in outline_titles(reader)


def test_a_one_page_report_prints_its_text(tmp_path):
    files = {"index.md": "# Report of the test review\n\nAll the report says, on one page.\n"}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    texts = page_texts(pypdf.PdfReader(outdir / "test-final.pdf"))
    assert "All the report says, on one page." in " ".join(texts)
    assert not any(text.startswith("Contents") for text in texts), "no empty contents page"


def test_a_root_document_of_title_and_contents_adds_no_page(tmp_path):
    index = "# Report\n\n% a comment for the editors\n\n(top)=\n\n```{toctree}\nchapter\n```\n"
    srcdir = write_project(tmp_path / "src", {"index.md": index, "chapter.md": CHAPTER}, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    texts = page_texts(pypdf.PdfReader(outdir / "test-final.pdf"))
    contents = next(n for n, text in enumerate(texts) if text.startswith("Contents"))
    chapter = next(n for n, text in enumerate(texts) if "Why the review matters" in text)
    assert chapter == contents + 2, "the chapter follows the contents' blank back page"


def failed_build(tmp_path: Path, files: dict[str, str]) -> str:
    """Build files that must not give a PDF; return the messages."""
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert status != 0
    assert not list(outdir.glob("*.pdf")), "no PDF, not even a partial one"
    return warnings


def test_a_character_without_a_glyph_fails_the_build(tmp_path):
    chapter = "# Chapter\n\nA line.\n\nAn emoji 😀 here.\n"
    files = {"index.md": INDEX.replace("\nlong", ""), "chapter.md": chapter}
    warnings = failed_build(tmp_path, files)
    assert "chapter.md:5: ERROR: U+1F600 GRINNING FACE" in warnings
    assert "has no glyph in the PDF's fonts" in warnings


def test_a_missing_font_names_the_package(tmp_path, monkeypatch):
    from reviewkit.pdf import fonts

    everything = fonts.installed()
    monkeypatch.setattr(
        fonts, "installed", lambda: {k: v for k, v in everything.items() if k != "Noto Serif"}
    )
    warnings = failed_build(tmp_path, FILES)
    assert "the PDF needs the font 'Noto Serif'" in warnings
    assert "apt-get install -y fonts-noto-core" in warnings


def test_a_renderer_failure_leaves_no_pdf(tmp_path, monkeypatch):
    import weasyprint

    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    status, _, outdir = build_pdf(srcdir, tmp_path / "good")
    assert status == 0
    monkeypatch.setattr(weasyprint.Document, "write_pdf", broken)
    (outdir / "test-final.pdf").unlink()
    status, warnings, outdir = build_pdf(srcdir, outdir)
    assert status != 0
    assert "WeasyPrint could not write test-final.pdf: RuntimeError: layout failed" in warnings
    assert not list(outdir.glob("*.pdf")) and not list(outdir.glob(".*.pdf"))


def test_the_layouts_discarded_boxes_are_freed_before_the_pdf_is_written(tmp_path, monkeypatch):
    """Each pass of the layout leaves its boxes behind as reference cycles, which only a full
    collection frees: left to the collector's own timing they stay through the writing, and
    on a long report that is hundreds of megabytes more at the build's peak."""
    import gc

    import weasyprint

    unreachable = []
    write = weasyprint.Document.write_pdf

    def counting(self, *args, **kwargs):
        unreachable.append(gc.collect())
        return write(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.Document, "write_pdf", counting)
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    status, warnings, _ = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    assert len(unreachable) == 1 and unreachable[0] < 100, unreachable


def test_the_report_pdf_has_every_recommendation_in_its_outline(tmp_path, capsys):
    root = Path(__file__).parent.parent

    def build(builder: str) -> Path:
        out = tmp_path / builder
        options = ["--no-color", "-c", str(root), "-d", str(tmp_path / "doctrees")]
        assert build_main(["-b", builder, *options, str(root / "report"), str(out)]) == 0
        return out

    reader = pypdf.PdfReader(build("pdf") / "ssr2-final.pdf")
    progress = capsys.readouterr().out
    for pages in range(25, len(reader.pages) + 1, 25):
        assert f"ssr2-final.pdf: {pages} pages laid out" in progress, "a long render reports"
    assert "ssr2-final.pdf: writing the PDF" in progress
    assert not (tmp_path / "pdf" / "_static").exists(), "the site's assets stay out of the PDF"
    titles = set(outline_titles(reader))
    export = json.loads((build("html") / "recommendations.json").read_text())
    for kind in ("groups", "recommendations"):
        for item in export[kind]:
            assert f"SSR2 Recommendation {item['number']}: {item['title']}" in titles
    assert len(reader.pages) > 100


# Where a refused URL is written: the raw HTML that holds it, at its own line.

PLACES = """\
# Files

The attachment `dl/secret.txt` is named here, in text, before the HTML that uses it.

<div style="background: url(imgs/secret.png)">Styled.</div>

<style>
@import "imgs/secret.css";
p { color: black; }
</style>

Text with <img src="imgs/inline.png" alt="inline"> in a paragraph.

<link rel="attachment" href="dl/secret.txt" title="secret">

Text after.
"""

PLACES_RST = """\
Files
=====

The attachment ``dl/secret.txt`` is named here, in text.

.. raw:: html

   <p>A paragraph.</p>
   <div style="background: url(imgs/secret.png)">Styled.</div>
   <link rel="attachment" href="dl/secret.txt" title="secret">

.. raw:: html
   :file: part.html

Text after.
"""


@pytest.mark.parametrize(
    ("document", "text", "expected"),
    [
        (
            "files.md",
            PLACES,
            {
                "imgs/secret.png": "files.md:5",
                "imgs/secret.css": "files.md:8",
                "imgs/inline.png": "files.md:12",
                "dl/secret.txt": "files.md:14",
            },
        ),
        (
            "files.rst",
            PLACES_RST,
            {
                "imgs/secret.png": "files.rst:9",
                "dl/secret.txt": "files.rst:10",
                "imgs/part.png": "part.html:2",
            },
        ),
    ],
)
def test_a_refused_url_is_reported_where_the_html_that_holds_it_is(
    tmp_path, document, text, expected
):
    files = {
        "index.md": "# R\n\n```{toctree}\nfiles\n```\n",
        document: text,
        "part.html": '<p>A part.</p>\n<img src="imgs/part.png" alt="part">\n',
    }
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    for name in ("imgs/secret.png", "imgs/inline.png", "dl/secret.txt", "imgs/secret.css"):
        (srcdir / name).parent.mkdir(exist_ok=True)
        (srcdir / name).write_bytes(png() if name.endswith(".png") else b"secret\n")
    status, warnings, _ = build_pdf(srcdir, tmp_path / "out")
    assert status == 0
    refused = refusals(warnings)
    assert refused == {url: f"{srcdir}/{place}" for url, place in expected.items()}, warnings


def test_a_document_linked_from_outside_the_sources_is_not_printed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("# Private notes\n\nWords kept outside the sources.\n")
    index = "# R\n\n```{toctree}\nchapter\nnotes\n```\n"
    srcdir = write_project(tmp_path / "src", {"index.md": index, "chapter.md": CHAPTER}, PDF_CONF)
    (srcdir / "notes.md").symlink_to(outside / "notes.md")
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert status == 0
    assert f"{srcdir}/notes.md: WARNING: the document 'notes.md' is outside" in warnings
    text = " ".join(page_texts(pypdf.PdfReader(outdir / "test-final.pdf")))
    assert "Why the review matters" in text
    assert "Private notes" not in text and "kept outside" not in text
    assert "Private notes" not in (outdir / "print.html").read_text()


def test_an_image_left_in_the_output_by_an_earlier_build_is_not_embedded(tmp_path):
    """``_images`` keeps what earlier builds copied; the PDF may use only what this one
    copied, so an image taken out of the sources stays out of the PDF."""
    files = {
        "index.md": "# R\n\n```{toctree}\nchapter\n```\n",
        "chapter.md": "# C\n\n![Old](old.png)\n",
    }
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    (srcdir / "old.png").write_bytes(png(9, 9))
    status, _, outdir = build_pdf(srcdir, tmp_path / "out")
    assert status == 0 and pdf_images(outdir / "test-final.pdf") == [(9, 9)]
    (srcdir / "old.png").unlink()
    (srcdir / "chapter.md").write_text('# C\n\n<img src="_images/old.png" alt="Old">\n')
    status, warnings, outdir = build_pdf(srcdir, outdir)
    assert status == 0
    assert (outdir / "_images" / "old.png").is_file(), "the earlier build's copy is still there"
    assert refusals(warnings) == {"_images/old.png": f"{srcdir}/chapter.md:3"}, warnings
    assert pdf_images(outdir / "test-final.pdf") == []


def test_the_glyph_check_knows_each_fonts_characters_as_its_file_maps_them():
    """The check reads fontconfig's charsets, not the font files: for every face of the
    print stylesheet they must be the characters the file's own map has (controls aside),
    or the check would pass a character that prints as a box, or refuse one that prints."""
    import unicodedata

    from fontTools.ttLib import TTFont

    from reviewkit.pdf import fonts

    for family in {family for stack in fonts.STACKS for family in stack}:
        font = fonts.installed()[family]
        with TTFont(font.file, fontNumber=font.index, lazy=True) as face:
            mapped = set(face.getBestCmap())
        printable = {c for c in mapped if unicodedata.category(chr(c)) != "Cc"}
        assert printable <= fonts.coverage(font) <= mapped, family
        assert len(printable) > 1000, family
