"""{rec}, {finding} and {suggestion} render the derived number and link to the object."""

from __future__ import annotations

import pytest

from pages import parse, squash


@pytest.mark.sphinx("html", testroot="basic")
def test_roles_show_numbers_and_link_across_documents(app):
    app.build()
    paragraph = parse(app.outdir / "summary.html").find_all("p")[0]
    assert squash(paragraph.text) == "See Test Recommendation 2.1 and the group and Finding 3."
    links = [
        (squash(a.text), a.attrs["href"], a.attrs.get("title")) for a in paragraph.find_all("a")
    ]
    assert links == [
        ("Test Recommendation 2.1", "second.html#shared-words", "Adopt shared words"),
        ("the group", "second.html#group-b", "Handle abuse"),  # explicit title kept
        ("Finding 3", "second.html#f-c", "Words differ"),
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_domain_objects_are_in_the_inventory_and_search(app):
    app.build()
    domain = app.env.get_domain("review")
    objects = {
        name: (shown, kind, doc, anchor)
        for name, shown, kind, doc, anchor, _ in domain.get_objects()
    }
    assert objects["shared-words"] == (
        "Test Recommendation 2.1: Adopt shared words",
        "recommendation",
        "second",
        "shared-words",
    )
    assert objects["f-a"] == ("Finding 1: Status is unknown", "finding", "first", "f-a")
    # the search page joins the index's "prefix.name" back into the full display name, and
    # links to the object's own anchor (Sphinx's "" would make it the display name)
    index = (app.outdir / "searchindex.js").read_text()
    assert '"Test Recommendation 2":[[2,0,1,"shared-words","1: Adopt shared words"]]' in index


def test_unknown_reference_renders_visibly(build):
    app = build({"index.md": "# R\n\nSee {finding}`missing`.\n"})
    page = parse(app.outdir / "index.html")
    unresolved = page.find_all(cls="rk-unresolved")
    assert [squash(e.text) for e in unresolved] == ["missing"]


def test_any_role_finds_report_objects(build):
    from test_checks import FINDING, page, recommendation

    app = build({"index.md": page(FINDING, recommendation(), "", "See {any}`r`.")})
    html = parse(app.outdir / "index.html")
    assert "See Recommendation 1." in squash(html.text)
