"""recommendation-chart: recommendations by owner and priority, as readers see it."""

from __future__ import annotations

import re

import pytest

from reviewkit.chart import Chart, render, tally

from conftest import CONF
from pages import parse, squash

PRIORITIES = ["high", "medium", "low"]
DOCS = {
    "index.md": """\
        # Report

        ```{toctree}
        summary
        chapter
        ```
        """,
    "summary.md": """\
        # Summary

        ```{recommendation-chart}
        ```
        """,
    "chapter.md": """\
        # Chapter

        :::{recommendation} Publish a status page
        :label: status
        :owners: org
        :priority: high

        Text.
        :::

        :::{recommendation} Define measures
        :label: measures
        :owners: board, org
        :priority: medium

        Text.
        :::

        :::{recommendation} Ask the community
        :label: ask
        :owners: community
        :priority: low

        Text.
        :::
        """,
}


def bars(page) -> list[tuple[str, str, str]]:
    """(owner, count drawn at the bar's end, counts in words) per row, top to bottom."""
    return [
        (
            squash(row.find_all(cls="rk-chart-owner")[0].text),
            squash(row.find_all("text")[0].text),
            squash(row.find_all(cls="rk-chart-detail")[0].text),
        )
        for row in page.find_all(cls="rk-chart-row")
    ]


def test_tally_counts_each_owner_once_per_recommendation_and_orders_by_count():
    recommendations = [(("org",), "high"), (("board", "org"), "medium"), (("org",), "low")]
    owners = [("board", "The Board"), ("org", "The Organisation"), ("gac", "GAC")]
    found, totals = tally(recommendations, owners, PRIORITIES)
    assert [(bar.owner, bar.counts) for bar in found] == [
        ("The Organisation", (1, 1, 1)),
        ("The Board", (0, 1, 0)),
    ]  # GAC has no recommendation, so no bar
    assert totals == (1, 1, 1)  # each recommendation once, however many owners


def test_the_chart_shows_every_count_in_text_and_patterns_not_colour_alone(build):
    app = build(DOCS)
    page = parse(app.outdir / "summary.html")
    assert bars(page) == [
        ("The Organisation", "2", "2 (High 1, Medium 1)"),
        ("The Board", "1", "1 (Medium 1)"),
        ("Community", "1", "1 (Low 1)"),
    ]
    legend = [squash(item.text) for item in page.find_all(cls="rk-chart-legend")[0].find_all("li")]
    assert legend == ["High 1", "Medium 1", "Low 1"]
    fills = [
        rect.attrs["fill"]
        for rect in page.find_all(cls="rk-chart-legend")[0].find_all("rect")
        if "stroke" in rect.attrs  # the swatch, not its pattern's tile
    ]
    # solid, hatched, open: told apart in black and white
    assert fills[0].startswith("#") and fills[1].startswith("url(#") and fills[2] == "#ffffff"
    assert squash(page.find_all("figcaption")[0].text) == "Recommendations by owner and priority"
    # the bars are drawing, the words are text: screen readers skip the SVG
    assert all(svg.attrs.get("aria-hidden") == "true" for svg in page.find_all("svg"))


def test_bars_share_one_scale(build):
    page = parse(build(DOCS).outdir / "summary.html")
    widths = [
        sum(
            float(rect.attrs["width"].rstrip("%"))
            for rect in row.find_all("rect")
            if rect.attrs["width"].endswith("%")
        )
        for row in page.find_all(cls="rk-chart-row")
    ]
    assert widths[0] == pytest.approx(2 * widths[1]) == pytest.approx(2 * widths[2])


def test_the_chart_follows_an_edit_to_another_document(build, tmp_path):
    app = build(DOCS)
    chapter = app.srcdir / "chapter.md"
    chapter.write_text(chapter.read_text().replace(":owners: community", ":owners: board"))
    app.build()
    page = parse(app.outdir / "summary.html")
    assert [owner for owner, _, _ in bars(page)] == ["The Board", "The Organisation"]
    assert bars(page)[0][2] == "2 (Medium 1, Low 1)"


def test_right_to_left_bars_grow_from_the_right():
    found, totals = tally([(("a",), "high")], [("a", "A"), ("b", "B")], PRIORITIES)
    html = render(Chart("c", "n", ("H", "M", "L"), totals, found, rtl=True), "x")
    rect = re.search(r'<rect x="([\d.]+)%" y="0.5" width="([\d.]+)%"', html)
    assert rect is not None
    assert float(rect.group(1)) + float(rect.group(2)) == pytest.approx(100)  # flush right
    assert 'text-anchor="end"' in html  # the count sits to the bar's left


def test_owner_names_are_text_never_markup(build):
    conf = CONF.replace('"The Board"', '"<script>alert(1)</script> Board"')
    page_html = (build(DOCS, conf=conf).outdir / "summary.html").read_text()
    chart = re.search(r'<figure class="rk-chart".*?</figure>', page_html, re.S).group(0)
    assert "<script>" not in chart
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Board" in chart


def test_builders_without_html_get_the_counts_as_a_list(build):
    app = build(DOCS, buildername="text")
    text = (app.outdir / "summary.txt").read_text()
    assert "Recommendations by owner and priority" in text
    assert "The Organisation: 2 (High 1, Medium 1)" in text
    assert "High 1, Medium 1, Low 1" in text
