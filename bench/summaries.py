"""Benchmark the six executive summaries: one language after another, then two at a time.

Each run is ``python -m reviewkit.i18n summaries`` over the real report (HTML and
PDF per language, each language in its own processes), timed on the wall clock:
the parallel run is about how soon the editor has every summary, not about CPU.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"summaries_parallel_ratio": 0.6}


def wall_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.splitlines()[-20:])
        raise RuntimeError(f"the summaries failed (exit {result.returncode}):\n{tail}")
    return time.perf_counter() - started


def measure_summaries(work: Path, repeat: int) -> dict:
    command = [sys.executable, "-m", "reviewkit.i18n", "-c", str(ROOT), "-s", str(ROOT / "report")]
    command += ["summaries", "--build", str(work / "summaries")]
    wall_seconds([*command, "-j", "2"])  # untimed: the doctrees of every language
    serial, parallel = [], []
    for _ in range(repeat):
        serial.append(wall_seconds([*command, "-j", "1"]))
        parallel.append(wall_seconds([*command, "-j", "2"]))
    return {
        "summaries_serial_seconds": min(serial),
        "summaries_parallel_seconds": min(parallel),
        "summaries_parallel_ratio": min(parallel) / min(serial),
    }


def report_summaries(results: dict) -> None:
    print(
        f"\nsix summaries, HTML and PDF: {results['summaries_serial_seconds']:.1f} s one "
        f"language at a time, {results['summaries_parallel_seconds']:.1f} s two at a time "
        "(wall clock)"
    )
    for name, goal in GOALS.items():
        verdict = "ok" if results[name] <= goal else "over goal"
        print(f"{name:<26}{results[name]:8.3f}   goal <= {goal:g}   {verdict}")
