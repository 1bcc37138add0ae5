"""Public comments on the draft and the team's responses, as the team keeps them.

The comments are one CSV file (``reviewkit_comments`` in conf.py, beside the
sources), one row per point a commenter makes, with these columns:

``commenter``, ``date`` (YYYY-MM-DD), ``addresses`` (the label of the
recommendation, group, finding or section the point is about), ``comment``,
``response``, ``action`` (accepted, partly accepted, not accepted, noted) and
``now_in`` (where the point went when ``addresses`` names something the report
no longer has, such as a recommendation merged into another).

A spreadsheet edits it, which is what a review team's secretariat already uses
for comment tracking; long texts stay in their cells, and a row is one point.
Each problem is reported at the row's line of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.config import Config

COLUMNS = ("commenter", "date", "addresses", "comment", "response", "action", "now_in")
REQUIRED = ("commenter", "date", "addresses", "comment")
ACTIONS = ("accepted", "partly accepted", "not accepted", "noted")


@dataclass(frozen=True)
class Comment:
    """One point of one commenter, with the team's response."""

    number: int  # in the order of the file: the appendix's numbering
    commenter: str
    date: str
    addresses: str
    comment: str
    response: str
    action: str
    now_in: str
    line: int  # of the file, where the row starts

    @property
    def anchor(self) -> str:
        return f"comment-{self.number}"

    @property
    def target(self) -> str:
        """The label the point belongs to now: where it went, or what it addressed."""
        return self.now_in or self.addresses


@dataclass(frozen=True)
class CommentProblem:
    line: int
    message: str


class CommentsFileError(Exception):
    """The file cannot be read as comments at all; the message says what to change."""


def read_comments(path: Path) -> tuple[list[Comment], list[CommentProblem]]:
    """Every row as a comment, and the problems of each row that can be told without
    the report (missing cells, unknown action, bad date)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise CommentsFileError(
            f"{path} does not exist; write the comments there or correct "
            f"reviewkit_comments in conf.py"
        ) from error
    except UnicodeDecodeError as error:
        raise CommentsFileError(
            f'{path} is not UTF-8 (byte {error.start}); save it from the spreadsheet as "CSV UTF-8"'
        ) from error
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise CommentsFileError(
            f"{path}:1: the header lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the first row must name {', '.join(COLUMNS)}"
        )
    comments, problems = [], []
    start = 2
    for row in reader:
        cells = {name.strip(): (value or "").strip() for name, value in row.items() if name}
        line, start = start, reader.line_num + 1
        if not any(cells.values()):
            continue
        comment = Comment(len(comments) + 1, *(cells[name] for name in COLUMNS), line=line)
        comments.append(comment)
        problems += row_problems(comment)
    return comments, problems


def row_problems(comment: Comment) -> list[CommentProblem]:
    problems = []
    who = f"the comment of {comment.commenter or 'an unnamed commenter'}"
    for name in REQUIRED:
        if not getattr(comment, name):
            problems.append(CommentProblem(comment.line, f"{who} has no {name}; fill it in"))
    if comment.date:
        try:
            dt.date.fromisoformat(comment.date)
        except ValueError:
            problems.append(
                CommentProblem(
                    comment.line, f"{who} is dated {comment.date!r}; write the date as YYYY-MM-DD"
                )
            )
    if not comment.response:
        problems.append(
            CommentProblem(comment.line, f"{who} has no response; write the team's response")
        )
    if not comment.action:
        problems.append(
            CommentProblem(comment.line, f"{who} has no action; write one of: {', '.join(ACTIONS)}")
        )
    elif comment.action not in ACTIONS:
        problems.append(
            CommentProblem(
                comment.line,
                f"{who} has the action {comment.action!r}; write one of: {', '.join(ACTIONS)}",
            )
        )
    return problems


def label_problems(comments: list[Comment], known: set[str]) -> list[CommentProblem]:
    """Labels the report does not have: a point on something removed must say where it went."""
    problems = []
    for comment in comments:
        who = f"the comment of {comment.commenter}"
        if comment.now_in and comment.now_in not in known:
            problems.append(
                CommentProblem(
                    comment.line,
                    f"{who} went to {comment.now_in!r}, which the report does not have; "
                    f"write the label of the recommendation or section that took the point",
                )
            )
        elif comment.addresses and comment.addresses not in known and not comment.now_in:
            problems.append(
                CommentProblem(
                    comment.line,
                    f"{who} addresses {comment.addresses!r}, which the report no longer has; "
                    f"write in now_in the label of the recommendation or section its point "
                    f"went to",
                )
            )
    return problems


def read_once(path: Path) -> tuple[list[Comment], list[CommentProblem]]:
    """``read_comments``, once per version of the file: the numbering (for the counts on
    recommendations) and the checks both read it in every build."""
    try:
        stat = path.stat()
    except OSError:
        return read_comments(path)  # raises, saying the file is missing
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        _READ.clear()
        _READ[key] = read_comments(path)
    return _READ[key]


_READ: dict[tuple[str, int, int], tuple[list[Comment], list[CommentProblem]]] = {}


def load_comments(srcdir: str | Path, config: Config) -> list[Comment]:
    """The comments of ``reviewkit_comments``, or none (the checks report why)."""
    name = config.reviewkit_comments
    if not name:
        return []
    try:
        return read_once(Path(srcdir) / name)[0]
    except CommentsFileError:
        return []


def comments_by_target(comments: list[Comment]) -> dict[str, list[Comment]]:
    by_target: dict[str, list[Comment]] = {}
    for comment in comments:
        by_target.setdefault(comment.target, []).append(comment)
    return by_target
