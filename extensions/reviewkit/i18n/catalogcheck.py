"""Catalog check: the translators' mistakes that no build reports, each at ``file:line``.

A msgid is the MyST source of one paragraph, heading or list item, and its msgstr
goes back into the source when the translated report is built. A dropped role, a
changed URL, a lost number or a stray ``**`` does not fail that build: it quietly
gives readers a broken or wrong summary. Raw HTML or a link a translation adds is
refused by the build, which then shows the English text. So each translation is
compared with its msgid (``comparison``), each catalog is read as gettext and the
builds read it, and every problem says what to change.

Run ``python -m reviewkit.i18n.catalogcheck [FOLDER ...]`` (default: ``locale``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from markdown_it import MarkdownIt

from .catalogs import (
    TOOLCHAIN_LOCALE,
    CatalogError,
    catalog_bytes,
    catalog_text,
    msgstr_lines,
    parse_catalog,
    undecodable,
)
from .comparison import markdown_reader, shorten, translation_problems

RULES = ("msgfmt", "role", "url", "substitution", "number", "html", "markup", "emphasis")
# msgfmt's ``file:line[:column]: message``
MSGFMT_LINE = re.compile(r"(?P<line>\d+):(?:\d+:)? (?P<message>.*)")


@dataclass(frozen=True)
class Problem:
    """One mistake, where the translator fixes it, with what to change."""

    path: Path
    line: int  # of the entry's msgstr keyword, where a translator fixes it
    msgid: str  # empty for a problem of the whole file
    message: str
    rule: str  # one of RULES

    def __post_init__(self) -> None:
        assert self.rule in RULES, self.rule

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        if not self.msgid:
            return f"{where} {self.message}"
        return f'{where} msgid "{shorten(self.msgid)}": {self.message}'


def check_catalog(path: Path) -> list[Problem]:
    """Every problem of one catalog, by line: the file as gettext sees it, then each translation."""
    try:
        data = catalog_bytes(path)
    except CatalogError as error:
        return [_file_problem(path, error.line, error.problem)]
    encoding = [_file_problem(path, line, problem) for line, problem in undecodable(data)]
    if encoding:  # every line, in the words of the catalogs' other readers
        return encoding
    msgfmt = shutil.which("msgfmt")
    problems = msgfmt_problems(path, msgfmt) if msgfmt else [_msgfmt_missing(path)]
    try:
        catalog = parse_catalog(path, catalog_text(path, data))
    except CatalogError as error:
        if msgfmt is None or not problems:  # else msgfmt has said it, in gettext's words
            problems.append(_file_problem(path, error.line, error.problem))
    else:
        lines = data.split(b"\n")  # as babel numbers them
        reader = markdown_reader()
        for message in catalog:
            if message.id and not message.fuzzy:
                problems.extend(_entry_problems(path, lines, message, reader))
    return sorted(problems, key=lambda problem: problem.line)


def _entry_problems(
    path: Path, lines: list[bytes], message: Message, reader: MarkdownIt
) -> Iterator[Problem]:
    msgids = message.id if isinstance(message.id, tuple) else (message.id,)
    msgstrs = message.string if isinstance(message.string, tuple) else (message.string,)
    where = msgstr_lines(lines, message.lineno or 1)
    for form, msgstr in enumerate(msgstrs):
        if not msgstr:
            continue
        msgid = msgids[min(form, len(msgids) - 1)]  # msgstr[1] and on translate msgid_plural
        line = where.get(form, message.lineno or 1)
        for rule, text in translation_problems(msgid, msgstr, reader):
            yield Problem(path, line, msgids[0], text, rule)


def msgfmt_problems(path: Path, msgfmt: str) -> list[Problem]:
    """What GNU gettext refuses when it compiles the catalog, in its own words."""
    result = subprocess.run(
        [msgfmt, "--check", "--output-file", os.devnull, str(path)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "LC_ALL": "C"},  # untranslated messages, in the format parsed here
        check=False,
    )
    if result.returncode == 0:  # warnings alone (a missing header field) do not fail
        return []
    errors = [
        _file_problem(
            path, line, f"msgfmt --check: {text}; correct it so that msgfmt accepts the catalog"
        )
        for line, text in _msgfmt_errors(path, result.stderr)
    ]
    return errors or [
        _file_problem(path, 1, f"msgfmt --check fails: {' '.join(result.stderr.split())}")
    ]


def _msgfmt_errors(path: Path, output: str) -> list[tuple[int, str]]:
    """msgfmt's ``file:line: message`` errors, each with the lines that continue it."""
    errors: list[tuple[int, list[str]]] = []
    current: list[str] | None = None  # the message being continued; None after a warning
    prefix = f"{path}:"
    for raw in output.splitlines():
        found = MSGFMT_LINE.match(raw, len(prefix)) if raw.startswith(prefix) else None
        if found and found["message"].startswith("warning:"):
            current = None
        elif found and found["message"].startswith("...") and current is not None:
            current.append(f"{found['message'].strip('. ')} (line {found['line']})")
        elif found:
            current = [found["message"].rstrip(". ")]
            errors.append((int(found["line"]), current))
        elif raw[:1].isspace() and current is not None:
            current.append(raw.strip())
    return [(line, ", ".join(parts)) for line, parts in errors]


def _msgfmt_missing(path: Path) -> Problem:
    return _file_problem(
        path,
        1,
        "msgfmt is not installed, so the catalog's syntax was not checked; install the "
        "Debian package gettext (apt-get install -y gettext)",
    )


def _file_problem(path: Path, line: int, message: str) -> Problem:
    return Problem(path, line, "", message, "msgfmt")


def _catalogs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.po"))


def check_catalogs(folder: Path) -> list[Problem]:
    """Every problem of every catalog under ``folder``, by file and line."""
    return [problem for path in _catalogs(folder) for problem in check_catalog(path)]


def problems(locale_dirs: Iterable[Path]) -> list[str]:
    """Every problem of the catalogs under ``locale_dirs`` and of the toolchain's own, each
    ``file:line: what is wrong; what to change``: what ``reviewkit check`` reports, for a
    command that must not go on while a catalog fails its checks (``publish``).

    A folder that does not exist holds no catalogs, so it has no problems.
    """
    folders: list[Path] = []
    for folder in (*locale_dirs, TOOLCHAIN_LOCALE):
        if folder.resolve() not in [known.resolve() for known in folders]:
            folders.append(folder)
    return [str(problem) for folder in folders for problem in check_catalogs(folder)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviewkit.i18n.catalogcheck",
        description="Check translators' catalogs (*.po) against their MyST msgids.",
    )
    parser.add_argument(
        "folders",
        nargs="*",
        type=Path,
        default=[Path("locale")],
        metavar="FOLDER",
        help="a folder with catalogs in it, searched recursively (default: locale)",
    )
    folders: list[Path] = parser.parse_args(argv).folders
    for folder in folders:
        if not folder.is_dir():
            print(
                f"catalogcheck: there is no folder {folder}; give the folder that holds "
                f"<lang>/LC_MESSAGES/*.po, e.g. locale",
                file=sys.stderr,
            )
            return 2
    problems = [problem for folder in folders for problem in check_catalogs(folder)]
    for problem in problems:
        print(problem)
    if problems:
        catalogs = len({problem.path for problem in problems})
        print(f"{_count(len(problems), 'problem')} in {_count(catalogs, 'catalog')}")
        return 1
    checked = sum(len(_catalogs(folder)) for folder in folders)
    print(f"{_count(checked, 'catalog')} checked, no problems")
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


if __name__ == "__main__":
    raise SystemExit(main())
