"""Building a small project as PDF and reading the PDF back with pypdf."""

from __future__ import annotations

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
