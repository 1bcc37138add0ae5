"""Public comments on the draft: the team's CSV of comments and responses (``reading``)
and what the final report shows of them (``appendix``): the ``{public-comments}``
appendix, the count on each recommendation and the file's checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from . import appendix

    appendix.setup(app)
