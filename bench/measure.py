"""One build, measured: CPU seconds, wall seconds and peak memory, from the kernel.

``os.wait4`` gives the finished process's own resource use, its forked workers
included (``-j 2``), so each build's peak resident memory is its own, not the
largest of everything run before it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds, workers included
    wall: float
    peak_mb: float  # the largest resident set of the process or any of its workers


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to its end; raise BuildError with its last lines if it fails."""
    with tempfile.TemporaryFile(mode="w+") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            tail = "\n".join(output.read().splitlines()[-20:])
            raise BuildError(
                f"{' '.join(command[:6])} ... failed (exit {process.returncode}):\n{tail}"
            )
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def best(runs: list[Run]) -> Run:
    """The fastest of the repeats (the least disturbed), and the largest peak of them."""
    return Run(min(r.cpu for r in runs), min(r.wall for r in runs), max(r.peak_mb for r in runs))
