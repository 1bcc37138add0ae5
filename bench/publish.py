"""``reviewkit publish`` of this report, warm: the wall-clock time a team waits.

    python bench/publish.py [--repeat N] [--out DIR]

The report is copied (conf.py, report/, locale/) so its own ``_build/`` and ``public/``
are not touched. One publish first, untimed, so the figure is warm (compiled modules,
fontconfig's cache, the disk's); then the best of ``repeat``. The goal (issue 19) is
under 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from measure import best, copy_report, run

GOAL_SECONDS = 30.0


def command(root: Path) -> list[str]:
    return [sys.executable, "-m", "reviewkit.command", "-C", str(root), "publish"]


def measure(work: Path, repeat: int) -> dict[str, float]:
    root = copy_report(work, "publish-copy")
    run(command(root))  # untimed: warm
    found = best([run(command(root)) for _ in range(repeat)])
    return {"wall": found.wall, "cpu": found.cpu, "peak_mb": found.peak_mb}


def summary(figures: dict[str, float]) -> str:
    verdict = "met" if figures["wall"] < GOAL_SECONDS else "MISSED"
    return (
        f"reviewkit publish of this report, warm: {figures['wall']:.2f} s wall, "
        f"{figures['cpu']:.2f} s CPU (goal < {GOAL_SECONDS:g} s wall)   {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs (default: 1)")
    parser.add_argument("--out", default="_build/bench", help="work dir (default: %(default)s)")
    args = parser.parse_args(argv)
    print(summary(measure(Path(args.out).resolve(), max(1, args.repeat))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
