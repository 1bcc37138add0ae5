"""Build the executive summary in every published language, the languages side by side.

Each language is its own Sphinx environment, so the languages build in separate
processes, as many at a time as ``jobs`` allows: the HTML page first, then the PDF
from the same doctrees. Given the doctrees of the English build of the same
sources (``seed``, as publish has them), a language starts from a copy of them and
reads again only what the language changes (see ``summary.read_what_the_language_
changes``); without them, it reads the whole report in its language.
"""

from __future__ import annotations

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


def build_one(
    item: SummaryBuild,
    confdir: Path,
    srcdir: Path,
    edition: str,
    run: Runner,
    *,
    strict: bool = False,
) -> Outcome:
    started = time.perf_counter()
    start_from(item)
    for command in commands(item, confdir, srcdir, edition, strict=strict):
        result = run(command)
        if result.returncode != 0:
            tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
            return Outcome(item.code, time.perf_counter() - started, tail)
    return Outcome(item.code, time.perf_counter() - started)


def summary_tasks(
    items: list[SummaryBuild],
    confdir: Path,
    srcdir: Path,
    edition: str,
    run: Runner,
    report: Callable[[str], None] = print,
    *,
    strict: bool = False,
) -> list[Callable[[], Outcome]]:
    """One task per language, each reporting its start and its end with its time, to be
    run side by side with others (publish runs the report's PDF among them)."""

    def build(item: SummaryBuild) -> Outcome:
        name = language(item.code)
        report(f"summary {name.tag} ({name.name}): started")
        outcome = build_one(item, confdir, srcdir, edition, run, strict=strict)
        verdict = "failed" if outcome.error else "done"
        report(f"summary {name.tag}: {verdict} in {outcome.seconds:.1f} s")
        return outcome

    return [partial(build, item) for item in items]


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
    """Build every language, ``jobs`` at a time. ``strict``: any warning fails a
    language's build (``-W``), as publish builds everything."""
    tasks = summary_tasks(items, confdir, srcdir, edition, run, report, strict=strict)
    return side_by_side(tasks, jobs)


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
