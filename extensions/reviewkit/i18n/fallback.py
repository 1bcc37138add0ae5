"""English where a translation is missing, marked so that readers see it.

Sphinx leaves a paragraph in English when its catalog has no translation (or only
a fuzzy one) and notes ``translated=False`` on it. Each such text is wrapped in an
``untranslated`` span: ``lang="en"`` for screen readers, fonts and hyphenation,
left-to-right inside a right-to-left page, and a visible mark from the stylesheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import vocabulary
from .languages import SOURCE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class untranslated(nodes.Inline, nodes.TextElement):
    """Text shown in English because its translation is missing."""


def english(*children: nodes.Node) -> untranslated:
    return untranslated("", "", *children)


def visit_untranslated(translator: HTML5Translator, node: untranslated) -> None:
    translator.body.append(
        translator.starttag(
            node,
            "span",
            "",
            CLASS="rk-untranslated",
            lang=SOURCE,
            dir="ltr",
            title=str(vocabulary.NOT_TRANSLATED),
        )
    )


def depart_untranslated(translator: HTML5Translator, _node: untranslated) -> None:
    translator.body.append("</span>")


def visit_plain(_translator: object, _node: nodes.Node) -> None:
    """Other builders show the English text as it is."""


def mark_untranslated(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap the text of every node the translation left in English."""
    if (app.config.language or SOURCE) == SOURCE:
        return
    for node in list(doctree.findall(nodes.Element)):
        if node.get("translated") is False and node.children:
            children = list(node.children)
            node.clear()
            node += english(*children)


def setup(app: Sphinx) -> None:
    app.add_node(
        untranslated,
        html=(visit_untranslated, depart_untranslated),
        latex=(visit_plain, visit_plain),
        text=(visit_plain, visit_plain),
        man=(visit_plain, visit_plain),
        texinfo=(visit_plain, visit_plain),
    )
    app.connect("doctree-read", mark_untranslated)
