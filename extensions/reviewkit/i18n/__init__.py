"""Translations: the report in other languages.

The executive summary is published in every language of ``reviewkit_translations``
whose catalogs under ``locale/`` cover enough of it. ``catalogs`` knows what
translators translate and how much they have; ``fallback`` marks what is still in
English; ``summary`` builds the summary alone; ``catalogcheck`` catches the
translators' mistakes before readers do, and ``screening`` keeps what a translation
adds to its msgid out of the page whatever the build's options (``destinations``: every
link, image and reference of what it parses to must be one the source has).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    # imported here: ``summary`` builds on the PDF builder, which takes the languages from
    # this package, so importing them with the package would make a cycle
    from . import catalogs, fallback, screening, summary
    from .typography import EnglishQuotes

    app.add_transform(EnglishQuotes)
    summary.setup(app)
    fallback.setup(app)
    screening.setup(app)
    app.connect("builder-inited", catalogs.load_report_words)
    app.connect("write-started", catalogs.add_report_catalog)
