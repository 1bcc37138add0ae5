"""After the final report: the Board's decisions on its recommendations and their
implementation (SPEC section 10), from two CSV files the organisation keeps.

``reading`` reads and checks the files, ``model`` derives what became of each
recommendation, ``data`` writes ``status.json`` and ``feed`` an Atom feed;
``checking`` checks the files in every build, and ``python -m reviewkit.status``
writes the data from a finished build. The report itself never shows the files: the
report is what the team submitted, the status is the organisation's record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from . import checking

    checking.setup(app)
