"""``status/index.html``: the Board's decisions and the implementation, for readers.

Written with status.json and the feed from the same rows, so the three never disagree.
Every word comes through the toolchain's catalog (the report's language), every link to
a recommendation goes to its place in the final report, and nothing depends on the clock:
the same files give the same bytes. No script: the chart is HTML bars with their numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import vocabulary
from ..dates import long_date
from ..model import RECOMMENDATION
from .data import JSON_NAME
from .feed import FEED_NAME
from .model import STATES, Status
from .reading import AWAITING

PAGE_NAME = "index.html"
HERE = Path(__file__).parent
LANDING_CSS = HERE.parent / "publish" / "landing.css"
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE),
    autoescape=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
#: the order implementation statuses are counted in
STATUSES = tuple(vocabulary.STATUS_WORDS)


@dataclass(frozen=True)
class Cell:
    """A recommendation's decision after one Board action."""

    words: str
    #: the resolution's link where the decision was taken at this action, else ""
    url: str
    #: whether the Board decided on it at this action (not a decision carried from before)
    taken: bool
    #: the footnote's number of the decision's note, 0 without one
    note: int
    state: str


@dataclass(frozen=True)
class Row:
    number: str
    name: str
    title: str
    url: str
    cells: tuple[Cell, ...]
    decision: str
    status: str
    priority: str
    date: str
    latest: str
    evidence: str
    #: the date and note of the Board's latest decision on it ("" before any)
    decided: str
    board_note: str


def decision_words(state: str) -> str:
    return str(vocabulary.AWAITING if state == AWAITING else vocabulary.DECISION_WORDS[state])


def rows_of(
    exported: Sequence[Mapping[str, Any]], status: Status, words: Any, base: str | None
) -> tuple[list[Row], list[tuple[int, str, str]]]:
    """One row per recommendation, and the notes of the decisions as footnotes
    (number, recommendation's name, note), numbered in reading order. With ``base`` None,
    the rows link nowhere (the PDF, read away from the site)."""
    notes: list[tuple[int, str, str]] = []
    rows = []
    for entry, found in zip(exported, status.recommendations, strict=True):
        name = str(vocabulary.object_name(words, RECOMMENDATION, entry["number"]))
        cells = []
        for action, state in zip(status.board_actions, found.after, strict=True):
            taken = [d for d in found.decisions if d.date == action.date]
            note = 0
            if taken and taken[-1].note.strip():
                notes.append((len(notes) + 1, name, " ".join(taken[-1].note.split())))
                note = len(notes)
            cells.append(
                Cell(decision_words(state), action.url if taken else "", bool(taken), note, state)
            )
        latest = found.implementation[-1] if found.implementation else None
        rows.append(
            Row(
                number=entry["number"],
                name=name,
                title=entry["title"],
                url="" if base is None else base + entry["url"],
                cells=tuple(cells),
                decision=decision_words(found.decision),
                status=str(vocabulary.STATUS_WORDS[found.status]) if found.status else "",
                priority=found.priority or "",
                date=latest.date if latest else "",
                latest=" ".join(latest.note.split()) if latest else "",
                evidence=latest.evidence.strip() if latest else "",
                decided=found.decisions[-1].date if found.decisions else "",
                board_note=" ".join(found.decisions[-1].note.split()) if found.decisions else "",
            )
        )
    return rows, notes


def status_counts(status: Status) -> list[tuple[str, int]]:
    """How many recommendations have each implementation status, and how many none yet."""
    counts = dict.fromkeys(STATUSES, 0)
    unreported = 0
    for found in status.recommendations:
        if found.status:
            counts[found.status] += 1
        else:
            unreported += 1
    shown = [(str(vocabulary.STATUS_WORDS[key]), count) for key, count in counts.items()]
    return [*shown, (str(vocabulary.NOT_REPORTED), unreported)]


def is_link(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def status_page(
    exported: Sequence[Mapping[str, Any]],
    status: Status,
    *,
    report: Mapping[str, str],
    words: Any,
    base: str | None = "",
    pdf: str = "",
    printing: Sequence[tuple[str, str]] = (),
) -> str:
    """The page: ``exported`` and ``report`` are the final report's export, ``words`` the
    project's settings that name a recommendation, ``base`` goes before each link into
    the report (``../final/`` from ``public/status/``), ``pdf`` is the status PDF's name.

    With ``printing`` (the PDF's metadata, name and value), the HTML the PDF is laid out
    from instead: the counts, then one row per recommendation with where the Board left
    it and its latest report, for a Board pack; no links into the site."""
    language = report["language"]
    rows, notes = rows_of(exported, status, words, None if printing else base)
    sheets = [LANDING_CSS, HERE / "status.css"]
    if printing:
        sheets.append(HERE / "status-print.css")
    style = "".join(sheet.read_text(encoding="utf-8") for sheet in sheets)
    if printing:
        style += print_css(report, status.as_of)
    total = len(rows)
    return TEMPLATES.get_template("status-print.html" if printing else "status.html").render(
        w=vocabulary,
        report=report,
        language=language,
        direction="rtl" if language.split("_")[0] in ("ar", "he", "fa") else "ltr",
        as_of=long_date(status.as_of, language) if status.as_of else "",
        actions=[(action, long_date(action.date, language)) for action in status.board_actions],
        states=[(state, decision_words(state)) for state in STATES],
        rows=rows,
        notes=notes,
        total=total,
        percent=lambda count: f"{100 * count / total:.1f}" if total else "0",
        status_counts=status_counts(status),
        is_link=is_link,
        long_date=lambda iso: long_date(iso, language),
        style=Markup(style),
        data=JSON_NAME,
        feed=FEED_NAME,
        pdf=pdf,
        meta=printing,
    )


def print_css(report: Mapping[str, str], as_of: str) -> str:
    """The PDF's fonts for the report's language, and its running head and footer."""
    from ..pdf import fonts
    from ..pdf.css import counter_content, css_string

    language = report["language"]
    text = fonts.css_stack(fonts.for_language(fonts.HEADINGS, language))
    head = css_string(
        str(vocabulary.STATUS_AS_OF).format(date=long_date(as_of, language)) if as_of else ""
    )
    return (
        f"html {{ font-family: {text}; }}\n"
        f"@page {{ @top-left {{ content: {css_string(report['title'])}; }}"
        f" @top-right {{ content: {head}; }}"
        f" @bottom-right {{ content: {counter_content(str(vocabulary.PAGE_OF))}; }} }}\n"
    )
