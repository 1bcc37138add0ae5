"""Several languages' summaries from one start: ``python -m reviewkit.i18n.batch PLAN``.

A language's summary is two Sphinx builds, the HTML page and then the PDF from the
same doctrees. In a process of its own, each build pays again for starting Python and
importing Sphinx, reviewkit and WeasyPrint: about a second each time, more than the
French summary's own reading. A batch imports them once, then forks a process for
each language, which runs its two builds exactly as ``sphinx-build`` runs them (the
same arguments, :func:`sphinx.cmd.build.build_main`).

Forking keeps the languages apart by construction. One process running the languages
one after the other is not enough: Sphinx keeps message catalogs per process, and
translates some labels once, when their module is imported (the Python module index's
name in the inventory); the second language would show the first one's words. The
batch imports those modules before any language's catalogs are read, as
``sphinx-build`` imports its own first modules, so the labels stay to be translated
when used, in the language of the build that uses them.

PLAN is JSON: ``confdir``, ``srcdir``, ``edition``, ``strict`` and ``languages``, each
``code``, ``html``, ``pdf``, ``doctrees`` and ``seed`` (or null) as in
:class:`~reviewkit.i18n.build.SummaryBuild`. It writes one JSON line per language to
standard output, ``code``, ``seconds``, ``error`` (the end of its builds' messages,
empty when it built) and ``warnings`` (what its builds warned of), and exits 1 when any
language failed.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import locale
import os
import sys
import time
from pathlib import Path
from typing import Any

from .build import SummaryBuild, build_error, commands, start_from


def preload() -> None:
    """Import what every build imports, before any catalog is read."""
    from sphinx.application import builtin_extensions

    for name in ("sphinx.cmd.build", *builtin_extensions, "reviewkit", "reviewkit.pdf.builder"):
        importlib.import_module(name)
    importlib.import_module("weasyprint")  # a second of the PDF build's start


def build(argv: list[str]) -> tuple[int, str]:
    """``sphinx-build argv`` in this process: its status and what it said."""
    from sphinx.cmd.build import build_main

    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        status = build_main(argv)
    return status, said.getvalue()


def language(item: SummaryBuild, plan: dict[str, Any]) -> dict[str, Any]:
    """Build one language: its HTML, then (if that built) its PDF."""
    started = time.perf_counter()
    start_from(item)
    error, warnings = "", []
    for command in commands(
        item, Path(plan["confdir"]), Path(plan["srcdir"]), plan["edition"], strict=plan["strict"]
    ):
        status, said = build(command[3:])  # less "python -m sphinx"
        if status != 0:
            error = build_error(said)
            break
        warnings.append(said.strip())  # quiet builds say nothing but their warnings
    return {
        "code": item.code,
        "seconds": time.perf_counter() - started,
        "error": error,
        "warnings": "\n".join(filter(None, warnings)),
    }


def main(argv: list[str] | None = None) -> int:
    import sphinx.locale

    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("usage: python -m reviewkit.i18n.batch PLAN (JSON)", file=sys.stderr)
        return 2
    plan = json.loads(arguments[0])
    locale.setlocale(locale.LC_ALL, "")  # as sphinx-build starts
    sphinx.locale.init_console()
    preload()
    failed = False
    for entry in plan["languages"]:
        item = SummaryBuild(
            entry["code"],
            Path(entry["html"]),
            Path(entry["pdf"]),
            Path(entry["doctrees"]),
            Path(entry["seed"]) if entry["seed"] else None,
        )
        failed = not forked(item, plan) or failed
    return 1 if failed else 0


def forked(item: SummaryBuild, plan: dict[str, Any]) -> bool:
    """Build one language in a child process; whether it built. The child reports its
    outcome on standard output; a child that ends without reporting leaves the
    language to the caller to report as ended early."""
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:  # pragma: no cover - measured in the child, which coverage does not see
        status = 1
        try:
            outcome = language(item, plan)
            print(json.dumps(outcome), flush=True)
            status = 1 if outcome["error"] else 0
        except BaseException as error:  # the child must end here, whatever happens
            print(f"{type(error).__name__}: {error}", file=sys.stderr, flush=True)
        finally:
            os._exit(status)
    _, status = os.waitpid(child, 0)
    return status == 0


if __name__ == "__main__":
    raise SystemExit(main())
