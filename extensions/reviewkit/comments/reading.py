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
Each problem is reported at the row's line of the file, counted as the CSV
reader and editors count lines: a line ends at a line feed (or CR LF) only, so a
form feed or a Unicode line separator pasted into a cell stays in its cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..spreadsheet import SAVE_AS, NotCsvText, decoded

if TYPE_CHECKING:
    pass

COLUMNS = ("commenter", "date", "addresses", "comment", "response", "action", "now_in")
REQUIRED = ("commenter", "date", "addresses", "comment")
ACTIONS = ("accepted", "partly accepted", "not accepted", "noted")
SETTING = 'reviewkit_comments = "comments.csv"'
#: a date as the files a team keeps write it: YYYY-MM-DD, ASCII digits only
WRITTEN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
        """An underscore, which no docutils id and no label has: no heading or object on
        the appendix's page can take a comment's anchor."""
        return f"comment_{self.number}"

    @property
    def former_anchor(self) -> str:
        """The anchor of earlier builds, kept where nothing else on the page has it."""
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
    """The file cannot be read as comments at all; the message says what to change.

    ``line`` is where in the file, when the problem has a place in it (a missing file
    or a folder has none)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


#: a row as read: the line it starts at, and its cells
Row = tuple[int, list[str]]


def read_comments(path: Path) -> tuple[list[Comment], list[CommentProblem]]:
    """Every row as a comment, and the problems of each row that can be told without
    the report (missing cells, unknown action, bad date, cells outside the columns).

    Raises ``CommentsFileError`` when there is nothing to read rows from: no file, not
    UTF-8 text, no header with the columns."""
    rows, broken = csv_rows(read_text(path))
    first = next((i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None)
    if first is None:
        if broken is not None:
            raise CommentsFileError(broken.message, broken.line)
        raise CommentsFileError(
            f"the file is empty; the first row must name {', '.join(COLUMNS)}", 1
        )
    header_line, header = rows[first]
    columns, problems = read_header(header_line, header)
    comments: list[Comment] = []
    for line, cells in rows[first + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        values = [cell_text(cells, columns[name]) for name in COLUMNS]
        comment = Comment(len(comments) + 1, *values, line=line)
        comments.append(comment)
        problems += row_problems(comment)
        problems += stray_cells(comment, cells, header)
    if broken is not None:
        problems.append(broken)
    return comments, problems


def read_text(path: Path) -> str:
    """The file's text, decoded as the "CSV UTF-8" a spreadsheet saves (with or without
    its byte order mark); whatever else it is gets a message saying how to save it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise CommentsFileError(
            f"does not exist; write the comments there, or set reviewkit_comments in conf.py "
            f"to the CSV file's path relative to the sources, e.g. {SETTING}"
        ) from error
    except IsADirectoryError as error:
        raise CommentsFileError(
            f"is a folder, not a file; set reviewkit_comments in conf.py to the CSV file's "
            f"path relative to the sources, e.g. {SETTING}"
        ) from error
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CommentsFileError(
            f"cannot be read ({reason}); make it a readable file, or correct reviewkit_comments "
            f"in conf.py"
        ) from error
    try:
        return decoded(data)
    except NotCsvText as error:
        raise CommentsFileError(error.reason, error.line) from error


def csv_rows(text: str) -> tuple[list[Row], CommentProblem | None]:
    """The rows with the line each starts at, and where the CSV stops making sense.

    Lines are split at line feeds only (``splitlines`` would also split at a form feed or
    U+2028 inside a cell); strict parsing makes a stray double quote a problem at its
    line instead of a silent merge of rows."""
    reader = csv.reader(io.StringIO(text, newline="\n"), strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        return rows, unreadable(str(error), start, reader.line_num)
    return rows, None


def unreadable(error: str, start: int, line: int) -> CommentProblem:
    """What the CSV reader's complaint means in the spreadsheet, at the line to look at."""
    if "unexpected end of data" in error:
        return CommentProblem(
            start,
            "a double quote opens a cell that is never closed, so the rest of the file is "
            'that one cell; close the quote, or double a quote meant as text ("")',
        )
    if "expected after" in error:
        return CommentProblem(
            line,
            "text after the double quote that closes a cell; enclose the whole cell in double "
            'quotes and double each quote inside it ("")',
        )
    if "new-line character" in error:
        return CommentProblem(
            line,
            f"a carriage return without a line feed ends a line inside a cell's text; {SAVE_AS} "
            f"again, or remove the stray character",
        )
    if "field limit" in error:
        return CommentProblem(
            start,
            f"a cell longer than {csv.field_size_limit()} characters (or a double quote left "
            f"open before it); shorten the cell or close the quote",
        )
    return CommentProblem(line, f"the CSV cannot be read from here ({error}); {SAVE_AS} again")


def read_header(line: int, header: list[str]) -> tuple[dict[str, int], list[CommentProblem]]:
    """Where each column is; a column named twice is read from its first place only."""
    names = [header_name(cell) for cell in header]
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        raise CommentsFileError(
            f"the header lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; the first row must name {', '.join(COLUMNS)}",
            line,
        )
    columns: dict[str, int] = {}
    problems = []
    for name in COLUMNS:
        places = [index for index, found in enumerate(names) if found == name]
        columns[name] = places[0]
        if len(places) > 1:
            times = "twice" if len(places) == 2 else f"{len(places)} times"
            problems.append(
                CommentProblem(
                    line,
                    f"the header names the column {name!r} {times}, in {column_names(places)}; "
                    f"only the first is read, so rename or remove the others",
                )
            )
    return columns, problems


def header_name(cell: str) -> str:
    # a byte order mark saved twice stays in the first name
    return cell.replace("\ufeff", "").strip()


def column_names(places: list[int]) -> str:
    """Both the numbers and the letters a spreadsheet shows: "columns 4 and 7 (D and G)"."""
    numbers = [str(place + 1) for place in places]
    letters = [column_letter(place) for place in places]
    return f"columns {and_list(numbers)} ({and_list(letters)})"


def and_list(words: list[str]) -> str:
    return f"{', '.join(words[:-1])} and {words[-1]}"


def column_letter(place: int) -> str:
    letters = ""
    place += 1
    while place:
        place, rest = divmod(place - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(cells: list[str], place: int) -> str:
    """A cell's text with its line ends as one line feed, whatever the file's line ends."""
    text = cells[place] if place < len(cells) else ""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def stray_cells(comment: Comment, cells: list[str], header: list[str]) -> list[CommentProblem]:
    """Text the header gives no column: after the last column (an unquoted comma split a
    cell, most often), or under a column without a name. Empty cells there are harmless."""
    who = f"the comment of {comment.commenter or 'an unnamed commenter'}"
    beyond = [cell.strip() for cell in cells[len(header) :]]
    unnamed = [
        index for index, name in enumerate(header) if not header_name(name) and index < len(cells)
    ]
    problems = []
    if any(beyond):
        text = next(cell for cell in beyond if cell)
        count = len(cells) - len(header)
        problems.append(
            CommentProblem(
                comment.line,
                f"{who} has {count} cell{'s' if count > 1 else ''} more than the header has "
                f"columns ({short(text)}); put the text in its column, and enclose a cell "
                f"whose text has a comma in double quotes",
            )
        )
    for index in unnamed:
        if cells[index].strip():
            problems.append(
                CommentProblem(
                    comment.line,
                    f"{who} has text in column {column_letter(index)}, which the header does "
                    f"not name ({short(cells[index].strip())}); name the column or move the text",
                )
            )
    return problems


def short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def row_problems(comment: Comment) -> list[CommentProblem]:
    problems = []
    who = f"the comment of {comment.commenter or 'an unnamed commenter'}"
    for name in REQUIRED:
        if not getattr(comment, name):
            problems.append(CommentProblem(comment.line, f"{who} has no {name}; fill it in"))
    if comment.date and written_date(comment.date) is None:
        problems.append(CommentProblem(comment.line, f"{who} {date_problem(comment.date)}"))
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


def written_date(text: str) -> dt.date | None:
    """The day ``text`` names when it is written YYYY-MM-DD; None otherwise.

    Python's date reader also takes ``20200124`` and week dates (``2020-W05-1``), which
    a reader of the appendix would see as a day nobody wrote; only the one form is a
    date here, and only a day the calendar has."""
    if not WRITTEN_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def date_problem(text: str) -> str:
    """What is wrong with a date that ``written_date`` refuses, and what to write."""
    if WRITTEN_DATE.fullmatch(text):
        return (
            f"is dated {text!r}, which is no day of the calendar; write the day meant as YYYY-MM-DD"
        )
    return f"is dated {text!r}; write the date as YYYY-MM-DD, e.g. 2020-03-20"


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


def comments_by_target(comments: list[Comment]) -> dict[str, list[Comment]]:
    by_target: dict[str, list[Comment]] = {}
    for comment in comments:
        by_target.setdefault(comment.target, []).append(comment)
    return by_target
