"""Figures drawn from the report's own data: ``{timeline}`` and ``{count-chart}``.

A review report explains dates and counts that its team already keeps in
files: the review's milestones, the status of each earlier recommendation. Each
directive names such a CSV file (inside the sources, as :mod:`reviewkit.sources`
rules) and draws it as SVG when the document is read, so a figure can never
disagree with its data, and the same rows can feed a table (``csv-table``)
and a figure. The result is a real docutils ``figure`` holding an ``image``:
Sphinx numbers it ("Figure 2", ``{numref}``), gettext extracts its caption and
alt text, and the PDF tags it as a /Figure with that alt text.

The SVG travels in the doctree as a ``data:`` URI, which every builder can
show; builders that write HTML files (the site, the PDF) turn it into a file
of ``_images`` when the page is written (:func:`write_image_files`), so pages
stay small and the PDF renderer reads only files the build copied. The
drawing is a pure function of the rows and the language: no time, no random
ids, the same bytes on every build.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from babel.dates import format_skeleton
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import sources
from .dates import long_date
from .spreadsheet import SAVE_AS, NotCsvText, decoded

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SUBTYPE = "figure"
DATA_URI = "data:image/svg+xml;base64,"
#: the node attribute that marks an image this module drew
DRAWN = "reviewkit_drawn"
#: where the drawings wait, beside the doctrees, until the builder copies them
STAGING = "reviewkit-figures"

# The look: the report chart's ink and the print sans-serif (static/chart.css, pdf/print.css).
INK = "#1b3a5c"
FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
#: the drawings' own width: at a phone's column (about 320 px) their words stay about 12 px
WIDTH = 400
#: the average advance of a character of the labels, for wrapping them (Noto Sans, 15 px)
CHARACTER = 7.9
LABEL_SIZE = 15
LINE = 19


class FigureDataError(Exception):
    """A data file a figure cannot be drawn from; ``line`` is where in the file, if
    anywhere (a missing file has no line)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Row:
    line: int  # of the file, where the row starts
    cells: dict[str, str]  # by column name, stripped


@dataclass(frozen=True)
class DataFile:
    path: Path
    header_line: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


# Reading a CSV file: UTF-8 as a spreadsheet saves it, one header row, a line per row.


def read_data(path: Path) -> DataFile:
    """The rows of a CSV file under its header, each with the line where it starts.

    Raises ``FigureDataError`` with what to change when the file cannot be read as a
    table: missing, not UTF-8 text, a quote never closed, no header."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    found: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            found.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise FigureDataError(
            f"the CSV cannot be read from here ({error}); close the double quote that opens "
            f'a cell, or double a quote meant as text (""), or {SAVE_AS}',
            start,
        ) from error
    filled = [(line, cells) for line, cells in found if any(cell.strip() for cell in cells)]
    if not filled:
        raise FigureDataError("the file is empty; its first row must name the columns", 1)
    header_line, header = filled[0]
    columns = tuple(cell.replace("\ufeff", "").strip().lower() for cell in header)
    rows = tuple(
        Row(line, {name: cell.strip() for name, cell in zip(columns, cells, strict=False)})
        for line, cells in filled[1:]
    )
    return DataFile(path, header_line, columns, rows)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise FigureDataError("does not exist; write the data there or correct :file:") from error
    except OSError as error:
        raise FigureDataError(
            f"cannot be read ({error.strerror}); make it a readable file or correct :file:"
        ) from error
    try:
        return decoded(data)
    except NotCsvText as error:
        raise FigureDataError(error.reason, error.line) from error


def require_columns(data: DataFile, names: tuple[str, ...], why: str) -> None:
    missing = [name for name in names if name not in data.columns]
    if missing:
        raise FigureDataError(
            f"the header has no column {', '.join(repr(name) for name in missing)} ({why}); "
            f"its columns are {', '.join(repr(name) for name in data.columns if name)}",
            data.header_line,
        )


# The timeline: one row per event or period.

#: a day (YYYY-MM-DD) or, when only the month is known, a month (YYYY-MM)
WRITTEN_DAY = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
TIMELINE_COLUMNS = ("date", "event")


@dataclass(frozen=True)
class Day:
    date: dt.date
    month_only: bool = False

    def words(self, language: str | None) -> str:
        """As a reader writes it: "7 June 2018", or "October 2017" for a month."""
        if self.month_only:
            locale = "en_GB" if (language or "en") == "en" else language
            return format_skeleton("yMMMM", self.date, locale=locale)
        return long_date(self.date.isoformat(), language)


@dataclass(frozen=True)
class Moment:
    """An event (``end`` None) or a period of the review, from a row of the file."""

    start: Day
    end: Day | None
    event: str
    line: int


def written_day(text: str) -> Day | None:
    match = WRITTEN_DAY.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        return Day(dt.date(year or 1, month or 1, day or 1), month_only=day is None)
    except ValueError:
        return None


def read_timeline(data: DataFile) -> tuple[list[Moment], list[FigureDataError]]:
    """Events and periods in date order, and the rows that could not be read."""
    require_columns(data, TIMELINE_COLUMNS, "a timeline needs date and event; end is optional")
    moments: list[Moment] = []
    problems: list[FigureDataError] = []
    for row in data.rows:
        start, end = (row.cells.get(name, "") for name in ("date", "end"))
        event = " ".join(row.cells.get("event", "").split())
        day = written_day(start)
        until = written_day(end) if end else None
        if day is None:
            problems.append(FigureDataError(date_problem("date", start), row.line))
        elif end and until is None:
            problems.append(FigureDataError(date_problem("end", end), row.line))
        elif until is not None and until.date < day.date:
            problems.append(
                FigureDataError(f"the period ends ({end}) before it starts ({start})", row.line)
            )
        elif not event:
            problems.append(FigureDataError("the row has no event; describe it", row.line))
        else:
            moments.append(Moment(day, until, event, row.line))
    return sorted(moments, key=lambda moment: (moment.start.date, moment.line)), problems


def date_problem(column: str, text: str) -> str:
    if WRITTEN_DAY.fullmatch(text):
        return f"the {column} {text!r} is no day of the calendar; write the day meant"
    return (
        f"the {column} {text!r} is not a date; write it as YYYY-MM-DD, or YYYY-MM when only "
        f"the month is known, e.g. 2020-03-20"
    )


# The count chart: how many rows have each value of a column.


def count_values(
    data: DataFile, column: str, order: tuple[str, ...]
) -> tuple[list[tuple[str, int]], list[FigureDataError]]:
    """Each value of ``column`` and its rows, in ``order`` and then as first met; a row
    without a value is a problem, since the chart would silently count one row fewer."""
    require_columns(data, (column,), "the column :column: names")
    counts: dict[str, int] = dict.fromkeys(order, 0)
    problems: list[FigureDataError] = []
    for row in data.rows:
        value = " ".join(row.cells.get(column, "").split())
        if not value:
            problems.append(FigureDataError(f"the row has no {column}; fill it in", row.line))
            continue
        counts[value] = counts.get(value, 0) + 1
    return list(counts.items()), problems


# Drawing. Coordinates are whole or one-decimal numbers, so the bytes never vary.


def svg_document(width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{escape(FONT)}">'
        f"<title>{escape(title)}</title>{body}</svg>\n"
    )


def wrap(text: str, width: float) -> list[str]:
    """Lines of at most ``width`` pixels at the label size, broken between words."""
    limit = max(8, int(width / CHARACTER))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def text(x: float, y: float, content: str, **attributes: str | int | float) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


def draw_timeline(moments: list[Moment], language: str | None, title: str) -> str:
    """The review's course from top to bottom: a year scale on the left (ticks, not rules
    that would run through the words), each event a dot
    (each period a bar) at its date, its date and words to the right. Labels keep date
    order and move down just enough not to overlap, with a leader to their dot. Drawn
    upright, it reads at a phone's width and a page's alike."""
    first = min(moment.start.date for moment in moments)
    last = max((moment.end or moment.start).date for moment in moments)
    years = range(first.year, last.year + 2)
    axis, label_x, top, per_year = 62.0, 92.0, 16.0, 84.0

    def y_of(day: dt.date) -> float:
        start = dt.date(years[0], 1, 1)
        return round(top + per_year * (day - start).days / 365.25, 1)

    scale = [
        f'<line x1="{axis - 8:g}" y1="{y_of(dt.date(year, 1, 1)):g}" x2="{axis + 8:g}" '
        f'y2="{y_of(dt.date(year, 1, 1)):g}" stroke="{INK}" stroke-width="1.5"/>'
        + text(
            axis - 14,
            y_of(dt.date(year, 1, 1)) + 5,
            str(year),
            text_anchor="end",
            font_size=13,
            fill="#333333",
        )
        for year in years
    ]
    marks: list[str] = []
    labels: list[str] = []
    below = 0.0
    for moment in moments:
        y = y_of(moment.start.date)
        if moment.end is None:
            marks.append(
                f'<circle cx="{axis:g}" cy="{y:g}" r="5.5" fill="{INK}" stroke="#ffffff" '
                f'stroke-width="1.5"/>'
            )
        else:
            height = max(y_of(moment.end.date) - y, 4)
            marks.append(
                f'<rect x="{axis - 5:g}" y="{y:g}" width="10" height="{height:g}" rx="2" '
                f'fill="url(#period)" stroke="{INK}" stroke-width="1.5"/>'
            )
        when = moment.start.words(language)
        if moment.end is not None:
            when = f"{when} \N{EN DASH} {moment.end.words(language)}"
        lines = [when, *wrap(moment.event, WIDTH - label_x - 8)]
        label_top = max(y - 12, below + 8)
        baseline = label_top + 13
        if abs(baseline - 5 - y) > 1:
            marks.append(
                f'<path d="M{axis + 7:g},{y:g} L{label_x - 8:g},{baseline - 5:g} '
                f'L{label_x - 4:g},{baseline - 5:g}" fill="none" stroke="{INK}" '
                f'stroke-width="1"/>'
            )
        else:
            marks.append(
                f'<line x1="{axis + 7:g}" y1="{y:g}" x2="{label_x - 4:g}" y2="{y:g}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
        labels.append(text(label_x, baseline, lines[0], font_size=13.5, font_weight=700, fill=INK))
        labels.extend(
            text(label_x, baseline + LINE * index, line, font_size=LABEL_SIZE, fill="#000000")
            for index, line in enumerate(lines[1:], 1)
        )
        below = baseline + LINE * (len(lines) - 1) + 4
    height = int(max(y_of(dt.date(years[-1], 1, 1)), below) + 12)
    pattern = (
        '<defs><pattern id="period" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        f'<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{INK}" stroke-width="1.6"/>'
        "</pattern></defs>"
    )
    axis_line = (
        f'<line x1="{axis:g}" y1="{top:g}" x2="{axis:g}" y2="{height - 12}" stroke="{INK}" '
        f'stroke-width="2"/>'
    )
    body = pattern + "".join(scale) + axis_line + "".join(marks) + "".join(labels)
    return svg_document(WIDTH, height, title, body)


def draw_counts(counts: list[tuple[str, int]], title: str) -> str:
    """One bar per value, its name above it and its count at its end, on one scale from
    zero; the names and counts are text, so nothing rests on colour."""
    widest = max((count for _, count in counts), default=1) or 1
    span = WIDTH - 48
    rows: list[str] = []
    y = 4.0
    for value, count in counts:
        for line in wrap(value, WIDTH):
            y += LINE
            rows.append(text(0, y - 4, line, font_size=LABEL_SIZE, fill="#000000"))
        length = round(span * count / widest, 1)
        rows.append(
            f'<rect x="0" y="{y:g}" width="{max(length, 1):g}" height="22" fill="{INK}"/>'
            + text(length + 6, y + 16, str(count), font_size=15, font_weight=700, fill="#000000")
        )
        y += 22 + 14
    return svg_document(WIDTH, int(y), title, "".join(rows))


# The directives.


class FigureDirective(SphinxDirective):
    """What both figures share: the data file, the alt text, the caption (the content),
    and the ``figure`` node Sphinx numbers."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "file": directives.unchanged_required,
        "alt": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        alt = " ".join(self.options.get("alt", "").split())
        if not alt:
            self.warn(
                "the figure has no alt text; add :alt: with what the figure shows, in words, "
                "for readers who cannot see it"
            )
        data = self.data_file()
        if data is None:
            return []
        try:
            svg = self.draw(data, alt)
        except FigureDataError as problem:
            self.warn_in_file(data.path, problem)
            return []
        figure = nodes.figure(classes=["rk-figure", *self.options.get("class", [])])
        self.set_source_info(figure)
        image = nodes.image(
            uri=DATA_URI + base64.b64encode(svg.encode("utf-8")).decode("ascii"), alt=alt
        )
        image[DRAWN] = True
        self.set_source_info(image)
        figure += image
        figure += self.caption()
        self.add_name(figure)
        return [figure]

    def draw(self, data: DataFile, alt: str) -> str:
        raise NotImplementedError

    def caption(self) -> list[nodes.Node]:
        if not self.content:
            self.warn("the figure has no caption; write it as the directive's content")
            return []
        parsed = self.parse_content_to_nodes()
        paragraph = next((node for node in parsed if isinstance(node, nodes.paragraph)), None)
        if paragraph is None:
            return []
        caption = nodes.caption(paragraph.rawsource, "", *paragraph.children)
        caption.source, caption.line = paragraph.source, paragraph.line
        return [caption]

    def data_file(self) -> DataFile | None:
        """The file ``:file:`` names, beside the document, read; None (and a warning)
        when it is missing, outside the sources or unreadable."""
        written = self.options.get("file", "")
        if not written:
            self.warn("the figure names no data file; add :file: with the CSV file's path")
            return None
        path = Path(self.env.relfn2path(written, self.env.current_document.docname)[1])
        reason = sources.refusal_in(self.env, path)
        if reason is not None:
            sources.report(
                "the figure's data file", written, reason, self.env.srcdir, self.location()
            )
            return None
        self.env.note_dependency(str(path))
        try:
            return read_data(path)
        except FigureDataError as problem:
            if problem.line is None:
                self.warn(f"the figure's data file {written!r} {problem.message}")
            else:
                self.warn_in_file(path, problem)
            return None

    def location(self) -> str:
        source, line = self.get_source_info()
        return f"{source}:{line}"

    def warn(self, message: str) -> None:
        logger.warning(message, type="reviewkit", subtype=SUBTYPE, location=self.location())

    def warn_in_file(self, path: Path, problem: FigureDataError) -> None:
        logger.warning(
            "%s (a figure of %s)",
            problem.message,
            self.env.doc2path(self.env.current_document.docname, base=False).as_posix(),
            type="reviewkit",
            subtype=SUBTYPE,
            location=f"{path}:{problem.line}",
        )


class TimelineDirective(FigureDirective):
    """``{timeline}``: the rows of a CSV (date, end, event) on a time scale."""

    def draw(self, data: DataFile, alt: str) -> str:
        moments, problems = read_timeline(data)
        for problem in problems:
            self.warn_in_file(data.path, problem)
        if not moments:
            raise FigureDataError("the file has no event to draw; add a row", data.header_line)
        return draw_timeline(moments, self.config.language, alt)


class CountChartDirective(FigureDirective):
    """``{count-chart}``: how many rows of a CSV have each value of one column."""

    option_spec: ClassVar[dict[str, Any]] = {
        **FigureDirective.option_spec,
        "column": directives.unchanged_required,
        "order": directives.unchanged,
    }

    def draw(self, data: DataFile, alt: str) -> str:
        column = self.options.get("column", "").strip().lower()
        if not column:
            raise FigureDataError(
                "the chart names no column to count; add :column: with a column of the header",
                data.header_line,
            )
        order = tuple(" ".join(value.split()) for value in self.options.get("order", "").split(","))
        counts, problems = count_values(data, column, tuple(value for value in order if value))
        for problem in problems:
            self.warn_in_file(data.path, problem)
        return draw_counts(counts, alt)


# Writing: the drawings become files of ``_images`` for the builders that write HTML.


def write_image_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each drawing as a file named after its content, staged beside the doctrees and
    registered as an image of the build, so the builder copies it into ``_images`` (and
    the PDF renderer, which reads only what the build copied, may read it)."""
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "images"):
        return
    staging = Path(app.doctreedir) / STAGING
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if not image.get(DRAWN) or not uri.startswith(DATA_URI):
            continue
        svg = base64.b64decode(uri[len(DATA_URI) :])
        name = f"figure-{hashlib.sha256(svg).hexdigest()[:16]}.svg"
        staging.mkdir(parents=True, exist_ok=True)
        staged = staging / name
        if not staged.is_file() or staged.read_bytes() != svg:
            staged.write_bytes(svg)
        builder.images[str(staged)] = name
        image["uri"] = str(staged)
        image["candidates"] = {"?": str(staged)}  # drawn, not found: not the sources' image


def setup(app: Sphinx) -> None:
    app.add_directive("timeline", TimelineDirective)
    app.add_directive("count-chart", CountChartDirective)
    app.connect("doctree-resolved", write_image_files)
    app.add_css_file("figures.css")
