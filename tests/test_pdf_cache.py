"""PDFs laid out before: taken when nothing they are made from changed, never otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_pdf import FILES, INDEX, PDF_CONF

from conftest import write_project
from pdfs import build_pdf
from sources import CHAPTER, png

#: the PDFs here are laid out with WeasyPrint, a few seconds each
pytestmark = pytest.mark.slow

PDF = "test-final.pdf"


@pytest.fixture
def layouts(monkeypatch, tmp_path) -> list[str]:
    """The cache in a folder of this test's own, and each layout the builds make."""
    from reviewkit.pdf import writing

    monkeypatch.setenv("REVIEWKIT_PDF_CACHE", str(tmp_path / "cache"))
    made: list[str] = []
    original = writing.lay_out

    def counted(html, fetcher):
        made.append(html)
        return original(html, fetcher)

    monkeypatch.setattr(writing, "lay_out", counted)
    return made


def kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("*.pdf"))


def test_an_unchanged_report_takes_the_pdf_laid_out_before(tmp_path, layouts):
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    status, warnings, first = build_pdf(srcdir, tmp_path / "first")
    assert (status, warnings) == (0, "")
    status, warnings, second = build_pdf(srcdir, tmp_path / "second")
    assert (status, warnings) == (0, "")
    assert len(layouts) == 1, "the second build laid nothing out"
    assert (second / PDF).read_bytes() == (first / PDF).read_bytes()
    assert len(kept(tmp_path)) == 1


def test_a_changed_chapter_is_laid_out_again_and_replaces_the_kept_pdf(tmp_path, layouts):
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    assert build_pdf(srcdir, tmp_path / "out")[0] == 0
    before = (tmp_path / "out" / PDF).read_bytes()
    (srcdir / "chapter.md").write_text(CHAPTER + "\nA sentence added since.\n")
    assert build_pdf(srcdir, tmp_path / "out")[0] == 0
    assert len(layouts) == 2
    assert (tmp_path / "out" / PDF).read_bytes() != before
    assert len(kept(tmp_path)) == 1, "one PDF kept per name"


def test_an_image_changed_under_the_same_name_is_laid_out_again(tmp_path, layouts):
    files = {**FILES, "chapter.md": CHAPTER + "\n![A square](square.png)\n"}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    (srcdir / "square.png").write_bytes(png(7, 3, (255, 0, 0)))
    assert build_pdf(srcdir, tmp_path / "out")[0] == 0
    (srcdir / "square.png").write_bytes(png(7, 3, (0, 0, 255)))
    assert build_pdf(srcdir, tmp_path / "out")[0] == 0
    assert len(layouts) == 2, "the print HTML is the same; the image is not"


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf, record: pdf.write_bytes(pdf.read_bytes()[:-100]),
        lambda pdf, record: record.write_text("{not json"),
        lambda pdf, record: record.write_text(json.dumps({"pages": "2", "sha256": "0"})),
        lambda pdf, record: pdf.unlink(),
    ],
    ids=["truncated PDF", "unreadable record", "record of another file", "PDF gone"],
)
def test_a_damaged_entry_is_not_used_and_is_replaced(tmp_path, layouts, damage):
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    assert build_pdf(srcdir, tmp_path / "first")[0] == 0
    [pdf] = kept(tmp_path)
    damage(pdf, pdf.with_suffix(".json"))
    status, warnings, second = build_pdf(srcdir, tmp_path / "second")
    assert (status, warnings) == (0, "")
    assert len(layouts) == 2, "laid out again"
    assert (second / PDF).read_bytes() == (tmp_path / "first" / PDF).read_bytes()
    assert [p.read_bytes() for p in kept(tmp_path)] == [(second / PDF).read_bytes()]


def test_a_rendering_that_warned_is_not_kept_so_its_warning_comes_again(tmp_path, layouts):
    hostile = '# Hostile\n\n```{raw} html\n<img src="https://example.org/t.png" alt="t">\n```\n'
    files = {"index.md": INDEX.replace("long", "hostile"), "chapter.md": CHAPTER}
    srcdir = write_project(tmp_path / "src", {**files, "hostile.md": hostile}, PDF_CONF)
    for out in ("first", "second"):
        status, warnings, _ = build_pdf(srcdir, tmp_path / out)
        assert status == 0
        assert "https://example.org/t.png is left out" in warnings, out
    assert len(layouts) == 2
    assert kept(tmp_path) == []


def test_an_empty_setting_keeps_nothing(tmp_path, layouts, monkeypatch):
    monkeypatch.setenv("REVIEWKIT_PDF_CACHE", "")
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    for out in ("first", "second"):
        assert build_pdf(srcdir, tmp_path / out)[0] == 0
    assert len(layouts) == 2
    assert not (tmp_path / "cache").exists()


def test_without_fontconfig_the_build_says_what_to_install(tmp_path, layouts, monkeypatch):
    from reviewkit.pdf import fonts

    def missing():
        raise fonts.FontProblem(
            "fontconfig's fc-list is not available to find the PDF's fonts; install it with: "
            "apt-get install -y fontconfig"
        )

    monkeypatch.setattr(fonts, "listing", missing)  # the key lists the fonts too
    monkeypatch.setattr(fonts, "installed", missing)
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    status, warnings, out = build_pdf(srcdir, tmp_path / "out")
    assert status != 0
    assert "apt-get install -y fontconfig" in warnings
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    assert not list(out.glob("*.pdf")) and layouts == []


def test_an_image_that_could_not_be_copied_is_said_and_nothing_is_kept(
    tmp_path, layouts, monkeypatch
):
    from reviewkit.pdf import builder

    def refused(source, target, **kwargs):
        raise PermissionError(13, "Permission denied", str(source))

    monkeypatch.setattr(builder.shutil, "copyfile", refused)
    files = {**FILES, "chapter.md": CHAPTER + "\n![A square](square.png)\n"}
    srcdir = write_project(tmp_path / "src", files, PDF_CONF)
    (srcdir / "square.png").write_bytes(png(7, 3))
    status, warnings, out = build_pdf(srcdir, tmp_path / "out")
    assert "cannot copy the image square.png into the PDF's folder: Permission denied" in warnings
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    assert status == 0 and (out / PDF).is_file(), "the PDF, with the warning, as before"
    assert kept(tmp_path) == [], "a PDF missing an image is never kept"
