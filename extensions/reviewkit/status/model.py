"""What became of each recommendation, derived from the two files' rows (SPEC section 10).

A Board action is a date of the Board's file; after it, each recommendation's decision
is its latest row on or before that date, ``awaiting`` before its first. A
recommendation's implementation status is its latest implementation row. The rows
given are the ones :mod:`.reading` could place: the derivation never guesses at a row
the checks refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .reading import AWAITING, DECISIONS, BoardRow, ImplementationRow

#: the states ``counts`` counts, in the order status.json writes them
STATES = (*DECISIONS, AWAITING)


@dataclass(frozen=True)
class BoardAction:
    """One Board action: its date, its resolution, and where everything stood after it."""

    date: str
    resolution: str
    url: str
    #: how many of the report's recommendations had each state after it, every state named
    counts: dict[str, int]


@dataclass(frozen=True)
class Decision:
    date: str
    decision: str
    note: str


@dataclass(frozen=True)
class Progress:
    date: str
    status: str
    priority: str
    note: str
    evidence: str


@dataclass(frozen=True)
class RecommendationStatus:
    """One recommendation's record after the report: the Board's and the organisation's."""

    label: str
    #: its decision after each Board action, in the actions' order
    after: tuple[str, ...]
    decisions: tuple[Decision, ...]
    implementation: tuple[Progress, ...]

    @property
    def decision(self) -> str:
        """Where the Board left it: after its latest action."""
        return self.after[-1] if self.after else AWAITING

    @property
    def status(self) -> str | None:
        return self.implementation[-1].status if self.implementation else None

    @property
    def priority(self) -> str | None:
        """The latest priority reported: a row that leaves it empty keeps the one before,
        as a spreadsheet's later rows leave a cell that did not change."""
        given = [row.priority for row in self.implementation if row.priority]
        return given[-1] if given else None


@dataclass(frozen=True)
class Status:
    """Every Board action, and every recommendation of the report in its order."""

    #: the latest date of either file; None when both are empty
    as_of: str | None
    board_actions: tuple[BoardAction, ...]
    recommendations: tuple[RecommendationStatus, ...]


def derive(
    labels: Sequence[str], board: Sequence[BoardRow], implementation: Sequence[ImplementationRow]
) -> Status:
    """The status of each of ``labels`` (the report's recommendations, in its order).

    Rows are taken in date order; two rows of one date keep the file's order, so the
    later line holds (the checks report the pair)."""
    board = sorted(board, key=lambda row: row.date)
    implementation = sorted(implementation, key=lambda row: row.date)
    dates = sorted({row.date for row in board})
    decisions = {label: [row for row in board if row.recommendation == label] for label in labels}
    progress: dict[str, list[ImplementationRow]] = {label: [] for label in labels}
    for row in implementation:
        progress.setdefault(row.recommendation, []).append(row)
    recommendations = tuple(
        RecommendationStatus(
            label,
            tuple(decision_after(decisions[label], date) for date in dates),
            tuple(Decision(row.date, row.decision, row.note) for row in decisions[label]),
            tuple(
                Progress(row.date, row.status, row.priority, row.note, row.evidence)
                for row in progress[label]
            ),
        )
        for label in labels
    )
    actions = tuple(action(date, index, board, recommendations) for index, date in enumerate(dates))
    every_date = [row.date for row in board] + [row.date for row in implementation]
    return Status(max(every_date, default=None), actions, recommendations)


def decision_after(rows: Sequence[BoardRow], date: str) -> str:
    """The latest of a recommendation's rows (in date order) on or before ``date``."""
    held = [row.decision for row in rows if row.date <= date]
    return held[-1] if held else AWAITING


def action(
    date: str,
    index: int,
    board: Sequence[BoardRow],
    recommendations: Sequence[RecommendationStatus],
) -> BoardAction:
    rows = [row for row in board if row.date == date]
    resolution = next((row.resolution for row in rows if row.resolution), "")
    url = next((row.url for row in rows if row.url), "")
    counts = dict.fromkeys(STATES, 0)
    for recommendation in recommendations:
        counts[recommendation.after[index]] += 1
    return BoardAction(date, resolution, url, counts)
