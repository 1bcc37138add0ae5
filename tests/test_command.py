"""The ``reviewkit`` command on small projects: finding the project, usage and
configuration errors (exit 2, one line, nothing written), problems (exit 1), builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: every test here runs the reviewkit command in processes of its own, each a second or more
pytestmark = pytest.mark.slow

ROOTS = Path(__file__).parent / "roots"
EXTENSIONS = Path(__file__).parent.parent / "extensions"


def reviewkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(EXTENSIONS)}
    return subprocess.run(
        [sys.executable, "-m", "reviewkit.command", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    """A small report with its sources in report/, as this repository keeps them."""
    root = tmp_path / "review"
    shutil.copytree(ROOTS / "test-basic", root / "report")
    conf = (root / "report" / "conf.py").read_text()
    (root / "report" / "conf.py").unlink()
    (root / "conf.py").write_text(conf + 'reviewkit_sources = "report"\n')
    return root


def written(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["check", "--frob"], ["build", "epub"], ["serve", "--port", "99999"], []],
)
def test_a_usage_error_shows_the_usage_and_exits_2(basic: Path, args: list[str]) -> None:
    before = written(basic)
    result = reviewkit(*args, cwd=basic)
    assert result.returncode == 2
    assert "usage: reviewkit" in result.stderr
    no_traceback(result)
    assert written(basic) == before


def test_every_subcommand_has_help_with_an_example(basic: Path) -> None:
    for name in ("new", "check", "build", "serve", "gettext", "coverage", "publish", "changes"):
        result = reviewkit(name, "--help", cwd=basic)
        assert result.returncode == 0, name
        assert f"usage: reviewkit {name}" in result.stdout
        assert f"example:\n  reviewkit {name}" in result.stdout


def test_a_folder_without_conf_py_is_not_a_project(tmp_path: Path) -> None:
    for args in (["check"], ["build", "html"], ["publish"], ["gettext"], ["coverage"]):
        result = reviewkit(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        (line,) = result.stderr.splitlines()
        assert f"{tmp_path} has no conf.py" in line and "reviewkit new" in line
        assert list(tmp_path.iterdir()) == []


def test_a_command_run_inside_the_sources_finds_the_project_above(basic: Path) -> None:
    inside = next(path for path in basic.iterdir() if path.is_dir() and any(path.glob("*.md")))
    result = reviewkit("build", "html", cwd=inside)
    assert result.returncode == 0, result.stderr
    assert (basic / "_build" / "final" / "html" / "index.html").is_file()
    assert not (inside / "_build").exists()


def test_changes_since_a_reference_that_names_nothing_is_a_usage_error(basic: Path) -> None:
    subprocess.run(["git", "init", "-q", str(basic)], check=True)
    result = reviewkit("changes", "--since", "nosuchtag", cwd=basic)
    no_traceback(result)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("reviewkit changes: error: 'nosuchtag' is neither a file nor a git ")


def test_dash_c_names_the_project(basic: Path, tmp_path: Path) -> None:
    result = reviewkit("-C", str(basic.relative_to(tmp_path)), "build", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (basic / "_build" / "final" / "html" / "index.html").is_file()
    assert "build: " + str(basic / "_build" / "final" / "html" / "index.html") in result.stdout
    missing = reviewkit("-C", "nowhere", "check", cwd=tmp_path)
    assert missing.returncode == 2
    assert "is not a folder; give -C the folder that holds conf.py" in missing.stderr


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('reviewkit_sources = "chapters"', "reviewkit_sources names"),
        ("reviewkit_sources = 3", "reviewkit_sources"),
        ("reviewkit_owners = []", "reviewkit_owners is a list, not a dict"),
        ("reviewkit_slug = 'My Review'", "reviewkit_slug is 'My Review'"),
    ],
)
def test_a_wrong_setting_stops_every_command_at_its_line(
    basic: Path, setting: str, expected: str
) -> None:
    conf = basic / "conf.py"
    conf.write_text(conf.read_text() + setting + "\n")
    line = len(conf.read_text().splitlines())
    before = written(basic)
    for args in (["check"], ["build", "pdf"], ["publish"]):
        result = reviewkit(*args, cwd=basic)
        assert result.returncode == 2, (args, result.stderr)
        (message,) = result.stderr.splitlines()
        assert f"{conf}:{line}:" in message and expected in message
        no_traceback(result)
    assert written(basic) == before


def test_a_conf_py_that_does_not_run_is_named_at_its_line(basic: Path) -> None:
    conf = basic / "conf.py"
    conf.write_text(conf.read_text() + "reviewkit_slug = (\n")
    result = reviewkit("check", cwd=basic)
    assert result.returncode == 2
    assert f"{conf}:" in result.stderr and "correct this line of conf.py" in result.stderr
    no_traceback(result)


def test_a_missing_comma_points_also_at_the_end_of_the_line_before(basic: Path) -> None:
    conf = basic / "conf.py"
    before = len(conf.read_text().splitlines())
    conf.write_text(
        conf.read_text() + 'reviewkit_keywords = [\n    "review"\n    "security": 1,\n]\n'
    )
    result = reviewkit("check", cwd=basic)
    no_traceback(result)
    assert result.returncode == 2
    assert f"{conf}:{before + 3}: invalid syntax" in result.stderr, result.stderr
    assert "or the end of the line before it (a missing comma or bracket)" in result.stderr


def test_a_language_without_catalogs_says_to_run_gettext(basic: Path) -> None:
    conf = basic / "conf.py"
    conf.write_text(
        conf.read_text() + 'reviewkit_summary = "summary"\nreviewkit_translations = ["fr"]\n'
        'locale_dirs = ["../locale"]\n'
    )
    before = written(basic)
    for args in (["check"], ["coverage"], ["publish"], ["build", "summaries"]):
        result = reviewkit(*args, cwd=basic)
        assert result.returncode == 2, (args, result.stderr)
        (line,) = result.stderr.splitlines()
        assert "reviewkit_translations names fr, with no catalogs in" in line
        assert str(basic / "locale" / "fr" / "LC_MESSAGES") in line
        assert line.endswith("run reviewkit gettext to create them")
    assert written(basic) == before


def test_gettext_creates_the_catalogs_then_check_and_coverage_pass(basic: Path) -> None:
    conf = basic / "conf.py"
    conf.write_text(
        conf.read_text() + 'reviewkit_summary = "summary"\nreviewkit_translations = ["fr"]\n'
        'locale_dirs = ["../locale"]\ngettext_compact = False\n'
    )
    result = reviewkit("gettext", cwd=basic)
    assert result.returncode == 0, result.stderr
    catalogs = basic / "locale" / "fr" / "LC_MESSAGES"
    assert sorted(path.name for path in catalogs.glob("*.po")) == ["report.po", "summary.po"]
    assert f"{catalogs / 'summary.po'}: created" in result.stdout
    coverage = reviewkit("coverage", cwd=basic)
    assert coverage.returncode == 0
    (row,) = [line for line in coverage.stdout.splitlines() if line.startswith("fr ")]
    assert row.split()[:2] == ["fr", "0"]  # nothing translated yet
    assert row.endswith("0.0%  below the threshold")
    check = reviewkit("check", cwd=basic)
    assert check.returncode == 0, check.stderr
    assert "check: no problems" in check.stdout


def test_check_reports_every_problem_of_both_editions_in_one_run(basic: Path) -> None:
    chapter = basic / "report" / "first.md"
    text = chapter.read_text()
    text = text.replace(":owners: org\n", "", 1).replace(":priority: medium\n", "", 1)
    chapter.write_text(text)
    result = reviewkit("check", cwd=basic)
    assert result.returncode == 1
    no_traceback(result)
    for edition in ("draft", "final"):
        assert f"check: report ({edition} edition): failed" in result.stdout
    for subtype in ("missing-owners", "missing-priority"):
        located = [
            line
            for line in result.stderr.splitlines()
            if f"[reviewkit.{subtype}]" in line and f"{chapter}:" in line
        ]
        assert len(located) == 1, (subtype, result.stderr)  # both editions have it: once
    assert "problems found in: report (draft edition), report (final edition)" in result.stdout
    one = reviewkit("check", "--edition", "final", cwd=basic)
    assert one.returncode == 1 and "draft edition" not in one.stdout


def test_build_pdf_and_what_language_is_for(basic: Path) -> None:
    result = reviewkit("build", "pdf", "--edition", "draft", cwd=basic)
    assert result.returncode == 0, result.stderr
    pdf = basic / "_build" / "draft" / "pdf" / "test-draft.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert str(pdf) in result.stdout
    wrong = reviewkit("build", "html", "--language", "fr", cwd=basic)
    assert wrong.returncode == 2
    assert "reviewkit build summaries --language fr" in wrong.stderr


def test_arguments_after_the_dashes_go_to_sphinx(basic: Path) -> None:
    result = reviewkit("build", "pdf", "--", "-D", "reviewkit_slug=other", cwd=basic)
    assert result.returncode == 0, result.stderr
    assert (basic / "_build" / "final" / "pdf" / "other-final.pdf").is_file()
    refused = reviewkit("coverage", "--", "-E", cwd=basic)
    assert refused.returncode == 2 and "passes nothing to sphinx-build" in refused.stderr


def test_a_misspelt_setting_is_named_with_the_one_meant(basic: Path) -> None:
    conf = basic / "conf.py"
    conf.write_text(conf.read_text() + 'reviewkit_priority = {"high": "High"}\n')
    line = len(conf.read_text().splitlines())
    result = reviewkit("check", cwd=basic)
    assert result.returncode == 2
    (message,) = result.stderr.splitlines()
    assert f"{conf}:{line}: reviewkit_priority is not a setting of reviewkit" in message
    assert "did you mean reviewkit_priorities?" in message


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            'locale_dir = ["../locale"]',
            "locale_dir is not a setting of Sphinx, so locale_dirs keeps its default; did you "
            "mean locale_dirs?",
        ),
        (
            'exclude_pattern = ["drafts"]',
            "exclude_pattern is not a setting of Sphinx, so exclude_patterns keeps its default",
        ),
        (
            'language = "english"',
            "language is 'english', which is not a language tag; write the report's language "
            'as a tag, e.g. language = "en"',
        ),
        (
            'language = "zh-CN"',
            "language is 'zh-CN'; write language = \"zh_CN\", with an underscore",
        ),
    ],
    ids=["locale_dir", "exclude_pattern", "language-word", "language-hyphen"],
)
def test_a_wrong_sphinx_setting_stops_every_command_at_its_line(
    basic: Path, setting: str, expected: str
) -> None:
    """Sphinx would leave a misspelt setting at its default without a word (the catalogs
    then not found), and stop with a traceback on a language babel does not know."""
    conf = basic / "conf.py"
    conf.write_text(conf.read_text() + setting + "\n")
    line = len(conf.read_text().splitlines())
    before = written(basic)
    for args in (["check"], ["build", "html"]):
        result = reviewkit(*args, cwd=basic)
        no_traceback(result)
        assert result.returncode == 2, (args, result.stderr)
        (message,) = result.stderr.splitlines()
        assert f"{conf}:{line}: {expected}" in message, message
    assert written(basic) == before


def test_a_language_given_after_the_dashes_is_checked_too(basic: Path) -> None:
    result = reviewkit("build", "html", "--", "-D", "language=english", cwd=basic)
    no_traceback(result)
    assert result.returncode == 1, result.stderr  # the build failed, at its start
    assert "-D language is 'english', which is not a language tag" in result.stderr


def test_objects_in_colon_fences_are_read_without_myst_settings(basic: Path) -> None:
    """The README's and reviewkit new's syntax works in a conf.py that names only the
    extensions, as the README says an existing project needs."""
    conf = basic / "conf.py"
    conf.write_text(conf.read_text().replace('myst_enable_extensions = ["colon_fence"]\n', ""))
    assert "myst_enable_extensions" not in conf.read_text()
    result = reviewkit("build", "html", cwd=basic)
    assert result.returncode == 0, result.stderr
    export = (basic / "_build" / "final" / "html" / "recommendations.json").read_text()
    assert '"label": "status-page"' in export


def test_a_summary_setting_that_names_no_document(basic: Path) -> None:
    conf = basic / "conf.py"
    conf.write_text(conf.read_text() + 'reviewkit_summary = "sumary"\n')
    line = len(conf.read_text().splitlines())
    result = reviewkit("check", cwd=basic)
    assert result.returncode == 2
    (message,) = result.stderr.splitlines()
    assert f"{conf}:{line}: reviewkit_summary names 'sumary', which is no document" in message


def test_an_unknown_option_shows_the_usage_of_its_command(basic: Path) -> None:
    result = reviewkit("check", "--editon", "final", cwd=basic)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: reviewkit check")
    assert "unrecognized arguments: --editon final" in result.stderr


def test_a_check_between_two_builds_does_not_leave_a_page_stale(basic: Path) -> None:
    """An editor edits a data file, checks, then builds: the page drawn from the data shows
    the edit. The check reads every document afresh; it must not do so into the build's own
    environment, or the build finds nothing changed and keeps the page it wrote before."""
    data = basic / "report" / "milestones.csv"
    data.write_text("date,end,event\n2020-01-24,,Draft published\n", encoding="utf-8")
    chapter = basic / "report" / "first.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\n:::{timeline}\n:file: milestones.csv\n:alt: The milestones.\n\nMilestones.\n:::\n",
        encoding="utf-8",
    )
    assert reviewkit("build", "html", cwd=basic).returncode == 0
    page = basic / "_build" / "final" / "html" / "first.html"
    assert "2020-01-24" not in page.read_text(encoding="utf-8")  # drawn as a long date
    data.write_text(
        "date,end,event\n2020-01-24,,Draft published\n2021-01-25,,Final report submitted\n",
        encoding="utf-8",
    )
    checked = reviewkit("check", "--edition", "final", cwd=basic)
    no_traceback(checked)
    assert reviewkit("build", "html", cwd=basic).returncode == 0
    images = basic / "_build" / "final" / "html" / "_images"
    drawn = page.read_text(encoding="utf-8")
    shown = [name for name in os.listdir(images) if name in drawn]
    assert shown, "the page shows no drawing"
    assert any("Final report submitted" in (images / name).read_text() for name in shown)
    # the PDF shares the HTML's environment: what it read again, the site writes again
    data.write_text(
        "date,end,event\n2020-01-24,,Draft published\n2021-07-22,,Board action\n",
        encoding="utf-8",
    )
    assert reviewkit("build", "pdf", cwd=basic).returncode == 0
    assert reviewkit("build", "html", cwd=basic).returncode == 0
    drawn = page.read_text(encoding="utf-8")
    shown = [name for name in os.listdir(images) if name in drawn]
    assert any("Board action" in (images / name).read_text() for name in shown)


def test_build_summaries_shows_what_a_translation_warned_of(basic: Path) -> None:
    conf = basic / "conf.py"
    conf.write_text(
        conf.read_text() + 'reviewkit_summary = "summary"\nreviewkit_translations = ["fr"]\n'
        'locale_dirs = ["../locale"]\ngettext_compact = False\n'
        "reviewkit_translation_threshold = 0\n"
    )
    assert reviewkit("gettext", cwd=basic).returncode == 0
    catalog = basic / "locale" / "fr" / "LC_MESSAGES" / "summary.po"
    text = catalog.read_text()
    msgid = re.search(r'\nmsgid "(\w[^"]+)"\nmsgstr ""\n', text)
    assert msgid, text
    text = text.replace(
        f'msgid "{msgid[1]}"\nmsgstr ""\n', f'msgid "{msgid[1]}"\nmsgstr "<b>Gras</b> {msgid[1]}"\n'
    )
    catalog.write_text(text)
    line = text[: text.index("<b>Gras")].count("\n") + 1
    result = reviewkit("build", "summaries", "--language", "fr", cwd=basic)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert f"{catalog}:{line}: WARNING:" in result.stderr, result.stderr
    assert re.search(r"summary fr: done in \d+\.\d s, 1 warning\n", result.stdout), result.stdout
    # where its page and its PDF are
    (listed,) = [line for line in result.stdout.splitlines() if line.startswith("build: fr: ")]
    page, pdf = listed.removeprefix("build: fr: ").split(", ")
    assert Path(page).is_file() and Path(pdf).is_file(), listed
    assert Path(pdf).name.endswith("-final-summary-fr.pdf")
    refused = reviewkit("build", "summaries", "--language", "es", cwd=basic)
    assert refused.returncode == 2
    assert "no summary is published in es; give --language with one of: en, fr; to " in (
        refused.stderr
    )
    assert "add 'es' to reviewkit_translations in" in refused.stderr
    assert refused.stderr.rstrip().endswith("and run reviewkit gettext")
