"""Changes since the draft: the comparison of two editions' recommendations from their
exports (``comparison``, with the baseline's checks), the ``{changes-since-draft}``
appendix and ``changes.json`` (``appendix``), and the tool that makes a baseline from a
git reference (``baseline``: ``python -m reviewkit.changes.baseline``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from . import appendix

    appendix.setup(app)
