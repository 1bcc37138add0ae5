"""``python -m reviewkit.status``: the status page, its PDF, status.json, its schema and
the Atom feed, from a finished build of the final report and the two files conf.py names.

    python -m reviewkit.status [-c CONF] [-s SRC] [--export FILE] [--out FOLDER] [--base URL]

``--export`` is the final edition's ``recommendations.json`` (default: the one
``reviewkit build html`` leaves, ``_build/final/html/recommendations.json``); the
recommendations are named and ordered as it names them. ``--base`` goes before each
link to the report (default ``../final/``: a status folder beside the final edition's,
as ``public/`` has them). The files are checked as a build checks them; with any
problem, each is printed at ``file.csv:<line>`` and nothing is written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sphinx.locale import init as init_locale
from sphinx.locale import translators

from .. import vocabulary
from ..changes.comparison import schema_problems
from ..command.project import sources_of
from ..config import ConfFileError, read_conf
from ..editions import FINAL
from ..export import JSON_NAME as EXPORT_NAME
from ..export import write_atomically
from .data import JSON_NAME, SCHEMA, SCHEMA_NAME, pdf_name, status_data, status_json
from .feed import FEED_NAME, feed_xml
from .model import derive
from .page import PAGE_NAME, status_page
from .reading import Problem, read_files

EXPORT_SCHEMA = SCHEMA.parent / "recommendations.schema.json"


class StatusError(Exception):
    """The command cannot write the data; the message says what to give it instead."""


def read_export(path: Path) -> dict[str, Any]:
    """The final edition's export, as reviewkit wrote it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StatusError(
            f"{path}: does not exist; build the final report first (reviewkit build html), "
            f"or give --export its {EXPORT_NAME}"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise StatusError(
            f"{path}: cannot be read as JSON ({error}); give --export "
            f"the {EXPORT_NAME} reviewkit wrote"
        ) from None
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    # the shipped schema, read by the validator the baseline of the changes is read with
    # (jsonschema is a test dependency only)
    problems = schema_problems(data, schema)
    if problems:
        _where, message = problems[0]
        raise StatusError(
            f"{path}: not a reviewkit export ({message}); give --export "
            f"the {EXPORT_NAME} reviewkit wrote"
        )
    if data["report"]["edition"] != FINAL:
        raise StatusError(
            f"{path}: is the export of the {data['report']['edition']} edition; the Board "
            f"decides on the final report, so give the final edition's {EXPORT_NAME}"
        )
    return data


def write_status(
    folder: Path,
    export: Mapping[str, Any],
    settings: Mapping[str, Any],
    srcdir: Path,
    base: str = "../final/",
) -> list[tuple[Path, Problem]]:
    """Write the status page, status.json, its schema and feed.xml into ``folder``, unless
    the files have problems, which are returned (then nothing is written). ``settings`` is
    conf.py as the final edition reads it (``read_conf``); the publish calls this as it is."""
    recommendations = export["recommendations"]
    labels = [entry["label"] for entry in recommendations]
    paths = [settings.get(name) for name in ("reviewkit_board_actions", "reviewkit_implementation")]
    board, implementation = ((srcdir / path) if path else None for path in paths)
    files = read_files(board, implementation, labels)
    if files.problems:
        return files.problems
    status = derive(labels, files.board, files.implementation)
    words = SimpleNamespace(
        reviewkit_words=settings.get("reviewkit_words") or {},
        reviewkit_recommendation_label=settings.get("reviewkit_recommendation_label")
        or "Recommendation",
    )
    slug = settings.get("reviewkit_slug") or "report"
    speak(export["report"]["language"])
    folder.mkdir(parents=True, exist_ok=True)
    data = status_data(recommendations, status, base)
    feed = feed_xml(
        recommendations, status, report=export["report"], slug=slug, words=words, base=base
    )
    report = export["report"]
    pdf = pdf_name(slug)
    page = status_page(recommendations, status, report=report, words=words, base=base, pdf=pdf)
    printed = status_page(
        recommendations,
        status,
        report=report,
        words=words,
        base=None,
        printing=pdf_metadata(report, status.as_of, settings),
    )
    write_pdf(printed, folder / pdf)
    write_atomically(folder / JSON_NAME, status_json(data))
    write_atomically(folder / PAGE_NAME, page)
    write_atomically(folder / FEED_NAME, feed)
    shutil.copyfile(SCHEMA, folder / SCHEMA_NAME)
    return []


def pdf_metadata(
    report: Mapping[str, str], as_of: str, settings: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """The status PDF's metadata; it is dated by the data (its latest row), never the
    clock, so the same files give the same PDF."""
    date = as_of or report.get("date") or "2000-01-01"
    author = settings.get("author") or ""
    return [
        (name, value)
        for name, value in (
            ("author", author if isinstance(author, str) else ""),
            ("description", report["title"]),
            ("generator", "reviewkit"),
            ("dcterms.created", f"{date}T00:00:00Z"),
            ("dcterms.modified", f"{date}T00:00:00Z"),
        )
        if value
    ]


def write_pdf(html: str, target: Path) -> None:
    """The status PDF, all or nothing; it reads nothing but the HTML given."""
    from ..pdf.fetcher import SourceFilesFetcher
    from ..pdf.writing import lay_out, write

    try:
        write(lay_out(html, SourceFilesFetcher(target.parent, [])), target)
    except OSError:
        raise
    except Exception as error:  # any failure of the renderer: no PDF, and said so
        raise StatusError(
            f"{target}: WeasyPrint could not write the status PDF "
            f"({type(error).__name__}: {error}); nothing of the status was written"
        ) from None


def speak(language: str) -> None:
    """The toolchain's words of the feed in the report's language, as a build has them."""
    locale = Path(vocabulary.__file__).parent / "locale"
    translators.pop(("general", vocabulary.CATALOG), None)
    init_locale([str(locale)], language, vocabulary.CATALOG)


def main(argv: list[str] | None = None) -> int:
    # the first paragraph, less the command's name it starts with
    what = " ".join(__doc__.split("\n\n")[0].split()).split(": ", 1)[1]
    parser = argparse.ArgumentParser(
        prog="python -m reviewkit.status", description=what[:1].upper() + what[1:]
    )
    parser.add_argument(
        "-c", dest="confdir", type=Path, default=Path("."), help="the folder of conf.py"
    )
    parser.add_argument("-s", dest="srcdir", type=Path, help="default: reviewkit_sources")
    parser.add_argument("--export", type=Path, help=f"default: _build/final/html/{EXPORT_NAME}")
    parser.add_argument("--out", type=Path, help="default: _build/final/status")
    parser.add_argument("--base", default="../final/", help="before each link to the report")
    args = parser.parse_args(argv)
    srcdir = args.srcdir or sources_of(args.confdir)
    export = args.export or args.confdir / "_build" / FINAL / "html" / EXPORT_NAME
    out = args.out or args.confdir / "_build" / FINAL / "status"
    try:
        settings = read_conf(args.confdir / "conf.py", [])
        problems = write_status(out, read_export(export), settings, srcdir, args.base)
    except (ConfFileError, StatusError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"error: {out}: cannot be written ({error.strerror}); give --out a folder you "
            f"can write to",
            file=sys.stderr,
        )
        return 2
    for path, problem in problems:
        where = f"{path}:{problem.line}" if problem.line is not None else str(path)
        print(f"{where}: {problem.message}", file=sys.stderr)
    if problems:
        print(f"error: {len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    slug = settings.get("reviewkit_slug") or "report"
    print(f"{out}: {PAGE_NAME}, {pdf_name(slug)}, {JSON_NAME}, {SCHEMA_NAME}, {FEED_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
