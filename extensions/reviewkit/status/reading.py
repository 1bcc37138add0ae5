"""The Board's decisions and the implementation reports, as the organisation keeps them.

Two CSV files (SPEC section 10), edited in a spreadsheet like the comments file, a row
per fact: ``reviewkit_board_actions`` (a row per recommendation acted on in a Board
action) and ``reviewkit_implementation`` (a row per report on a recommendation's
implementation). Everything here is a pure function of the file's bytes and the report's
recommendation labels: the build checks with it, and the status command reads with it,
so both say the same thing about the same file.

Every problem of a file is found in one pass, each at the line of the file where its
row starts, so a secretariat fixes the whole file at once. A row with a problem that
leaves it meaningless (an unknown label, a date that is no day) is left out of the
rows returned; one whose facts are clear but incomplete (``complete`` without evidence)
is kept and reported.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import spreadsheet
from ..comments.reading import header_name, written_date
from ..spreadsheet import SAVE_AS, NotCsvText

BOARD_COLUMNS = ("date", "resolution", "url", "recommendation", "decision", "note")
IMPLEMENTATION_COLUMNS = ("date", "recommendation", "status", "priority", "note", "evidence")
DECISIONS = ("approved", "rejected", "pending", "passed-through")
#: a recommendation's state before the Board's first row on it
AWAITING = "awaiting"
STATUSES = ("not-started", "in-progress", "complete", "on-hold")
PRIORITIES = ("P1", "P2", "P3", "P4")
SEMICOLONS = "the file is separated by semicolons; save it as CSV with commas"


@dataclass(frozen=True)
class Problem:
    """What is wrong at a line of the file; None for the file as a whole (it is missing)."""

    line: int | None
    message: str


@dataclass(frozen=True)
class BoardRow:
    """One recommendation acted on in one Board action."""

    line: int
    date: str
    resolution: str
    url: str
    recommendation: str
    decision: str
    note: str


@dataclass(frozen=True)
class ImplementationRow:
    """One report on a recommendation's implementation."""

    line: int
    date: str
    recommendation: str
    status: str
    priority: str
    note: str
    evidence: str


class Unreadable(Exception):
    """No rows can be read from the file: not text, or no header with the columns."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


#: a row as read: the line it starts at, and its cells
Row = tuple[int, list[str]]


def read_board_actions(data: bytes, labels: Sequence[str]) -> tuple[list[BoardRow], list[Problem]]:
    """The Board's rows that can be placed (a known label, a day, a decision), and every
    problem of the file."""
    try:
        cells, broken = table(data, BOARD_COLUMNS)
    except Unreadable as error:
        return [], [error.problem]
    rows: list[BoardRow] = []
    problems = [broken] if broken else []
    for line, values in cells:
        row = BoardRow(line, *values)
        found = [
            *date_problems(line, row.date),
            *label_problems(line, row.recommendation, labels),
            *choice_problems(line, "decision", row.decision, DECISIONS),
            *url_problems(line, row.url),
        ]
        problems += found
        if not found:
            rows.append(row)
    problems += repeated(rows, "the Board's decision on")
    problems += differing_actions(rows)
    return rows, sorted(problems, key=by_line)


def read_implementation(
    data: bytes, labels: Sequence[str], board: Sequence[BoardRow] | None
) -> tuple[list[ImplementationRow], list[Problem]]:
    """The implementation rows that can be placed, and every problem of the file.

    ``board`` is the Board's rows, to tell whether a recommendation was approved when
    its implementation was reported; None when the Board's file could not be read, so
    that its one problem does not make every row here a problem too."""
    try:
        cells, broken = table(data, IMPLEMENTATION_COLUMNS)
    except Unreadable as error:
        return [], [error.problem]
    rows: list[ImplementationRow] = []
    problems = [broken] if broken else []
    decided = by_recommendation(board) if board is not None else None
    for line, values in cells:
        row = ImplementationRow(line, *values)
        placed = [
            *date_problems(line, row.date),
            *label_problems(line, row.recommendation, labels),
        ]
        status = choice_problems(line, "status", row.status, STATUSES)
        found = [*placed, *status, *priority_problems(line, row.priority)]
        problems += found
        if not found:
            rows.append(row)
        # every problem of the row at once: one wrong cell does not hide the others
        if not status and row.status == "complete" and not row.evidence:
            problems.append(
                Problem(
                    line,
                    f"{row.recommendation} is reported complete without evidence; write in "
                    f"evidence where a reader can see it done (a link or a document)",
                )
            )
        if decided is not None and not placed:
            problems += approval_problems(row, decided.get(row.recommendation, []))
    problems += repeated(rows, "the implementation of")
    return rows, sorted(problems, key=by_line)


def by_line(problem: Problem) -> int:
    return problem.line or 0


# The file as a table


def table(data: bytes, columns: tuple[str, ...]) -> tuple[list[Row], Problem | None]:
    """Each non-empty row below the header with its line and its cells in ``columns``'
    order, and where the CSV stops making sense (the rows before it are read); raises
    :class:`Unreadable` when the file gives no rows to read."""
    text = decoded(data)
    rows, broken = csv_rows(text, ",")
    first = first_row(rows)
    if first is not None and is_semicolon_header(rows[first][1], columns):
        rows, broken = csv_rows(text, ";")
        first = first_row(rows)
    if first is None:
        empty = f"the file is empty; the first row must name {', '.join(columns)}"
        raise Unreadable(broken or Problem(1, empty))
    header_line, header = rows[first]
    places = header_places(header_line, header, columns)
    found = []
    for line, cells in rows[first + 1 :]:
        if any(cell.strip() for cell in cells):
            found.append((line, [cell_text(cells, places[name]) for name in columns]))
    return found, broken


def decoded(data: bytes) -> str:
    """The text a spreadsheet's "CSV UTF-8" holds, with or without its byte order mark."""
    try:
        return spreadsheet.decoded(data)
    except NotCsvText as error:
        raise Unreadable(Problem(error.line, f"the file {error.reason}")) from None


def csv_rows(text: str, delimiter: str) -> tuple[list[Row], Problem | None]:
    """The rows with the line each starts at, and where the CSV stops making sense.

    Lines end at line feeds only, as editors count them; strict parsing makes a stray
    double quote a problem at its line instead of a silent merge of rows."""
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        return rows, Problem(
            start,
            f"the CSV cannot be read from this row on ({error}); close each double quote "
            f'that opens a cell, double a quote meant as text (""), or {SAVE_AS} again',
        )
    return rows, None


def first_row(rows: list[Row]) -> int | None:
    return next((i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None)


def is_semicolon_header(header: list[str], columns: tuple[str, ...]) -> bool:
    """A header a spreadsheet saved with semicolons (French Excel): one cell, the
    columns' names between semicolons."""
    names = {header_name(cell) for cell in ";".join(header).split(";")}
    return len(header) < len(columns) and set(columns) <= names


def header_places(line: int, header: list[str], columns: tuple[str, ...]) -> dict[str, int]:
    """Where each column is (the first, if named twice); the missing ones, by name."""
    names = [header_name(cell).lower() for cell in header]
    missing = [name for name in columns if name not in names]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        semicolons = f"; {SEMICOLONS}" if any(";" in cell for cell in header) else ""
        raise Unreadable(
            Problem(
                line,
                f"the header lacks the column{plural} {', '.join(missing)}; the first row must "
                f"name {', '.join(columns)}{semicolons}",
            )
        )
    return {name: names.index(name) for name in columns}


def cell_text(cells: list[str], place: int) -> str:
    text = cells[place] if place < len(cells) else ""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# The checks of one row


def date_problems(line: int, text: str) -> list[Problem]:
    if not text:
        return [Problem(line, "the row has no date; write it as YYYY-MM-DD, e.g. 2021-07-22")]
    if written_date(text) is not None:
        return []
    if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        return [Problem(line, f"the date {text!r} is no day of the calendar; write the day meant")]
    return [Problem(line, f"the date {text!r} is not YYYY-MM-DD; write it so, e.g. 2021-07-22")]


def label_problems(line: int, label: str, labels: Sequence[str]) -> list[Problem]:
    if not label:
        return [Problem(line, "the row names no recommendation; write its label")]
    if label in labels:
        return []
    return [
        Problem(
            line,
            f"the report has no recommendation {label!r}{did_you_mean(label, labels)}; "
            f"write the label of one of its recommendations",
        )
    ]


def choice_problems(line: int, column: str, value: str, choices: Sequence[str]) -> list[Problem]:
    if value in choices:
        return []
    written = f"no {column}" if not value else f"the {column} {value!r}"
    return [
        Problem(
            line,
            f"the row has {written}{did_you_mean(value, choices)}; write one of: "
            f"{', '.join(choices)}",
        )
    ]


def priority_problems(line: int, value: str) -> list[Problem]:
    if not value or value in PRIORITIES:
        return []
    return [
        Problem(
            line,
            f"the row has the priority {value!r}{did_you_mean(value, PRIORITIES)}; write one of: "
            f"{', '.join(PRIORITIES)}, or leave it empty",
        )
    ]


def url_problems(line: int, value: str) -> list[Problem]:
    """The resolution's address is a link on the status page: a web address only."""
    if not value or value.startswith(("https://", "http://")):
        return []
    return [Problem(line, f"the url {value!r} is not a web address; write it from https://")]


def did_you_mean(value: str, choices: Sequence[str]) -> str:
    """The choice meant, as a spreadsheet's habits change it (case, spaces for hyphens,
    a slip of the keyboard)."""
    plain = "-".join(value.replace("_", " ").split()).casefold()
    close = [choice for choice in choices if choice.casefold() == plain]
    close = close or difflib.get_close_matches(plain, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if value and close else ""


# The checks across rows


def repeated(rows: Sequence[BoardRow] | Sequence[ImplementationRow], what: str) -> list[Problem]:
    """Two rows for one recommendation on one date: which one holds is anybody's guess."""
    first: dict[tuple[str, str], int] = {}
    problems = []
    for row in rows:
        key = (row.recommendation, row.date)
        if key in first:
            problems.append(
                Problem(
                    row.line,
                    f"{what} {row.recommendation} on {row.date} is also at line {first[key]}; "
                    f"keep one row for it",
                )
            )
        else:
            first[key] = row.line
    return problems


def differing_actions(rows: Sequence[BoardRow]) -> list[Problem]:
    """One Board action is one date, one resolution, one address: a row that says another
    one for the same date is a typing slip in one of them."""
    first: dict[str, BoardRow] = {}
    problems = []
    for row in rows:
        seen = first.setdefault(row.date, row)
        for column in ("resolution", "url"):
            mine, theirs = getattr(row, column), getattr(seen, column)
            if mine and theirs and mine != theirs:
                problems.append(
                    Problem(
                        row.line,
                        f"the Board action of {row.date} has the {column} {theirs!r} at line "
                        f"{seen.line} and {mine!r} here; write the same in every row of the "
                        f"action",
                    )
                )
    return problems


def by_recommendation(board: Sequence[BoardRow]) -> dict[str, list[BoardRow]]:
    """Each recommendation's rows: a file of thousands of implementation rows is checked
    against the few rows of its own recommendation."""
    found: dict[str, list[BoardRow]] = {}
    for row in board:
        found.setdefault(row.recommendation, []).append(row)
    return found


def decision_on(date: str, rows: Sequence[BoardRow]) -> BoardRow | None:
    """Of one recommendation's rows, the one that holds on ``date``: its latest on or
    before it (the later line when two share a date)."""
    found = None
    for row in rows:
        if row.date <= date and (found is None or row.date >= found.date):
            found = row
    return found


def approval_problems(row: ImplementationRow, decided: Sequence[BoardRow]) -> list[Problem]:
    """``decided``: the Board's rows on the row's recommendation."""
    holding = decision_on(row.date, decided)
    if holding is not None and holding.decision == "approved":
        return []
    if holding is None:
        why = "the Board had not decided on it by then"
    else:
        why = f"the Board's decision then was {holding.decision} (line {holding.line})"
    return [
        Problem(
            row.line,
            f"implementation of {row.recommendation} is reported on {row.date}, but {why}; "
            f"report only on recommendations approved at that date, or correct the date",
        )
    ]


# The files on disk


#: what each file's setting names, for the messages about a file that is not there
FILES = {
    "reviewkit_board_actions": ("the Board's decisions", "board-actions.csv"),
    "reviewkit_implementation": ("the implementation reports", "implementation.csv"),
}


def file_bytes(path: Path, setting: str) -> bytes:
    """The file's bytes; raises :class:`Unreadable` (without a line) saying what to do."""
    what, example = FILES[setting]
    fix = f'set {setting} in conf.py to its path relative to the sources, e.g. "{example}"'
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem = f"does not exist; write {what} there, or {fix}"
    except IsADirectoryError:
        problem = f"is a folder, not a file; {fix}"
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        problem = f"cannot be read ({reason}); make it a readable file, or {fix}"
    raise Unreadable(Problem(None, problem))


@dataclass(frozen=True)
class Files:
    """Both files as read together: the rows that can be placed, every problem by file."""

    board: list[BoardRow]
    implementation: list[ImplementationRow]
    problems: list[tuple[Path, Problem]]


def read_files(
    board_path: Path | None, implementation_path: Path | None, labels: Sequence[str]
) -> Files:
    """Either file may be absent from conf.py (None); implementation is checked against
    the Board's decisions only when the Board's file was read."""
    board: list[BoardRow] = []
    #: without a Board's file, no recommendation is approved
    known: list[BoardRow] | None = []
    problems: list[tuple[Path, Problem]] = []
    if board_path is not None:
        try:
            board, found = read_board_actions(
                file_bytes(board_path, "reviewkit_board_actions"), labels
            )
        except Unreadable as error:
            found = [error.problem]
        problems += [(board_path, problem) for problem in found]
        # a file of which no row could be read says nothing of what was approved
        known = board if board or not found else None
    implementation: list[ImplementationRow] = []
    if implementation_path is not None:
        try:
            implementation, found = read_implementation(
                file_bytes(implementation_path, "reviewkit_implementation"), labels, known
            )
        except Unreadable as error:
            found = [error.problem]
        problems += [(implementation_path, problem) for problem in found]
    return Files(board, implementation, problems)
