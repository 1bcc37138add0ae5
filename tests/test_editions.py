"""Draft and final editions from the same sources: the draft's banner, the comment period."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

from conftest import CONF, warnings_of
from pages import parse

COMMENTS = (
    'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", '
    '"how": "Send comments to <comments@example.org>.", "page": "status"}\n'
)
FILES = {
    "index.md": "# Report\n\n```{toctree}\nstatus\nchapter\n```\n",
    "status.md": "# Status\n\n```{public-comment}\n```\n\n"
    ":::{only} draft\nThis paragraph is for the draft.\n:::\n",
    "chapter.md": "# Chapter\n\nText.\n",
}
PAGES = ("index.html", "status.html", "chapter.html", "search.html", "genindex.html")


def banners(page):
    return [e for e in parse(page).iter() if "reviewkit-draft-banner" in e.classes]


def test_every_page_of_the_draft_carries_the_banner(build):
    app = build(FILES, CONF + COMMENTS, tags=["draft"])
    for name in PAGES:
        (banner,) = banners(app.outdir / name)
        assert " ".join(banner.text.split()) == (
            "Draft report for public comment — Comments are invited until 20 March 2020. "
            "How to comment"
        ), name
        (link,) = [e for e in banner.iter() if e.tag == "a"]
        assert link.attrs["href"] == ("#" if name == "status.html" else "status.html"), name


def test_the_final_edition_has_no_banner_and_no_draft_text(build):
    app = build(FILES, CONF + COMMENTS)
    for name in PAGES:
        assert banners(app.outdir / name) == [], name
    assert "This paragraph is for the draft." not in (app.outdir / "status.html").read_text()


@pytest.mark.parametrize(
    ("tags", "wording"),
    [
        (
            ["draft"],
            "This draft is open for public comment from 24 January 2020 until 20 March 2020. "
            "How to comment: Send comments to <comments@example.org>.",
        ),
        (
            [],
            "The draft of this report was open for public comment from 24 January 2020 "
            "until 20 March 2020.",
        ),
    ],
)
def test_the_comment_period_is_worded_for_each_edition(build, tags, wording):
    app = build(FILES, CONF + COMMENTS, tags=tags)
    (block,) = [
        e
        for e in parse(app.outdir / "status.html").iter()
        if "reviewkit-public-comment" in e.classes
    ]
    assert " ".join(block.text.split()) == wording
    assert warnings_of(app) == ""


def test_text_from_conf_py_is_escaped_in_the_banner_and_the_page(build):
    conf = CONF + COMMENTS.replace("<comments@example.org>", "<script>alert(1)</script>")
    app = build(FILES, conf, tags=["draft"])
    html = (app.outdir / "status.html").read_text()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_dates_are_written_in_the_report_language(build):
    app = build(FILES, CONF + COMMENTS + 'language = "fr"\n', tags=["draft"])
    (block,) = [
        e
        for e in parse(app.outdir / "status.html").iter()
        if "reviewkit-public-comment" in e.classes
    ]
    assert "20 mars 2020" in block.text and "24 janvier 2020" in block.text


def test_a_comment_page_that_does_not_exist_is_reported(build):
    conf = CONF + COMMENTS.replace('"page": "status"', '"page": "how-to-comment"')
    app = build(FILES, conf, tags=["draft"])
    warnings = warnings_of(app)
    assert "conf.py:" in warnings
    assert "reviewkit_public_comment names the page 'how-to-comment'" in warnings
    (banner,) = banners(app.outdir / "index.html")
    assert [e for e in banner.iter() if e.tag == "a"] == [], "no link to a missing page"


def test_public_comment_without_a_period_in_conf_py_is_reported(build):
    app = build(FILES)
    warnings = warnings_of(app)
    assert "status.md:3: WARNING: public-comment needs the comment period" in warnings
    assert "reviewkit_public_comment" in warnings


def test_a_heading_inside_an_only_block_is_reported(build):
    text = "# Report\n\n:::{only} draft\nDraft text.\n\n## Draft heading\n\nMore.\n:::\n"
    app = build({"index.md": text})
    assert (
        "index.md:3: WARNING: a heading inside this {only} block would appear in every edition"
        in warnings_of(app)
    )
    assert "[reviewkit.heading-in-only]" in warnings_of(app)


def test_only_blocks_without_headings_pass_quietly(build):
    text = "# Report\n\n## Common\n\n:::{only} draft\nDraft text.\n:::\n\n## Next\n\nText.\n"
    app = build({"index.md": text}, tags=["draft"])
    assert warnings_of(app) == ""
    assert "Draft text." in (app.outdir / "index.html").read_text()


EDITION_TEXT = {
    "index.md": """\
        # Report

        ::::::{recommendation-group} Common group
        :label: g

        The group's common text.

        :::::{only} draft
        DRAFT-ONLY group sentence.
        :::::

        :::::{only} not draft
        FINAL-ONLY group sentence.
        :::::

        :::::{recommendation} Adopt the definitions
        :label: r
        :owners: org
        :priority: high
        :findings: f

        The Organisation should adopt the definitions.

        ::::{only} draft
        DRAFT-ONLY sentence.
        ::::

        ::::{only} not draft
        FINAL-ONLY sentence.
        ::::

        ::::{measures}
        - Common measure.
        ::::

        ::::{rationale}
        Common reason.

        :::{only} draft
        DRAFT-ONLY reason.
        :::

        :::{only} not draft
        FINAL-ONLY reason.
        :::
        ::::
        :::::
        ::::::

        ::::::{finding} Something is wrong
        :label: f

        It is wrong.

        ::::{only} draft
        DRAFT-ONLY finding sentence.
        ::::

        ::::{only} not draft
        FINAL-ONLY finding sentence.
        ::::

        Whatever the edition.
        ::::::

        ::::{suggestion} Consider it
        :label: s

        :::{only} draft
        DRAFT-ONLY suggestion sentence.
        :::

        :::{only} not draft
        FINAL-ONLY suggestion sentence.
        :::
        ::::
        """,
}


def exported(app) -> tuple[dict, list[dict[str, str]]]:
    json_text = (app.outdir / "recommendations.json").read_text(encoding="utf-8")
    csv_text = (app.outdir / "recommendations.csv").read_text(encoding="utf-8")
    return json.loads(json_text), list(csv.DictReader(io.StringIO(csv_text)))


def page_text(app, name: str = "index.html") -> str:
    return " ".join(parse(app.outdir / name).text.split())


@pytest.mark.parametrize(
    ("tags", "shown", "hidden"), [(["draft"], "DRAFT", "FINAL"), ([], "FINAL", "DRAFT")]
)
def test_edition_text_inside_objects_is_exported_only_in_its_edition(build, tags, shown, hidden):
    app = build(EDITION_TEXT, tags=tags)
    assert warnings_of(app) == ""
    data, rows = exported(app)
    (rec,) = data["recommendations"]
    assert (
        rec["text"] == f"The Organisation should adopt the definitions.\n\n{shown}-ONLY sentence."
    )
    assert rec["measures"] == ["Common measure."]
    assert rec["rationale"] == f"Common reason.\n\n{shown}-ONLY reason."
    (row,) = rows
    assert (row["text"], row["rationale"]) == (rec["text"], rec["rationale"])
    (finding,) = data["findings"]
    assert finding["text"] == (
        f"It is wrong.\n\n{shown}-ONLY finding sentence.\n\nWhatever the edition."
    )
    (suggestion,) = data["suggestions"]
    assert suggestion["text"] == f"{shown}-ONLY suggestion sentence."
    everything = json.dumps(data) + json.dumps(rows)
    assert f"{hidden}-ONLY" not in everything
    # the page says the same as the export
    assert f"{shown}-ONLY sentence." in page_text(app)
    assert f"{hidden}-ONLY" not in page_text(app)


PARTS_BY_EDITION = {
    "index.md": """\
        # Report

        :::{finding} Something is wrong
        :label: f

        It is.
        :::

        :::::{recommendation} Measure it
        :label: m
        :owners: org
        :priority: high
        :findings: f

        Text of the recommendation.

        ::::{only} draft

        :::{measures}
        - DRAFT-ONLY measure.
        :::

        :::{rationale}
        DRAFT-ONLY rationale.
        :::
        ::::

        ::::{only} not draft

        :::{measures}
        - FINAL-ONLY measure.
        - FINAL-ONLY second measure.
        :::

        :::{rationale}
        FINAL-ONLY rationale.
        :::
        ::::
        :::::
        """,
}


@pytest.mark.parametrize(
    ("tags", "measures", "rationale"),
    [
        (["draft"], ["DRAFT-ONLY measure."], "DRAFT-ONLY rationale."),
        ([], ["FINAL-ONLY measure.", "FINAL-ONLY second measure."], "FINAL-ONLY rationale."),
    ],
)
def test_measures_and_rationale_inside_an_only_block_are_the_editions(
    build, tags, measures, rationale
):
    app = build(PARTS_BY_EDITION, tags=tags)
    assert warnings_of(app) == "", "no missing-measures or missing-rationale"
    data, rows = exported(app)
    (rec,) = data["recommendations"]
    assert (rec["text"], rec["measures"], rec["rationale"]) == (
        "Text of the recommendation.",
        measures,
        rationale,
    )
    (row,) = rows
    assert (row["text"], row["measures"], row["rationale"]) == (
        "Text of the recommendation.",
        "; ".join(measures),
        rationale,
    )
    # the page shows the edition's parts under their headings, as the export has them
    (part,) = parse(app.outdir / "index.html").find_all(cls="rk-measures")
    assert [" ".join(li.text.split()) for li in part.find_all("li")] == measures


@pytest.mark.parametrize("tags", [["draft"], []])
def test_measures_only_in_the_other_edition_are_missing_in_this_one(build, tags):
    """An edition that shows no measures block has none, whatever the other edition has."""
    this = "::::{only} draft" if tags else "::::{only} not draft"
    text = PARTS_BY_EDITION["index.md"].replace(this, "::::{only} neither")
    app = build({"index.md": text}, tags=tags)
    lines = textwrap.dedent(text).splitlines()
    warnings = warnings_of(app)
    for part in ("measures", "rationale"):
        where = [str(n) for n, line in enumerate(lines, 1) if line == f":::{{{part}}}"]
        assert (
            f'index.md:9: WARNING: Recommendation 1 "Measure it" has no {part} block in this '
            f"edition: those at lines {', '.join(where)} are inside an {{only}} block that this "
            f"edition leaves out; give this edition its own {part} block, or move the block out "
            f"of the {{only}} block [reviewkit.missing-{part}]"
        ) in warnings
    (rec,) = exported(app)[0]["recommendations"]
    assert (rec["measures"], rec["rationale"]) == ([], "")
    assert "ONLY" not in rec["text"]


def test_only_expressions_are_read_with_the_builders_tags(build):
    """Sphinx adds the builder's own tags (``html``, ``format_html``): the export follows."""
    text = EDITION_TEXT["index.md"].replace("{only} draft", "{only} html and format_html")
    text = text.replace("{only} not draft", "{only} latex")
    app = build({"index.md": text})
    assert warnings_of(app) == ""
    data = exported(app)[0]
    (rec,) = data["recommendations"]
    assert rec["text"] == "The Organisation should adopt the definitions.\n\nDRAFT-ONLY sentence."
    assert rec["rationale"] == "Common reason.\n\nDRAFT-ONLY reason."
    assert "FINAL-ONLY" not in json.dumps(data)


def test_an_only_expression_sphinx_cannot_read_keeps_its_text_as_sphinx_does(build):
    """Sphinx warns and keeps the block's text: so does the export, without a traceback."""
    text = textwrap.dedent(EDITION_TEXT["index.md"])
    text = text.replace(
        "{only} draft\nDRAFT-ONLY sentence.", "{only} draft and\nDRAFT-ONLY sentence."
    )
    text += (
        "\n:::{only} draft and\n::::{suggestion} Kept as Sphinx keeps it\n:label: kept\n::::\n:::\n"
    )
    app = build({"index.md": text})
    assert "Traceback" not in warnings_of(app)
    assert "[reviewkit" not in warnings_of(app)
    assert "exception while evaluating only directive expression" in warnings_of(app)
    (rec,) = exported(app)[0]["recommendations"]
    assert "DRAFT-ONLY sentence." in page_text(app)
    assert rec["text"] == (
        "The Organisation should adopt the definitions.\n\nDRAFT-ONLY sentence.\n\n"
        "FINAL-ONLY sentence."
    )

    assert [s["title"] for s in exported(app)[0]["suggestions"]] == [
        "Consider it",
        "Kept as Sphinx keeps it",
    ]


MEASURES_BY_EDITION = {
    "index.md": """\
        # Report

        :::{finding} Something is wrong
        :label: f

        It is.
        :::

        :::::{recommendation} Measure it
        :label: m
        :owners: org
        :priority: high
        :findings: f

        Text of the recommendation.

        ::::{measures}
        :::{only} draft
        - DRAFT-ONLY measure.
        :::

        :::{only} not draft
        - FINAL-ONLY measure.
        - Common measure, with a detail

          ```{only} draft
          DRAFT-ONLY detail.
          ```

          ```{only} not draft
          that only the final edition gives.
          ```
        :::
        ::::

        ::::{rationale}
        Because.
        ::::
        :::::
        """,
}


@pytest.mark.parametrize(
    ("tags", "measures"),
    [
        (["draft"], ["DRAFT-ONLY measure."]),
        (
            [],
            [
                "FINAL-ONLY measure.",
                "Common measure, with a detail\n\nthat only the final edition gives.",
            ],
        ),
    ],
)
def test_a_measures_list_inside_an_only_block_is_the_editions(build, tags, measures):
    app = build(MEASURES_BY_EDITION, tags=tags)
    assert warnings_of(app) == "", "no malformed-measures, no missing-measures"
    (rec,) = exported(app)[0]["recommendations"]
    assert rec["measures"] == measures
    assert rec["text"] == "Text of the recommendation."


COMMENTED = {
    "index.md": "# Report\n\n```{toctree}\nchapter\nappendix\n```\n",
    "chapter.md": PARTS_BY_EDITION["index.md"].replace("# Report", "# Chapter"),
    "appendix.md": """\
        # Appendix

        :::{only} not draft
        ```{public-comments}
        ```
        :::
        """,
    "comments.csv": "commenter,date,addresses,comment,response,action,now_in\n"
    'ALAC,2020-03-19,m,"Measure it better.","Done.",accepted,\n',
}


@pytest.mark.parametrize(("tags", "linked"), [(["draft"], False), ([], True)])
def test_recommendations_link_to_comments_only_where_the_edition_shows_them(build, tags, linked):
    """The appendix inside an ``only`` block: a draft without it links to no comments."""
    app = build(COMMENTED, CONF + 'reviewkit_comments = "comments.csv"\n', tags=tags)
    assert warnings_of(app) == ""
    chapter = parse(app.outdir / "chapter.html")
    links = [a.attrs["href"] for a in chapter.find_all("a")]
    targets = [link.partition("#")[2] for link in links if link.startswith("appendix.html#")]
    assert len(targets) == (1 if linked else 0)
    ids = {e.attrs.get("id") for e in parse(app.outdir / "appendix.html").iter()}
    assert set(targets) <= ids
    assert ("Measure it better." in page_text(app, "appendix.html")) is linked


def test_a_build_of_the_other_edition_into_the_same_folders_reads_it_afresh(project, cli):
    """The objects are collected as an edition shows them, so a build with other tags
    (the other edition) does not reuse what a build of this one collected."""
    srcdir = project(EDITION_TEXT)
    texts = []
    for tags in ([], ["-t", "draft"], []):
        assert cli(srcdir, *tags) == (0, "")
        data = json.loads((srcdir.parent / "cli-out" / "recommendations.json").read_text())
        texts.append(data["recommendations"][0]["text"].rsplit("\n\n", 1)[1])
    assert texts == ["FINAL-ONLY sentence.", "DRAFT-ONLY sentence.", "FINAL-ONLY sentence."]
