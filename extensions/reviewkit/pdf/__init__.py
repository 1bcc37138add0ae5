"""The report as one typeset PDF: ``sphinx-build -b pdf`` (``reviewkit build pdf``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .builder import PDFBuilder, check_toctree_classes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    app.add_builder(PDFBuilder)
    app.connect("doctree-read", check_toctree_classes)
