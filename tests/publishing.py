"""The small test project published once for the session, and how the tests publish it:
shared by the publish tests and the tests of a stopped publish."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_project
from sources import CHAPTER, FRENCH_REPORT, FRENCH_SUMMARY, SUMMARY, SUMMARY_CONF, catalog
from sources import SUMMARY_INDEX as INDEX

ROOT = Path(__file__).parent.parent
CONF = (
    SUMMARY_CONF.replace('["fr", "ar", "zh_CN"]', '["fr"]')
    + 'author = "Test Review Team"\nreviewkit_translation_threshold = 0\n'
    + 'if tags.has("draft"):\n'
    + '    reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", '
    + '"how": "Write to the team."}\n'
)
#: the tree of SPEC section 7 for one edition of the test project
TREE = [
    "index.html",
    "recommendations.json",
    "recommendations.csv",
    "test-{e}.pdf",
    "test-{e}-summary-en.pdf",
    "test-{e}-summary-fr.pdf",
    "summary/en/index.html",
    "summary/fr/index.html",
]


def files_of(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def publish_command(srcdir: Path, work: Path, *args: str, confdir: Path | None = None) -> list[str]:
    """``python -m reviewkit.publish`` into ``work/public``, building in ``work/build``."""
    return [
        sys.executable,
        "-m",
        "reviewkit.publish",
        "-c",
        str(confdir or srcdir),
        "-s",
        str(srcdir),
        "--build",
        str(work / "build"),
        "--public",
        str(work / "public"),
        "-j",
        "2",
        *args,
    ]


def publish(srcdir: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(publish_command(srcdir, work, *args), capture_output=True, text=True)


@pytest.fixture(scope="session")
def srcdir(tmp_path_factory) -> Path:
    files = {
        "index.md": INDEX,
        "summary.md": SUMMARY + "\n```{recommendation-chart}\n```\n",
        "chapter.md": CHAPTER,
        "locale/fr/LC_MESSAGES/summary.po": catalog("fr", FRENCH_SUMMARY),
        "locale/fr/LC_MESSAGES/report.po": catalog("fr", FRENCH_REPORT),
    }
    return with_every_message(
        write_project(tmp_path_factory.mktemp("publish") / "src", files, CONF)
    )


def with_every_message(srcdir: Path) -> Path:
    """The catalogs given every message of the sources, as ``reviewkit gettext`` leaves them
    (publish refuses catalogs behind the sources); the messages not translated above stay
    untranslated, so the summary shows them in English."""
    templates = srcdir.parent / "templates"
    extract = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-E", "-D", "language=en"]
    subprocess.run([*extract, str(srcdir), str(templates)], check=True, capture_output=True)
    i18n = [sys.executable, "-m", "reviewkit.i18n", "-c", str(srcdir), "-s", str(srcdir)]
    subprocess.run([*i18n, "update", str(templates)], check=True, capture_output=True)
    return srcdir


@pytest.fixture(scope="session")
def final(srcdir: Path, tmp_path_factory) -> tuple[Path, dict[str, str], str]:
    """The final edition published once: (work folder, its files then, the log)."""
    work = tmp_path_factory.mktemp("site")
    result = publish(srcdir, work)
    assert result.returncode == 0, result.stderr
    return work, files_of(work / "public"), result.stdout


@pytest.fixture
def work(final, tmp_path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["cp", "-a", str(final[0] / "public"), str(work)], check=True)
    assert files_of(work / "public") == final[1]
    return work
