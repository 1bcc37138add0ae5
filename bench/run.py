"""Benchmark reviewkit: its HTML build times against the same report as plain MyST.

    python bench/run.py [--out DIR] [--repeat N] [--quick]

Generates both variants (see generate.py) into DIR (default _build/bench), then times
full builds of each, interleaved, and incremental builds of the reviewkit variant after
a one-sentence edit. Each figure is the minimum over the repeats. Prints a table and
writes the figures to DIR/results.json.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from generate import OBJECTS, VARIANTS, generate, static_tables
from pdf import measure_pdf, report_pdf
from summaries import measure_summaries, report_summaries

SIZES = {"recommendations": 600, "findings": 1000, "chapters": 20, "suggestions": 20}
GOALS = {"ratio_full": 1.10, "ratio_incremental": 0.20}


class BuildError(Exception):
    pass


def sphinx_build(src: Path, html: Path, full: bool, warnings: list[str]) -> float:
    """Build ``src`` into ``html``; return the CPU seconds the build used (user + system).

    CPU time of the single-process build is steadier than wall time on a shared machine.
    Full builds start afresh.
    """
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1"]
    if full:
        shutil.rmtree(html, ignore_errors=True)
        command.append("-E")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([*command, str(src), str(html)], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.splitlines()[-20:])
        raise BuildError(f"the build of {src} failed (exit {result.returncode}):\n{tail}")
    warnings.extend(result.stderr.splitlines())
    return seconds


def edit(chapter: Path, original: str, n: int) -> None:
    """Write ``original`` with the first sentence of one recommendation's text replaced."""
    lines = original.splitlines(keepends=True)
    # a recommendation opens with five colons in both variants (groups have six)
    starts = [i for i, line in enumerate(lines) if re.match(r":{5}\{", line)]
    i = starts[n % len(starts)]
    while lines[i].strip():  # the directive line and its options
        i += 1
    lines[i + 1] = f"The review team expects this work to begin with {OBJECTS[n % len(OBJECTS)]}.\n"
    chapter.write_text("".join(lines), encoding="utf-8")


def written_pages(html: Path) -> dict[str, int]:
    return {page.name: page.stat().st_mtime_ns for page in html.glob("*.html")}


def measure(work: Path, repeat: int) -> dict:
    seconds: dict[str, list[float]] = {
        "baseline_full": [],
        "reviewkit_full": [],
        "reviewkit_incremental": [],
        "baseline_incremental": [],
    }
    warnings: list[str] = []
    chapters = sorted((work / "reviewkit" / "src").glob("chapter-*.md"))
    name = chapters[len(chapters) // 2].name
    originals = {v: (work / v / "src" / name).read_text(encoding="utf-8") for v in VARIANTS}
    rewritten: list[str] = []
    for n in range(repeat):
        for variant in VARIANTS:
            chapter, html = work / variant / "src" / name, work / variant / "html"
            chapter.write_text(originals[variant], encoding="utf-8")
            seconds[f"{variant}_full"].append(
                sphinx_build(chapter.parent, html, full=True, warnings=warnings)
            )
            before = written_pages(html)
            edit(chapter, originals[variant], n)
            seconds[f"{variant}_incremental"].append(
                sphinx_build(chapter.parent, html, full=False, warnings=warnings)
            )
            if variant == "reviewkit":
                rewritten = sorted(
                    page for page, mtime in written_pages(html).items() if before.get(page) != mtime
                )
            chapter.write_text(originals[variant], encoding="utf-8")
    best = {name: min(values) for name, values in seconds.items()}
    return {
        "seconds": seconds,
        "best": best,
        "ratio_full": best["reviewkit_full"] / best["baseline_full"],
        "ratio_incremental": best["reviewkit_incremental"] / best["reviewkit_full"],
        "baseline_ratio_incremental": best["baseline_incremental"] / best["baseline_full"],
        "goals": GOALS,
        "edited": name,
        "incremental_pages_written": rewritten,
        "warnings": sorted(set(warnings)),
    }


def report(results: dict) -> None:
    print(f"\n{'build':<26}CPU seconds (min of {results['repeat']})")
    for name, value in results["best"].items():
        print(f"{name.replace('_', ', '):<26}{value:8.2f}")
    print()
    for name, goal in GOALS.items():
        verdict = "ok" if results[name] <= goal else "over goal"
        print(f"{name:<20}{results[name]:6.3f}   goal <= {goal:.2f}   {verdict}")
    print(
        f"(Sphinx alone: the baseline's incremental build is "
        f"{results['baseline_ratio_incremental']:.3f} of its full build)"
    )
    pages = results["incremental_pages_written"]
    print(
        f"\nincremental build after editing {results['edited']} wrote {len(pages)} pages: "
        f"{', '.join(pages)}"
    )
    for line in results["warnings"]:
        print(f"build output: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="_build/bench", help="work dir (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per figure (default: 3)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the size, for a smoke run")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    sizes = {name: max(1, size // 10) for name, size in SIZES.items()} if args.quick else SIZES
    work = Path(args.out).resolve()
    for variant in VARIANTS:
        shutil.rmtree(work / variant, ignore_errors=True)
        generate(work / variant / "src", variant, **sizes)
    print(f"generated both variants in {work}: {sizes}")
    try:
        # an untimed build: warms the caches and gives the baseline its static tables
        sphinx_build(work / "reviewkit" / "src", work / "reviewkit" / "html", True, [])
        export = json.loads((work / "reviewkit" / "html" / "recommendations.json").read_text())
        static_tables(work / "baseline" / "src" / "summary.md", export)
        results = {"sizes": sizes, "repeat": args.repeat, **measure(work, args.repeat)}
        results.update(measure_pdf(work, 1 if args.quick else args.repeat))
        results.update(measure_summaries(work, 1 if args.quick else args.repeat))
    except (BuildError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    report(results)
    report_pdf(results)
    report_summaries(results)
    (work / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
