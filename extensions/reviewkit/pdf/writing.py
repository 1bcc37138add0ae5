"""Writing a PDF: PDF/UA-1 with reviewkit's tagging, all or nothing.

The report's PDF and the status PDF are written here alike: laid out by WeasyPrint
from HTML that says it lives at :data:`~reviewkit.pdf.fetcher.BASE_URL` (so the same
HTML gives the same bytes wherever it is built), tagged with the corrections of
:mod:`reviewkit.pdf.tagging`, and written to a hidden file beside the target that
replaces it only once complete: a failure leaves the last good PDF in place.

While it writes, :func:`page_references_once` removes a cost that grows with the
square of the pages: pydyf's ``PDF.page_references`` builds a new tuple of every page's
reference each time it is read, and WeasyPrint reads it for each tagged element and
each link target (21,607 times for this report's 200 pages). Not reported upstream
yet; it is described as it would be filed in the README ("The PDF's cost").
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Callable, Iterator
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
        # what a screen reader needs that WeasyPrint misses
        with accessible_tags(), page_references_once():
            document.write_pdf(partial, finisher=finisher, **OPTIONS)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


#: where a PDF keeps its page references, and how many pages they were made for
CACHE = "_reviewkit_page_references"


@contextlib.contextmanager
def page_references_once() -> Iterator[None]:
    """pydyf's ``PDF.page_references``, made once per number of pages instead of once
    per reading, while in the block. The tuple is the same as pydyf's: pages are only
    ever added to ``Kids``, so its length says whether it is still current. A pydyf
    whose ``page_references`` is not a property is left as it is."""
    import pydyf

    original = vars(pydyf.PDF).get("page_references")
    if not isinstance(original, property) or original.fget is None:
        yield
        return
    build = original.fget

    def references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        made = pdf.__dict__.get(CACHE)
        if made is None or made[0] != count:
            made = pdf.__dict__[CACHE] = (count, build(pdf))
        return made[1]

    pydyf.PDF.page_references = property(references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original
