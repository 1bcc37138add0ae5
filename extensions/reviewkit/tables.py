"""``recommendation-table`` and ``traceability-table``: overviews built from the numbered report.

The directives leave placeholders; the tables are built when a document is
resolved, from the same :class:`~reviewkit.model.Report` as everything else, so
they are right after any edit anywhere in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import vocabulary
from .collect import repeated_values, split_list
from .directives import written_options
from .domain import report_view
from .features import register_placeholder
from .i18n.fallback import english
from .i18n.languages import SOURCE
from .model import Numbered, Report

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .model import ReportView

logger = logging.getLogger(__name__)

COLUMNS = ("number", "title", "owners", "priority", "consensus", "findings")

DEFAULT_COLUMNS = ("number", "title", "owners", "priority")


class recommendation_table(nodes.General, nodes.Element):
    """Placeholder replaced by the table of recommendations when the document is resolved."""


class traceability_table(nodes.General, nodes.Element):
    """Placeholder replaced by the findings-to-recommendations table at resolve time."""


class RecommendationTableDirective(SphinxDirective):
    option_spec: ClassVar[dict] = {
        "columns": directives.unchanged,
        "owner": directives.unchanged,
        "priority": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        written = split_list(self.options.get("columns", ""))
        for column in repeated_values(written):
            logger.warning(
                f"recommendation-table names the column {column!r} twice in :columns:; "
                f"keep one (the table shows it once)",
                type="reviewkit",
                subtype="duplicate-entry",
                location=(self.env.current_document.docname, self._option_line("columns")),
            )
        columns = tuple(dict.fromkeys(written)) or DEFAULT_COLUMNS
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown:
            raise self.error(
                f"recommendation-table: unknown column {', '.join(map(repr, unknown))}; "
                f"write :columns: with names from {', '.join(COLUMNS)}"
            )
        owner = self.options.get("owner", "").strip()
        priority = self.options.get("priority", "").strip()
        self._check_filter("owner", owner, self.config.reviewkit_owners)
        self._check_filter("priority", priority, self.config.reviewkit_priorities)
        node = recommendation_table(columns=list(columns), owner=owner, priority=priority)
        self.set_source_info(node)
        return [node]

    def _option_line(self, option: str) -> int:
        return dict(written_options(self.block_text, self.lineno, [option])).get(
            option, self.lineno
        )

    def _check_filter(self, option: str, value: str, choices: dict[str, str]) -> None:
        if value and value not in choices:
            logger.warning(
                f"recommendation-table filters on the {option} {value!r}, which is not "
                f"configured, so the table is empty; use one of: {', '.join(choices)}",
                type="reviewkit",
                subtype=f"unknown-{option}",
                location=(self.env.current_document.docname, self.lineno),
            )


class TraceabilityTableDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        node = traceability_table()
        self.set_source_info(node)
        return [node]


class TableWriter:
    """Builds table nodes for one document being resolved."""

    def __init__(self, app: Sphinx, builder: Builder, report: Report, docname: str) -> None:
        self.config = app.config
        self.builder = builder
        self.report = report
        self.docname = docname
        self._uris: dict[str, str] = {}

    def link(self, numbered: Numbered, text: str | None = None) -> nodes.Element:
        """A link to an object showing ``text`` (its number by default), titled with its title."""
        reference = nodes.reference(
            "",
            text or numbered.number,
            internal=True,
            reftitle=vocabulary.translated(self.config, numbered.title)
            or self.shown_title(numbered),
        )
        if numbered.docname == self.docname:
            reference["refid"] = numbered.anchor
        else:
            reference["refuri"] = f"{self.uri(numbered.docname)}#{numbered.anchor}"
        return reference

    def title(self, numbered: Numbered) -> nodes.Node:
        """Its title in the build's language; in English, marked, where the catalog has none."""
        shown = self.shown_title(numbered)
        if (self.config.language or SOURCE) == SOURCE:
            return nodes.Text(shown)
        text = vocabulary.translated(self.config, numbered.title)
        return nodes.Text(text) if text else english(nodes.Text(shown))

    def shown_title(self, numbered: Numbered) -> str:
        """Its title as its heading reads: references show their numbers."""
        return vocabulary.shown_title(self.config, self.report, numbered.obj)

    def uri(self, docname: str) -> str:
        """The relative URI of a document from this one, computed once per target document."""
        if docname not in self._uris:
            self._uris[docname] = self.builder.get_relative_uri(self.docname, docname)
        return self._uris[docname]

    def links(self, targets: Sequence[Numbered], named: bool = False) -> list[nodes.Node]:
        """Comma-separated links, showing numbers or, with ``named``, "Finding 3"."""
        result: list[nodes.Node] = []
        for index, numbered in enumerate(targets):
            if index:
                result.append(nodes.Text(str(vocabulary.LIST_SEPARATOR)))
            name = vocabulary.reference_text(self.config, numbered) if named else None
            result.append(self.link(numbered, name))
        return result

    def recommendation_table(self, placeholder: nodes.Element) -> nodes.table:
        columns: list[str] = placeholder["columns"]
        owner, priority = placeholder["owner"], placeholder["priority"]
        rows = [
            rec
            for rec in self.report.recommendations
            if (not owner or owner in rec.obj.owners)
            and (not priority or rec.obj.priority == priority)
        ]
        config = self.config
        cells: dict[str, Callable[[Numbered], list[nodes.Node]]] = {
            "number": lambda rec: [self.link(rec)],
            "title": lambda rec: [self.title(rec)],
            "owners": lambda rec: [nodes.Text(vocabulary.owners_text(config, rec.obj.owners))],
            "priority": lambda rec: [
                nodes.Text(vocabulary.priority_name(config, rec.obj.priority))
            ],
            "consensus": lambda rec: [
                nodes.Text(vocabulary.consensus_name(config, rec.obj.consensus))
            ],
            "findings": lambda rec: self.links(in_number_order(self.report.cited_findings(rec))),
        }
        headers = {
            "number": str(vocabulary.NUMBER),
            "title": vocabulary.word(config, "recommendations"),
            "owners": vocabulary.word(config, "owners"),
            "priority": vocabulary.word(config, "priority"),
            "consensus": vocabulary.word(config, "consensus"),
            "findings": vocabulary.word(config, "findings"),
        }
        return self.table(
            [headers[c] for c in columns],
            [[cells[c](rec) for c in columns] for rec in rows],
            widths=[{"number": 8, "title": 50}.get(c, 20) for c in columns],
            classes=["rk-recommendation-table"],
        )

    def traceability_table(self) -> nodes.table:
        rows = []
        for finding in self.report.findings:
            citing = in_number_order(self.report.cited_by.get(finding.label, []))
            rows.append(
                [
                    [self.link(finding, vocabulary.reference_text(self.config, finding))],
                    [nodes.Text(self.shown_title(finding))],
                    self.links(citing) or [nodes.Text(str(vocabulary.NONE_YET))],
                ]
            )
        return self.table(
            [
                vocabulary.word(self.config, "finding"),
                str(vocabulary.TITLE),
                vocabulary.word(self.config, "recommendations"),
            ],
            rows,
            widths=[15, 55, 30],
            classes=["rk-traceability-table"],
        )

    @staticmethod
    def table(
        headers: list[str],
        rows: list[list[list[nodes.Node]]],
        widths: list[int],
        classes: list[str],
    ) -> nodes.table:
        table = nodes.table(classes=classes)
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in widths)
        head = nodes.thead()
        head += _row([[nodes.Text(text)] for text in headers])
        group += head
        body = nodes.tbody()
        body.extend(_row(cells) for cells in rows)
        group += body
        return table


def number_key(number: str) -> tuple[tuple[int, int | str], ...]:
    """A number's sort key: "12" after "2", "4.10" after "4.9", each dotted part compared
    as a number where it is one (and before any part that is not)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in number.split("."))


def in_number_order(objects: Sequence[Numbered]) -> list[Numbered]:
    """Objects in the order a reader looks them up, by number ("1, 10, 12", not the
    "12, 1, 10" an author may have cited them in)."""
    return sorted(objects, key=lambda numbered: number_key(numbered.number))


def _row(cells: list[list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *content)
        row += entry
    return row


def overview(view: ReportView) -> str:
    """What a table shows: every number, title, owner, priority and cited finding."""
    return view.overview_digest


def resolve_recommendation_tables(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[nodes.Element]
) -> None:
    writer = TableWriter(app, app.builder, report_view(app.env).report, docname)
    for placeholder in placeholders:
        placeholder.replace_self(writer.recommendation_table(placeholder))


def resolve_traceability_tables(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[nodes.Element]
) -> None:
    writer = TableWriter(app, app.builder, report_view(app.env).report, docname)
    for placeholder in placeholders:
        placeholder.replace_self(writer.traceability_table())


def setup(app: Sphinx) -> None:
    app.add_directive("recommendation-table", RecommendationTableDirective)
    app.add_directive("traceability-table", TraceabilityTableDirective)
    register_placeholder(
        app, recommendation_table, shows=overview, resolve=resolve_recommendation_tables
    )
    register_placeholder(
        app, traceability_table, shows=overview, resolve=resolve_traceability_tables
    )
