"""The ``reviewkit`` command as a team gets it: the wheel in a clean virtualenv with the
versions pip picks, run on projects outside this repository.

A new project (``reviewkit new``) checks, builds its PDF and publishes as it stands; a
project in Sphinx's plain layout (conf.py beside index.md, MyST and reST chapters, a
French catalog) checks and publishes too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from installed import run, versions

pytestmark = pytest.mark.slow  # each test runs the wheel installed in a fresh virtualenv

ROOTS = Path(__file__).parent / "roots"


def reviewkit(bin_folder: Path, *args: str | Path, cwd: Path):
    result = run(bin_folder / "reviewkit", *args, cwd=cwd)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def succeeded(bin_folder: Path, result) -> None:
    assert result.returncode == 0, (
        f"{' '.join(map(str, result.args))} failed:\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-3000:]}\n{versions(bin_folder)}"
    )


def published(public: Path, slug: str) -> None:
    """What SPEC section 7 says publish leaves, for the final edition and English."""
    for name in (
        "index.html",
        "SHA256SUMS",
        "final/index.html",
        "final/recommendations.json",
        f"final/{slug}-final.pdf",
        f"final/{slug}-final-summary-en.pdf",
        "final/summary/en/index.html",
    ):
        assert (public / name).is_file(), name
    assert (public / "final" / f"{slug}-final.pdf").read_bytes().startswith(b"%PDF-")


def test_a_new_project_checks_builds_and_publishes(installed_reviewkit: Path, tmp_path: Path):
    made = reviewkit(
        installed_reviewkit, "new", "annual-review", "--title", "Report of the Annual Review",
        cwd=tmp_path,
    )  # fmt: skip
    succeeded(installed_reviewkit, made)
    project = tmp_path / "annual-review"
    assert (project / "conf.py").is_file()
    checked = reviewkit(installed_reviewkit, "check", cwd=project)
    succeeded(installed_reviewkit, checked)
    assert "check: no problems" in checked.stdout
    pdf = reviewkit(installed_reviewkit, "build", "pdf", cwd=project)
    succeeded(installed_reviewkit, pdf)
    built = (project / "_build" / "final" / "pdf" / "annual-review-final.pdf").read_bytes()
    kept = project / "_build" / ".cache" / "pdf"  # the PDFs laid out, by what made them
    assert [pdf.read_bytes() for pdf in kept.glob("*.pdf")] == [built]
    done = reviewkit(installed_reviewkit, "publish", cwd=project)
    succeeded(installed_reviewkit, done)
    published(project / "public", "annual-review")
    assert "published the final edition" in done.stdout
    # publish took the report's PDF as built (nothing changed), and kept its summary's
    assert (project / "public" / "final" / "annual-review-final.pdf").read_bytes() == built
    assert len(list(kept.glob("*.pdf"))) == 2


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    project = tmp_path / "plain"
    shutil.copytree(ROOTS / "plain-layout", project)
    return project


def test_a_project_in_the_plain_sphinx_layout_checks_and_publishes(
    installed_reviewkit: Path, plain: Path
):
    checked = reviewkit(installed_reviewkit, "check", cwd=plain)
    succeeded(installed_reviewkit, checked)
    assert "fr                 15      0             0    100.0%" in checked.stdout
    done = reviewkit(installed_reviewkit, "-C", plain, "publish", cwd=plain.parent)
    succeeded(installed_reviewkit, done)
    published(plain / "public", "example")
    french = plain / "public" / "final" / "summary" / "fr" / "index.html"
    page = french.read_text(encoding="utf-8")
    assert "Résumé analytique" in page and "Publier les registres" in page
    assert (plain / "public" / "final" / "example-final-summary-fr.pdf").is_file()
    # the sources were not written into: only _build/ and public/ are new
    made = {path.name for path in plain.iterdir()} - {
        path.name for path in (ROOTS / "plain-layout").iterdir()
    }
    assert made == {"_build", "public"}
