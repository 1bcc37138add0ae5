"""Benchmark the PDF of the full report against bare WeasyPrint on the same HTML.

The reviewkit figure is the whole ``sphinx-build -b pdf`` of report/ (reading,
resolving, the font checks, layout and writing). The baseline renders the print
HTML that build left behind with WeasyPrint alone and a minimal stylesheet, in a
process of its own, so both pay the same start-up. It writes the same kind of
file as the build, a tagged PDF/UA-1 (the tags cost WeasyPrint about a third of
its time, whoever asks for them); the untagged figure is printed beside it.
CPU seconds, minimum of the repeats, interleaved.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"pdf_ratio": 1.3, "pdf_ratio_after_html": 1.3, "pdf_ms_per_page": 60.0}
MINIMAL = (
    "<style>@page { size: A4; margin: 20mm } "
    'body { font: 10pt/1.4 "Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC" }</style>'
)
BARE = """
import sys
from weasyprint import HTML
html, base, target, variant = sys.argv[1:5]
options = {"pdf_variant": variant, "pdf_identifier": True} if variant else {}
HTML(string=open(html, encoding="utf-8").read(), base_url=base).write_pdf(target, **options)
"""


def cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.splitlines()[-20:])
        what = " ".join(command[:4])
        raise RuntimeError(f"{what} ... failed (exit {result.returncode}):\n{tail}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def measure_pdf(work: Path, repeat: int) -> dict:
    """Full PDF builds (-E), PDF builds after an HTML build, and bare WeasyPrint, interleaved.

    The second figure is the editor's workflow: ``nox -s html`` then ``nox -s pdf`` share
    the doctrees, so the PDF build reads nothing and only resolves, writes and renders.
    """
    out = work / "pdf"
    shutil.rmtree(out, ignore_errors=True)
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-c", str(ROOT), "-d", str(out / "doctrees")]
    source = str(ROOT / "report")
    cpu_seconds([*sphinx, "-b", "html", source, str(out / "html")])  # untimed: the doctrees
    full, after_html, bare, untagged = [], [], [], []
    for _ in range(repeat):
        full.append(cpu_seconds([*sphinx, "-b", "pdf", "-E", source, str(out / "full")]))
        cpu_seconds([*sphinx, "-b", "html", "-E", source, str(out / "html")])
        after_html.append(cpu_seconds([*sphinx, "-b", "pdf", source, str(out / "reviewkit")]))
        printed = (out / "reviewkit" / "print.html").read_text(encoding="utf-8")
        minimal = out / "minimal.html"
        minimal.write_text(re.sub(r"<style>.*?</style>", MINIMAL, printed, flags=re.S))
        base = f"{out / 'reviewkit'}/"
        weasyprint = [sys.executable, "-c", BARE, str(minimal), base, str(out / "bare.pdf")]
        bare.append(cpu_seconds([*weasyprint, "pdf/ua-1"]))
        untagged.append(cpu_seconds([*weasyprint, ""]))
    count = pages(next((out / "reviewkit").glob("*.pdf")))
    baseline = min(bare)
    return {
        "pdf_pages": count,
        "pdf_seconds": min(full),
        "pdf_seconds_after_html": min(after_html),
        "pdf_bare_weasyprint_seconds": baseline,
        "pdf_bare_untagged_seconds": min(untagged),
        "pdf_bare_pages": pages(out / "bare.pdf"),
        "pdf_ratio": min(full) / baseline,
        "pdf_ratio_after_html": min(after_html) / baseline,
        "pdf_ratio_untagged": min(full) / min(untagged),
        "pdf_ms_per_page": 1000 * min(full) / count,
        "pdf_bare_ms_per_page": 1000 * baseline / count,
    }


def report_pdf(results: dict) -> None:
    print(
        f"\nPDF of the full report: {results['pdf_pages']} pages in {results['pdf_seconds']:.2f} s"
        f" CPU; bare WeasyPrint on the same HTML with a minimal stylesheet: "
        f"{results['pdf_bare_weasyprint_seconds']:.2f} s tagged, "
        f"{results['pdf_bare_untagged_seconds']:.2f} s untagged ({results['pdf_bare_pages']} "
        f"pages, {results['pdf_bare_ms_per_page']:.0f} ms per page tagged); after an HTML build "
        f"sharing its doctrees: {results['pdf_seconds_after_html']:.2f} s; against untagged "
        f"WeasyPrint: {results['pdf_ratio_untagged']:.2f}"
    )
    for name, goal in GOALS.items():
        verdict = "ok" if results[name] <= goal else "over goal"
        print(f"{name:<20}{results[name]:8.3f}   goal <= {goal:g}   {verdict}")
