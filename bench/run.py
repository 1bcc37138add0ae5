"""Benchmark reviewkit on synthetic reports of 1x, 3x and 10x the real report.

    python bench/run.py [--out DIR] [--repeat N] [--quick] [--scales 1,3,10]

For each size, generate.py writes the report three ways (reviewkit, a plain-MyST
baseline, sphinx-needs) and every figure is measured in the same run, interleaved:

- full HTML builds of the three (CPU seconds, one process): reviewkit's cost over the
  baseline, and its speed against sphinx-needs;
- the same reviewkit build with ``-j 2`` against ``-j 1`` (wall clock);
- incremental builds after inserting a recommendation group at the start of the
  report (every later number shifts) and at its end, as a share of the full build;
- the PDF, seconds per page and its ratio to bare WeasyPrint on the same HTML;
- gettext extraction, and the summary in six languages (``-j 1``, CPU, from the
  English read as publish builds them) against the full HTML build;
- the peak memory of every build;
- the status of the Board's decisions and the implementation, at 200 and 10,000
  implementation rows, and what it adds to a publish (beside the PDF build);
- ``reviewkit publish`` of this report, warm (wall clock).

Each figure is the best of ``--repeat`` runs (``--quick``: one run). It prints the
table with each goal's status, and writes ``DIR/results.json`` and the growth
curves from 1x to the largest size as ``DIR/growth.svg``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import board
import publish

import check
import pdf
import serve
import summaries
from generate import VARIANTS, generate, scaled, static_tables
from growth import chart
from measure import BuildError, Run, best, run

SCALES = (1, 3, 10)
#: figure -> (what it is, its unit)
FIGURES = {
    "baseline_full": ("full HTML, plain MyST baseline", "s CPU"),
    "reviewkit_full": ("full HTML, reviewkit", "s CPU"),
    "needs_full": ("full HTML, sphinx-needs", "s CPU"),
    "reviewkit_j1_wall": ("full HTML, reviewkit -j 1", "s wall"),
    "reviewkit_j2_wall": ("full HTML, reviewkit -j 2", "s wall"),
    "incremental_start": ("incremental, group inserted first", "s CPU"),
    "incremental_end": ("incremental, group inserted last", "s CPU"),
    "pdf": ("PDF, reviewkit", "s CPU"),
    "pdf_bare": ("PDF, bare WeasyPrint", "s CPU"),
    "gettext": ("gettext extraction", "s CPU"),
    "summaries": ("six summaries, HTML + PDF, -j 1", "s CPU"),
}
#: the builds whose peak memory is reported
BUILDS = ("baseline_full", "reviewkit_full", "needs_full", "reviewkit_j2_wall", "pdf", "gettext")
#: each goal at the largest size; the latest issue's figure where two issues set one
GOALS = {
    "ratio_baseline": ("reviewkit / baseline, full HTML", "<=", 1.10),
    "ratio_incremental_start": ("incremental (first) / full", "<=", 0.35),
    "ratio_incremental_end": ("incremental (last) / full", "<=", 0.20),
    "speedup_j2": ("-j 2 speed-up", ">=", 1.30),
    "ratio_pdf": ("PDF / bare WeasyPrint", "<=", 1.15),
    "ratio_summaries": ("six summaries / full HTML, CPU", "<=", 2.00),
    "needs_over_reviewkit": ("sphinx-needs / reviewkit, full HTML", ">=", 2.00),
    "peak_mb": ("peak memory of any build (MB)", "<=", 1536.0),
    "pdf_peak_mb": ("peak memory of the PDF (MB)", "<=", 800.0),
}
#: the ratios of GOALS, printed for every size
RATIOS = [key for key in GOALS if not key.endswith("peak_mb")]
GROWTH_GOAL = 11.0
#: the PDF's own growth goal (issue 19)
PDF_GROWTH_GOAL = 10.5


def sphinx(src: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-q", "-b", "html", *args, str(src), str(out)]


INSERTED = """\
::::::{{recommendation-group}} Inserted group
:label: inserted-group

A group inserted for the benchmark.

:::::{{recommendation}} Inserted recommendation
:label: inserted-rec
:owners: icann-org
:priority: high
:findings: {finding}

ICANN org should measure what this benchmark inserted.

::::{{measures}}
- The insertion is measured.
::::

::::{{rationale}}
Every number after this group moves by one.
::::
:::::
::::::

"""


def insert_group(chapter: Path, original: str) -> None:
    """A new group with one recommendation, first in the chapter's recommendations."""
    finding = re.search(r":label: (c\d+-f\d+)", original)
    assert finding is not None, f"{chapter} has no finding"
    marker = "## Recommendations\n\n"
    text = original.replace(marker, marker + INSERTED.format(finding=finding.group(1)), 1)
    chapter.write_text(text, encoding="utf-8")


def written(html: Path) -> dict[str, int]:
    return {page.name: page.stat().st_mtime_ns for page in html.glob("*.html")}


class Scale:
    """One size of the synthetic report: its three variants and their outputs."""

    def __init__(self, work: Path, factor: int) -> None:
        self.factor = factor
        self.root = work / f"{factor}x"
        self.sizes = scaled(factor)
        self.runs: dict[str, list[Run]] = defaultdict(list)
        self.pages_written: dict[str, int] = {}

    def src(self, variant: str) -> Path:
        return self.root / variant / "src"

    def out(self, name: str) -> Path:
        return self.root / "out" / name

    def prepare(self) -> None:
        """Generate the variants; give the baseline its tables and the summary its catalogs."""
        shutil.rmtree(self.root, ignore_errors=True)
        for variant in VARIANTS:
            generate(self.src(variant), variant, **self.sizes)
        run(sphinx(self.src("reviewkit"), self.out("warm"), "-E"))  # untimed: caches, export
        export = json.loads((self.out("warm") / "recommendations.json").read_text())
        static_tables(self.src("baseline") / "summary.md", export)
        summaries.extract(self.src("reviewkit"), self.out("gettext"))
        summaries.translate_as_itself(self.src("reviewkit"), self.out("gettext") / "pot")

    def measure_once(self) -> None:
        for variant in VARIANTS:
            self.runs[f"{variant}_full"].append(
                run(sphinx(self.src(variant), self.out(variant), "-E", "-j", "1"))
            )
        self.runs["reviewkit_j1_wall"].append(self.runs["reviewkit_full"][-1])
        self.runs["reviewkit_j2_wall"].append(
            run(sphinx(self.src("reviewkit"), self.out("j2"), "-E", "-j", "2"))
        )
        self.incremental()
        doctrees = self.out("reviewkit") / ".doctrees"  # as publish shares them
        self.runs["pdf"].append(pdf.build(self.src("reviewkit"), self.out("pdf"), doctrees))
        self.runs["pdf_bare"].append(pdf.bare(self.out("pdf")))
        self.runs["gettext"].append(summaries.extract(self.src("reviewkit"), self.out("gettext")))
        self.runs["summaries"].append(
            summaries.summaries(self.src("reviewkit"), self.out("summaries"), 1, seed=doctrees)
        )

    def incremental(self) -> None:
        """From the full build just made: insert a group first, build; undo and rebuild;
        insert it last, build; undo."""
        src, html = self.src("reviewkit"), self.out("reviewkit")
        chapters = sorted(src.glob("chapter-*.md"))
        for name, chapter in (
            ("incremental_start", chapters[0]),
            ("incremental_end", chapters[-1]),
        ):
            original = chapter.read_text(encoding="utf-8")
            before = written(html)
            insert_group(chapter, original)
            try:
                self.runs[name].append(run(sphinx(src, html, "-j", "1")))
                after = written(html)
                self.pages_written[name] = sum(after[p] != before.get(p) for p in after)
            finally:
                chapter.write_text(original, encoding="utf-8")
            run(sphinx(src, html, "-j", "1"))  # untimed: back to the report as generated

    def figures(self) -> dict:
        found = {name: best(runs) for name, runs in self.runs.items()}
        seconds = {
            name: (found[name].wall if unit == "s wall" else found[name].cpu)
            for name, (_, unit) in FIGURES.items()
        }
        page_count = pdf.pages(self.out("pdf"))
        return {
            "sizes": self.sizes,
            "seconds": seconds,
            "peak_mb": {name: found[name].peak_mb for name in found},
            "pdf_pages": page_count,
            "pdf_s_per_page": seconds["pdf"] / page_count,
            "incremental_pages_written": self.pages_written,
            "ratio_baseline": seconds["reviewkit_full"] / seconds["baseline_full"],
            "ratio_incremental_start": seconds["incremental_start"] / seconds["reviewkit_full"],
            "ratio_incremental_end": seconds["incremental_end"] / seconds["reviewkit_full"],
            "speedup_j2": seconds["reviewkit_j1_wall"] / seconds["reviewkit_j2_wall"],
            "ratio_pdf": seconds["pdf"] / seconds["pdf_bare"],
            "ratio_summaries": seconds["summaries"] / seconds["reviewkit_full"],
            "needs_over_reviewkit": seconds["needs_full"] / seconds["reviewkit_full"],
            "pdf_peak_mb": found["pdf"].peak_mb,
        }


def growth(results: dict[int, dict]) -> dict[str, float]:
    """Each figure at the largest size over the same figure at the smallest."""
    small, large = results[min(results)], results[max(results)]
    grown = {name: large["seconds"][name] / small["seconds"][name] for name in FIGURES}
    grown.update(
        {f"peak_mb:{name}": large["peak_mb"][name] / small["peak_mb"][name] for name in BUILDS}
    )
    return grown


def verdicts(results: dict[int, dict], grown: dict[str, float]) -> list[dict]:
    """Each goal at the largest size, and the growth goal of every figure."""
    large = results[max(results)]
    values = {key: large[key] for key in GOALS if key != "peak_mb"}
    values["peak_mb"] = max(large["peak_mb"].values())  # of every build
    rows = []
    for key, (what, sense, goal) in GOALS.items():
        met = values[key] <= goal if sense == "<=" else values[key] >= goal
        rows.append(
            {
                "goal": key,
                "what": what,
                "value": values[key],
                "sense": sense,
                "target": goal,
                "met": met,
            }
        )
    worst = max(grown, key=grown.get)
    rows.append(
        {
            "goal": "growth",
            "what": f"largest growth ({worst})",
            "value": grown[worst],
            "sense": "<=",
            "target": GROWTH_GOAL,
            "met": grown[worst] <= GROWTH_GOAL,
        }
    )
    rows.append(
        {
            "goal": "pdf_growth",
            "what": "PDF growth",
            "value": grown["pdf"],
            "sense": "<=",
            "target": PDF_GROWTH_GOAL,
            "met": grown["pdf"] <= PDF_GROWTH_GOAL,
        }
    )
    return rows


def report(results: dict[int, dict], grown: dict[str, float], rows: list[dict]) -> None:
    scales = sorted(results)
    head = "".join(f"{f'{s}x':>10}" for s in scales)
    growth_head = f"{max(scales)}x/{min(scales)}x"
    print(f"\n{'figure':<40}{head}{growth_head:>11}")
    for name, (what, unit) in FIGURES.items():
        cells = "".join(f"{results[s]['seconds'][name]:10.2f}" for s in scales)
        print(f"{what + ' (' + unit + ')':<40}{cells}{grown[name]:11.2f}")
    cells = "".join(f"{results[s]['pdf_pages']:10d}" for s in scales)
    print(f"{'PDF pages':<40}{cells}")
    cells = "".join(f"{results[s]['pdf_s_per_page']:10.3f}" for s in scales)
    print(f"{'PDF seconds per page':<40}{cells}")
    print(f"\n{'peak memory (MB)':<40}{head}{growth_head:>11}")
    for name in BUILDS:
        cells = "".join(f"{results[s]['peak_mb'][name]:10.0f}" for s in scales)
        print(f"{FIGURES[name][0]:<40}{cells}{grown['peak_mb:' + name]:11.2f}")
    print(f"\n{'ratio':<40}{head}")
    for key in RATIOS:
        print(f"{GOALS[key][0]:<40}" + "".join(f"{results[s][key]:10.3f}" for s in scales))
    largest = max(scales)
    print(f"\ngoals at {largest}x:")
    for row in rows:
        verdict = "met" if row["met"] else "MISSED"
        print(
            f"  {row['what']:<46}{row['value']:9.3f}  goal {row['sense']} {row['target']:g}"
            f"   {verdict}"
        )
    pages = results[largest]["incremental_pages_written"]
    print(f"\npages rewritten at {largest}x: " + ", ".join(f"{k} {v}" for k, v in pages.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="_build/bench", help="work dir (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default: 3)")
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    parser.add_argument(
        "--scales",
        default=",".join(map(str, SCALES)),
        help="sizes, as multiples of the real report (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        factors = sorted({int(part) for part in args.scales.split(",")})
    except ValueError:
        parser.error(f"--scales takes whole numbers separated by commas, not {args.scales!r}")
    if len(factors) < 2 or factors[0] < 1:
        parser.error("--scales needs at least two sizes of 1 or more, e.g. 1,10")
    work = Path(args.out).resolve()
    results: dict[int, dict] = {}
    try:
        for factor in factors:
            scale = Scale(work, factor)
            print(f"{factor}x: {scale.sizes}", flush=True)
            scale.prepare()
            for n in range(repeat):
                scale.measure_once()
                print(f"{factor}x: run {n + 1} of {repeat} done", flush=True)
            results[factor] = scale.figures()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    grown = growth(results)
    rows = verdicts(results, grown)
    report(results, grown, rows)
    try:
        checked = check.compare(work, repeat)
        served = serve.edit_to_page(work, repeat)
        smallest = work / f"{factors[0]}x"
        statused = board.measure(
            work,
            smallest / "reviewkit" / "src",
            smallest / "out" / "warm" / "recommendations.json",
            repeat,
        )
        published = publish.measure(work, repeat)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"\nreviewkit check of this report: {checked['command_cpu']:.2f} s CPU, "
        f"{checked['command_wall']:.2f} s wall; the steps nox -s check ran before: "
        f"{checked['steps_cpu']:.2f} s CPU, {checked['steps_wall']:.2f} s wall; ratio "
        f"{checked['ratio_cpu']:.3f} CPU, {checked['ratio_wall']:.3f} wall (goal <= 1.1)"
    )
    print("\n" + serve.summary(served))
    print("\n" + board.summary(statused))
    print("\n" + publish.summary(published))
    document = {
        "serve": served,
        "repeat": repeat,
        "scales": results,
        "growth": grown,
        "goals": rows,
        "check": checked,
        "status": statused,
        "publish": published,
    }
    (work / "results.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    (work / "growth.svg").write_text(chart(results, FIGURES), encoding="utf-8")
    print(f"\nwrote {work / 'results.json'} and {work / 'growth.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
