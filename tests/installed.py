"""reviewkit as a team gets it: this checkout's wheel in a clean virtualenv, with the
versions pip picks from the registry today, not the ones this repository's lock names.

``pip install reviewkit`` resolves the dependencies afresh, so a release of babel or
Sphinx after the lock reaches users before it reaches the lock. The tests that take
:func:`installed_reviewkit` run the package the way those users do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
#: what would reach past the virtualenv: the checkout's sources, another environment,
#: or a constraints file in place of pip's own resolution
OUTSIDE = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_CONSTRAINT")


def user_environment() -> dict[str, str]:
    """This process's environment without what a user's shell would not have."""
    return {name: value for name, value in os.environ.items() if name not in OUTSIDE}


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command as a user's shell would, its output kept for the assertions."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=user_environment(),
        capture_output=True,
        text=True,
        check=False,
    )


def step(what: str, *command: str | Path) -> subprocess.CompletedProcess[str]:
    """One step of the installation; a failure stops every test that needs it, with the
    command and what it said (no skip: CI reaches the registry, so a failure is news)."""
    result = run(*command)
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed with status {result.returncode}: "
            f"{' '.join(str(part) for part in command)}\n{result.stdout[-4000:]}"
            f"\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


@pytest.fixture(scope="session")
def installed_reviewkit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a virtualenv that holds this checkout's wheel and the
    dependencies pip resolves for it, built once per test session."""
    root = tmp_path_factory.mktemp("installed")
    wheels, venv = root / "wheels", root / "venv"
    step(
        "building the wheel", sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, ROOT
    )
    (wheel,) = wheels.glob("reviewkit-*.whl")
    step("creating the virtualenv", sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    step("installing the wheel", python, "-m", "pip", "install", wheel)
    found = step("importing reviewkit", python, "-c", "import reviewkit; print(reviewkit.__file__)")
    assert Path(found.stdout.strip()).is_relative_to(venv), (
        f"the virtualenv imports reviewkit from {found.stdout.strip()}, not its own copy"
    )
    return venv / "bin"


def versions(bin_folder: Path) -> str:
    """What pip installed, for a failure's message: which release broke the package."""
    return run(bin_folder / "python", "-m", "pip", "freeze").stdout
