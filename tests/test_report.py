"""The report in report/ itself: both editions build clean and hold a full review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from pages import parse

pytestmark = pytest.mark.slow  # every test here builds the real report

ROOT = Path(__file__).parent.parent


def build_edition(name: str, out: Path) -> tuple[str, Path, str]:
    """Build one edition of the report as HTML with every check on; (edition, out, warnings)."""
    warnings = out / "warnings.txt"
    tags = ["-t", "draft"] if name == "draft" else []
    options = ["-c", str(ROOT), "-d", str(out / "doctrees"), "-E", "-n", "-q", "--no-color", "-w"]
    status = build_main(
        ["-b", "html", *options, str(warnings), *tags, str(ROOT / "report"), str(out / "html")]
    )
    assert status == 0
    return name, out / "html", warnings.read_text()


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> tuple[str, Path, str]:
    return build_edition("draft", tmp_path_factory.mktemp("draft"))


@pytest.fixture(scope="module")
def final(tmp_path_factory) -> tuple[str, Path, str]:
    return build_edition("final", tmp_path_factory.mktemp("final"))


@pytest.fixture(params=["draft", "final"])
def edition(request) -> tuple[str, Path, str]:
    """Either edition, for what both must hold."""
    return request.getfixturevalue(request.param)


def test_the_report_builds_without_a_warning(edition):
    _, _, warnings = edition
    assert warnings == ""


def test_the_report_holds_a_full_review(edition):
    name, html, _ = edition
    data = json.loads((html / "recommendations.json").read_text())
    assert data["report"]["edition"] == name
    assert len(data["groups"]) >= 24
    assert len(data["recommendations"]) >= 60
    assert len(data["findings"]) >= 60
    assert len(data["suggestions"]) >= 5
    owners = {owner["key"] for rec in data["recommendations"] for owner in rec["owners"]}
    assert {"icann-board", "icann-org", "icann-community", "future-review-teams"} <= owners
    assert owners & {"gnso", "ccnso", "aso"} and owners & {"ssac", "rssac", "gac", "alac"}
    assert all(rec["measures"] and rec["rationale"] for rec in data["recommendations"])


BANNER = "Draft report for public comment — Comments are invited until 20 March 2020."


def test_the_draft_says_it_is_the_draft_and_invites_comments(draft):
    _, html, _ = draft
    status = " ".join(parse(html / "status.html").text.split())
    assert "This is the draft report" in status and "final report" not in status.lower()[:400]
    assert BANNER in " ".join(parse(html / "index.html").text.split())
    assert not (html / "public-comments.html").exists(), "the comments come in after the draft"
    assert not (html / "changes.html").exists(), "nothing has changed since itself"


def test_the_final_says_it_is_the_final_and_answers_the_comments(final):
    _, html, _ = final
    status = " ".join(parse(html / "status.html").text.split())
    assert "This is the final report" in status and "draft report," not in status
    assert "Draft report for public comment" not in (html / "index.html").read_text()
    assert "Response to public comments" in parse(html / "public-comments.html").text


def test_the_final_edition_answers_every_public_comment(final):
    _, html, _ = final
    page = parse(html / "public-comments.html")
    blocks = page.find_all(cls="rk-comment")
    heads = [" ".join(b.find_all(cls="rk-comment-head")[0].text.split()) for b in blocks]
    commenters = {head.split(": ", 1)[1].rsplit(", ", 1)[0] for head in heads}
    assert len(blocks) >= 40 and len(commenters) >= 12
    assert all("Response of the review team:" in b.text and "Action:" in b.text for b in blocks)
    # and the recommendations link to them
    chapter = (html / "dns-security.html").read_text()
    assert 'href="public-comments.html#comments_on_dns-adopt-abuse-definition"' in chapter


def test_the_final_edition_shows_what_changed_since_the_draft(final):
    _, html, _ = final
    counts = json.loads((html / "changes.json").read_text())["counts"]
    for kind in ("added", "removed", "merged", "split", "renumbered", "reworded", "owners"):
        assert counts.get(kind), kind
    page = parse(html / "changes.html")
    assert page.find_all(cls="rk-deleted") and page.find_all(cls="rk-inserted")
