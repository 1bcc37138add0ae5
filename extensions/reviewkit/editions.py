"""Draft and final editions: their names, and which one a build makes.

The edition is the Sphinx tag ``draft`` (``-t draft``, :func:`tags`); without it the
build is the final edition; ``only`` blocks choose an edition's text. What marks the
draft (its banner, the comment period) is in ``comment_period``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.directives.other import Only as DirectiveOnly
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

DRAFT = "draft"
FINAL = "final"
#: every edition, in the order a report is written
EDITIONS = (DRAFT, FINAL)


def edition(holder: Sphinx | Builder) -> str:
    """The edition a build makes, from the tags of the app or of its builder."""
    return DRAFT if holder.tags.has(DRAFT) else FINAL


def tags(name: str) -> list[str]:
    """The sphinx-build arguments that make the edition ``name``."""
    return ["-t", DRAFT] if name == DRAFT else []


class Only(DirectiveOnly):
    """Sphinx's ``only``, which also reports a heading written inside the block.

    MyST lifts a heading inside a directive out of it into the enclosing
    section, so the heading, and every paragraph under it, would appear in
    every edition without a word. reST keeps such sections inside the block.
    """

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        before = sum(1 for _ in document.findall(nodes.section))
        result = super().run()
        inside = sum(1 for node in result for _ in node.findall(nodes.section))
        if sum(1 for _ in document.findall(nodes.section)) - before > inside:
            logger.warning(
                "a heading inside this {only} block would appear in every edition, because "
                "MyST moves headings out of directives; put the heading outside the block "
                "(and keep only the edition's text inside), or make it a bold paragraph",
                type="reviewkit",
                subtype="heading-in-only",
                location=self.get_location(),
            )
        return result


def setup(app: Sphinx) -> None:
    app.add_directive("only", Only, override=True)
