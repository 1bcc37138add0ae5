"""Check phase: every problem of the report, as ``reviewkit.<subtype>`` warnings.

Checks run on the whole numbered report on every build that changed anything,
so ``-W --keep-going`` lists every problem in one run, each at its object's
``file:line`` with the object's number and title and what to change.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator
from typing import TYPE_CHECKING

from sphinx.util import logging

from . import vocabulary
from .collect import has_content
from .domain import get_domain
from .model import (
    LABEL_PATTERN,
    ROLE_TARGETS,
    DocumentObjects,
    Location,
    PartBlock,
    Recommendation,
    Report,
    ReviewObject,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

SUBTYPES = (
    "missing-label",
    "duplicate-label",
    "missing-owners",
    "unknown-owner",
    "missing-priority",
    "unknown-priority",
    "unknown-consensus",
    "missing-measures",
    "missing-rationale",
    "no-findings",
    "unknown-reference",
    "orphan-finding",
    "misplaced",
    # beyond SPEC section 3: malformed directives
    "missing-title",
    "invalid-label",
    "duplicate-option",
    "duplicate-part",
    "malformed-measures",
    "duplicate-entry",
)

LABEL_HINT = "lowercase letters, digits and hyphens, starting with a letter or digit"


class Problem:
    __slots__ = ("location", "message", "subtype")

    def __init__(self, subtype: str, location: Location, message: str) -> None:
        assert subtype in SUBTYPES, subtype
        self.subtype = subtype
        self.location = location
        self.message = message


class ReportChecker:
    def __init__(
        self, config: Config, report: Report, documents: dict[str, DocumentObjects]
    ) -> None:
        self.config = config
        self.report = report
        self.documents = documents

    def describe(self, obj: ReviewObject) -> str:
        numbered = self.report.by_key.get(obj.key)
        if numbered is not None:
            name = vocabulary.object_name(self.config, obj.kind, numbered.number)
        else:
            name = obj.kind.replace("-", " ")
        title = vocabulary.shown_title(self.config, self.report, obj)
        return f'{name} "{title}"' if title else f"{name} (untitled)"

    def problems(self) -> Iterator[Problem]:
        report = self.report
        numbered = [*report.groups, *report.recommendations, *report.findings, *report.suggestions]
        numbered.sort(key=lambda n: (n.obj.location.docname, n.obj.seq))
        objects = [n.obj for n in numbered] + report.unplaced
        seen_labels: dict[str, ReviewObject] = {}
        for obj in objects:
            yield from self.object_problems(obj, seen_labels)
            if isinstance(obj, Recommendation):
                yield from self.recommendation_problems(obj)
        yield from self.reference_problems()
        yield from self.orphan_findings()
        for docname in sorted(self.documents):
            for part in self.documents[docname].misplaced_parts:
                where = f"inside {_a(part.container)}" if part.container else "on its own"
                yield Problem(
                    "misplaced",
                    part.location,
                    f"a {part.part} block stands {where}; move it directly "
                    f"into the recommendation it belongs to",
                )

    def object_problems(
        self, obj: ReviewObject, seen_labels: dict[str, ReviewObject]
    ) -> Iterator[Problem]:
        where = obj.location
        if not obj.title:
            yield Problem(
                "missing-title",
                where,
                f"{self.describe(obj)} has no title; write it after the directive "
                f"name, as in ```{{{obj.kind}}} A short imperative title",
            )
        if not obj.label:
            yield Problem(
                "missing-label",
                where,
                f"{self.describe(obj)} has no label; add ':label: ' with a name "
                f"that stays the same across editions ({LABEL_HINT})",
            )
        elif not LABEL_PATTERN.match(obj.label):
            suggested = suggest_label(obj.label, obj.title, obj.kind, self.report.by_label)
            yield Problem(
                "invalid-label",
                where,
                f"{self.describe(obj)} has the label {obj.label!r}; use only "
                f"{LABEL_HINT}, e.g. {suggested!r}",
            )
        elif obj.label in seen_labels:
            first = seen_labels[obj.label]
            yield Problem(
                "duplicate-label",
                where,
                f"{self.describe(obj)} has the label {obj.label!r}, already used by "
                f"{self.describe(first)} ({first.location.docname}, line "
                f"{first.location.line}); give each object its own label",
            )
        else:
            seen_labels[obj.label] = obj
        for option in obj.duplicate_options:
            yield Problem(
                "duplicate-option",
                where,
                f"{self.describe(obj)} gives :{option}: more than once; only the "
                f"last is used: keep one :{option}: line",
            )
        if obj.misplaced_in:
            yield Problem(
                "misplaced",
                where,
                f"{self.describe(obj)} stands inside {_a(obj.misplaced_in)}; "
                f"move it out to the chapter's own level",
            )
        if obj.key not in self.report.by_key:  # its document is in no toctree
            yield Problem(
                "misplaced",
                where,
                f"{self.describe(obj)} is in a document that no toctree includes, "
                f"so it has no place in the report's reading order; add "
                f"'{obj.location.docname}' to a toctree",
            )

    def recommendation_problems(self, rec: Recommendation) -> Iterator[Problem]:
        where, config = rec.location, self.config
        described = self.describe(rec)
        owners = config.reviewkit_owners
        if not rec.owners:
            yield Problem(
                "missing-owners",
                where,
                f"{described} says to whom it is addressed nowhere; add ':owners:' "
                f"with one or more of: {_keys(owners)}",
            )
        for owner in rec.owners:
            if owner not in owners:
                yield Problem(
                    "unknown-owner",
                    where,
                    f"{described} names the owner {owner!r}, which is not in "
                    f"reviewkit_owners{_did_you_mean(owner, owners)}; use one of: "
                    f"{_keys(owners)}, or add it to reviewkit_owners in conf.py",
                )
        priorities = config.reviewkit_priorities
        if not rec.priority:
            yield Problem(
                "missing-priority",
                where,
                f"{described} has no priority; add ':priority:' with one of: {_keys(priorities)}",
            )
        elif rec.priority not in priorities:
            yield Problem(
                "unknown-priority",
                where,
                f"{described} has the priority {rec.priority!r}"
                f"{_did_you_mean(rec.priority, priorities)}; use one of: "
                f"{_keys(priorities)}",
            )
        levels = config.reviewkit_consensus_levels
        if rec.consensus and rec.consensus not in levels:
            yield Problem(
                "unknown-consensus",
                where,
                f"{described} has the consensus level {rec.consensus!r}"
                f"{_did_you_mean(rec.consensus, levels)}; use one of: {_keys(levels)}",
            )
        if rec.measures is None:
            yield Problem(
                "missing-measures",
                where,
                _left_out(rec, "measures", described)
                or f"{described} says nowhere how success will be measured; add a "
                f"'measures' block with a bullet list of measures",
            )
        elif not rec.measures:
            yield Problem(
                "missing-measures",
                where,
                f"{described} has a 'measures' block with no list items; write each "
                f"measure of success as a bullet ('- ...')",
            )
        if rec.rationale is None or not has_content(rec.rationale):
            yield Problem(
                "missing-rationale",
                where,
                (_left_out(rec, "rationale", described) if rec.rationale is None else None)
                or f"{described} has no rationale; add a 'rationale' block that says "
                f"why the review team makes it",
            )
        if not rec.findings:
            yield Problem(
                "no-findings",
                where,
                f"{described} cites no finding; add ':findings:' with the labels of "
                f"the findings it answers",
            )
        yield from self.block_problems(rec, described)
        for entry in rec.repeated:
            what = "owner" if entry.option == "owners" else "finding"
            yield Problem(
                "duplicate-entry",
                entry.location,
                f"{described} names the {what} {entry.value!r} twice in :{entry.option}:; "
                f"keep one (it counts once)",
            )

    def block_problems(self, rec: Recommendation, described: str) -> Iterator[Problem]:
        """A second measures or rationale block, and measures that are not one bullet list."""
        first: dict[str, PartBlock] = {}
        for block in rec.blocks:
            if block.part in first:
                yield Problem(
                    "duplicate-part",
                    block.location,
                    f"{described} has a second {block.part} block (the first is at line "
                    f"{first[block.part].location.line}); "
                    + (
                        "move its items into the first and delete this one"
                        if block.part == "measures"
                        else "move its text into the first and delete this one"
                    ),
                )
            first.setdefault(block.part, block)
            docname = block.location.docname
            for line in block.numbered:
                yield Problem(
                    "malformed-measures",
                    Location(docname, line or block.location.line),
                    f"{described} has its measures as a numbered list; write them as a "
                    f"bullet list ('- ...'): measures of success have no order",
                )
            for line in block.empty_items:
                yield Problem(
                    "malformed-measures",
                    Location(docname, line or block.location.line),
                    f"{described} has an empty measure; write the measure after the "
                    f"bullet, or delete the line",
                )
            for line in block.stray:
                yield Problem(
                    "malformed-measures",
                    Location(docname, line or block.location.line),
                    f"{described} has text in its measures block outside the bullet list, "
                    f"and the export leaves it out; make it a bullet of the list, or move "
                    f"it to the recommendation's text or rationale",
                )

    def reference_problems(self) -> Iterator[Problem]:
        for docname in sorted(self.documents):
            for citation in self.documents[docname].citations:
                if self.report.lookup(citation.role, citation.target) is not None:
                    continue
                kinds = " or ".join(k.replace("-", " ") for k in ROLE_TARGETS[citation.role])
                candidates = [
                    n.label
                    for n in self.report.by_label.values()
                    if n.kind in ROLE_TARGETS[citation.role]
                ]
                yield Problem(
                    "unknown-reference",
                    citation.location,
                    f"{citation.target!r} is not the label of any {kinds}"
                    f"{_did_you_mean(citation.target, candidates)}; correct the label "
                    f"in the {{{citation.role}}} reference or ':findings:' entry",
                )

    def orphan_findings(self) -> Iterator[Problem]:
        for finding in self.report.findings:
            if finding.label and finding.label not in self.report.cited_by:
                yield Problem(
                    "orphan-finding",
                    finding.obj.location,
                    f"{self.describe(finding.obj)} is cited by no recommendation; "
                    f"add '{finding.label}' to the ':findings:' of the recommendations "
                    f"that answer it, or turn it into background text",
                )


def _left_out(rec: Recommendation, part: str, described: str) -> str | None:
    """Why an edition has no measures (or rationale) block when the sources have one: it
    stands in an ``only`` block that this edition leaves out. None when there is none."""
    lines = [str(block.location.line) for block in rec.left_out if block.part == part]
    if not lines:
        return None
    where = "the one at line " if len(lines) == 1 else "those at lines "
    return (
        f"{described} has no {part} block in this edition: {where}{', '.join(lines)} "
        f"{'is' if len(lines) == 1 else 'are'} inside an {{only}} block that this edition "
        f"leaves out; give this edition its own {part} block, or move the block out of "
        f"the {{only}} block"
    )


def _a(kind: str) -> str:
    """'a recommendation group', 'a measures block': how a message names a container."""
    if kind in ("measures", "rationale"):
        return f"a {kind} block"
    return f"a {kind.replace('-', ' ')}"


def _keys(mapping: Iterable[str]) -> str:
    return ", ".join(mapping) or "(none configured)"


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


#: Latin letters that NFKD leaves whole, spelled as their ASCII forms
LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
    }
)
#: how many words of a title make a suggested label
TITLE_WORDS = 6


def ascii_label(text: str) -> str:
    """``text`` as a label: accents stripped, other characters dropped or made hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(LETTERS))
    words = re.split(r"[^a-z0-9]+", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return "-".join(word for word in words if word)


def suggest_label(label: str, title: str, kind: str, taken: Container[str]) -> str:
    """A valid label that no object has yet, made from the label the author wrote.

    When nothing of it survives (a label in another script), the title's first words
    serve; failing those, the object's kind.
    """
    title_words = "-".join(ascii_label(title).split("-")[:TITLE_WORDS])
    base = ascii_label(label) or title_words or kind
    suggested, count = base, 1
    while suggested in taken:
        count += 1
        suggested = f"{base}-{count}"
    return suggested


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    checker = ReportChecker(app.config, domain.report, domain.documents)
    for problem in checker.problems():
        logger.warning(
            problem.message,
            type="reviewkit",
            subtype=problem.subtype,
            location=(problem.location.docname, problem.location.line),
        )


def setup(app: Sphinx) -> None:
    app.connect("env-check-consistency", on_check_consistency)
