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
``summaries [--edition E] [--build DIR] [-j N]``
    the executive summary as HTML and PDF in English and every published language,
    N languages at a time (default: as many as the machine has cores);
``published``
    the languages whose summary is published, one per line; the others are named
    on standard error with what is missing.

Each reads conf.py (``-c``, default ``.``) and the sources folder (``-s``, default
``report``), against which conf.py's ``locale_dirs`` are read, as Sphinx reads them.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from .build import build_summaries, plan
from .catalogs import (
    DEFAULT_THRESHOLD,
    REPORT,
    CatalogToolError,
    Coverage,
    behind,
    coverage,
    po_path,
    read_catalog,
    toolchain_behind,
    update,
    update_toolchain,
    write_coverage,
)
from .languages import SOURCE


@dataclass(frozen=True)
class Settings:
    languages: list[str]
    catalogs: tuple[str, ...]
    locale_dir: Path
    threshold: float


def settings(confdir: Path, srcdir: Path) -> Settings:
    conf = confdir / "conf.py"
    if not conf.is_file():
        raise SystemExit(f"error: no conf.py in {confdir}; give the folder of conf.py with -c")
    namespace: dict[str, Any] = eval_config_file(conf, Tags())
    summary = namespace.get("reviewkit_summary")
    if not summary:
        raise SystemExit(
            f"error: {conf} names no executive summary to translate; "
            "add reviewkit_summary = 'summary' (the document's name, without .md)"
        )
    folders = namespace.get("locale_dirs", ["locales"])
    return Settings(
        languages=list(namespace.get("reviewkit_translations", [])),
        catalogs=(summary, REPORT),
        locale_dir=(srcdir / folders[0]).resolve(),
        threshold=float(namespace.get("reviewkit_translation_threshold", DEFAULT_THRESHOLD)),
    )


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
                problems.append(f"{po} {problem}; run nox -s gettext")
    problems += [
        f"{path} {problem}; run nox -s gettext"
        for path, problem in toolchain_behind(config.languages)
    ]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"every catalog holds every message of the sources ({len(config.languages)} languages)"
        )
    return 1 if problems else 0


def counts(config: Settings) -> list[Coverage]:
    return [coverage(config.locale_dir, code, config.catalogs) for code in config.languages]


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


def published(config: Settings) -> list[str]:
    """The languages that reach the threshold; the others are named with what is missing."""
    result = []
    for item in counts(config):
        if item.reaches(config.threshold):
            result.append(item.language)
        else:
            print(
                f"{item.language}: {item.percent:.1f}% of the summary is translated "
                f"({item.fuzzy} fuzzy, {item.untranslated} untranslated), below "
                f"reviewkit_translation_threshold = {config.threshold:g} in conf.py, so its "
                f"summary is not published; finish the catalogs in "
                f"{config.locale_dir / item.language / 'LC_MESSAGES'}",
                file=sys.stderr,
            )
    return result


def run_summaries(config: Settings, args: argparse.Namespace) -> int:
    codes = [SOURCE, *published(config)]
    items = plan(args.build, args.edition, codes)
    outcomes = build_summaries(items, args.confdir, args.srcdir, args.edition, args.jobs)
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in failed:
        print(f"summary {outcome.code} failed:\n{outcome.error}", file=sys.stderr)
    for item in items:
        print(f"{item.code}: {item.html / 'index.html'}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviewkit.i18n", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-c", dest="confdir", type=Path, default=Path("."))
    parser.add_argument("-s", dest="srcdir", type=Path, default=Path("report"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update").add_argument("pot_dir", type=Path)
    commands.add_parser("coverage").add_argument("--json", type=Path)
    commands.add_parser("published")
    commands.add_parser("current").add_argument("pot_dir", type=Path)
    commands.add_parser("toolchain")
    summaries = commands.add_parser("summaries")
    summaries.add_argument("--edition", choices=("draft", "final"), default="final")
    summaries.add_argument("--build", type=Path, default=Path("_build"))
    summaries.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    config = settings(args.confdir, args.srcdir)
    try:
        return run(config, args)
    except CatalogToolError as problem:
        print(f"error: {problem}", file=sys.stderr)
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
