"""The appendix of public comments, the counts on recommendations, and the file's checks.

``{public-comments}`` leaves a placeholder; when its document is resolved it becomes
the comments grouped by the recommendation (or section) their point belongs to, in
reading order, each with the team's response and action, and each recommendation
block links to its comments there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import vocabulary
from ..dates import long_date
from ..domain import get_domain, report_view
from ..features import REPORT_SEALED, register_fact, register_placeholder
from .reading import (
    Comment,
    CommentProblem,
    CommentsFileError,
    comments_by_target,
    label_problems,
    read_comments,
    written_date,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..model import Numbered, ReportView

logger = logging.getLogger(__name__)


class public_comments(nodes.General, nodes.Element):
    """Placeholder for the appendix of public comments and the team's responses."""


@dataclass(frozen=True)
class PublicComments:
    """The comments file as this build read it, once, when the report was sealed."""

    #: every comment, in the file's order
    comments: list[Comment]
    #: the label each comment's point belongs to now -> its comments, in the file's order
    by_target: dict[str, list[Comment]]
    #: the document with the appendix, the one the recommendations link to
    docname: str | None
    problems: list[CommentProblem]
    #: why the file could not be read at all, at its line
    unreadable: CommentsFileError | None = None


def read_public_comments(app: Sphinx, view: ReportView) -> None:
    """Read the file once per build: the counts, the appendix and the checks share it."""
    path = comments_path(app)
    comments: list[Comment] = []
    problems: list[CommentProblem] = []
    unreadable = None
    if path is not None:
        try:
            comments, problems = read_comments(path)
        except CommentsFileError as error:
            unreadable = error
    docname = view.first_holding(public_comments.__name__)
    found = PublicComments(comments, comments_by_target(comments), docname, problems, unreadable)
    view.attach(__name__, found)


def of(view: ReportView) -> PublicComments:
    return view.attached(__name__)


def counts(view: ReportView) -> list[tuple[str, int]]:
    """How many comments each object has."""
    found = of(view)
    return sorted((label, len(group)) for label, group in found.by_target.items())


def count_shown(view: ReportView, numbered: Numbered) -> tuple[object, ...]:
    """What a recommendation shows: how many comments it has, and where the appendix is."""
    found = of(view)
    return (found.docname, len(found.by_target.get(numbered.label, ())))


def shows(view: ReportView) -> tuple[object, ...]:
    """The appendix shows the comments under each object's number and title."""
    return (view.overview_digest, of(view).docname, counts(view))


def count_on(
    app: Sphinx, view: ReportView, numbered: Numbered, docname: str
) -> tuple[str, list[nodes.Node]] | None:
    """How many public comments a recommendation has, linked to them in the appendix."""
    found = of(view)
    if not found.docname or numbered.label not in found.by_target:
        return None
    count = vocabulary.comment_count(len(found.by_target[numbered.label]))
    uri = app.builder.get_relative_uri(docname, found.docname)
    reference = nodes.reference("", count, internal=True)
    reference["refuri"] = f"{uri}#{group_anchor(numbered.label)}"
    return (vocabulary.word(app.config, "public-comments"), [reference])


def comments_path(app: Sphinx) -> Path | None:
    name = app.config.reviewkit_comments
    return (Path(app.srcdir) / name) if name else None


def known_labels(app: Sphinx) -> set[str]:
    """What a comment may address: the report's objects, explicit targets, and documents."""
    report = get_domain(app.env).report
    std = app.env.domains.standard_domain
    return {*report.by_label, *std.labels, *std.anonlabels, *app.env.all_docs}


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    path = comments_path(app)
    if path is None:
        return
    read = of(report_view(env))
    if read.unreadable is not None:
        warn(path, read.unreadable.line, read.unreadable.message)
        return
    found = [*read.problems, *label_problems(read.comments, known_labels(app))]
    for problem in sorted(found, key=lambda p: p.line):
        warn(path, problem.line, problem.message)


def warn(path: Path, line: int | None, message: str) -> None:
    """A problem of the file at its line; without one, the path leads the message (Sphinx
    would read a location without a line as a document name)."""
    if line is None:
        logger.warning("%s: %s", path, message, type="reviewkit", subtype="comments")
    else:
        logger.warning(message, type="reviewkit", subtype="comments", location=f"{path}:{line}")


def place_appendix(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[nodes.Element]
) -> None:
    """The appendix where the report's first ``{public-comments}`` is (the document the
    recommendations link to); any other one is reported and left empty, so that no
    comment and no anchor appears twice."""
    first = of(report_view(app.env)).docname or docname  # a document outside the toctree
    if docname == first:
        taken = {ident for node in doctree.findall(nodes.Element) for ident in node["ids"]}
        where = f"{app.env.doc2path(docname)}:{placeholders[0].line}"
        placeholders.pop(0).replace_self(appendix(app, docname, taken))
    else:
        where = f"{app.env.doc2path(first)}:{appendix_line(app, first)}"
    for placeholder in placeholders:
        logger.warning(
            "a second {public-comments}: the report has one appendix of public comments, "
            "at %s; remove this one",
            where,
            type="reviewkit",
            subtype="comments",
            location=placeholder,
        )
        placeholder.replace_self([])


def appendix_line(app: Sphinx, docname: str) -> int | None:
    """The line of the appendix's directive in its document, for the message that names
    it; that doctree is read only when there is a second directive to report."""
    doctree = app.env.get_doctree(docname)
    return next((p.line for p in doctree.findall(public_comments)), None)


def group_anchor(label: str) -> str:
    """The anchor of the comments on ``label`` in the appendix: an underscore, which no
    docutils id and no label has, so no heading or object on the page can take it."""
    return "comments_on_" + "-".join(label.split())


def appendix(app: Sphinx, docname: str, taken: set[str]) -> list[nodes.Node]:
    """The comments grouped by what their point belongs to: the report's objects in reading
    order, then sections and documents in the order of the file. ``taken`` holds the ids
    the page has; each anchor of earlier builds is kept where it is free."""
    view = report_view(app.env)
    report, by_target = view.report, of(view).by_target
    numbered = sorted(report.by_key.values(), key=view.reading_position)
    targets = [n.label for n in numbered if n.label in by_target]
    targets += [label for label in by_target if label not in targets]
    result: list[nodes.Node] = []
    for label in targets:
        rubric = heading(app, docname, label, unique(group_anchor(label), taken))
        keep_former(rubric, f"comments-on-{label}", taken)
        result.append(rubric)
        for comment in by_target[label]:
            block = comment_block(app, comment)
            keep_former(block, comment.former_anchor, taken)
            result.append(block)
    return result


def unique(anchor: str, taken: set[str]) -> str:
    """``anchor``, or with a count after it when the page has it: two section labels that
    differ only in their spaces ("a b", "a-b") would make one anchor."""
    found, count = anchor, 1
    while found in taken:
        count += 1
        found = f"{anchor}_{count}"
    taken.add(found)
    return found


def keep_former(node: nodes.Element, former: str, taken: set[str]) -> None:
    """The anchor published before, as a second id, unless the page has it already (a
    heading "Comment 1", an object labelled ``comment-2``) or it is no id at all."""
    if former in taken or any(char.isspace() for char in former):
        return
    taken.add(former)
    node["ids"].append(former)


def heading(app: Sphinx, docname: str, label: str, ident: str) -> nodes.Element:
    """What the comments below address, linked to it: "Recommendation 4.1: Title"."""
    domain = get_domain(app.env)
    numbered = domain.report.by_label.get(label)
    rubric = nodes.rubric(classes=["rk-comments-on"], ids=[ident])
    if numbered is not None:
        target, anchor = numbered.docname, numbered.anchor
        text = domain.display_name(numbered)
    else:
        std = app.env.domains.standard_domain
        target, anchor, text = std.labels.get(label, (label, "", ""))
        if not text:
            title = app.env.titles.get(target)
            text = title.astext() if title is not None else label
    uri = app.builder.get_relative_uri(docname, target) if target in app.env.all_docs else ""
    if uri or target == docname:
        reference = nodes.reference("", text, internal=True)
        reference["refuri"] = f"{uri}#{anchor}" if anchor else uri or "#"
        rubric += reference
    else:
        rubric += nodes.Text(text)
    return rubric


def comment_block(app: Sphinx, comment: Comment) -> nodes.Element:
    """One comment and its response, as text: a commenter's words are never markup."""
    block = nodes.container(classes=["rk-comment"], ids=[comment.anchor])
    head = nodes.paragraph(classes=["rk-comment-head"])
    day = written_date(comment.date)
    date = long_date(comment.date, app.config.language) if day else one_line(comment.date)
    head += nodes.strong(
        text=vocabulary.COMMENT_HEADING.format(
            number=comment.number, commenter=one_line(comment.commenter), date=date
        )
    )
    block += head
    quote = nodes.block_quote(classes=["rk-comment-text"])
    quote.extend(nodes.paragraph(text=part) for part in _paragraphs(comment.comment))
    block += quote
    response = nodes.paragraph(classes=["rk-comment-response"])
    response += nodes.strong(text=str(vocabulary.RESPONSE))
    response += nodes.Text(" " + one_line(comment.response))
    block += response
    action = nodes.paragraph(classes=["rk-comment-action"])
    action += nodes.strong(text=str(vocabulary.ACTION))
    action += nodes.Text(" " + str(vocabulary.ACTIONS.get(comment.action, comment.action)))
    block += action
    return block


def _paragraphs(text: str) -> list[str]:
    return [one_line(part) for part in text.split("\n\n") if part.strip()]


def one_line(text: str) -> str:
    """The words with single spaces between: a form feed, U+2028 or \\x1c pasted into a
    cell is whitespace to the reader, not a character for the page to show."""
    return " ".join(text.split())


class PublicCommentsDirective(SphinxDirective):
    """Where the appendix goes; the document is read again when the comments change."""

    def run(self) -> list[nodes.Node]:
        name = self.config.reviewkit_comments
        if name:
            self.env.note_dependency(str(Path(self.env.srcdir) / name))
        node = public_comments()
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> None:
    app.add_directive("public-comments", PublicCommentsDirective)
    register_placeholder(app, public_comments, shows=shows, resolve=place_appendix)
    register_fact(app, shows=count_shown, make=count_on)
    app.connect(REPORT_SEALED, read_public_comments)
    app.connect("env-check-consistency", on_check_consistency)
