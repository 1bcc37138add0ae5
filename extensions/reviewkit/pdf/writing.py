"""Writing a PDF: PDF/UA-1 with reviewkit's tagging, all or nothing.

The report's PDF and the status PDF are written here alike: laid out by WeasyPrint
from HTML that says it lives at :data:`~reviewkit.pdf.fetcher.BASE_URL` (so the same
HTML gives the same bytes wherever it is built), tagged with the corrections of
:mod:`reviewkit.pdf.tagging`, and written to a hidden file beside the target that
replaces it only once complete: a failure leaves the last good PDF in place.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .fetcher import BASE_URL

#: WeasyPrint's options for every PDF reviewkit writes
OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


def lay_out(html: str, fetcher: Any) -> Any:
    """WeasyPrint's document (its pages laid out) of ``html``, reading only what
    ``fetcher`` serves."""
    from weasyprint import HTML  # imported here: loading it costs a second

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**OPTIONS)
    # each layout pass leaves its boxes behind as reference cycles, which only a full
    # collection frees; the collector's own timing may not run one before the writing,
    # which would then add its own on top (300 MB more on a long report)
    gc.collect()
    return document


def write(document: Any, target: Path, finisher: Callable[[Any, Any], None] | None = None) -> None:
    """Write ``document`` to ``target``, tagged; ``target`` is replaced only when the new
    file is complete."""
    from .tagging import accessible_tags

    handle, name = tempfile.mkstemp(prefix=".", suffix=".pdf", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        with accessible_tags():  # what a screen reader needs that WeasyPrint misses
            document.write_pdf(partial, finisher=finisher, **OPTIONS)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
