"""``reviewkit check`` on this report against the steps ``nox -s check`` ran one after
another before the command existed (the same work, measured in the same run).

    python bench/check.py [--repeat N] [--out DIR]

The steps: each edition's dummy build with ``-W --keep-going -n``, the extraction of the
messages, ``reviewkit.i18n current``, the catalog checks and the coverage. The report is
copied (conf.py, report/, locale/) so its own ``_build/`` is not touched. CPU seconds
include every child process (``measure.run`` waits with ``wait4``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from measure import Run, best, copy_report, run


def steps(root: Path) -> list[list[str]]:
    """What ``nox -s check`` ran, one after another."""
    out = root / "_build" / "steps"
    python = sys.executable
    dummy = ["-b", "dummy", "-E", "-W", "--keep-going", "-n", "-q", "-c", str(root)]
    pot = out / "gettext"
    i18n = [python, "-m", "reviewkit.i18n", "-c", str(root), "-s", str(root / "report")]
    return [
        [python, "-m", "sphinx", *dummy, "-d", str(out / "d-draft"), "-t", "draft",
         str(root / "report"), str(out / "draft")],
        [python, "-m", "sphinx", *dummy, "-d", str(out / "d-final"),
         str(root / "report"), str(out / "final")],
        [python, "-m", "sphinx", "-b", "gettext", "-q", "-E", "-c", str(root), "-D",
         "language=en", "-d", str(out / "d-gettext"), str(root / "report"), str(pot)],
        [*i18n, "current", str(pot)],
        [python, "-m", "reviewkit.i18n.catalogcheck", str(root / "locale")],
        [*i18n, "coverage", "--json", str(out / "coverage.json")],
    ]  # fmt: skip


def measure_steps(root: Path) -> Run:
    runs = [run(command) for command in steps(root)]
    return Run(sum(r.cpu for r in runs), sum(r.wall for r in runs), max(r.peak_mb for r in runs))


def measure_command(root: Path) -> Run:
    return run([sys.executable, "-m", "reviewkit.command", "-C", str(root), "check"])


def compare(work: Path, repeat: int) -> dict[str, float]:
    """Both, interleaved, best of ``repeat``: seconds and the command's ratio to the steps."""
    root = copy_report(work, "report-copy")
    before: list[Run] = []
    command: list[Run] = []
    for _ in range(repeat):
        before.append(measure_steps(root))
        command.append(measure_command(root))
    old, new = best(before), best(command)
    return {
        "steps_cpu": old.cpu,
        "steps_wall": old.wall,
        "command_cpu": new.cpu,
        "command_wall": new.wall,
        "ratio_cpu": new.cpu / old.cpu,
        "ratio_wall": new.wall / old.wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="_build/bench", help="work dir (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default: 3)")
    args = parser.parse_args(argv)
    figures = compare(Path(args.out).resolve(), max(1, args.repeat))
    print(f"{'check of this report':<36}{'CPU s':>8}{'wall s':>8}")
    print(
        f"{'steps of nox -s check before':<36}{figures['steps_cpu']:8.2f}"
        f"{figures['steps_wall']:8.2f}"
    )
    print(f"{'reviewkit check':<36}{figures['command_cpu']:8.2f}{figures['command_wall']:8.2f}")
    print(f"{'ratio (goal <= 1.1)':<36}{figures['ratio_cpu']:8.3f}{figures['ratio_wall']:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
