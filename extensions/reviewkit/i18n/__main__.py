"""Translators' jobs on the catalogs: ``python -m reviewkit.i18n <command>``.

``update POT_DIR``
    bring every language's summary catalogs up to date with the templates that
    ``sphinx-build -b gettext`` wrote into POT_DIR;
``coverage [--json FILE]``
    translated, fuzzy and untranslated entries per language, and whether each
    language reaches ``reviewkit_translation_threshold``;
``current POT_DIR``
    fail when a catalog misses messages of the templates in POT_DIR, or the
    toolchain's catalogs miss a label or are not compiled;
``toolchain``
    update the toolchain's own catalogs (``reviewkit.po``, shipped with the package)
    from its labels, for every language of the summaries, and compile them;
``summaries [--edition E] [--build DIR] [-j N] [--language CODE ...]``
    the executive summary as HTML and PDF in English and every published language
    (or only those named), N languages at a time (default: as many as the machine
    has cores);
``published``
    the languages whose summary is published, one per line; the others are named
    on standard error with what is missing.

Each reads conf.py (``-c``, default ``.``) and the sources folder (``-s``, default
``report``), against which conf.py's ``locale_dirs`` are read, as Sphinx reads them.
A mistake in conf.py ends it with status 2, a catalog that cannot be read with
status 1, each named at its ``file:line``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..command.project import sources_of
from ..editions import EDITIONS, FINAL
from ..pdf.cache import kept_under
from ..processes import BuildFolderBusy, Interrupted, building, progress
from .build import build_summaries, plan, tell
from .catalogs import (
    CatalogError,
    CatalogToolError,
    behind,
    po_path,
    read_catalog,
    toolchain_behind,
    update,
    update_toolchain,
    write_coverage,
)
from .languages import SOURCE
from .project import Settings, counts, published, settings


def run_update(config: Settings, pot_dir: Path) -> int:
    for catalog in config.catalogs:
        pot = pot_dir / f"{catalog}.pot"
        if not pot.is_file():
            print(f"error: {pot} is missing; run sphinx-build -b gettext first", file=sys.stderr)
            return 1
        for language in config.languages:
            po = po_path(config.locale_dir, language, catalog)
            print(f"{po}: {update(pot, po, language)}")
    return 0


def run_current(config: Settings, pot_dir: Path) -> int:
    problems = current_problems(config, pot_dir)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"every catalog holds every message of the sources ({len(config.languages)} languages)"
        )
    return 1 if problems else 0


def current_problems(config: Settings, pot_dir: Path) -> list[str]:
    """The catalogs that miss messages of the templates in ``pot_dir``, or are not
    compiled from their ``.po`` (the toolchain's)."""
    problems = []
    for catalog in config.catalogs:
        pot = pot_dir / f"{catalog}.pot"
        if not pot.is_file():
            problems.append(f"{pot} is missing; run sphinx-build -b gettext first")
            continue
        template = read_catalog(pot)
        for language in config.languages:
            po = po_path(config.locale_dir, language, catalog)
            if problem := behind(template, po):
                problems.append(f"{po} {problem}; run reviewkit gettext")
    problems += [f"{path} {problem}" for path, problem in toolchain_behind(config.languages)]
    return problems


def run_coverage(config: Settings, json_path: Path | None) -> int:
    print(f"{'language':<10}{'translated':>11}{'fuzzy':>7}{'untranslated':>14}{'coverage':>10}")
    for item in counts(config):
        verdict = "" if item.reaches(config.threshold) else "  below the threshold"
        print(
            f"{item.language:<10}{item.translated:>11}{item.fuzzy:>7}{item.untranslated:>14}"
            f"{item.percent:>9.1f}%{verdict}"
        )
    if json_path:
        write_coverage(json_path, counts(config), config.threshold)
        print(f"wrote {json_path}")
    return 0


def run_summaries(config: Settings, args: argparse.Namespace) -> int:
    codes = [SOURCE, *published(config)]
    if args.languages:
        unknown = [code for code in args.languages if code not in codes]
        if unknown:
            print(
                f"error: no summary is published in {', '.join(unknown)}; "
                f"give --language with one of: {', '.join(codes)}",
                file=sys.stderr,
            )
            return 2
        codes = [code for code in codes if code in args.languages]
    seed = args.seed or args.build / args.edition / "doctrees"
    items = plan(args.build, args.edition, codes, seed=seed)
    try:
        with building(args.build, "summaries build", progress) as builds, kept_under(args.build):
            outcomes = build_summaries(
                items, args.confdir, args.srcdir, args.edition, args.jobs, builds.run, progress
            )
    except Interrupted as stop:
        print("summaries: interrupted; every build it started has ended", file=sys.stderr)
        return stop.status
    except BuildFolderBusy as busy:
        print(f"error: {busy}", file=sys.stderr)
        return 1
    failed = tell(outcomes)
    for item in items:
        print(f"{item.code}: {item.html / 'index.html'}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviewkit.i18n", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-c", dest="confdir", type=Path, default=Path("."))
    parser.add_argument(
        "-s", dest="srcdir", type=Path, help="default: reviewkit_sources in conf.py"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update").add_argument("pot_dir", type=Path)
    commands.add_parser("coverage").add_argument("--json", type=Path)
    commands.add_parser("published")
    commands.add_parser("current").add_argument("pot_dir", type=Path)
    commands.add_parser("toolchain")
    summaries = commands.add_parser("summaries")
    summaries.add_argument("--edition", choices=EDITIONS, default=FINAL)
    summaries.add_argument("--build", type=Path, default=Path("_build"))
    summaries.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1)
    summaries.add_argument(
        "--language",
        dest="languages",
        action="append",
        metavar="CODE",
        help="only this language (repeatable): one job of a matrix",
    )
    summaries.add_argument(
        "--seed",
        type=Path,
        metavar="DOCTREES",
        help="the doctrees of an English HTML build of the same settings and edition, each "
        "language's start (default: BUILD/EDITION/doctrees, where reviewkit build html "
        "leaves them); without them, each language reads the whole report",
    )
    args = parser.parse_args(argv)
    if args.srcdir is None:
        args.srcdir = sources_of(args.confdir)
    config = settings(args.confdir, args.srcdir)
    try:
        return run(config, args)
    except CatalogToolError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except CatalogError as problem:  # already file:line: what is wrong; what to change
        print(problem, file=sys.stderr)
        return 1


def run(config: Settings, args: argparse.Namespace) -> int:
    if args.command == "update":
        return run_update(config, args.pot_dir)
    if args.command == "current":
        return run_current(config, args.pot_dir)
    if args.command == "toolchain":
        for po, status in update_toolchain(config.languages):
            print(f"{po}: {status}")
        return 0
    if args.command == "coverage":
        return run_coverage(config, args.json)
    if args.command == "summaries":
        return run_summaries(config, args)
    for code in published(config):
        print(code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
