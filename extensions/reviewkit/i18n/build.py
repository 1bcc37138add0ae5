"""Build the executive summary in every published language, the languages side by side.

Each language is its own Sphinx environment: its HTML page first, then the PDF from
the same doctrees. The languages are dealt into batches, one process each (``batch``:
a process pays its start-up once for all its languages), as many side by side as
``jobs`` allows. Given the doctrees of the English build of the same
sources (``seed``, as publish has them), a language starts from a copy of them and
reads again only what the language changes (see ``summary.read_what_the_language_
changes``); without them, it reads the whole report in its language.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..editions import tags
from ..processes import side_by_side
from .languages import language

#: in a build's doctrees: how they were read (language, settings), for the summaries
SEED_MARK = "reviewkit-read.json"


@dataclass(frozen=True)
class SummaryBuild:
    """Where one language's summary goes."""

    code: str
    html: Path  # the folder of index.html
    pdf: Path  # the folder of the PDF
    doctrees: Path
    #: the doctrees of the English HTML build of the same sources and edition, if any
    seed: Path | None = None


@dataclass(frozen=True)
class Outcome:
    code: str
    seconds: float
    error: str = ""
    #: what a build that succeeded warned of, as Sphinx said it (``file:line: WARNING: ...``)
    warnings: str = ""


def plan(
    build_root: Path, edition: str, codes: list[str], seed: Path | None = None
) -> list[SummaryBuild]:
    """``_build/<edition>/html/summary/<tag>/`` beside the HTML report, PDFs beside its PDF;
    ``seed``: the doctrees of the English HTML build each language starts from."""
    folder = build_root / edition
    return [
        SummaryBuild(
            code,
            folder / "html" / "summary" / language(code).tag,
            folder / "pdf",
            folder / f"doctrees-summary-{language(code).tag}",
            seed,
        )
        for code in codes
    ]


def start_from(item: SummaryBuild) -> None:
    """The language's doctrees, a copy of the seed's; nothing without a seed, or one that
    no finished build left (then the build reads everything). Whether the copy is an
    English read of the same settings is the build's to check (``summary``)."""
    if item.seed is None:
        return
    if not all((item.seed / name).is_file() for name in ("environment.pickle", SEED_MARK)):
        return
    shutil.rmtree(item.doctrees, ignore_errors=True)
    shutil.copytree(item.seed, item.doctrees)


def commands(
    item: SummaryBuild, confdir: Path, srcdir: Path, edition: str, *, strict: bool = False
) -> list[list[str]]:
    """The HTML build, then the PDF build; ``strict`` fails them on any warning (publish:
    a catalog that fails its checks, or a translation refused, stops the summary)."""
    common = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-c",
        str(confdir),
        "-d",
        str(item.doctrees),
        "-D",
        f"language={item.code}",
        *tags(edition),
        *(["-W", "--keep-going"] if strict else []),
    ]
    return [
        [*common, "-b", "summary", str(srcdir), str(item.html)],
        [*common, "-b", "summary-pdf", str(srcdir), str(item.pdf)],
    ]


#: runs one command to its end, its output captured as text (``Builds.run``: each build
#: in a process group that a stop ends and waits for)
Runner = Callable[[list[str]], "subprocess.CompletedProcess[str]"]


def build_error(said: str) -> str:
    """What a failed build said last: the lines a reader needs to find the fault."""
    return "\n".join(said.strip().splitlines()[-15:])


def batch_command(
    items: list[SummaryBuild], confdir: Path, srcdir: Path, edition: str, *, strict: bool
) -> list[str]:
    """The command that builds ``items`` one after the other in one process (``batch``)."""
    plan = {
        "confdir": str(confdir),
        "srcdir": str(srcdir),
        "edition": edition,
        "strict": strict,
        "languages": [
            {
                "code": item.code,
                "html": str(item.html),
                "pdf": str(item.pdf),
                "doctrees": str(item.doctrees),
                "seed": str(item.seed) if item.seed else None,
            }
            for item in items
        ],
    }
    return [sys.executable, "-m", "reviewkit.i18n.batch", json.dumps(plan)]


def build_batch(
    items: list[SummaryBuild],
    confdir: Path,
    srcdir: Path,
    edition: str,
    run: Runner,
    *,
    strict: bool = False,
) -> list[Outcome]:
    """Build ``items`` in one process; each language's outcome, in order. A language the
    process never reported (it ended before) failed with what the process said last."""
    started = time.perf_counter()
    result = run(batch_command(items, confdir, srcdir, edition, strict=strict))
    reported: dict[str, Outcome] = {}
    for line in result.stdout.splitlines():
        with contextlib.suppress(ValueError, TypeError, KeyError):
            entry = json.loads(line)
            reported[entry["code"]] = Outcome(
                entry["code"], entry["seconds"], entry["error"], entry.get("warnings", "")
            )
    ended = build_error(result.stderr or result.stdout) or f"exit status {result.returncode}"
    return [
        reported.get(item.code)
        or Outcome(item.code, time.perf_counter() - started, f"the build ended early: {ended}")
        for item in items
    ]


def batches(items: list[SummaryBuild], slots: int) -> list[list[SummaryBuild]]:
    """``items`` dealt into ``slots`` batches (none empty), in their order."""
    count = max(1, min(slots, len(items)))
    return [items[first::count] for first in range(count)] if items else []


def summary_tasks(
    items: list[SummaryBuild],
    confdir: Path,
    srcdir: Path,
    edition: str,
    run: Runner,
    report: Callable[[str], None] = print,
    *,
    slots: int = 1,
    strict: bool = False,
) -> list[Callable[[], list[Outcome]]]:
    """The languages in ``slots`` batches, one task each, to be run side by side with
    others (publish runs the report's PDF among them); each reports its languages'
    start, and each one's end with its time."""

    def build(batch: list[SummaryBuild]) -> list[Outcome]:
        names = ", ".join(
            f"{language(item.code).tag} ({language(item.code).name})" for item in batch
        )
        report(f"summar{'y' if len(batch) == 1 else 'ies'} {names}: started")
        outcomes = build_batch(batch, confdir, srcdir, edition, run, strict=strict)
        for outcome in outcomes:
            verdict = "failed" if outcome.error else "done"
            warned = len(outcome.warnings.splitlines()) if not outcome.error else 0
            also = f", {warned} warning{'s' * (warned != 1)}" if warned else ""
            report(
                f"summary {language(outcome.code).tag}: {verdict} in {outcome.seconds:.1f} s{also}"
            )
        return outcomes

    return [partial(build, batch) for batch in batches(items, slots)]


def build_summaries(
    items: list[SummaryBuild],
    confdir: Path,
    srcdir: Path,
    edition: str,
    jobs: int,
    run: Runner,
    report: Callable[[str], None] = print,
    *,
    strict: bool = False,
) -> list[Outcome]:
    """Build every language, in ``jobs`` processes side by side; the outcomes in the
    order of ``items``. ``strict``: any warning fails a language's build (``-W``), as
    publish builds everything."""
    tasks = summary_tasks(items, confdir, srcdir, edition, run, report, slots=jobs, strict=strict)
    found = {outcome.code: outcome for done in side_by_side(tasks, jobs) for outcome in done}
    return [found[item.code] for item in items]


def tell(outcomes: list[Outcome]) -> bool:
    """Each language's warnings, and each failure with its builds' last messages, on
    standard error; whether any language failed."""
    for outcome in outcomes:
        if outcome.error:
            print(f"summary {outcome.code} failed:\n{outcome.error}", file=sys.stderr)
        elif outcome.warnings:
            print(outcome.warnings, file=sys.stderr)
    return any(outcome.error for outcome in outcomes)


def extraction(confdir: Path, srcdir: Path, folder: Path) -> list[str]:
    """The command that writes the message templates of the English sources into
    ``folder/templates`` (``sphinx-build -b gettext``), as the catalogs are made from."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "gettext",
        "-q",
        "-E",
        "-c",
        str(confdir),
        "-d",
        str(folder / "doctrees"),
        "-D",
        "language=en",
        str(srcdir),
        str(folder / "templates"),
    ]
