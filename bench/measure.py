"""One build, measured: CPU seconds, wall seconds and peak memory, from the kernel.

Each build runs under ``peak.py``, a small process that waits for it with
``os.wait4``: that gives the build's own resource use, its forked workers included
(``-j 2``), and its own peak resident memory rather than the benchmark's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PEAK = Path(__file__).with_name("peak.py")
#: this repository, whose report some figures are measured on
ROOT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds, workers included
    wall: float
    peak_mb: float  # the largest resident set of the process or any of its workers


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to its end; raise BuildError with its last lines if it fails."""
    with tempfile.TemporaryDirectory() as folder:
        usage = Path(folder) / "usage.json"
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(PEAK), str(usage), *command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
            what = " ".join(command[:6])
            raise BuildError(f"{what} ... failed (exit {result.returncode}):\n{tail}")
        used = json.loads(usage.read_text())
    return Run(used["cpu"], wall, used["peak_kb"] / 1024)


def best(runs: list[Run]) -> Run:
    """The fastest of the repeats (the least disturbed), and the largest peak of them."""
    return Run(min(r.cpu for r in runs), min(r.wall for r in runs), max(r.peak_mb for r in runs))


def copy_report(work: Path, name: str) -> Path:
    """This report (conf.py, report/, locale/) copied to ``work/name``, so that measuring
    it never touches its own ``_build/``."""
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "conf.py", root / "conf.py")
    for folder in ("report", "locale"):
        shutil.copytree(ROOT / folder, root / folder)
    return root
