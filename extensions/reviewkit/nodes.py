"""Doctree nodes of the report's objects and how HTML shows them.

Objects render as semantic blocks: a group is a ``<section>``, a recommendation,
finding or suggestion an ``<article>``, each with a real heading one level below
the section it stands in. Builders other than HTML get the same content as plain
containers and rubrics (see ``render.py``), so numbers are identical everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator


class review_object(nodes.General, nodes.Element):
    """Base of the four numbered objects; ``kind`` and ``label`` are attributes."""

    html_tag = "article"


class recommendation_group(review_object):
    html_tag = "section"


class recommendation(review_object):
    pass


class finding(review_object):
    pass


class suggestion(review_object):
    pass


class object_title(nodes.Part, nodes.TextElement):
    """The author's title of an object; translatable, numbered at resolve time."""


class object_part(nodes.General, nodes.Element):
    """``measures`` or ``rationale`` inside a recommendation (attribute ``part``)."""


class part_heading(nodes.Part, nodes.TextElement):
    """A heading reviewkit adds (Measures of success, Rationale): never translatable source."""


class facts(nodes.General, nodes.Element):
    """Owners, priority, consensus, findings: a description list of ``fact`` children."""


class fact(nodes.Part, nodes.TextElement):
    """One fact: its ``term`` attribute and inline content; generated, never translatable."""


OBJECT_NODES: dict[str, type[review_object]] = {
    "recommendation-group": recommendation_group,
    "recommendation": recommendation,
    "finding": finding,
    "suggestion": suggestion,
}


def _heading_level(translator: HTML5Translator, node: nodes.Element) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        if isinstance(parent, review_object | object_part):
            depth += 1
        parent = parent.parent
    return min(6, translator.section_level + depth)


def visit_block(translator: HTML5Translator, node: nodes.Element) -> None:
    tag = getattr(node, "html_tag", "section")
    translator.body.append(translator.starttag(node, tag))


def depart_block(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append(f"</{getattr(node, 'html_tag', 'section')}>\n")


def visit_heading(translator: HTML5Translator, node: nodes.Element) -> None:
    level = _heading_level(translator, node)
    node["rk_level"] = level
    translator.body.append(translator.starttag(node, f"h{level}", ""))


def depart_heading(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append(f"</h{node['rk_level']}>\n")


STATIC = Path(__file__).parent / "static"


def add_static_path(app: Sphinx, config: Config) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def visit_facts(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append(translator.starttag(node, "dl"))


def depart_facts(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</dl>\n")


def visit_fact(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append(f"<dt>{translator.encode(node['term'])}</dt><dd>")


def depart_fact(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</dd>\n")


def visit_title(translator: HTML5Translator, node: nodes.Element) -> None:
    """A toctree's caption in the sidebar, as Sphinx writes it, but with the ``aria-level``
    that ``role="heading"`` requires (without it, screen readers guess and axe-core
    reports a critical violation); every other title as Sphinx writes it."""
    if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
        attributes = {"CLASS": "caption", "ROLE": "heading", "aria-level": "3"}
        translator.body.append(translator.starttag(node, "p", "", **attributes))
        translator.body.append('<span class="caption-text">')
        translator.context.append("</span></p>\n")
        return
    type(translator).visit_title(translator, node)


def depart_title(translator: HTML5Translator, node: nodes.Element) -> None:
    type(translator).depart_title(translator, node)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
    app.add_css_file("reviewkit.css")
    app.add_css_file("chart.css")
    html = (visit_block, depart_block)
    for node_class in (*OBJECT_NODES.values(), object_part):
        app.add_node(node_class, html=html)
    heading = (visit_heading, depart_heading)
    app.add_node(object_title, html=heading)
    app.add_node(part_heading, html=heading)
    app.add_node(facts, html=(visit_facts, depart_facts))
    app.add_node(fact, html=(visit_fact, depart_fact))
    app.add_node(nodes.title, override=True, html=(visit_title, depart_title))
