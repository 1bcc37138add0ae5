"""``python -m reviewkit.publish``: build one edition and swap the site into ``public/``.

Steps, each reported when it starts and ends with its time:

1. HTML: the report with its export (``recommendations.json`` and ``.csv``);
2. side by side, ``-j`` at a time: the PDF of the full report (first: it takes
   longest), and the executive summary in English and every published language,
   HTML and PDF; the status (below) is written from the export beside them;
3. assembly: the site is staged beside ``public/`` (editions already published stay),
   given the status of the Board's decisions and the implementation (``status/``, when
   conf.py names their files), a landing page and ``SHA256SUMS``, and exchanged with
   ``public/`` at once.

Every build starts from an empty folder under ``--build``, so two publishes of one
commit give the same bytes. With ``--assemble-only`` the builds are taken as they
are under ``--build`` (``<build>/<edition>/html`` and ``pdf``), as a CI workflow
leaves them after building each part in its own job.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..command.project import sources_of
from ..config import DEFAULT_PRIORITIES, ConfFileError, read_conf
from ..editions import FINAL, tags
from ..export import JSON_NAME as EXPORT_NAME
from ..i18n.__main__ import current_problems
from ..i18n.build import Outcome, extraction, plan, summary_tasks
from ..i18n.catalogcheck import problems
from ..i18n.catalogs import CatalogError
from ..i18n.languages import SOURCE
from ..i18n.project import Settings, published, settings
from ..pdf.cache import kept_under
from ..processes import BuildFolderBusy, Builds, Interrupted, building, progress, side_by_side
from ..status.__main__ import StatusError, write_status
from .site import (
    EDITIONS,
    STATUS,
    PlaceError,
    Project,
    PublishError,
    check_public,
    finish,
    recover,
    stage,
    swap,
)


class StepFailed(Exception):
    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step} failed:\n{detail}")


def say(message: str) -> None:
    progress(f"publish: {message}")


@contextmanager
def step(name: str) -> Iterator[None]:
    say(f"{name}: started")
    started = time.perf_counter()
    try:
        yield
    except BaseException:
        say(f"{name}: stopped after {time.perf_counter() - started:.1f} s")
        raise
    say(f"{name}: done in {time.perf_counter() - started:.1f} s")


def timed(
    name: str, builds: Builds, command: list[str]
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``command`` beside other steps, saying when it starts and how it ended, with
    its time; its result and its seconds."""
    say(f"{name}: started")
    started = time.perf_counter()
    result = builds.run(command)
    seconds = time.perf_counter() - started
    say(f"{name}: {'failed' if result.returncode else 'done'} in {seconds:.1f} s")
    return result, seconds


def project_of(confdir: Path) -> Project:
    """conf.py as each edition reads it: the landing page's words."""
    conf = confdir / "conf.py"
    if not conf.is_file():
        raise PublishError(f"no conf.py in {confdir}; give the folder of conf.py with -c")
    spaces = {edition: read_conf(conf, [edition]) for edition in EDITIONS}
    final = spaces["final"]
    closes = {
        edition: space["reviewkit_public_comment"]["closes"]
        for edition, space in spaces.items()
        if isinstance(space.get("reviewkit_public_comment"), dict)
        and "closes" in space["reviewkit_public_comment"]
    }
    opens = {
        edition: space["reviewkit_public_comment"]["opens"]
        for edition, space in spaces.items()
        if edition in closes and "opens" in space["reviewkit_public_comment"]
    }
    return Project(
        review=final.get("project", "Review report"),
        team=final.get("author", ""),
        slug=final.get("reviewkit_slug", "report"),
        owners=dict(final.get("reviewkit_owners", {})),
        priorities=dict(final.get("reviewkit_priorities", DEFAULT_PRIORITIES)),
        comments_close=closes,
        has_summary=bool(final.get("reviewkit_summary")),
        comments_open=opens,
    )


def sphinx_command(args: argparse.Namespace, builder: str, outdir: Path) -> list[str]:
    folder = args.build / args.edition
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-q",
        "-W",
        "--keep-going",
        "-n",  # a link to nothing fails the publish, as it fails reviewkit check
        *(["-j", "auto"] if builder == "html" else []),
        "-c",
        str(args.confdir),
        "-d",
        str(folder / "doctrees"),
        *tags(args.edition),
        str(args.srcdir),
        str(outdir),
    ]


def build(args: argparse.Namespace, project: Project, builds: Builds) -> Future | None:
    """Build the edition: the HTML (the catalogs checked against the sources beside it),
    then the PDF and the summaries side by side, ``-j`` at a time (the PDF first: it is
    the longest). The status is written from the HTML's
    export beside them; its future is returned."""
    folder = args.build / args.edition
    if folder.exists():
        shutil.rmtree(folder)  # from nothing: the same commit gives the same bytes
    pool = ThreadPoolExecutor(1)
    current = pool.submit(check_current, args, project, builds)
    pool.shutdown(wait=False)  # its one thread ends with the check
    try:
        with step(f"HTML ({args.edition})"):
            result = builds.run(sphinx_command(args, "html", folder / "html"))
            if result.returncode:
                raise StepFailed(f"HTML ({args.edition})", tail(result))
    finally:
        wait([current])  # a failed HTML build is reported once the check has ended
    current.result()  # a catalog behind the sources stops the publish here
    ahead = None
    if args.edition == FINAL and status_settings(args):
        command = [sys.executable, "-m", "reviewkit.status", "-c", str(args.confdir)]
        command += ["-s", str(args.srcdir), "--export", str(folder / "html" / EXPORT_NAME)]
        command += ["--out", str(folder / STATUS)]
        pool = ThreadPoolExecutor(1)
        ahead = pool.submit(lambda: timed("status (written beside the PDF)", builds, command)[0])
        pool.shutdown(wait=False)  # its one thread ends with the command
    pdf = f"PDF ({args.edition})"

    def report_pdf() -> list[Outcome]:
        result, seconds = timed(pdf, builds, sphinx_command(args, "pdf", folder / "pdf"))
        return [Outcome(pdf, seconds, tail(result) if result.returncode else "")]

    tasks = [report_pdf]
    items = []
    if project.has_summary:
        config = settings(args.confdir, args.srcdir)
        # each language starts from the English read the HTML build left
        codes = [SOURCE, *published(config)]
        items = plan(args.build, args.edition, codes, seed=folder / "doctrees")
        tasks += summary_tasks(
            items,
            args.confdir,
            args.srcdir,
            args.edition,
            builds.run,
            report=say,
            # a batch per core: the second starts when the PDF or the first ends, which
            # is soon when the PDF is one laid out before (reviewkit.pdf.cache)
            slots=args.jobs,
            strict=True,  # a warning stops the publish, as for the report itself
        )
    else:
        say("no executive summary: conf.py sets no reviewkit_summary")
    together = f"PDF and {len(items)} summar{'y' if len(items) == 1 else 'ies'}" if items else "PDF"
    with step(f"{together} ({args.edition}, {args.jobs} at a time)"):
        outcomes = [outcome for done in side_by_side(tasks, args.jobs) for outcome in done]
    failed = [outcome for outcome in outcomes if outcome.error]
    if failed:
        first = failed[0]
        what = first.code if first.code == pdf else f"summary {first.code} ({args.edition})"
        raise StepFailed(what, first.error)
    return ahead


def catalog_settings(args: argparse.Namespace, project: Project) -> Settings | None:
    """The translation settings, when there are catalogs to check."""
    if not project.has_summary:
        return None
    config = settings(args.confdir, args.srcdir)
    return config if config.languages else None


def refuse(found: list[Any]) -> None:
    if found:
        raise StepFailed(
            "catalogs",
            "\n".join(map(str, found)) + "\ncorrect each catalog at the line named; "
            "reviewkit check checks them again",
        )


def check_catalogs(args: argparse.Namespace, project: Project) -> None:
    """A catalog that fails the translators' checks of ``reviewkit check`` stops the
    publish before anything is built."""
    config = catalog_settings(args, project)
    if config is None:
        return
    with step("catalogs"):
        refuse(problems(config.locale_dirs))


def check_current(args: argparse.Namespace, project: Project, builds: Builds) -> None:
    """A catalog behind the sources (the messages extracted again) stops the publish;
    checked beside the HTML build, before the PDF and the summaries."""
    config = catalog_settings(args, project)
    if config is None:
        return
    with step("catalogs against the sources"):
        folder = args.build / args.edition / "messages"
        result = builds.run(extraction(args.confdir, args.srcdir, folder))
        if result.returncode:
            raise StepFailed("messages of the sources", tail(result))
        refuse(current_problems(config, folder / "templates"))


def tail(result: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((result.stderr or result.stdout).strip().splitlines()[-20:])


def size_of(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def assemble(
    args: argparse.Namespace, project: Project, builds: Builds, ahead: Future | None = None
) -> None:
    folder = args.build / args.edition
    with step("assembly"):
        staging = stage(args.public, args.edition, folder / "html", folder / "pdf")
        status(args, staging, ahead)
        editions = finish(staging, project)
        builds.check()  # a stop asked for until now still leaves public/ as it was
        for left in swap(staging, args.public):
            print(f"publish: warning: {left}", file=sys.stderr)
    count, size = size_of(args.public)
    say(
        f"{args.public} holds the {' and '.join(e.key for e in editions)} "
        f"edition{'s' if len(editions) > 1 else ''}: {count} files, {size / 1e6:.1f} MB"
    )


def status_settings(args: argparse.Namespace) -> dict[str, Any] | None:
    """conf.py as the final edition reads it, if it names the Board's or the
    implementation's file."""
    final = read_conf(args.confdir / "conf.py", ["final"])
    named = final.get("reviewkit_board_actions") or final.get("reviewkit_implementation")
    return final if named else None


def status(args: argparse.Namespace, staging: Path, ahead: Future | None = None) -> None:
    """``status/`` beside the final edition, from the files conf.py names, when the final
    edition is in the site; a file with a problem stops the publish before anything of
    the site changes, as a build's warning does. ``ahead`` is the status this publish
    wrote while building the final edition; without it (a draft's publish, an assembly),
    it is written from the final edition the site holds."""
    export = staging / FINAL / EXPORT_NAME
    final = status_settings(args)
    if final is None or not export.is_file():
        return
    with step("status"):
        if ahead is not None:
            result = ahead.result()
            if result.returncode:
                raise StepFailed("status", result.stderr.strip())
            shutil.copytree(args.build / FINAL / STATUS, staging / STATUS)
            return
        data = json.loads(export.read_text(encoding="utf-8"))
        try:
            found = write_status(staging / STATUS, data, final, args.srcdir)
        except StatusError as error:
            raise StepFailed("status", str(error)) from None
        if found:
            lines = [
                f"{path}:{problem.line}: {problem.message}"
                if problem.line is not None
                else f"{path}: {problem.message}"
                for path, problem in found
            ]
            raise StepFailed("status", "\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviewkit.publish", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-c", dest="confdir", type=Path, default=Path("."))
    parser.add_argument(
        "-s", dest="srcdir", type=Path, help="default: reviewkit_sources in conf.py"
    )
    parser.add_argument("--edition", choices=EDITIONS, default="final")
    parser.add_argument("--build", type=Path, default=Path("_build/publish"))
    parser.add_argument("--public", type=Path, default=Path("public"))
    parser.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--assemble-only",
        action="store_true",
        help="take the builds already under --build instead of building",
    )
    args = parser.parse_args(argv)
    if args.srcdir is None:
        args.srcdir = sources_of(args.confdir)
    for name in ("confdir", "srcdir", "build", "public"):
        setattr(args, name, getattr(args, name).resolve())
    started = time.perf_counter()
    try:
        check_public(
            args.public,
            {"sources": args.srcdir, "folder of conf.py": args.confdir, "builds": args.build},
        )
        with building(args.build, "publish", say) as builds, kept_under(args.build):
            project = project_of(args.confdir)
            for done in recover(args.public):
                say(done)
            check_catalogs(args, project)
            if args.assemble_only:
                check_current(args, project, builds)
                ahead = None
            else:
                ahead = build(args, project, builds)
            assemble(args, project, builds, ahead)
    except (Interrupted, KeyboardInterrupt) as stop:
        recover(args.public)
        say(f"interrupted; {args.public} is as it was before this publish")
        return stop.status if isinstance(stop, Interrupted) else 130
    except (ConfFileError, PlaceError) as problem:  # as Sphinx exits on a configuration error
        print(f"publish: error: {problem}", file=sys.stderr)
        return 2
    except BuildFolderBusy as busy:  # public/ is the other publish's to change
        print(f"publish: error: {busy}", file=sys.stderr)
        return 1
    except (StepFailed, PublishError, CatalogError, OSError) as problem:
        recover(args.public)
        print(f"publish: error: {problem}", file=sys.stderr)
        print(f"publish: {args.public} is as it was before this publish", file=sys.stderr)
        return 1
    say(f"published the {args.edition} edition in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
