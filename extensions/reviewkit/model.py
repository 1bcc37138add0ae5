"""The report's objects as collected from the sources, before and after numbering.

Collection (``collect.py``) turns each document's doctree into a
:class:`DocumentObjects`; numbering (``numbering.py``) turns all of them, in
reading order, into one read-only :class:`Report`. Everything that shows a
number (rendering, tables, checks, export) reads the :class:`Report`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

LABEL_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")

GROUP = "recommendation-group"
RECOMMENDATION = "recommendation"
FINDING = "finding"
SUGGESTION = "suggestion"
KINDS = (GROUP, RECOMMENDATION, FINDING, SUGGESTION)

#: role name -> the object kinds it may point at
ROLE_TARGETS: dict[str, tuple[str, ...]] = {
    "rec": (RECOMMENDATION, GROUP),
    "finding": (FINDING,),
    "suggestion": (SUGGESTION,),
}


@dataclass(frozen=True)
class Reference:
    """A cross-reference inside running text, kept so plain text can show its number."""

    role: str
    target: str
    explicit_title: str | None = None


#: Plain text with references still unresolved: strings and references in order.
Text = tuple[str | Reference, ...]


def own_anchor(kind: str, label: str) -> str:
    """The id an object takes when its label cannot be its id: "rec_routing-security".

    That is when a heading, target or footnote before it in its document already has
    the label as its id (or the label is not valid). The underscore is in no label and
    in no id that docutils makes from a name, so nothing else can have claimed it.
    """
    role = next(role for role, kinds in ROLE_TARGETS.items() if kind in kinds)
    return f"{role}_{label}" if LABEL_PATTERN.match(label) else f"{role}_"


def references(text: Text) -> list[Reference]:
    return [segment for segment in text if isinstance(segment, Reference)]


@dataclass(frozen=True)
class Location:
    docname: str
    line: int | None


@dataclass(frozen=True)
class RepeatedEntry:
    """A value written twice in a list option (``:owners:``, ``:findings:``); kept once."""

    option: str
    value: str
    location: Location


@dataclass(frozen=True)
class PartBlock:
    """A ``measures`` or ``rationale`` block as the author wrote it, for the checks of its shape.

    The lines say where a measures block strays from one bullet list of measures.
    """

    part: str
    location: Location
    #: where a numbered list stands instead of a bullet list
    numbered: tuple[int | None, ...] = ()
    #: where a list item holds no text
    empty_items: tuple[int | None, ...] = ()
    #: where anything but the one list stands (a paragraph, a second list), which no output
    #: shows as a measure
    stray: tuple[int | None, ...] = ()


@dataclass
class ReviewObject:
    """What every numbered object has: a kind, a label, a title and a place."""

    kind: str
    label: str
    title: str
    location: Location
    seq: int  # position among the objects of its document
    text: Text = ()
    #: the title with references kept, so it can show their numbers as the heading does
    title_text: Text = ()
    #: the object's id on its page: its label, unless something before it there has that id
    anchor: str = ""
    #: kind of the enclosing object that makes this one misplaced, if any
    misplaced_in: str | None = None
    duplicate_options: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.location.docname, self.seq)


@dataclass
class Recommendation(ReviewObject):
    group_seq: int | None = None
    owners: tuple[str, ...] = ()
    priority: str = ""
    consensus: str = ""
    findings: tuple[str, ...] = ()
    #: None when the recommendation has no ``measures`` part at all
    measures: tuple[Text, ...] | None = None
    #: None when the recommendation has no ``rationale`` part at all
    rationale: Text | None = None
    #: every measures and rationale block directly in it, in source order (one in an ``only``
    #: block that the edition shows counts as directly in it)
    blocks: tuple[PartBlock, ...] = ()
    #: measures and rationale blocks in it that stand in an ``only`` block the edition leaves out
    left_out: tuple[PartBlock, ...] = ()
    #: owners and findings written more than once (``owners`` and ``findings`` hold them once)
    repeated: tuple[RepeatedEntry, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A reference written in a document: a role or a ``:findings:`` entry."""

    role: str
    target: str
    location: Location


@dataclass(frozen=True)
class MisplacedPart:
    """A ``measures`` or ``rationale`` block that is not directly in a recommendation."""

    part: str
    container: str | None
    location: Location


@dataclass
class DocumentObjects:
    """Everything reviewkit collected from one document."""

    objects: list[ReviewObject] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    misplaced_parts: list[MisplacedPart] = field(default_factory=list)
    #: the features' placeholders the document shows in this edition, by name
    #: (``reviewkit.features``): its fingerprint includes what each of them shows
    placeholders: tuple[str, ...] = ()
    #: each ``only`` expression that decided what was collected, with what it decided
    #: (shown or not): a build whose tags decide one otherwise reads the document again
    only_decided: tuple[tuple[str, bool], ...] = ()
    #: digest of every collected object with its text: computed once, when the document is read
    content_digest: str = ""
    #: digest of what overview tables show of this document's objects (titles, owners, ...)
    table_digest: str = ""

    def seal(self) -> None:
        """Compute the digests once reading is done; unchanged documents keep theirs."""
        self.content_digest = _digest((self.objects, self.citations, self.misplaced_parts))
        self.table_digest = _digest(
            [
                (
                    obj.label,
                    obj.title,
                    getattr(obj, "owners", ()),
                    getattr(obj, "priority", ""),
                    getattr(obj, "consensus", ""),
                    getattr(obj, "findings", ()),
                )
                for obj in self.objects
            ]
        )


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


@dataclass(frozen=True)
class Numbered:
    """An object with its derived number and where readers find it."""

    obj: ReviewObject
    number: str
    docname: str
    anchor: str

    @property
    def kind(self) -> str:
        return self.obj.kind

    @property
    def label(self) -> str:
        return self.obj.label

    @property
    def title(self) -> str:
        return self.obj.title


@dataclass
class Report:
    """The numbered report: the read-only view every output is made from."""

    groups: list[Numbered] = field(default_factory=list)
    recommendations: list[Numbered] = field(default_factory=list)
    findings: list[Numbered] = field(default_factory=list)
    suggestions: list[Numbered] = field(default_factory=list)
    #: objects that have no place in the reading order (their document is in no toctree)
    unplaced: list[ReviewObject] = field(default_factory=list)
    #: (docname, seq) -> numbered object
    by_key: dict[tuple[str, int], Numbered] = field(default_factory=dict)
    #: label -> first numbered object carrying it
    by_label: dict[str, Numbered] = field(default_factory=dict)
    #: finding label -> numbered recommendations citing it, in reading order
    cited_by: dict[str, list[Numbered]] = field(default_factory=dict)
    #: group (docname, seq) -> numbered recommendations inside it
    members: dict[tuple[str, int], list[Numbered]] = field(default_factory=dict)

    def lookup(self, role: str, target: str) -> Numbered | None:
        """The object a role points at, or None when no object of that kind has the label."""
        found = self.by_label.get(target)
        if found is None or found.kind not in ROLE_TARGETS[role]:
            return None
        return found

    def cited_findings(self, recommendation: Numbered) -> list[Numbered]:
        """The findings a recommendation cites that exist, in the order the author gave."""
        rec = recommendation.obj
        assert isinstance(rec, Recommendation)
        found = (self.lookup("finding", label) for label in dict.fromkeys(rec.findings))
        return [finding for finding in found if finding is not None]

    def group_of(self, recommendation: Numbered) -> Numbered | None:
        rec = recommendation.obj
        assert isinstance(rec, Recommendation)
        if rec.group_seq is None:
            return None
        return self.by_key.get((rec.location.docname, rec.group_seq))


class ReportNotSealed(RuntimeError):
    """The view was asked for before the report was numbered, or a feature attached to it
    after it was sealed: the lifecycle is read, number and seal, then render."""


class ReportView:
    """The numbered report as every output reads it: made once per build after all
    documents are read (and merged), then sealed.

    Features attach what they derive from the whole report while it is being sealed
    (``reviewkit-report-sealed``); afterwards nothing changes, so parallel writers,
    forked after it is made, all read the same view, and a second build in the same
    process makes its own.
    """

    def __init__(
        self,
        report: Report,
        order: list[str],
        documents: Mapping[str, DocumentObjects],
    ) -> None:
        self.report = report
        self.positions = {docname: index for index, docname in enumerate(order)}
        self.documents = MappingProxyType(dict(documents))
        in_order = [(d, documents[d]) for d in order if d in documents]
        numbers = [(n.number, n.docname, n.anchor) for n in report.by_key.values()]
        #: every number and every word of the report: what an appendix comparing it shows
        self.report_digest = _digest((numbers, [(d, o.content_digest) for d, o in in_order]))
        #: every number and what overview tables show of each object
        self.overview_digest = _digest((numbers, [(d, o.table_digest) for d, o in in_order]))
        self._attached: dict[str, Any] = {}
        self._sealed = False

    def reading_position(self, numbered: Numbered) -> tuple[int, int]:
        return (self.positions.get(numbered.docname, len(self.positions)), numbered.obj.seq)

    def first_holding(self, placeholder: str) -> str | None:
        """The first document in reading order that shows the named placeholder (one in no
        toctree has no place in that order)."""
        holding = (
            d
            for d, objects in self.documents.items()
            if d in self.positions and placeholder in objects.placeholders
        )
        return min(holding, key=self.positions.__getitem__, default=None)

    def attach(self, name: str, value: Any) -> None:
        """What a feature derived from the whole report, for its pages to read."""
        if self._sealed:
            raise ReportNotSealed(f"the report is sealed; {name!r} is attached too late")
        self._attached[name] = value

    def attached(self, name: str) -> Any:
        if name not in self._attached:
            raise ReportNotSealed(f"nothing is attached as {name!r} to the report")
        return self._attached[name]

    def seal(self) -> None:
        self._sealed = True

    @property
    def sealed(self) -> bool:
        return self._sealed
