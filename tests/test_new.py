"""``reviewkit new DIR``: a new team's project checks, builds and publishes as it stands,
and a folder that cannot take it is refused with one line, nothing written."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from reviewkit.command import new as new_command
from reviewkit.command.new import filled, requirement_from, skeleton, slug_from, values
from reviewkit.config import CHECKED

#: every test here runs the reviewkit command in processes of its own, each a second or more
pytestmark = pytest.mark.slow

EXTENSIONS = Path(__file__).parent.parent / "extensions"
NOXFILE = Path(__file__).parent.parent / "noxfile.py"
#: a title with what conf.py, Markdown and HTML each read as their own syntax
TITLE = 'Review of "Widgets" & <Gadgets> \\ *Parts*'
#: the folder's name gives the slug when --slug is not given
FOLDER = "Évaluation Widgets 2024"
SLUG = "evaluation-widgets-2024"


def reviewkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "reviewkit.command", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(EXTENSIONS)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with one line that says what to do, and no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reviewkit new: error: ")
    for word in words:
        assert word in lines[0]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    parent = tmp_path_factory.mktemp("new")
    result = reviewkit("new", FOLDER, "--title", TITLE, cwd=parent)
    assert result.returncode == 0, result.stdout + result.stderr
    return parent / FOLDER, result


@pytest.fixture(scope="module")
def project(made: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    return made[0]


@pytest.fixture(scope="module")
def published(project: Path) -> subprocess.CompletedProcess[str]:
    """The one publish of this module (20 to 40 seconds)."""
    return reviewkit("publish", cwd=project)


def test_new_writes_the_project_and_says_what_to_do_next(
    made: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, result = made
    assert sorted(entry.name for entry in project.parent.iterdir()) == [FOLDER]
    for name in (
        "conf.py",
        "README.md",
        ".gitignore",
        ".github/workflows/report.yml",
        "report/index.md",
        "report/summary.md",
        "locale/fr/LC_MESSAGES/summary.po",
        "locale/fr/LC_MESSAGES/report.po",
    ):
        assert (project / name).is_file(), name
        assert f"{name}\n" in result.stdout or "locale" in name
    for step in (f"cd '{FOLDER}'", "reviewkit check", "reviewkit serve", "reviewkit publish"):
        assert step in result.stdout
    assert not (project / "_build").exists(), "a fresh project has no outputs"
    for name, content in files_in(project).items():
        assert not re.search(rb"\{\{\w+\}\}", content), f"{name} has a placeholder left"


def test_the_catalogs_hold_the_summary_to_translate(project: Path) -> None:
    summary = (project / "locale/fr/LC_MESSAGES/summary.po").read_text()
    assert 'msgid "Purpose of the review"' in summary
    assert 'msgstr ""' in summary
    report = (project / "locale/fr/LC_MESSAGES/report.po").read_text()
    assert 'msgid "Publish a reporting calendar"' in report


def test_gettext_right_after_new_rewrites_no_catalog(project: Path) -> None:
    """The catalogs are made as every update writes them: a team's first reviewkit
    gettext, with no source changed, leaves nothing to commit."""
    catalogs = sorted((project / "locale" / "fr" / "LC_MESSAGES").glob("*.po"))
    before = {path: path.read_bytes() for path in catalogs}
    result = reviewkit("gettext", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in catalogs:
        assert f"{path}: unchanged" in result.stdout, result.stdout
        assert path.read_bytes() == before[path], path.name


def test_the_new_project_passes_every_check(project: Path) -> None:
    result = reviewkit("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check: no problems" in result.stdout
    output = result.stdout + result.stderr
    assert "WARNING" not in output and "ERROR" not in output, output
    assert re.search(r"^fr\s+0\s+0\s+\d+\s+0\.0%\s+below the threshold$", result.stdout, re.M)


def test_the_new_project_publishes(project: Path, published: subprocess.CompletedProcess) -> None:
    assert published.returncode == 0, published.stdout + published.stderr
    public = project / "public"
    for name in (
        "index.html",
        "final/index.html",
        f"final/{SLUG}-final.pdf",
        f"final/{SLUG}-final-summary-en.pdf",
        "final/summary/en/index.html",
        "final/recommendations.json",
    ):
        assert (public / name).is_file(), name
    sums = (public / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split(maxsplit=1)) for line in sums)
    assert f"final/{SLUG}-final.pdf" in listed
    for name, digest in listed.items():
        assert hashlib.sha256((public / name).read_bytes()).hexdigest() == digest


def test_an_untranslated_language_is_not_published(
    project: Path, published: subprocess.CompletedProcess
) -> None:
    assert published.returncode == 0
    assert "fr: 0.0% of the summary is translated" in published.stderr + published.stdout
    assert not (project / "public/final/summary/fr").exists()
    assert not list((project / "public/final").glob("*-summary-fr.pdf"))


def test_the_title_reads_as_written(project: Path, published: subprocess.CompletedProcess) -> None:
    landing = (project / "public/index.html").read_text()
    heading = re.search(r"<h1>(.*?)</h1>", landing, re.S)
    assert heading and html.unescape(heading.group(1)) == TITLE
    page = (project / "public/final/index.html").read_text()
    first = re.search(r"<h1>(.*?)<a class=\"headerlink\"", page, re.S)
    assert first
    typeset = html.unescape(first.group(1))  # Sphinx's smart quotes
    # the title page is headed with the edition's title, as the PDF's cover is
    assert typeset.replace("\u201c", '"').replace("\u201d", '"') == f"{TITLE}: final report"
    pdf = PdfReader(project / "public" / "final" / f"{SLUG}-final.pdf")
    assert pdf.metadata.title == f"{TITLE}: final report"


def test_build_pdf_of_the_draft(project: Path) -> None:
    result = reviewkit("build", "pdf", "--edition", "draft", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = PdfReader(project / "_build" / "draft" / "pdf" / f"{SLUG}-draft.pdf")
    cover = " ".join(pdf.pages[0].extract_text().split())
    assert f"{TITLE}: draft report for public comment" in cover
    assert "Draft report for public comment" in cover
    assert "Comments are invited until" in cover
    assert len(pdf.pages) > 5


def assignments(conf: str) -> set[str]:
    """The names conf.py sets, or shows set in a comment."""
    return set(re.findall(r"^(?:# )?(\w+)\s*(?::[^=]*)?=", conf, re.M))


def test_conf_py_names_every_setting(project: Path) -> None:
    conf = (project / "conf.py").read_text()
    missing = [setting.name for setting in CHECKED if setting.name not in assignments(conf)]
    assert not missing, f"the skeleton's conf.py does not set {missing}"
    for name in ("gettext_compact", "gettext_location", "gettext_uuid", "locale_dirs"):
        assert name in assignments(conf)
    assert 'reviewkit_words = {"finding": "Observation"}' in conf


def test_ci_installs_what_the_pdf_needs_and_publishes(project: Path) -> None:
    workflow = (project / ".github/workflows/report.yml").read_text()
    tree = ast.parse(NOXFILE.read_text())
    (packages,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(target, "id", "") == "SYSTEM_PACKAGES" for target in node.targets)
    ]
    for package in packages:
        if package != "poppler-utils":  # the tests' only
            assert package in workflow
    for step in ("reviewkit check", "reviewkit publish", "path: public/"):
        assert step in workflow
    # the PDFs laid out before, kept between runs where reviewkit looks for them
    assert "path: _build/.cache/pdf" in workflow
    ignored = (project / ".gitignore").read_text().splitlines()
    assert {"/_build/", "/public/", "*.mo"} <= set(ignored)


GIT_RECORD = {
    "url": "https://git.example.org/tools/reviewkit.git",
    "vcs_info": {"vcs": "git", "commit_id": "0123abcd" * 5, "requested_revision": "v0.1.0"},
}
WHEEL_RECORD = {
    "url": "https://files.example.org/reviewkit-0.1.0-py3-none-any.whl",
    "archive_info": {"hashes": {"sha256": "ab" * 32}},
}


def requirements_written(direct_url: str | None) -> list[str]:
    """The lines of requirements.txt that pip reads, as ``new`` writes them for a
    reviewkit installed as ``direct_url`` (PEP 610's direct_url.json) records."""
    (file,) = [file for file in skeleton() if str(file.name) == "requirements.txt"]
    words = values(TITLE, SLUG, dt.date(2024, 1, 1), requirement_from(direct_url))
    lines = filled(file, words).splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_requirements_pin_a_reviewkit_installed_from_git() -> None:
    assert requirements_written(json.dumps(GIT_RECORD)) == [
        f"reviewkit @ git+https://git.example.org/tools/reviewkit.git@{'0123abcd' * 5}"
    ]
    in_a_folder = {**GIT_RECORD, "subdirectory": "tools/reviewkit"}
    assert requirements_written(json.dumps(in_a_folder)) == [
        f"reviewkit @ git+https://git.example.org/tools/reviewkit.git@{'0123abcd' * 5}"
        "#subdirectory=tools/reviewkit"
    ]


def test_requirements_pin_a_downloaded_wheel_by_its_hash() -> None:
    assert requirements_written(json.dumps(WHEEL_RECORD)) == [
        f"reviewkit @ https://files.example.org/reviewkit-0.1.0-py3-none-any.whl#sha256={'ab' * 32}"
    ]


@pytest.mark.parametrize(
    "record",
    [
        {"url": "file:///home/me/reviewkit", "dir_info": {"editable": True}},
        {"url": "file:///home/me/dist/reviewkit-0.1.0-py3-none-any.whl", "archive_info": {}},
        {"url": "file:///home/me/reviewkit", "vcs_info": {"vcs": "git", "commit_id": "ab"}},
        {**GIT_RECORD, "vcs_info": {"vcs": "git"}},
        {**GIT_RECORD, "vcs_info": {"vcs": "git", "commit_id": "main; rm -rf /"}},
        {**GIT_RECORD, "url": "https://git.example.org/a b"},
        {"url": 7},
        ["not", "a", "record"],
    ],
)
def test_requirements_leave_a_reviewkit_ci_cannot_reach_to_the_team(record: object) -> None:
    assert requirements_written(json.dumps(record)) == []


@pytest.mark.parametrize("direct_url", [None, "", "{not json"])
def test_requirements_without_a_record_leave_reviewkit_to_the_team(direct_url: str | None):
    assert requirements_written(direct_url) == []


class Installed:
    """An installed distribution of reviewkit whose package is at ``package``."""

    def __init__(self, package: Path, direct_url: str) -> None:
        self.package = package
        self.direct_url = direct_url

    def locate_file(self, name: str) -> Path:
        return self.package.parent / name

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


def test_only_the_running_copy_says_where_reviewkit_came_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    record = json.dumps(GIT_RECORD)
    elsewhere = Installed(tmp_path / "site-packages" / "reviewkit", record)
    monkeypatch.setattr(new_command.metadata, "distribution", lambda name: elsewhere)
    assert new_command.installed_direct_url() is None  # a checkout on PYTHONPATH runs
    running = Installed(new_command.PACKAGE, record)
    monkeypatch.setattr(new_command.metadata, "distribution", lambda name: running)
    assert new_command.installed_direct_url() == record


def test_new_says_when_the_team_must_name_its_reviewkit(
    made: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, result = made  # this reviewkit runs from a checkout: CI cannot reach it
    requirements = (project / "requirements.txt").read_text()
    assert "# reviewkit @ git+https://<where your team keeps reviewkit>@<tag>" in requirements
    assert not re.search(r"^[^#]*reviewkit", requirements, re.M)
    assert result.stdout.splitlines()[-1] == (
        "requirements.txt: say where your CI gets reviewkit (a git URL or a wheel); see README.md"
    )


def ci_first_check(project: Path, requirements: str, tmp_path: Path):
    """The CI workflow's first step after the checkout, run on ``requirements``."""
    workflow = yaml.safe_load((project / ".github/workflows/report.yml").read_text())
    checkout, step, *_ = workflow["jobs"]["report"]["steps"]
    assert checkout["uses"].startswith("actions/checkout@")
    (tmp_path / "requirements.txt").write_text(requirements)
    return subprocess.run(
        ["sh", "-e", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("written", "says"),
    [
        (None, "requirements.txt names no reviewkit"),
        ("reviewkit==0.1.0\n", "requirements.txt asks PyPI for reviewkit"),
        ("sphinx\nreviewkit\n", "requirements.txt asks PyPI for reviewkit"),
        (f"reviewkit @ git+{GIT_RECORD['url']}@v0.1.0\n", None),
        ("./vendor/reviewkit-0.1.0-py3-none-any.whl\n", None),
    ],
)
def test_ci_stops_at_once_unless_requirements_say_where_reviewkit_is(
    project: Path, tmp_path: Path, written: str | None, says: str | None
) -> None:
    requirements = (project / "requirements.txt").read_text()
    result = ci_first_check(project, requirements + (written or ""), tmp_path)
    if says is None:
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        assert result.returncode == 1
        assert result.stdout.startswith(says) and len(result.stdout.splitlines()) == 1


def test_ci_installs_reviewkit_from_requirements_never_by_its_name(project: Path) -> None:
    workflow = (project / ".github/workflows/report.yml").read_text()
    assert "pip install -r requirements.txt" in workflow
    installs = re.findall(r"pip install\s+\S+", workflow)
    assert installs and all(found == "pip install -r" for found in installs), installs
    readme = (project / "README.md").read_text()
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    ")]
    assert "pip install -r requirements.txt" in commands
    assert not [command for command in commands if re.search(r"pip install \S*reviewkit", command)]
    assert "Never `pip install reviewkit` from PyPI" in readme


def test_a_folder_that_has_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("notes")
    result = reviewkit("new", "mine", cwd=tmp_path)
    refused(result, "notes.txt", "--force")
    assert files_in(tmp_path / "mine") == {"notes.txt": b"notes"}


def test_force_writes_the_projects_files_and_keeps_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "report").mkdir(parents=True)
    (folder / "notes.txt").write_text("notes")
    (folder / "report" / "draft-notes.md").write_text("kept")
    (folder / "conf.py").write_text("replaced = True\n")
    result = reviewkit("new", "mine", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conf.py (replaced)" in result.stdout
    assert (folder / "notes.txt").read_text() == "notes"
    assert (folder / "report" / "draft-notes.md").read_text() == "kept"
    assert 'reviewkit_slug = "mine"' in (folder / "conf.py").read_text()
    assert (folder / "locale/fr/LC_MESSAGES/summary.po").is_file()


def test_force_keeps_the_builds_that_were_there(tmp_path: Path) -> None:
    kept = tmp_path / "mine" / "_build" / "final" / "notes.txt"
    kept.parent.mkdir(parents=True)
    kept.write_text("kept")
    result = reviewkit("new", "mine", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert kept.read_text() == "kept"


def test_force_refuses_a_file_where_the_project_has_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report").write_text("a file")
    result = reviewkit("new", "mine", "--force", cwd=tmp_path)
    refused(result, "report", "file")
    assert files_in(folder) == {"report": b"a file"}


def test_force_never_writes_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.md").write_text("theirs")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report").symlink_to(elsewhere)
    result = reviewkit("new", "mine", "--force", cwd=tmp_path)
    refused(result, "report", "outside")
    assert files_in(elsewhere) == {"index.md": b"theirs"}


@pytest.mark.parametrize("slug", ["Widget Review", "-widgets", "widgets_2024", "ÉVAL"])
def test_a_bad_slug_is_refused_with_one_to_write(tmp_path: Path, slug: str) -> None:
    result = reviewkit("new", "mine", f"--slug={slug}", cwd=tmp_path)
    refused(result, "--slug", f"--slug {slug_from(slug)}")
    assert not (tmp_path / "mine").exists()


@pytest.mark.parametrize("title", ["", "   ", "Two\nlines"])
def test_a_title_that_is_no_title_is_refused(tmp_path: Path, title: str) -> None:
    refused(reviewkit("new", "mine", "--title", title, cwd=tmp_path), "--title")
    assert not (tmp_path / "mine").exists()


def test_a_file_is_no_folder_for_a_project(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("mine")
    refused(reviewkit("new", "taken", cwd=tmp_path), "taken", "is a file")
    refused(reviewkit("new", "taken/report", cwd=tmp_path), "cannot be created")
    assert files_in(tmp_path) == {"taken": b"mine"}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Widget Review 2024", "widget-review-2024"),
        ("évaluation_des_widgets", "evaluation-des-widgets"),
        ("--", "report"),
        ("審査", "report"),
    ],
)
def test_the_slug_is_made_from_the_folders_name(name: str, slug: str) -> None:
    assert slug_from(name) == slug


def test_a_fresh_clone_counts_as_empty(tmp_path: Path) -> None:
    clone = tmp_path / "our-review"
    (clone / ".git").mkdir(parents=True)
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    result = reviewkit("new", ".", cwd=clone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'reviewkit_slug = "our-review"' in (clone / "conf.py").read_text()
    assert (clone / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert "  cd " not in result.stdout


def test_the_readme_names_the_columns_and_values_the_data_files_take(project: Path) -> None:
    """A new team writes its comments and the Board's record from the project's README:
    it must list exactly what the readers accept."""
    from reviewkit.comments import reading as comments
    from reviewkit.status import reading as status

    readme = " ".join((project / "README.md").read_text().split())
    for columns in (comments.COLUMNS, status.BOARD_COLUMNS, status.IMPLEMENTATION_COLUMNS):
        assert f"`{','.join(columns)}`" in readme, columns
    for value in (*comments.ACTIONS, *status.DECISIONS, *status.STATUSES):
        assert f"`{value}`" in readme, value
