"""recommendation-table and traceability-table as readers see them."""

from __future__ import annotations

import pytest

from pages import parse, squash


def rows(table) -> list[list[str]]:
    return [
        [squash(cell.text) for cell in row.find_all("td")]
        for row in table.find_all("tr")
        if row.find_all("td")
    ]


def headers(table) -> list[str]:
    return [squash(cell.text) for cell in table.find_all("th")]


@pytest.mark.sphinx("html", testroot="basic")
def test_recommendation_table_lists_every_recommendation(app):
    app.build()
    table = parse(app.outdir / "summary.html").find_all("table", cls="rk-recommendation-table")[0]
    assert headers(table) == ["Number", "Recommendations", "Owners", "Priority"]
    assert rows(table) == [
        ["1.1", "Publish a status page", "The Organisation", "High"],
        ["1.2", "Define measures", "The Board, The Organisation", "Medium"],
        ["2.1", "Adopt shared words", "The Board, Community", "High"],
        ["3", "Stand alone", "Community", "Low"],
    ]
    links = [a.attrs["href"] for a in table.find_all("a")]
    assert links == [
        "first.html#status-page",
        "first.html#define-measures",
        "second.html#shared-words",
        "second.html#standalone",
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_recommendation_table_columns_and_filters(app):
    app.build()
    table = parse(app.outdir / "summary.html").find_all("table", cls="rk-recommendation-table")[1]
    assert headers(table) == ["Number", "Recommendations", "Consensus", "Findings"]
    assert rows(table) == [["2.1", "Adopt shared words", "Consensus", "3"]]
    assert table.find_all("a")[1].attrs["href"] == "second.html#f-c"


@pytest.mark.sphinx("html", testroot="basic")
def test_traceability_table_maps_findings_to_recommendations(app):
    app.build()
    table = parse(app.outdir / "summary.html").find_all("table", cls="rk-traceability-table")[0]
    assert headers(table) == ["Finding", "Title", "Recommendations"]
    assert rows(table) == [
        ["Finding 1", "Status is unknown", "1.1, 1.2"],
        ["Finding 2", "No measures exist", "1.2"],
        ["Finding 3", "Words differ", "2.1, 3"],
    ]


def test_unknown_filter_is_reported(build):
    from conftest import warnings_of

    app = build(
        {"index.md": "# R\n\n```{recommendation-table}\n:owner: nobody\n:priority: top\n```\n"}
    )
    warnings = warnings_of(app)
    assert "index.md:3:" in warnings
    assert "'nobody'" in warnings and "[reviewkit.unknown-owner]" in warnings
    assert "'top'" in warnings and "[reviewkit.unknown-priority]" in warnings


def test_titles_in_tables_show_numbers_where_the_author_wrote_references(build):
    from sources import ROLES_IN_TITLES

    page = parse(build(ROLES_IN_TITLES).outdir / "index.html")
    table = page.find_all("table", cls="rk-recommendation-table")[0]
    assert [row[1] for row in rows(table)] == [
        "Define the words",
        "Second Recommendation 1 and Finding 1",
    ]
    assert table.find_all("a")[1].attrs["title"] == "Second Recommendation 1 and Finding 1"
    traceability = page.find_all("table", cls="rk-traceability-table")[0]
    assert [row[1] for row in rows(traceability)] == ["Words differ", "Nothing follows the first"]


@pytest.mark.sphinx("html", testroot="basic")
def test_a_recommendations_findings_are_listed_by_number(app):
    """Its source cites them as "f-b, f-a": readers look them up by number."""
    app.build()
    page = parse(app.outdir / "first.html")
    box = page.by_id("define-measures")
    facts = {
        squash(dt.text): squash(dd.text)
        for dt, dd in zip(box.find_all("dt"), box.find_all("dd"), strict=True)
    }
    assert facts["Findings"] == "Finding 1, Finding 2"
    table = parse(app.outdir / "summary.html").find_all("table", cls="rk-traceability-table")[0]
    assert [row[2] for row in rows(table)] == ["1.1, 1.2", "1.2", "2.1, 3"]


def test_numbers_sort_as_numbers():
    from reviewkit.tables import number_key

    assert sorted(["12", "1", "10", "2"], key=number_key) == ["1", "2", "10", "12"]
    assert sorted(["4.10", "4.9", "10.1"], key=number_key) == ["4.9", "4.10", "10.1"]
