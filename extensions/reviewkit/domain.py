"""The review domain: the one owner of everything collected from the report.

Per-document collections live in ``data["documents"]`` so that ``clear_doc`` and
``merge_domaindata`` keep incremental and parallel builds right by construction.
The numbered :class:`~reviewkit.model.Report` is derived from them once all
documents are read (``env-updated``) and is what every output reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .comments import Comment, comments_by_target, load_comments
from .labels import object_name, reference_text, shown_title
from .model import (
    KINDS,
    ROLE_TARGETS,
    DocumentObjects,
    Numbered,
    Recommendation,
    Report,
    references,
)
from .numbering import number_report, reading_order

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

DOMAIN = "review"


class ReviewXRefRole(XRefRole):
    """``{rec}``, ``{finding}``, ``{suggestion}``: usable without a domain prefix."""

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = DOMAIN
        self.classes = ["xref", "rk-ref", f"rk-{self.reftype}"]
        return super().create_xref_node()


class ReviewDomain(Domain):
    name = DOMAIN
    label = "Review report"
    object_types: ClassVar[dict[str, ObjType]] = {
        kind: ObjType(kind, *[role for role, kinds in ROLE_TARGETS.items() if kind in kinds])
        for kind in KINDS
    }
    roles: ClassVar[dict] = {role: ReviewXRefRole() for role in ROLE_TARGETS}
    initial_data: ClassVar[dict[str, Any]] = {
        "documents": {},  # docname -> DocumentObjects
        "fingerprints": {},  # derived: docname -> digest of the numbers it shows
        "report_digest": "",  # derived: digest of the whole numbered report
    }
    data_version = 5

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # Derived afresh by every build's renumber, so never pickled with the environment;
        # parallel writers are forked after it is made and so inherit it.
        self._report = Report()
        self._names: dict[tuple[str, int], str] = {}  # display names, reset by renumber
        self._comments: dict[str, list[Comment]] = {}  # label -> its public comments
        self._comments_docname: str | None = None
        self._positions: dict[str, int] = {}  # docname -> place in the reading order

    @property
    def documents(self) -> dict[str, DocumentObjects]:
        return self.data["documents"]

    @property
    def report(self) -> Report:
        return self._report

    @property
    def comments(self) -> dict[str, list[Comment]]:
        """The public comments by the label their point belongs to now."""
        return self._comments

    def reading_position(self, numbered: Numbered) -> tuple[int, int]:
        return (self._positions.get(numbered.docname, len(self._positions)), numbered.obj.seq)

    @property
    def comments_docname(self) -> str | None:
        """The document with the appendix of public comments, in this edition."""
        return self._comments_docname

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]

    def renumber(self, root_doc: str) -> list[str]:
        """Number the report afresh; return the documents whose displayed numbers changed."""
        order = reading_order(root_doc, self.env.toctree_includes)
        self._positions = {docname: index for index, docname in enumerate(order)}
        report = number_report(self.documents, order)
        self._report = report
        self._names = {}
        sealed = [(d, self.documents[d]) for d in order if d in self.documents]
        numbers = [(n.number, n.docname, n.anchor) for n in report.by_key.values()]
        tables = _digest((numbers, [(d, objects.table_digest) for d, objects in sealed]))
        # what each recommendation shows of the public comments: how many, and where
        appendix = next(
            (d for d in order if d in self.documents and self.documents[d].has_comments_appendix),
            None,
        )
        self._comments = comments_by_target(load_comments(self.env.srcdir, self.env.config))
        self._comments_docname = appendix
        counts = _digest((appendix, sorted((k, len(v)) for k, v in self._comments.items())))
        self.data["report_digest"] = _digest(
            (numbers, [(d, objects.content_digest) for d, objects in sealed])
        )
        previous = self.data["fingerprints"]
        current = {
            docname: _fingerprint(report, objects, tables, counts, self.data["report_digest"])
            for docname, objects in self.documents.items()
        }
        self.data["fingerprints"] = current
        return sorted(d for d, digest in current.items() if previous.get(d) != digest)

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        """What search results call an object: "Recommendation", "Finding"."""
        return object_name(self.env.config, type.lname, "").strip()

    def display_name(self, numbered: Numbered) -> str:
        """ "Recommendation 1.1: Title", as search results and inventories show it."""
        if numbered.obj.key not in self._names:
            self._names[numbered.obj.key] = (
                f"{reference_text(self.env.config, numbered)}: {self.shown_title(numbered)}"
            )
        return self._names[numbered.obj.key]

    def shown_title(self, numbered: Numbered) -> str:
        """Its title as its heading reads, references showing their numbers."""
        return shown_title(self.env.config, self.report, numbered.obj)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        found = self.report.lookup(typ, target) if typ in ROLE_TARGETS else None
        if found is None:
            # reported once, with its location, by the unknown-reference check
            return nodes.inline(target, target, classes=["rk-unresolved"])
        text = (
            contnode.astext() if node.get("refexplicit") else reference_text(self.env.config, found)
        )
        inner = nodes.inline(text, text, classes=contnode["classes"])
        title = self.shown_title(found)
        return make_refnode(builder, fromdocname, found.docname, found.anchor, inner, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        found = self.report.by_label.get(target)
        if found is None:
            return []
        role = next(role for role, kinds in ROLE_TARGETS.items() if found.kind in kinds)
        resolved = self.resolve_xref(env, fromdocname, builder, role, target, node, contnode)
        return [(f"{DOMAIN}:{role}", resolved)] if resolved is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        report = self.report
        for numbered in (
            *report.groups,
            *report.recommendations,
            *report.findings,
            *report.suggestions,
        ):
            if numbered.label:
                yield (
                    numbered.label,
                    self.display_name(numbered),
                    numbered.kind,
                    numbered.docname,
                    numbered.anchor,
                    1,
                )


def _fingerprint(
    report: Report, objects: DocumentObjects, tables: str, comments: str, everything: str
) -> str:
    """A digest of every number, title and link target this document shows.

    Two builds give the same digest exactly when the document's rendered numbers
    are the same, so only documents whose digest changed need rewriting. ``tables``
    stands for everything an overview table shows, ``comments`` for the public comments,
    ``everything`` for the whole report.
    """
    shown: list[Any] = []
    for obj in objects.objects:
        shown.append(_shown(report, report.by_key.get(obj.key)))
        if isinstance(obj, Recommendation):
            shown.extend(_shown(report, report.lookup("finding", label)) for label in obj.findings)
        elif obj.kind == "finding":
            shown.extend(_shown(report, rec) for rec in report.cited_by.get(obj.label, ()))
    shown.extend(_shown(report, report.lookup(c.role, c.target)) for c in objects.citations)
    if (
        objects.has_recommendation_table
        or objects.has_traceability_table
        or objects.has_comments_appendix
    ):
        shown.append(tables)
    if objects.has_comments_appendix or any(isinstance(o, Recommendation) for o in objects.objects):
        shown.append(comments)  # the appendix, and the count on each recommendation
    if objects.has_changes_appendix:
        shown.append(everything)  # it compares every word of the report with the draft's
    return _digest(shown)


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _shown(report: Report, numbered: Numbered | None) -> tuple[Any, ...] | None:
    """What a link to an object shows: its number, and its title and place as the target.

    A title reads the numbers of the objects it refers to, so those are part of it.
    """
    if numbered is None:
        return None
    title_numbers = tuple(
        found.number if found is not None else None
        for found in (report.lookup(r.role, r.target) for r in references(numbered.obj.title_text))
    )
    return (numbered.number, numbered.title, title_numbers, numbered.docname, numbered.anchor)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return get_domain(env).renumber(app.config.root_doc)


def get_domain(env: BuildEnvironment) -> ReviewDomain:
    domain = env.get_domain(DOMAIN)
    assert isinstance(domain, ReviewDomain)
    return domain


def setup(app: Sphinx) -> None:
    app.add_domain(ReviewDomain)
    for role in ROLE_TARGETS:
        app.add_role(role, ReviewXRefRole())
    app.connect("env-updated", on_env_updated)
