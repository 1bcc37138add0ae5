"""{changes-since-draft}: the appendix and changes.json, built from a baseline export."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from sphinx.testing.util import SphinxTestApp
from test_comments import DOCS

from conftest import CONF, warnings_of
from pages import parse, squash

INDEX = "# Report\n\n```{toctree}\nchapter\nchanges\n```\n"
APPENDIX = "# Changes since the draft report\n\n```{changes-since-draft}\n```\n"


def baseline_of(export: dict) -> dict:
    """The draft as it was: the recommendation numbered 2, worded, owned and prioritised
    otherwise, and one more recommendation the final dropped."""
    draft = json.loads(json.dumps(export))
    rec = draft["recommendations"][0]
    rec["number"] = "2"
    rec["text"] = rec["text"].replace("Text.", "Old text.")
    rec["owners"] = [{"key": "board", "name": "The Board"}]
    rec["priority"] = {"key": "low", "name": "Low"}
    dropped = dict(rec, label="dropped", number="1", title="A dropped one", text="Gone now.")
    draft["recommendations"].insert(0, dropped)
    draft["report"] = {"edition": "draft", "date": "2020-01-24"}
    return draft


def build(project, tmp_path, baseline: str | None, name: str = "draft.json") -> SphinxTestApp:
    src = project(
        {**DOCS, "index.md": INDEX, "changes.md": APPENDIX},
        conf=CONF + f'reviewkit_baseline = "{name}"\n',
    )
    if baseline is not None:
        (src / "draft.json").write_text(baseline, encoding="utf-8")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    app.cleanup()
    return app


@pytest.fixture
def appendix(project, tmp_path):
    first = build(project, tmp_path / "first", '{"recommendations": []}')
    export = json.loads((first.outdir / "recommendations.json").read_text())
    return build(project, tmp_path / "second", json.dumps(baseline_of(export)))


def test_the_appendix_names_each_change(appendix):
    page = parse(appendix.outdir / "changes.html")
    summary = squash(page.find_all(cls="rk-changes-summary")[0].text)
    assert summary.startswith("Since the draft report of 24 January 2020, 2 recommendations")
    assert "1 removed" in summary and "1 renumbered" in summary and "1 reworded" in summary
    headings = [squash(h.text) for h in page.find_all(cls="rk-change-on")]
    assert headings == ["Recommendation 1: Publish a status page", "1: A dropped one"]
    text = squash(page.text)
    assert "Was 2 in the draft." in text
    assert "Owners: The Board → The Organisation." in text
    assert "Priority: Low → High." in text
    assert "Recommendation 1 of the draft is not in the final report." in text
    assert [squash(e.text) for e in page.find_all(cls="rk-deleted")] == ["Old text."]
    assert [squash(e.text) for e in page.find_all(cls="rk-inserted")] == ["Text."]


def test_html_builds_write_changes_json(appendix):
    data = json.loads((appendix.outdir / "changes.json").read_text())
    assert data["counts"]["removed"] == 1 and data["counts"]["owners"] == 1
    assert [c["kind"] for c in data["changes"]] == ["changed", "removed"]


@pytest.mark.parametrize(
    ("baseline", "expected"),
    [
        (None, "draft.json does not exist; make it with nox -s changes"),
        ("{not json", "is not the JSON of a recommendations export"),
        ('{"groups": []}', "has no list of recommendations"),
    ],
    ids=["missing", "not-json", "not-an-export"],
)
def test_a_bad_baseline_is_reported_and_leaves_the_appendix_empty(
    project, tmp_path, baseline, expected
):
    app = build(project, tmp_path, baseline)
    warnings = [w for w in warnings_of(app).splitlines() if "reviewkit.baseline" in w]
    assert len(warnings) == 1 and expected in warnings[0]  # once, though two outputs use it
    assert not parse(app.outdir / "changes.html").find_all(cls="rk-change-on")


def baseline_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reviewkit.baseline", *args]
    return subprocess.run(command, capture_output=True, text=True)


def test_the_baseline_of_a_git_reference_is_its_draft_edition(project, tmp_path):
    src = project({**DOCS, "index.md": INDEX, "changes.md": APPENDIX})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(src)]
    subprocess.run(["git", "init", "-q", str(src)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "draft"], check=True)
    subprocess.run([*git, "tag", "draft-2020"], check=True)
    chapter = src / "chapter.md"
    chapter.write_text(chapter.read_text().replace("Publish a status page", "Publish it"))
    subprocess.run([*git, "commit", "-qam", "final"], check=True)
    out = tmp_path / "baseline.json"
    result = baseline_cli(
        "--since", "draft-2020", "-c", str(src), "-s", str(src), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["report"]["edition"] == "draft"
    assert [r["title"] for r in data["recommendations"]] == ["Publish a status page"]
    listed = subprocess.run([*git, "worktree", "list"], capture_output=True, text=True)
    assert len(listed.stdout.splitlines()) == 1  # the temporary worktree is gone


def test_a_baseline_file_is_checked_and_copied(tmp_path):
    given = tmp_path / "given.json"
    given.write_text('{"report": {"edition": "draft"}, "recommendations": []}')
    out = tmp_path / "out" / "baseline.json"
    assert baseline_cli("--since", str(given), "--out", str(out)).returncode == 0
    assert json.loads(out.read_text())["recommendations"] == []
    given.write_text("{not json")
    result = baseline_cli("--since", str(given), "--out", str(out))
    assert result.returncode == 1
    assert "is not the JSON of a recommendations export" in result.stderr


def test_an_unknown_reference_is_named(project, tmp_path):
    src = project(DOCS)
    subprocess.run(["git", "init", "-q", str(src)], check=True)
    result = baseline_cli("--since", "no-such-tag", "-c", str(src), "-s", str(src), "--out", "x")
    assert result.returncode == 1
    assert "'no-such-tag' is neither a file nor a git reference" in result.stderr
