"""The review domain: the one owner of everything collected from the report.

Per-document collections live in ``data["documents"]`` so that ``clear_doc`` and
``merge_domaindata`` keep incremental and parallel builds right by construction.
The numbered report is derived from them once all documents are read
(``env-updated``), sealed into one :class:`~reviewkit.model.ReportView` after the
features attached what they derive, and is what every output reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .features import REPORT_SEALED, Features, features
from .model import (
    KINDS,
    RECOMMENDATION,
    ROLE_TARGETS,
    DocumentObjects,
    Numbered,
    Recommendation,
    Report,
    ReportNotSealed,
    ReportView,
    references,
)
from .numbering import number_report, reading_order
from .vocabulary import object_name, reference_text, shown_title

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
    data_version = 6

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # Made afresh by every build's renumber, so never pickled with the environment;
        # parallel writers are forked after it is sealed and so inherit it.
        self._view: ReportView | None = None
        self._names: dict[tuple[str, int], str] = {}  # display names, reset by renumber

    @property
    def documents(self) -> dict[str, DocumentObjects]:
        return self.data["documents"]

    @property
    def view(self) -> ReportView:
        """The sealed numbered report; asking before ``env-updated`` sealed it is a bug."""
        if self._view is None or not self._view.sealed:
            raise ReportNotSealed("the report is numbered once all documents are read")
        return self._view

    @property
    def report(self) -> Report:
        return self.view.report

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]

    def renumber(self, root_doc: str) -> ReportView:
        """Number the report afresh: the view the features attach to before it is sealed."""
        order = reading_order(root_doc, self.env.toctree_includes)
        self._view = ReportView(number_report(self.documents, order), order, self.documents)
        self._names = {}
        self.data["report_digest"] = self._view.report_digest
        return self._view

    def rewrite(self, view: ReportView, features: Features) -> list[str]:
        """The documents whose fingerprint changed since the last build: those to write."""
        shown = _shown_by_features(view, features)
        previous = self.data["fingerprints"]
        current = {
            docname: _fingerprint(view.report, objects, shown)
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


def _shown_by_features(view: ReportView, features: Features) -> dict[str, Any]:
    """What each feature shows, asked once per build: by placeholder name, and the facts
    of each recommendation block, by the recommendation's label."""
    shown: dict[str, Any] = {
        name: placeholder.shows(view)
        for name, placeholder in features.placeholders.items()
        if any(name in objects.placeholders for objects in view.documents.values())
    }
    shown[RECOMMENDATION] = {
        numbered.label: tuple(fact.shows(view, numbered) for fact in features.facts)
        for numbered in view.report.recommendations
    }
    return shown


def _fingerprint(report: Report, objects: DocumentObjects, features: dict[str, Any]) -> str:
    """A digest of every number, title and link target this document shows.

    Two builds give the same digest exactly when the document's rendered numbers
    are the same, so only documents whose digest changed need rewriting. ``features``
    holds what each feature's placeholder shows, and what the facts of a recommendation
    show.
    """
    shown: list[Any] = []
    for obj in objects.objects:
        shown.append(_shown(report, report.by_key.get(obj.key)))
        if isinstance(obj, Recommendation):
            shown.extend(_shown(report, report.lookup("finding", label)) for label in obj.findings)
        elif obj.kind == "finding":
            shown.extend(_shown(report, rec) for rec in report.cited_by.get(obj.label, ()))
    shown.extend(_shown(report, report.lookup(c.role, c.target)) for c in objects.citations)
    shown.extend((name, features[name]) for name in objects.placeholders if name in features)
    shown.extend(
        features[RECOMMENDATION].get(obj.label)
        for obj in objects.objects
        if isinstance(obj, Recommendation)
    )
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
    """Number, let the features attach what they derive, seal; then the pages to write."""
    domain = get_domain(env)
    view = domain.renumber(app.config.root_doc)
    app.events.emit(REPORT_SEALED, view)
    view.seal()
    return domain.rewrite(view, features(app))


def report_view(env: BuildEnvironment) -> ReportView:
    """The sealed numbered report every output reads."""
    return get_domain(env).view


def get_domain(env: BuildEnvironment) -> ReviewDomain:
    domain = env.get_domain(DOMAIN)
    assert isinstance(domain, ReviewDomain)
    return domain


def setup(app: Sphinx) -> None:
    app.add_domain(ReviewDomain)
    for role in ROLE_TARGETS:
        app.add_role(role, ReviewXRefRole())
    app.connect("env-updated", on_env_updated)
