"""{changes-since-draft}: the appendix and changes.json, built from a baseline export."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import CONF, warnings_of
from pages import parse, squash
from sources import SMALL_REPORT as DOCS

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
    draft["report"].update(edition="draft", date="2020-01-24")
    return draft


#: the export of a draft without recommendations: the smallest baseline there is
EMPTY = {
    "schema_version": 1,
    "report": {"title": "Report", "edition": "draft", "language": "en", "date": "2020-01-24"},
    "groups": [],
    "recommendations": [],
    "findings": [],
    "suggestions": [],
}


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
    first = build(project, tmp_path / "first", json.dumps(EMPTY))
    export = json.loads((first.outdir / "recommendations.json").read_text())
    return build(project, tmp_path / "second", json.dumps(baseline_of(export)))


def test_the_appendix_names_each_change(appendix):
    page = parse(appendix.outdir / "changes.html")
    summary = squash(page.find_all(cls="rk-changes-summary")[0].text)
    assert summary.startswith("Since the draft report of 24 January 2020, 2 recommendations")
    assert "1 removed" in summary and "1 renumbered" in summary and "1 reworded" in summary
    headings = [squash(h.text) for h in page.find_all(cls="rk-change-on")]
    # a removed recommendation says so before its number and title
    assert headings == ["Recommendation 1: Publish a status page", "Removed — 1: A dropped one"]
    assert [squash(e.text) for e in page.find_all(cls="rk-change-label")] == ["Removed"]
    text = squash(page.text)
    assert "Was 2 in the draft." in text
    assert "Owners: The Board → The Organisation." in text
    assert "Priority: Low → High." in text
    assert "Recommendation 1 of the draft is not in the final report." in text
    # each aspect's name is bold, as "Title:" and "Text:" are
    leads = {squash(e.text) for e in page.find_all("strong")}
    assert {"Owners:", "Priority:", "Text:"} <= leads
    assert [squash(e.text) for e in page.find_all(cls="rk-deleted")] == ["Old text."]
    assert [squash(e.text) for e in page.find_all(cls="rk-inserted")] == ["Text."]


def test_html_builds_write_changes_json(appendix):
    data = json.loads((appendix.outdir / "changes.json").read_text())
    assert data["counts"]["removed"] == 1 and data["counts"]["owners"] == 1
    assert [c["kind"] for c in data["changes"]] == ["changed", "removed"]


@pytest.mark.parametrize(
    ("baseline", "expected"),
    [
        (None, "draft.json: does not exist; make it with reviewkit changes --since"),
        ("{not json", "is not the JSON of a recommendations export"),
        ('{"groups": []}', "recommendations is missing"),
    ],
    ids=["missing", "not-json", "not-an-export"],
)
def test_a_bad_baseline_is_reported_and_leaves_the_appendix_empty(
    project, tmp_path, baseline, expected
):
    app = build(project, tmp_path, baseline)
    warnings = [w for w in warnings_of(app).splitlines() if "reviewkit.baseline" in w]
    assert any(expected in w for w in warnings), warnings
    assert len(set(warnings)) == len(warnings)  # once, though two outputs use it
    assert not parse(app.outdir / "changes.html").find_all(cls="rk-change-on")


def baseline_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reviewkit.changes.baseline", *args]
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
    given.write_text(json.dumps(EMPTY))
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
    assert result.returncode == 2  # a usage error: --since names nothing
    assert "'no-such-tag' is neither a file nor a git reference" in result.stderr


# A baseline is the draft's export as published: anything else is named with what is
# wrong, where (the JSON path and the line), and what to give instead; never a traceback.


def draft_export(project, tmp_path) -> dict:
    """The export of the small report, as its draft would have published it."""
    first = build(project, tmp_path / "first", json.dumps(EMPTY))
    export = json.loads((first.outdir / "recommendations.json").read_text())
    export["report"].update(edition="draft", date="2020-01-24")
    return export


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def without_number(export: dict) -> tuple[str, int, str]:
    del export["recommendations"][0]["number"]
    text = json.dumps(export, indent=1)
    return text, line_of(text, '"label": "status-page"') - 1, "recommendations[0].number is missing"


def title_a_number(export: dict) -> tuple[str, int, str]:
    export["recommendations"][0]["title"] = 5
    text = json.dumps(export, indent=1)
    return text, line_of(text, '"title": 5'), "recommendations[0].title is the number 5"


def owner_a_string(export: dict) -> tuple[str, int, str]:
    export["recommendations"][0]["owners"] = ["org"]
    text = json.dumps(export, indent=1)
    expected = "recommendations[0].owners[0] is the string 'org'; it must be an object"
    return text, line_of(text, '"org"'), expected


def entries_not_objects(export: dict) -> tuple[str, int, str]:
    return '{"recommendations": [1]}', 1, "recommendations[0] is the number 1; it must be an object"


def label_twice(export: dict) -> tuple[str, int, str]:
    export["recommendations"].append(dict(export["recommendations"][0], number="2"))
    text = json.dumps(export, indent=1)
    line = [n for n, t in enumerate(text.splitlines(), 1) if '"label": "status-page"' in t][1]
    return text, line, "recommendations[1].label 'status-page' is that of recommendations[0] too"


def number_twice(export: dict) -> tuple[str, int, str]:
    export["recommendations"].append(dict(export["recommendations"][0], label="another-one"))
    text = json.dumps(export, indent=1)
    line = line_of(text, '"label": "another-one"') - 1
    number = export["recommendations"][0]["number"]
    return text, line, f"recommendations[1].number {number!r} is that of recommendations[0] too"


def unknown_group(export: dict) -> tuple[str, int, str]:
    export["recommendations"][0]["group"] = "9"
    text = json.dumps(export, indent=1)
    expected = "recommendations[0].group is the string '9', which names no group of the export"
    return text, line_of(text, '"group": "9"'), expected


def key_twice(export: dict) -> tuple[str, int, str]:
    text = json.dumps(export, indent=1).replace(
        '\n "recommendations": [', '\n "recommendations": [],\n "recommendations": ['
    )
    first = line_of(text, '"recommendations": [],')
    return text, first + 1, f"recommendations is given twice (also at line {first})"


def no_such_day(export: dict) -> tuple[str, int, str]:
    export["report"]["date"] = "2020-02-30"
    text = json.dumps(export, indent=1)
    expected = "report.date is the string '2020-02-30'; it must be a date written YYYY-MM-DD"
    return text, line_of(text, '"date"'), expected


def week_date(export: dict) -> tuple[str, int, str]:
    export["report"]["date"] = "2020-W04-5"
    text = json.dumps(export, indent=1)
    expected = "report.date is the string '2020-W04-5'; it must be a date written YYYY-MM-DD"
    return text, line_of(text, '"date"'), expected


def lone_surrogate(export: dict) -> tuple[str, int, str]:
    text = json.dumps(export, indent=1).replace('"Publish a status page"', '"Publish \\ud800"')
    return text, line_of(text, "\\ud800"), "recommendations[0].title is not Unicode text"


def deep(export: dict) -> tuple[str, int, str]:
    return "[" * 100_000, 1, "arrays and objects nest too deeply to be read"


def huge_number(export: dict) -> tuple[str, int, str]:
    return '{"schema_version": 1' + "0" * 5000 + "}", 1, "a number too long to read"


def empty(export: dict) -> tuple[str, int, str]:
    return "", 1, "the file is empty"


BAD = [
    without_number,
    title_a_number,
    owner_a_string,
    entries_not_objects,
    label_twice,
    number_twice,
    unknown_group,
    key_twice,
    no_such_day,
    week_date,
    lone_surrogate,
    deep,
    huge_number,
    empty,
]


@pytest.fixture
def draft(project, tmp_path) -> dict:
    return draft_export(project, tmp_path)


@pytest.mark.parametrize("case", BAD, ids=[case.__name__ for case in BAD])
def test_a_baseline_that_is_not_an_export_is_located(project, tmp_path, draft, case):
    text, line, expected = case(draft)
    app = build(project, tmp_path / "second", text)
    warnings = [w for w in warnings_of(app).splitlines() if "reviewkit.baseline" in w]
    assert any(f"draft.json:{line}: WARNING: {expected}" in w for w in warnings), warnings
    assert all("draft.json:" in w for w in warnings)
    assert not parse(app.outdir / "changes.html").find_all(cls="rk-change-on")
    assert not (app.outdir / "changes.json").exists()


def test_a_baseline_not_in_utf8_is_located(project, tmp_path, draft):
    data = json.dumps(draft, indent=1).replace("Publish", "Publi\xe9").encode("cp1252")
    line = line_of(data.decode("cp1252"), "Publi\xe9")
    src = project({**DOCS, "index.md": INDEX, "changes.md": APPENDIX})
    (src / "conf.py").write_text(CONF + 'reviewkit_baseline = "draft.json"\n')
    (src / "draft.json").write_bytes(data)
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    app.cleanup()
    (warning,) = [w for w in warnings_of(app).splitlines() if "reviewkit.baseline" in w]
    assert f"draft.json:{line}: WARNING: the file is not UTF-8" in warning


def test_a_baseline_with_a_byte_order_mark_is_read(project, tmp_path, draft):
    app = build(project, tmp_path / "second", "\ufeff" + json.dumps(draft))
    assert "reviewkit.baseline" not in warnings_of(app)
    assert (app.outdir / "changes.json").exists()


def test_a_baseline_that_is_a_folder_names_the_setting(project, tmp_path):
    src = project({**DOCS, "index.md": INDEX, "changes.md": APPENDIX})
    (src / "conf.py").write_text(CONF + 'reviewkit_baseline = "draft"\n')
    (src / "draft").mkdir()
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", status=io.StringIO(), warning=io.StringIO()
    )
    app.build()
    app.cleanup()
    (warning,) = [w for w in warnings_of(app).splitlines() if "reviewkit.baseline" in w]
    assert "draft: is a folder, not a file" in warning and "reviewkit_baseline" in warning


def test_a_baseline_gone_bad_leaves_no_changes_json_behind(project, tmp_path, draft):
    good = build(project, tmp_path, json.dumps(draft))
    assert (good.outdir / "changes.json").exists()
    bad = build(project, tmp_path, '{"recommendations": [1]}')
    assert "reviewkit.baseline" in warnings_of(bad)
    assert not (bad.outdir / "changes.json").exists(), "changes.json against the old baseline"


@pytest.mark.parametrize(
    "setting",
    ["reviewkit_baseline = 2020", 'reviewkit_baseline = {"file": "draft.json"}'],
    ids=["number", "dict"],
)
def test_a_baseline_setting_that_is_not_a_path_stops_the_build(project, cli, setting):
    srcdir = project({**DOCS, "index.md": INDEX, "changes.md": APPENDIX}, conf=CONF + setting)
    status, stderr = cli(srcdir)
    lines = (srcdir / "conf.py").read_text().splitlines()
    assert status == 2, stderr
    assert f"{srcdir / 'conf.py'}:{len(lines)}: ERROR: reviewkit_baseline is" in stderr
    assert 'e.g. reviewkit_baseline = "draft-recommendations.json"' in stderr
    assert "Traceback" not in stderr


@pytest.mark.slow  # runs the baseline command as a process for each case
@pytest.mark.parametrize("case", BAD, ids=[case.__name__ for case in BAD])
def test_the_baseline_command_gives_the_same_message(tmp_path, case):
    export = json.loads(json.dumps(EMPTY))
    export["recommendations"] = [
        {
            "number": "1",
            "label": "status-page",
            "group": None,
            "title": "Publish a status page",
            "text": "Text.",
            "owners": [{"key": "org", "name": "The Organisation"}],
            "priority": {"key": "high", "name": "High"},
            "consensus": None,
            "measures": ["Published."],
            "rationale": "Because.",
            "findings": ["status-unknown"],
            "source": {"file": "chapter.md", "line": 9},
            "url": "chapter.html#status-page",
        }
    ]
    text, line, expected = case(export)
    given, out = tmp_path / "given.json", tmp_path / "out" / "baseline.json"
    given.write_text(text, encoding="utf-8")
    result = baseline_cli("--since", str(given), "--out", str(out))
    assert result.returncode == 1
    assert f"{given}:{line}: {expected}" in result.stderr, result.stderr
    assert all(row.startswith(f"{given}:") for row in result.stderr.splitlines())
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_the_baseline_command_names_a_folder(tmp_path):
    result = baseline_cli("--since", str(tmp_path), "--out", str(tmp_path / "out.json"))
    assert result.returncode == 1
    assert f"{tmp_path}: is a folder, not a file" in result.stderr
    assert "Traceback" not in result.stderr
