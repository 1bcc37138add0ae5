"""The PDF of a synthetic report, against bare WeasyPrint on the same HTML.

The reviewkit figure is ``sphinx-build -b pdf`` as publish runs it: after the HTML
build, from that build's doctrees (copied, untimed), so the sources are not read
again; it resolves, checks the fonts, lays out and writes. The baseline renders the print HTML that
build left behind with WeasyPrint alone and a minimal stylesheet, in a process of
its own, so both pay the same start-up; it writes the same kind of file, a tagged
PDF/UA-1 (tagging costs WeasyPrint about a third of its time, whoever asks for it).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from measure import Run, run

MINIMAL = (
    "<style>@page { size: A4; margin: 20mm } "
    'body { font: 10pt/1.4 "Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC" }</style>'
)
BARE = """
import sys
from weasyprint import HTML
html, base, target = sys.argv[1:4]
HTML(string=open(html, encoding="utf-8").read(), base_url=base).write_pdf(
    target, pdf_variant="pdf/ua-1", pdf_identifier=True
)
"""


def build(src: Path, out: Path, doctrees: Path | None = None) -> Run:
    """The PDF from the HTML build's ``doctrees`` (from nothing, ``-E``, without)."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "pdf"]
    if doctrees is None:
        command.append("-E")
    else:
        shutil.rmtree(out / "doctrees", ignore_errors=True)
        shutil.copytree(doctrees, out / "doctrees")
    return run([*command, "-d", str(out / "doctrees"), str(src), str(out / "pdf")])


def bare(out: Path) -> Run:
    """WeasyPrint alone on the HTML the last build laid out, with a minimal stylesheet."""
    printed = (out / "pdf" / "print.html").read_text(encoding="utf-8")
    minimal = out / "minimal.html"
    minimal.write_text(re.sub(r"<style>.*?</style>", MINIMAL, printed, flags=re.S))
    base = f"{out / 'pdf'}/"
    return run([sys.executable, "-c", BARE, str(minimal), base, str(out / "bare.pdf")])


def pages(out: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(next((out / "pdf").glob("*.pdf"))).pages)
