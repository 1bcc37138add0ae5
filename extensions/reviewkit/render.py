"""Resolve phase: give each object on a page its number, facts and headings.

Runs on ``doctree-resolved`` for every builder, from the sealed view of the
numbered report, so numbers are the same in HTML, PDF, text or LaTeX; each
feature's placeholders are resolved by the feature, in the order the features
registered. HTML-family builders keep reviewkit's semantic nodes; other builders
get plain containers and rubrics they already know how to write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes

from . import nodes as rk_nodes
from . import vocabulary
from .domain import report_view
from .features import features
from .model import Numbered, Recommendation, ReportView
from .tables import TableWriter, in_number_order

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ObjectRenderer:
    def __init__(self, app: Sphinx, view: ReportView, docname: str) -> None:
        self.app = app
        self.config = app.config
        self.view = view
        self.report = view.report
        self.tables = TableWriter(app, app.builder, view.report, docname)

    def render(self, node: rk_nodes.review_object) -> None:
        numbered = self.report.by_key.get((self.docname, node.get("rk_seq")))
        node["classes"].append(f"rk-{node['kind']}")
        title = node.next_node(rk_nodes.object_title)
        title["classes"].append("rk-title")
        if numbered is not None:
            name = vocabulary.object_name(self.config, numbered.kind, numbered.number)
            number = nodes.inline(name, name, classes=["rk-number"])
            separator = str(vocabulary.HEADING_SEPARATOR)
            title[0:0] = [number, nodes.inline(separator, separator, classes=["rk-sep"])]
        if numbered is None:
            return
        if isinstance(numbered.obj, Recommendation):
            self.render_recommendation(node, numbered)
        elif numbered.kind == "finding":
            citing = in_number_order(self.report.cited_by.get(numbered.label, []))
            facts = self.facts(
                [
                    (
                        vocabulary.word(self.config, "addressed-by"),
                        self.tables.links(citing, named=True)
                        or [nodes.Text(str(vocabulary.NONE_YET))],
                    )
                ]
            )
            node.insert(self._after_body(node), facts)

    @property
    def docname(self) -> str:
        return self.tables.docname

    def render_recommendation(self, node: nodes.Element, numbered: Numbered) -> None:
        rec = numbered.obj
        assert isinstance(rec, Recommendation)
        facts: list[tuple[str, list[nodes.Node]]] = [
            (
                vocabulary.word(self.config, "owners"),
                [nodes.Text(vocabulary.owners_text(self.config, rec.owners))],
            ),
            (
                vocabulary.word(self.config, "priority"),
                [nodes.Text(vocabulary.priority_name(self.config, rec.priority))],
            ),
        ]
        if rec.consensus:
            facts.append(
                (
                    vocabulary.word(self.config, "consensus"),
                    [nodes.Text(vocabulary.consensus_name(self.config, rec.consensus))],
                )
            )
        cited = in_number_order(self.report.cited_findings(numbered))
        if cited:
            facts.append(
                (vocabulary.word(self.config, "findings"), self.tables.links(cited, named=True))
            )
        for fact in features(self.app).facts:
            found = fact.make(self.app, self.view, numbered, self.docname)
            if found is not None:
                facts.append(found)
        parts = [child for child in node.children if isinstance(child, rk_nodes.object_part)]
        for part in parts:
            node.remove(part)
            heading = vocabulary.word(self.config, part["part"])  # "measures" or "rationale"
            part.insert(0, rk_nodes.part_heading("", heading))
            part["classes"].append(f"rk-{part['part']}")
        parts.sort(key=lambda part: part["part"] != "measures")
        node.extend([self.facts(facts), *parts])

    @staticmethod
    def _after_body(node: nodes.Element) -> int:
        """Where facts go: after the object's own text, before any nested object."""
        for index, child in enumerate(node.children):
            if isinstance(child, rk_nodes.review_object):
                return index
        return len(node.children)

    @staticmethod
    def facts(facts: list[tuple[str, list[nodes.Node]]]) -> rk_nodes.facts:
        facts_list = rk_nodes.facts(classes=["rk-facts"])
        facts_list.extend(
            rk_nodes.fact("", "", *content, term=str(term)) for term, content in facts
        )
        return facts_list


def _of(*classes: type[nodes.Node]) -> Callable[[nodes.Node], bool]:
    return lambda node: isinstance(node, classes)


def plain_facts(facts: rk_nodes.facts) -> nodes.definition_list:
    facts_list = nodes.definition_list(classes=facts["classes"])
    for fact in facts.children:
        definition = nodes.definition("", nodes.paragraph("", "", *fact.children))
        facts_list += nodes.definition_list_item("", nodes.term("", fact["term"]), definition)
    return facts_list


def plain_nodes(doctree: nodes.document) -> None:
    """Swap reviewkit's nodes for standard ones, for builders without reviewkit's HTML."""
    for facts in list(doctree.findall(rk_nodes.facts)):
        facts.replace_self(plain_facts(facts))
    for node in list(doctree.findall(_of(rk_nodes.object_title, rk_nodes.part_heading))):
        rubric = nodes.rubric(node.rawsource, "", *node.children, classes=node["classes"])
        node.replace_self(rubric)
    for node in list(doctree.findall(_of(rk_nodes.review_object, rk_nodes.object_part))):
        container = nodes.container("", *node.children, classes=node["classes"], ids=node["ids"])
        node.replace_self(container)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name == "gettext":
        return  # the catalog wants the authors' text only, not the toolchain's words
    renderer = ObjectRenderer(app, report_view(app.env), docname)
    for node in list(doctree.findall(rk_nodes.review_object)):
        renderer.render(node)
    for placeholder in features(app).placeholders.values():
        found = list(doctree.findall(placeholder.node_class))
        if found:
            placeholder.resolve(app, doctree, docname, found)
    if app.builder.format != "html":
        plain_nodes(doctree)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", on_doctree_resolved)
