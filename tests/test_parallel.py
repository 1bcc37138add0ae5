"""-j 2 gives the same numbers, tables, pages and export as -j 1."""

from __future__ import annotations

import io
import re

from sphinx.testing.util import SphinxTestApp

from conftest import write_project
from sources import CHAPTERS, many_chapters


def build(tmp_path, parallel: int) -> tuple[SphinxTestApp, str]:
    srcdir = write_project(tmp_path / f"src-{parallel}", many_chapters())
    status = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, parallel=parallel, status=status, warning=io.StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, status.getvalue()


def test_parallel_build_matches_serial_build(tmp_path):
    serial, _ = build(tmp_path, 1)
    parallel, status = build(tmp_path, 2)
    # chunked progress ("chapter01 .. chapter07") shows the documents were read by workers
    assert re.search(r"reading sources\.\.\. .*chapter01 \.\. chapter\d\d", status), status
    assert parallel._warning.getvalue() == serial._warning.getvalue() == ""
    for name in [
        "recommendations.json",
        "recommendations.csv",
        "summary.html",
        *(f"chapter{n:02d}.html" for n in range(1, CHAPTERS + 1)),
    ]:
        assert (parallel.outdir / name).read_text() == (serial.outdir / name).read_text(), name
    page = (parallel.outdir / "chapter12.html").read_text()
    assert "Recommendation 12.2" in page and "Finding 11" in page
