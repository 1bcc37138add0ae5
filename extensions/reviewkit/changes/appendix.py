"""``{changes-since-draft}``: the appendix of what changed since the draft report.

``reviewkit_baseline`` in conf.py names the draft's ``recommendations.json`` (as
published, or as ``reviewkit changes`` made it from a git ref). The directive leaves a
placeholder; when its document is resolved, the report as built now is exported
in memory and compared with the baseline (``reviewkit.changes``), and every
change is written out: what was added, removed, merged or split, and for each
recommendation kept what moved or changed, its text as a word-level diff. HTML
builds also write ``changes.json`` beside ``recommendations.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import vocabulary
from ..comments.reading import written_date
from ..dates import long_date
from ..domain import get_domain, report_view
from ..export import Exporter, write_atomically
from ..features import REPORT_SEALED, register_placeholder
from .comparison import (
    BaselineError,
    BaselineProblem,
    Change,
    Changes,
    Segment,
    compare,
    load_baseline,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..model import ReportView

logger = logging.getLogger(__name__)
CHANGES_JSON = "changes.json"
#: how each kind and aspect is counted in the appendix's first paragraph
COUNTED = {
    "added": "added",
    "removed": "removed",
    "merged": "merged",
    "split": "split",
    "renumbered": "renumbered",
    "reworded": "reworded",
    "owners": "with other owners",
    "priority": "with another priority",
    "measures": "with other measures",
}


def baseline_path(app: Sphinx) -> Path | None:
    name = app.config.reviewkit_baseline
    return (Path(app.srcdir) / name) if name else None


class changes_since_draft(nodes.General, nodes.Element):
    """Placeholder for the appendix of changes since the draft report."""


def compare_with_draft(app: Sphinx, view: ReportView) -> None:
    """Compare the report as numbered now with the draft, once per build, where anything
    shows it: the appendix and ``changes.json`` share the changes (and a bad baseline is
    reported once)."""
    path = baseline_path(app)
    changes = None
    if path is not None and shows_changes(app, view):
        try:
            baseline = load_baseline(path)
        except BaselineError as error:
            for problem in error.problems:
                warn(path, problem)
        else:
            changes = compare(baseline, Exporter(app, app.builder, view.report).data())
    view.attach(__name__, changes)


def shows_changes(app: Sphinx, view: ReportView) -> bool:
    """Whether this build writes the changes: a page with the appendix, or changes.json."""
    if app.builder.name == "gettext":
        return False  # the catalogs hold the authors' words only
    name = changes_since_draft.__name__
    appendix = any(name in objects.placeholders for objects in view.documents.values())
    return appendix or writes_changes_json(app)


def writes_changes_json(app: Sphinx) -> bool:
    return app.builder.format == "html" and getattr(app.builder, "reviewkit_export", True)


def current_changes(app: Sphinx) -> Changes | None:
    """The changes found when the report was sealed; None without a readable baseline."""
    return report_view(app.env).attached(__name__)


def everything(view: ReportView) -> str:
    """The appendix compares every word of the report with the draft's."""
    return view.report_digest


def warn(path: Path, problem: BaselineProblem) -> None:
    """A problem of the baseline at its line; without one, the path leads the message
    (Sphinx would read a location without a line as a document name)."""
    if problem.line is None:
        logger.warning("%s: %s", path, problem.message, type="reviewkit", subtype="baseline")
    else:
        logger.warning(
            problem.message, type="reviewkit", subtype="baseline", location=f"{path}:{problem.line}"
        )


def place_appendix(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[nodes.Element]
) -> None:
    for placeholder in placeholders:
        placeholder.replace_self(appendix(app, docname))


def appendix(app: Sphinx, docname: str) -> list[nodes.Node]:
    changes = current_changes(app)
    if changes is None:
        return []
    report = report_view(app.env).report
    result: list[nodes.Node] = [summary(changes, app.config.language)]
    for change in changes.changes:
        result.append(heading(app, docname, change, report))
        result.extend(details(change))
    return result


def summary(changes: Changes, language: str | None) -> nodes.paragraph:
    counts = changes.counts()
    parts = [f"{counts[key]} {word}" for key, word in COUNTED.items() if counts.get(key)]
    date = changes.before.get("date", "")
    when = long_date(date, language) if written_date(date) else date
    since = f"Since the draft report of {when}" if when else "Since the draft report"
    text = (
        f"{since}, {len(changes.changes)} recommendations changed: {', '.join(parts)}."
        if parts
        else f"{since}, no recommendation changed."
    )
    return nodes.paragraph(text=text, classes=["rk-changes-summary"])


def heading(app: Sphinx, docname: str, change: Change, report: Any) -> nodes.rubric:
    """The recommendation as it is now (linked), or as it was when it is gone."""
    rubric = nodes.rubric(classes=["rk-change-on", f"rk-change-{change.kind}"])
    label = change.labels_after[0] if change.labels_after else ""
    numbered = report.by_label.get(label) if label else None
    if numbered is not None:
        uri = app.builder.get_relative_uri(docname, numbered.docname)
        reference = nodes.reference("", "", internal=True, refuri=f"{uri}#{numbered.anchor}")
        reference += nodes.Text(get_domain(app.env).display_name(numbered))
        rubric += reference
    else:
        names = [
            f"{n}: {t}" for n, t in zip(change.numbers_before, change.titles_before, strict=True)
        ]
        if change.kind == "removed":  # not in the report any more: said before its name
            rubric += nodes.inline("", str(vocabulary.REMOVED), classes=["rk-change-label"])
            rubric += nodes.Text(str(vocabulary.BANNER_SEPARATOR))
        rubric += nodes.Text("; ".join(names))
    return rubric


def details(change: Change) -> list[nodes.Node]:
    before = " and ".join(change.numbers_before)
    after = " and ".join(change.numbers_after)
    lines: list[nodes.Node] = []
    if change.kind == "added":
        lines.append(para("New in the final report."))
    elif change.kind == "removed":
        lines.append(para(f"Recommendation {before} of the draft is not in the final report."))
    elif change.kind == "merged":
        lines.append(para(f"Recommendations {before} of the draft became {after}."))
    elif change.kind == "split":
        lines.append(para(f"Recommendation {before} of the draft became {after}."))
    if "renumbered" in change.aspects:
        lines.append(para(f"Was {before} in the draft."))
    if "relabelled" in change.aspects:
        lines.append(para(f"Label {change.labels_before[0]} became {change.labels_after[0]}."))
    if change.title_diff:
        lines.append(diff_paragraph("Title: ", change.title_diff))
    if change.text_diff:
        lines.append(diff_paragraph("Text: ", change.text_diff))
    if "owners" in change.aspects:
        owners = f"{', '.join(change.owners_before)} → {', '.join(change.owners_after)}."
        lines.append(led("Owners: ", owners))
    if "priority" in change.aspects:
        lines.append(led("Priority: ", f"{change.priority_before} → {change.priority_after}."))
    if change.measures_added or change.measures_removed:
        items = nodes.bullet_list(classes=["rk-change-measures"])
        for measure in change.measures_removed:
            items += nodes.list_item("", segment_paragraph("Measure dropped: ", "deleted", measure))
        for measure in change.measures_added:
            items += nodes.list_item("", segment_paragraph("Measure added: ", "inserted", measure))
        lines.append(items)
    return lines


def para(text: str) -> nodes.paragraph:
    return nodes.paragraph(text=text)


def led(lead: str, text: str) -> nodes.paragraph:
    """A paragraph led by what it is about in bold, as the title's and text's diffs are."""
    paragraph = nodes.paragraph()
    paragraph += nodes.strong(text=lead)
    paragraph += nodes.Text(text)
    return paragraph


def segment_paragraph(lead: str, kind: str, text: str) -> nodes.paragraph:
    return diff_paragraph(lead, [Segment(kind, text)])


def diff_paragraph(lead: str, segments: list[Segment]) -> nodes.paragraph:
    """The words with what was deleted struck through and what was inserted underlined:
    told apart by the line, not by colour alone."""
    paragraph = nodes.paragraph(classes=["rk-change-diff"])
    paragraph += nodes.strong(text=lead)
    for index, segment in enumerate(segments):
        if index:
            paragraph += nodes.Text(" ")
        if segment.kind == "same":
            paragraph += nodes.Text(segment.text)
        else:
            paragraph += nodes.inline(segment.text, segment.text, classes=[f"rk-{segment.kind}"])
    return paragraph


def write_changes_json(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not writes_changes_json(app) or not app.config.reviewkit_baseline:
        return
    changes = current_changes(app)
    target = Path(app.outdir) / CHANGES_JSON
    if changes is None:  # the baseline was reported; one from an earlier build is stale
        target.unlink(missing_ok=True)
        return
    text = json.dumps(changes.as_json(), ensure_ascii=False, indent=1) + "\n"
    write_atomically(target, text)


class ChangesSinceDraftDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        path = self.config.reviewkit_baseline
        if path:
            self.env.note_dependency(str(Path(self.env.srcdir) / path))
        node = changes_since_draft()
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> None:
    app.add_directive("changes-since-draft", ChangesSinceDraftDirective)
    register_placeholder(app, changes_since_draft, shows=everything, resolve=place_appendix)
    app.connect(REPORT_SEALED, compare_with_draft)
    app.connect("build-finished", write_changes_json)
