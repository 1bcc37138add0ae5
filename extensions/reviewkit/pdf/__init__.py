"""The report as one typeset PDF: ``sphinx-build -b pdf`` (``reviewkit build pdf``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    # imported here: what else lays out a PDF (the status) does without Sphinx's builders
    from .builder import PDFBuilder, check_toctree_classes

    app.add_builder(PDFBuilder)
    app.connect("doctree-read", check_toctree_classes)
