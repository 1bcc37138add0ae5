"""{rec}, {finding} and {suggestion} render the derived number and link to the object."""

from __future__ import annotations

import json

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


def test_search_stems_words_with_the_c_stemmer_as_with_the_python_one():
    """Sphinx stems every word of every page it writes; snowballstemmer does it with
    PyStemmer's C build when installed. The report's own words get the same stems
    either way, so the search finds what it found before."""
    import re
    from pathlib import Path

    import snowballstemmer
    import Stemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    assert snowballstemmer.stemmer is Stemmer.Stemmer  # installed with reviewkit
    report = Path(__file__).resolve().parents[1] / "report"
    text = " ".join(path.read_text(encoding="utf-8") for path in report.rglob("*.md"))
    words = sorted({word.lower() for word in re.findall(r"\w+", text)})
    assert len(words) > 3000
    fast, slow = snowballstemmer.stemmer("english"), EnglishStemmer()
    assert fast.stemWords(words) == [slow.stemWord(word) for word in words]
    assert fast.stemWord("recommendations") == "recommend"


def test_unknown_reference_renders_visibly(build):
    app = build({"index.md": "# R\n\nSee {finding}`missing`.\n"})
    page = parse(app.outdir / "index.html")
    unresolved = page.find_all(cls="rk-unresolved")
    assert [squash(e.text) for e in unresolved] == ["missing"]


def test_any_role_finds_report_objects(build):
    from sources import FINDING, page, recommendation

    app = build({"index.md": page(FINDING, recommendation(), "", "See {any}`r`.")})
    html = parse(app.outdir / "index.html")
    assert "See Recommendation 1." in squash(html.text)


def test_titles_with_references_read_the_same_in_links_search_and_inventory(build):
    from sources import ROLES_IN_TITLES

    files = dict(ROLES_IN_TITLES)
    files["index.md"] += "\n    See {rec}`second`.\n"
    app = build(files)
    domain = app.env.get_domain("review")
    shown = {name: display for name, display, *_ in domain.get_objects()}
    assert shown["second"] == "Recommendation 2: Second Recommendation 1 and Finding 1"
    assert shown["s"] == "Suggestion 1: Read Finding 2"
    page = parse(app.outdir / "index.html")
    (see,) = [p for p in page.find_all("p") if squash(p.text) == "See Recommendation 2."]
    (link,) = see.find_all("a")
    assert link.attrs["title"] == "Second Recommendation 1 and Finding 1"
    assert "Second Recommendation 1 and Finding 1" in (app.outdir / "searchindex.js").read_text()


# -- a label that another element of the page has as its id -------------------------------

SECOND = """\
# Second chapter

:::{finding} Something is wrong
:label: f

It is.
:::

"""


def ids_of(page) -> list[str]:
    return [e.attrs["id"] for e in page.iter() if e.attrs.get("id")]


def test_label_equal_to_a_heading_id_gets_an_anchor_of_its_own(project, cli):
    from sources import page, recommendation

    chapter = SECOND + recommendation(label="second-chapter")
    index = page("See {rec}`second-chapter`.\n", toctree=("second",))
    index += "\n```{recommendation-table}\n```\n"
    srcdir = project({"index.md": index, "second.md": chapter})
    assert cli(srcdir, "-W", "--keep-going") == (0, "")
    out = srcdir.parent / "cli-out"
    second = parse(out / "second.html")
    assert second.by_id("second-chapter").tag == "section"  # the chapter keeps its anchor
    article = second.by_id("rec_second-chapter")
    assert "rk-recommendation" in article.classes
    assert len(ids_of(second)) == len(set(ids_of(second)))
    index_page = parse(out / "index.html")
    (see,) = [p for p in index_page.find_all("p") if squash(p.text).startswith("See ")]
    links = [a.attrs["href"] for a in see.find_all("a")]
    links += [a.attrs["href"] for a in index_page.find_all("table")[0].find_all("a")]
    assert links == ["second.html#rec_second-chapter"] * 2
    (exported,) = json.loads((out / "recommendations.json").read_text())["recommendations"]
    assert exported["url"] == "second.html#rec_second-chapter"
    assert '"rec_second-chapter"' in (out / "searchindex.js").read_text()


@pytest.mark.parametrize(
    ("before", "after", "other"),
    [
        ("(r)=\nSome text.\n\n", "", "p"),
        ("## R\n\nText.\n\n", "", "section"),
        ("", "\n## R\n\nText.\n", "section"),
        ("", "\nA note.[^r]\n\n[^r]: The note.\n", "aside"),
    ],
    ids=["target-before", "heading-before", "heading-after", "footnote-after"],
)
def test_label_equal_to_another_name_on_the_page_links_each_to_its_own(
    project, cli, before, after, other
):
    from sources import FINDING, page, recommendation

    # an explicit target is what [...](#r) names; a heading is named so only by its slug
    link = " and [the other](#r)" if other == "p" else ""
    text = page(FINDING, before + recommendation(), after, f"Links: {{rec}}`r`{link}.\n")
    srcdir = project({"index.md": text})
    assert cli(srcdir, "-W", "--keep-going") == (0, "")
    html = parse(srcdir.parent / "cli-out" / "index.html")
    ids = ids_of(html)
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    (article,) = html.find_all("article", cls="rk-recommendation")
    (links,) = [p for p in html.find_all("p") if squash(p.text).startswith("Links:")]
    hrefs = [a.attrs["href"] for a in links.find_all("a")]
    assert hrefs[0] == f"#{article.attrs['id']}"
    others = [e for e in html.find_all(other) if e.attrs.get("id") and e is not article]
    if other == "p":
        others = [html.by_id("r")] if html.by_id("r").tag == "p" else []
    assert others, f"the {other} keeps an anchor of its own"
    if link:
        assert hrefs[1] != hrefs[0] and hrefs[1].lstrip("#") in ids


def test_a_link_titled_with_numbers_is_rewritten_when_they_change(tmp_path):
    import io

    from sphinx.testing.util import SphinxTestApp

    from conftest import write_project
    from sources import page, recommendation

    finding = ":::{{finding}} {title}\n:label: {label}\n\nText.\n:::\n"
    srcdir = write_project(
        tmp_path / "src",
        {
            "index.md": page(toctree=("a", "b")),
            "a.md": "# A\n\n"
            + finding.format(title="Second", label="f2")
            + "\n"
            + recommendation(title="Answer {finding}`f2`", options={"findings": "f2"}),
            "b.md": "# B\n\nSee {rec}`r`.\n",
        },
    )

    def tooltip() -> str:
        app = SphinxTestApp(
            "html",
            srcdir=srcdir,
            builddir=tmp_path / "out",
            status=io.StringIO(),
            warning=io.StringIO(),
        )
        try:
            app.build()
        finally:
            app.cleanup()
        (link,) = [
            a for a in parse(app.outdir / "b.html").find_all("a") if "Recommendation" in a.text
        ]
        return link.attrs["title"]

    assert tooltip() == "Answer Finding 1"
    text = (srcdir / "a.md").read_text()
    (srcdir / "a.md").write_text(
        text.replace("# A\n\n", "# A\n\n" + finding.format(title="First", label="f1") + "\n")
    )
    assert tooltip() == "Answer Finding 2"
