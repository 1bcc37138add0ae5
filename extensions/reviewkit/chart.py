"""``recommendation-chart``: recommendations by owner and priority, drawn when the report is built.

The same chart appears in the report's HTML, in its PDFs and on the published site's
landing page, so it is one function from counts to HTML. Its words (owners,
priorities, the caption) are HTML text, which browsers and WeasyPrint both shape
correctly in Arabic and Chinese; only the bars and the legend's swatches are SVG.
The bars are told apart by fill pattern, not by colour, and every count is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import vocabulary
from .domain import report_view
from .features import register_placeholder
from .i18n.languages import language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .model import Report, ReportView

#: the fill of each priority by its place in ``reviewkit_priorities``: dark, hatched, open
FILLS = ("solid", "hatched", "open")
BAR_HEIGHT = 14
#: the widest bar's share of the row, leaving room for its count
BAR_SPAN = 88
#: the counts drawn in the SVG are digits only, set in the print sans-serif
NUMERALS = "Noto Sans"
HATCH = "#1b3a5c"


@dataclass(frozen=True)
class Bar:
    """One owner's recommendations, counted per priority (in the configured order)."""

    owner: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Chart:
    caption: str
    note: str
    priorities: tuple[str, ...]  # the priorities' names, in order
    totals: tuple[int, ...]  # recommendations per priority
    bars: tuple[Bar, ...]
    rtl: bool = False


def tally(
    recommendations: Iterable[tuple[Sequence[str], str]],
    owners: Sequence[tuple[str, str]],
    priorities: Sequence[str],
) -> tuple[tuple[Bar, ...], tuple[int, ...]]:
    """Bars for (owner keys, priority key) pairs, and the recommendations per priority.

    ``owners`` are (key, name) in the configured order; an owner with no
    recommendation has no bar. A recommendation with several owners counts once
    for each. Bars run from the most recommendations to the fewest.
    """
    per_owner = {key: [0] * len(priorities) for key, _ in owners}
    per_priority = [0] * len(priorities)
    for owner_keys, priority in recommendations:
        if priority not in priorities:
            continue
        column = priorities.index(priority)
        per_priority[column] += 1
        for key in owner_keys:
            if key in per_owner:
                per_owner[key][column] += 1
    bars = [Bar(name, tuple(per_owner[key])) for key, name in owners]
    order = sorted(range(len(bars)), key=lambda index: (-bars[index].total, index))
    return tuple(bars[index] for index in order if bars[index].total), tuple(per_priority)


def render(chart: Chart, ident: str) -> str:
    """The chart as an HTML ``figure``; ``ident`` keeps its SVG ids unique on the page."""
    widest = max((bar.total for bar in chart.bars), default=1) or 1
    legend = "".join(
        f"<li>{_swatch(f'{ident}-legend-{column}', column)}"
        f'<span>{escape(name)}</span> <span class="rk-chart-count">{count}</span></li>'
        for column, (name, count) in enumerate(zip(chart.priorities, chart.totals, strict=True))
    )
    rows = "".join(
        '<div class="rk-chart-row">'
        f'<div class="rk-chart-owner">{escape(bar.owner)}</div>'
        f"{_bar(bar, widest, f'{ident}-{index}', chart.rtl)}"
        '<span class="rk-chart-detail rk-visually-hidden">'
        f"{escape(_detail(bar, chart.priorities))}</span>"
        "</div>"
        for index, bar in enumerate(chart.bars)
    )
    return (
        f'<figure class="rk-chart" id="{escape(ident)}" data-pdf-alt="{escape(summary(chart))}">'
        f"<figcaption>{escape(chart.caption)}</figcaption>"
        f'<ul class="rk-chart-legend">{legend}</ul>'
        f'<div class="rk-chart-bars">{rows}</div>'
        f'<p class="rk-chart-note">{escape(chart.note)}</p>'
        "</figure>"
    )


def summary(chart: Chart) -> str:
    """The chart in words, one line each: its caption, the recommendations per priority,
    and each owner's. The PDF gives it to screen readers as the chart's alternative
    text, where its bars are decoration (``aria-hidden``) and its pieces are one figure."""
    priorities = str(vocabulary.LIST_SEPARATOR).join(
        f"{name} {count}" for name, count in zip(chart.priorities, chart.totals, strict=True)
    )
    owners = [f"{bar.owner}: {_detail(bar, chart.priorities)}" for bar in chart.bars]
    return "\n".join([chart.caption, priorities, *owners])


def _detail(bar: Bar, priorities: Sequence[str]) -> str:
    """The counts behind a bar, in words, for screen readers: "34 (High 20, Medium 14)"."""
    counts = str(vocabulary.LIST_SEPARATOR).join(
        f"{name} {count}" for name, count in zip(priorities, bar.counts, strict=True) if count
    )
    return f"{bar.total} ({counts})"


def _pattern(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        f'<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{HATCH}" stroke-width="1.6"/>'
        "</pattern></defs>"
    )


def _fill(column: int, ident: str) -> str:
    kind = FILLS[min(column, len(FILLS) - 1)]
    if kind == "solid":
        return f'fill="{HATCH}"'
    if kind == "hatched":
        return f'fill="url(#{ident})"'
    return 'fill="#ffffff"'


def _swatch(ident: str, column: int) -> str:
    pattern = _pattern(ident) if FILLS[min(column, len(FILLS) - 1)] == "hatched" else ""
    return (
        '<svg class="rk-chart-swatch" width="14" height="14" aria-hidden="true">'
        f'{pattern}<rect x="0.5" y="0.5" width="13" height="13" {_fill(column, ident)} '
        f'stroke="{HATCH}"/></svg>'
    )


def _bar(bar: Bar, widest: int, ident: str, rtl: bool) -> str:
    """Segments as percentages of the widest bar, so the SVG stretches with the page
    without stretching its hatching, and the count just past the bar's end.
    Right-to-left bars grow from the right; the SVG's own direction stays
    left-to-right, so its coordinates and anchors are the same in every engine."""
    segments = []
    start = 0.0
    for column, count in enumerate(bar.counts):
        if not count:
            continue
        width = BAR_SPAN * count / widest
        x = 100 - start - width if rtl else start
        segments.append(
            f'<rect x="{x:.3f}%" y="0.5" width="{width:.3f}%" height="{BAR_HEIGHT - 1}" '
            f'{_fill(column, ident)} stroke="{HATCH}" stroke-width="1"/>'
        )
        start += width
    needs_pattern = any(
        count and FILLS[min(column, len(FILLS) - 1)] == "hatched"
        for column, count in enumerate(bar.counts)
    )
    end = 100 - start if rtl else start
    total = (
        f'<text x="{end:.3f}%" dx="{-5 if rtl else 5}" y="{BAR_HEIGHT - 2}" '
        f'text-anchor="{"end" if rtl else "start"}" font-family="{NUMERALS}" '
        f'font-size="12" font-weight="700" fill="#000000">{bar.total}</text>'
    )
    return (
        f'<svg class="rk-chart-bar" width="100%" height="{BAR_HEIGHT}" direction="ltr" '
        f'aria-hidden="true">{_pattern(ident) if needs_pattern else ""}{"".join(segments)}'
        f"{total}</svg>"
    )


def report_chart(config: Config, report: Report, rtl: bool) -> Chart:
    """The chart of the built report, in the build's language."""
    priorities = list(config.reviewkit_priorities)
    bars, totals = tally(
        ((rec.obj.owners, rec.obj.priority) for rec in report.recommendations),
        [(key, vocabulary.owner_names(config, (key,))[0]) for key in config.reviewkit_owners],
        priorities,
    )
    return Chart(
        caption=str(vocabulary.CHART_CAPTION),
        note=str(vocabulary.CHART_NOTE),
        priorities=tuple(vocabulary.priority_name(config, key) for key in priorities),
        totals=totals,
        bars=bars,
        rtl=rtl,
    )


def plain(chart: Chart) -> list[nodes.Node]:
    """The chart's counts as a list, for builders that cannot show HTML."""
    items = nodes.bullet_list()
    for bar in chart.bars:
        text = f"{bar.owner}: {_detail(bar, chart.priorities)}"
        items += nodes.list_item("", nodes.paragraph(text, text))
    priorities = str(vocabulary.LIST_SEPARATOR).join(
        f"{name} {count}" for name, count in zip(chart.priorities, chart.totals, strict=True)
    )
    return [
        nodes.rubric(chart.caption, chart.caption),
        nodes.paragraph(priorities, priorities),
        items,
        nodes.paragraph(chart.note, chart.note),
    ]


class recommendation_chart(nodes.General, nodes.Element):
    """Placeholder for the chart of recommendations by owner and priority."""


class RecommendationChartDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        node = recommendation_chart()
        self.set_source_info(node)
        return [node]


def owners_and_priorities(view: ReportView) -> str:
    """What the chart shows: what a recommendation table shows, owners and priorities."""
    return view.overview_digest


def resolve_charts(
    app: Sphinx, doctree: nodes.document, docname: str, placeholders: list[nodes.Element]
) -> None:
    """The chart as HTML, or as a list of counts where the builder writes no HTML."""
    config = app.config
    chart = report_chart(config, report_view(app.env).report, language(config.language).rtl)
    for index, placeholder in enumerate(placeholders):
        if app.builder.format != "html":
            placeholder.replace_self(plain(chart))
            continue
        # an underscore, which no label has, so an object's anchor is never the chart's
        ident = "rk_chart_" + re.sub(r"[^A-Za-z0-9]+", "-", docname) + f"_{index + 1}"
        placeholder.replace_self(nodes.raw("", render(chart, ident), format="html"))


def setup(app: Sphinx) -> None:
    app.add_directive("recommendation-chart", RecommendationChartDirective)
    register_placeholder(
        app, recommendation_chart, shows=owners_and_priorities, resolve=resolve_charts
    )
