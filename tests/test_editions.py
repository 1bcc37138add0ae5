"""Draft and final editions from the same sources: the draft's banner, the comment period."""

from __future__ import annotations

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
