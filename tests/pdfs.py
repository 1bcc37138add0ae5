"""Building a small project as PDF and reading the PDF back with pypdf."""

from __future__ import annotations

import itertools
from pathlib import Path

import pypdf
from sphinx.cmd.build import build_main


def build_pdf(srcdir: Path, outdir: Path, *tags: str) -> tuple[int, str, Path]:
    warnings = outdir.parent / f"{outdir.name}-warnings.txt"
    args = ["-b", "pdf", "-q", "--no-color", "-w", str(warnings), "-E"]
    for tag in tags:
        args += ["-t", tag]
    try:
        status = build_main([*args, str(srcdir), str(outdir)])
    except SystemExit as stop:
        status = stop.code
    return status, warnings.read_text() if warnings.exists() else "", outdir


def page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield " ".join(item.title.split())

    return list(walk(reader.outline))


def page_lines(reader: pypdf.PdfReader) -> list[list[str]]:
    """Each page's lines, as laid out: where a line ends says how the text was broken."""
    return [
        [" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]
        for page in reader.pages
    ]


#: the hyphen WeasyPrint adds where it breaks a word at the end of a line
HYPHEN = "\u2010"


def broken_words(reader: pypdf.PdfReader) -> list[str]:
    """Every word the PDF hyphenates at the end of a line, put back together."""
    words = []
    for lines in page_lines(reader):
        for line, following in itertools.pairwise(lines):
            if line.endswith(HYPHEN) and following:
                words.append(line.split()[-1].rstrip(HYPHEN) + following.split()[0])
    return words
