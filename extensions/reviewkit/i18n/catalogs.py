"""The report's catalogs: what translators translate, and how much of it they have.

A summary in another language needs two catalogs per language under ``locale/``:
the summary's own (``summary.po``, extracted by Sphinx's gettext builder from the
document) and the report's words that the summary shows but that live elsewhere
(``report.po``): the review's name, the recommendation label, the names of owners,
priorities and consensus levels from conf.py, and the title of every recommendation
and group, which the summary's tables list. The gettext builder writes
``report.pot`` beside the documents' templates.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from sphinx.util import logging

from .. import vocabulary
from ..domain import get_domain
from ..model import Numbered

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

#: the catalog of the report's words outside the summary document
REPORT = "report"
#: one fixed line width for every catalog, so that an update changes only what changed
WIDTH = 79


def summary_catalogs(config) -> tuple[str, ...]:
    """The catalogs a summary needs: its document's and the report's words."""
    return (config.reviewkit_summary, REPORT) if config.reviewkit_summary else ()


def report_words(app: Sphinx) -> Iterator[tuple[str, str]]:
    """Each of the report's words with where it comes from, in reading order."""
    config = app.config
    conf = str(Path(app.confdir, "conf.py"))
    for value in (config.project, config.author, *vocabulary.project_words(config)):
        if value:
            yield value, conf
    if config.reviewkit_public_comment:
        yield config.reviewkit_public_comment["how"], conf
    for names in (
        config.reviewkit_owners,
        config.reviewkit_priorities,
        config.reviewkit_consensus_levels,
    ):
        yield from ((name, conf) for name in names.values())
    report = get_domain(app.env).report
    for numbered in sorted([*report.groups, *report.recommendations], key=catalog_order):
        yield numbered.title, str(app.env.doc2path(numbered.docname))


def catalog_order(numbered: Numbered) -> tuple[int, ...]:
    """Groups before their recommendations: 3, 3.1, 3.2, 4."""
    return tuple(int(part) for part in numbered.number.split("."))


def add_report_catalog(app: Sphinx, builder: Builder) -> None:
    """On a gettext build, put the report's words into ``report.pot``."""
    from sphinx.builders.gettext import MessageCatalogBuilder, MsgOrigin

    if not isinstance(builder, MessageCatalogBuilder) or not app.config.reviewkit_summary:
        return
    catalog = builder.catalogs[REPORT]
    for word, source in report_words(app):
        catalog.add(word, MsgOrigin(source, 0))


def po_path(locale_dir: Path, language: str, catalog: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{catalog}.po"


class CatalogError(Exception):
    """A catalog that cannot be read, at ``file:line``, with what to change.

    Catalogs come from translators' tools and hands: one saved in Latin-1, a quote lost
    in an edit, a folder where the file should be. Every reader (the builds, coverage,
    publish) reads through :func:`read_catalog`, so each says the same thing.
    """

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


#: a msgstr keyword, and the start of the next entry, in a catalog's lines
MSGSTR = re.compile(rb"\s*msgstr(?:\[(?P<form>\d+)\])?(?=[\s\"])")
ENTRY_START = re.compile(rb"\s*(?:msgid|msgctxt|#)")
#: what to do about a catalog gettext cannot read
FIX_SYNTAX = "correct the gettext syntax of this line (msgfmt --check shows it too)"


def catalog_bytes(path: Path) -> bytes:
    """The file's bytes, or the reason there are none."""
    if path.is_dir():
        raise CatalogError(
            path, 1, "is a folder, not a catalog; put the catalog file (.po) in its place"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CatalogError(
            path, 1, f"the catalog cannot be read ({reason}); make it a readable file"
        ) from error


def undecodable(data: bytes) -> list[tuple[int, str]]:
    """Each line that is not UTF-8: its number and what is wrong with it."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = line[error.start : error.start + 1].hex().upper()
            found.append(
                (
                    number,
                    f"not valid UTF-8 (byte 0x{byte} at column {error.start + 1}); "
                    "save the catalog as UTF-8",
                )
            )
    return found


def catalog_text(path: Path, data: bytes) -> str:
    """The catalog as text, as Sphinx reads it: UTF-8 whatever its header says.

    Sphinx opens catalogs as UTF-8 (``source_encoding``), so a catalog in any other
    encoding would be read wrong by the build even where gettext reads it right.
    """
    problems = undecodable(data)
    if problems:
        line, problem = problems[0]
        raise CatalogError(path, line, problem)
    return data.decode("utf-8").removeprefix("\ufeff")


#: a line of an entry that holds a string: a keyword and its string, or a string alone
STRING_LINE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"')
#: the string's whole, closed by an unescaped quote at the end of the line
CLOSED_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')


def unclosed_string(text: str) -> int | None:
    """The first line (1-based) whose string has no closing quote: babel drops the
    string's last character instead of refusing it, as msgfmt does."""
    for number, line in enumerate(text.splitlines(), 1):
        start = STRING_LINE.match(line)
        if start and not CLOSED_STRING.fullmatch(line, start.end() - 1):
            return number
    return None


def parse_catalog(path: Path, text: str, language: str | None = None) -> Catalog:
    """Read a catalog's text, refusing what gettext's syntax does not allow."""
    line = unclosed_string(text)
    if line is not None:
        raise CatalogError(
            path,
            line,
            'the catalog cannot be read: a string without its closing double quote ("); '
            + FIX_SYNTAX,
        )
    try:
        return read_po(io.StringIO(text), locale=language, abort_invalid=True)
    except PoFileError as error:
        what = str(error).rsplit(" on ", 1)[0]  # babel appends its own 0-based line number
        raise CatalogError(
            path,
            error.lineno + 1,
            f"the catalog cannot be read: {what[:1].lower()}{what[1:]}; {FIX_SYNTAX}",
        ) from error
    except ValueError as error:  # a header babel cannot use, e.g. Plural-Forms
        raise CatalogError(
            path, 1, f"the catalog's header cannot be read ({error}); correct the header entry"
        ) from error


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    """The catalog at ``path``; :class:`CatalogError` says what keeps it from being read."""
    return parse_catalog(path, catalog_text(path, catalog_bytes(path)), language)


def msgstr_lines(lines: list[bytes], msgid_line: int) -> dict[int, int]:
    """The line of each msgstr keyword of the entry at ``msgid_line``: where a translator edits.

    babel keeps only the msgid's line, so the keywords are found after it, in order.
    """
    found: dict[int, int] = {}
    for index in range(msgid_line - 1, len(lines)):
        keyword = MSGSTR.match(lines[index])
        if keyword:
            found.setdefault(int(keyword["form"] or 0), index + 1)
        elif found and ENTRY_START.match(lines[index]):
            break
    return found


def msgstr_line(path: Path, msgid: str) -> int | None:
    """The line of the msgstr that translates ``msgid`` in the catalog at ``path``, if any:
    where a build that refuses a translation sends the translator."""
    try:
        data = catalog_bytes(path)
        message = parse_catalog(path, catalog_text(path, data)).get(msgid)
    except CatalogError:
        return None
    if message is None or not message.lineno:
        return None
    return msgstr_lines(data.split(b"\n"), message.lineno).get(0, message.lineno)


def unreadable(paths: Iterable[Path]) -> list[CatalogError]:
    """The catalogs among ``paths`` that exist but cannot be read, each with its reason."""
    errors = []
    for path in paths:
        if not path.exists():
            continue
        try:
            read_catalog(path)
        except CatalogError as error:
            errors.append(error)
    return errors


def warn_unreadable(error: CatalogError) -> None:
    """A build's warning for a catalog it cannot read: the build goes on in English."""
    logger.warning(
        "%s; until then the build shows that catalog's messages in English",
        error.problem,
        type="reviewkit",
        subtype="catalog",
        location=f"{error.path}:{error.line}",
    )


def translations(path: Path) -> dict[str, str]:
    """English -> translation for every entry translated and not fuzzy."""
    if not path.exists():
        return {}
    return {
        message.id: message.string
        for message in read_catalog(path)
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def locale_dirs(app: Sphinx) -> list[Path]:
    return [Path(app.srcdir, folder) for folder in app.config.locale_dirs]


def language_catalogs(folder: Path, language: str) -> list[Path]:
    """Every catalog of one language in one locale folder, as Sphinx compiles them."""
    return sorted((folder / language / "LC_MESSAGES").rglob("*.po"))


def load_report_words(app: Sphinx) -> None:
    """Make the report's words available in the build's language.

    Every catalog of the language is read here, once per build, so that one that cannot
    be read is reported at its ``file:line`` before Sphinx puts its messages in.
    """
    language = app.config.language or "en"
    vocabulary.keep_report_words(app.config, {})
    if language == "en":
        return
    folders = locale_dirs(app)
    for error in unreadable(
        path for folder in folders for path in language_catalogs(folder, language)
    ):
        warn_unreadable(error)
    words: dict[str, str] = {}
    for folder in reversed(folders):  # the first folder wins, as in Sphinx
        try:
            found = translations(po_path(folder, language, REPORT))
        except CatalogError:
            continue  # reported above
        words.update(
            (vocabulary.word_key(english), translation) for english, translation in found.items()
        )
    vocabulary.keep_report_words(app.config, words)


@dataclass(frozen=True)
class Coverage:
    """How much of the summary's catalogs a language has translated."""

    language: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0

    def reaches(self, threshold: float) -> bool:
        return self.percent >= threshold


def coverage(locale_dir: Path, language: str, catalogs: Iterable[str]) -> Coverage:
    """Counts over the language's catalogs; a missing catalog counts as nothing translated.

    ``reviewkit check`` makes sure the catalogs hold every message of the sources. Raises
    :class:`CatalogError` for a catalog that cannot be read.
    """
    translated = fuzzy = untranslated = 0
    for name in catalogs:
        path = po_path(locale_dir, language, name)
        if not path.exists():
            untranslated += 1
            continue
        for message in read_catalog(path):
            if not message.id:
                continue
            if message.fuzzy:
                fuzzy += 1
            elif all(message.string) if isinstance(message.string, tuple) else message.string:
                translated += 1
            else:
                untranslated += 1
    return Coverage(language, translated, fuzzy, untranslated)


class CatalogToolError(Exception):
    """GNU gettext's msgmerge is missing or failed: the message says what to do."""


def update(pot: Path, po: Path, language: str) -> str:
    """Bring one catalog up to date with its template; return what happened.

    GNU msgmerge does the merge (babel writes previous msgids but cannot read them
    back, so a second update would turn them into comments): changed source strings
    come back fuzzy with the previous msgid shown (``#|``), lines wrap at one width,
    and the file is rewritten only when an entry changed, never for the header's date.
    """
    if not po.is_file():
        catalog = read_catalog(pot)
        catalog.locale = language
        catalog.revision_date = catalog.creation_date
        catalog.fuzzy = False
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(render(catalog))
        # in msgmerge's own form, so that the first update finds nothing to rewrite
        with contextlib.suppress(CatalogToolError):
            po.write_bytes(merge(po, pot))
        return "created"
    merged = merge(po, pot)
    if _entries(po.read_bytes()) == _entries(merged):
        return "unchanged"
    po.write_bytes(merged)
    return "updated"


def merge(po: Path, pot: Path) -> bytes:
    """``po`` merged with the template ``pot`` by GNU msgmerge."""
    command = [
        "msgmerge",
        "--quiet",
        "--previous",
        f"--width={WIDTH}",
        "-o",
        "-",
        str(po),
        str(pot),
    ]
    try:
        return subprocess.run(command, capture_output=True, check=True).stdout
    except FileNotFoundError as error:
        raise CatalogToolError(
            "updating catalogs needs GNU gettext's msgmerge; install it with: "
            "apt-get install -y gettext"
        ) from error
    except subprocess.CalledProcessError as error:
        raise CatalogToolError(
            f"msgmerge could not update {po}: {error.stderr.decode(errors='replace').strip()}"
        ) from error


def render(catalog: Catalog) -> bytes:
    import io

    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        include_previous=True,
        ignore_obsolete=True,
        omit_header=False,
    )
    return buffer.getvalue()


def _entries(text: bytes) -> bytes:
    """A catalog without its header, which dates and tools rewrite on every run."""
    return text.split(b"\n\n", 1)[-1]


def write_coverage(path: Path, counts: Iterable[Coverage], threshold: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "threshold": threshold,
        "languages": {
            item.language: {
                **asdict(item),
                "percent": round(item.percent, 1),
                "published": item.reaches(threshold),
            }
            for item in counts
        },
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


#: the toolchain's own words (vocabulary.py), shipped with the package in every language
TOOLCHAIN_LOCALE = Path(__file__).parent.parent / "locale"
TOOLCHAIN_SOURCES = Path(__file__).parent.parent / "vocabulary.py"


def toolchain_template() -> Catalog:
    """Every ``_("...")`` of the toolchain's labels, with its ``#:`` comment for context.

    No source locations: a line added to vocabulary.py would otherwise change every entry.
    """
    from babel.messages.extract import extract_from_file

    template = Catalog(project="reviewkit", fuzzy=False)
    for _line, message, comments, _context in extract_from_file(
        "python",
        str(TOOLCHAIN_SOURCES),
        # a count's words: ``counted("{count} comment", "{count} comments", n)``
        keywords={"_": None, "counted": (1, 2)},
        comment_tags=(":",),
    ):
        template.add(message, auto_comments=[c.lstrip(": ") for c in comments])
    return template


#: who the package's catalogs say they are from, whichever tool last wrote their header:
#: babel writes placeholders into a new catalog, and msgmerge keeps what it finds
TOOLCHAIN_HEADER_COMMENTS = (
    b"# reviewkit's own words (vocabulary.py), translated.\n"
    b"# This file is distributed under the same license as the reviewkit package.\n"
    b"#"
)
TOOLCHAIN_HEADER_FIELDS = {
    b"Project-Id-Version": b"reviewkit",
    b"Last-Translator": b"reviewkit translators",
    b"Language-Team": b"reviewkit translators",
}
#: what a user does about the package's own catalogs: they are reviewkit's, not the report's
REINSTALL = (
    "reviewkit's own catalogs are out of date, a fault of this installation of reviewkit "
    "and not of the report: reinstall reviewkit; or, in reviewkit's repository, run "
    "python -m reviewkit.i18n toolchain"
)


def with_toolchain_header(text: bytes) -> bytes:
    """The catalog with the header the package's catalogs carry, its entries untouched.

    The placeholders babel writes (ORGANIZATION, FIRST AUTHOR, EMAIL@ADDRESS) go; the
    dates, the language and its plural forms stay as the tools wrote them.
    """
    header, separator, entries = text.partition(b"\n\n")
    lines = [TOOLCHAIN_HEADER_COMMENTS]
    for line in header.split(b"\n"):
        if line == b"#" or line.startswith(b"# "):
            continue  # a translator comment; the flags (#,) stay
        field = line.removeprefix(b'"').split(b":", 1)[0]
        if field == b"Report-Msgid-Bugs-To":
            continue
        if field in TOOLCHAIN_HEADER_FIELDS and line.startswith(b'"'):
            line = b'"' + field + b": " + TOOLCHAIN_HEADER_FIELDS[field] + b'\\n"'
        lines.append(line)
    return b"\n".join(lines) + separator + entries


def update_toolchain(languages: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """Update the package's ``reviewkit.po`` per language and compile its ``.mo``.

    The ``.mo`` is rewritten only when it translates otherwise than its ``.po``: another
    babel writes other bytes for the same translations, which is no change.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "reviewkit.pot"
        pot.write_bytes(render(toolchain_template()))
        for language in languages:
            po = po_path(TOOLCHAIN_LOCALE, language, "reviewkit")
            status = update(pot, po, language)
            text = po.read_bytes()
            if with_toolchain_header(text) != text:
                po.write_bytes(with_toolchain_header(text))
                status = "updated" if status == "unchanged" else status
            mo = po.with_suffix(".mo")
            if compiled_problem(po, mo, language):
                mo.write_bytes(compile_mo(po, language))
            yield po, status


def compile_mo(po: Path, language: str) -> bytes:
    import io

    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(po, language))
    return buffer.getvalue()


@dataclass(frozen=True)
class Compiled:
    """What gettext gives a reader from a catalog: its translations and how it counts.

    Two ``.mo`` files with the same content differ in bytes by the tool that wrote them
    (babel names its version in the header, msgfmt adds a hash table), so catalogs are
    compared by this.
    """

    #: (context, msgid and msgid_plural) -> the translation of each plural form
    translations: dict[tuple[str | None, tuple[str, ...]], tuple[str, ...]]
    plural_forms: str
    charset: str


def compiled(catalog: Catalog) -> Compiled:
    """The content of a catalog, read from its ``.po`` or its ``.mo``.

    Fuzzy entries are left out, as msgfmt leaves them out. A plural form left empty
    reads as the English, as babel writes it; an entry that reads as the English in
    every form changes nothing for a reader, so it counts as absent, as msgfmt leaves
    an untranslated entry out.
    """
    translations = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = tuple(message.id) if message.pluralizable else (message.id,)
        strings = tuple(message.string) if message.pluralizable else (message.string,)
        english = tuple(ids[min(form, len(ids) - 1)] for form in range(len(strings)))
        readable = tuple(
            string or fallback for string, fallback in zip(strings, english, strict=True)
        )
        if readable == english:
            continue
        context = message.context
        if isinstance(context, bytes):  # babel's read_mo leaves a context undecoded
            context = context.decode(catalog.charset)
        translations[(context, ids)] = readable
    return Compiled(translations, catalog.plural_forms, catalog.charset.lower())


def read_compiled(mo: Path) -> Compiled | None:
    """The content of a ``.mo`` file, or None when it is not one gettext can read."""
    import io
    import struct

    from babel.messages.mofile import read_mo

    try:
        return compiled(read_mo(io.BytesIO(mo.read_bytes())))
    except (OSError, struct.error, UnicodeDecodeError, ValueError):
        return None


def differences(found: Compiled, wanted: Compiled) -> list[str]:
    """How a compiled catalog differs from what its ``.po`` says, each with an example."""
    parts = []
    missing = [key for key in wanted.translations if key not in found.translations]
    changed = [
        key
        for key, value in wanted.translations.items()
        if key in found.translations and found.translations[key] != value
    ]
    extra = [key for key in found.translations if key not in wanted.translations]
    for keys, what in (
        (missing, "untranslated that the .po translates"),
        (changed, "translated otherwise than the .po"),
        (extra, "translated that the .po does not translate"),
    ):
        if keys:
            parts.append(f'{len(keys)} message(s) {what} (e.g. "{keys[0][1][0]}")')
    if found.plural_forms != wanted.plural_forms:
        parts.append(f"plural forms {found.plural_forms!r}, not {wanted.plural_forms!r}")
    if found.charset != wanted.charset:
        parts.append(f"charset {found.charset}, not {wanted.charset}")
    return parts


def compiled_problem(po: Path, mo: Path, language: str) -> str | None:
    """Why ``mo`` does not translate as ``po`` does, or None when it does."""
    if not mo.is_file():
        return "is missing"
    found = read_compiled(mo)
    if found is None:
        return "is not a compiled catalog gettext can read"
    parts = differences(found, compiled(read_catalog(po, language)))
    return f"is not compiled from its .po: {'; '.join(parts)}" if parts else None


def behind(template: Catalog, po: Path) -> str | None:
    """What a catalog lacks against its template, or None when it holds every message."""
    if not po.exists():
        return "is missing"
    held = {message.id for message in read_catalog(po) if message.id}
    wanted = {message.id for message in template if message.id}
    new, gone = len(wanted - held), len(held - wanted)
    if not new and not gone:
        return None
    return f"is behind the sources: {new} new message(s), {gone} no longer in them"


def toolchain_behind(languages: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """The package's catalogs that miss a label, or whose ``.mo`` does not translate as
    its ``.po`` does, each with what to do: a fault of the package, not of the report."""
    template = toolchain_template()
    for language in languages:
        po = po_path(TOOLCHAIN_LOCALE, language, "reviewkit")
        mo = po.with_suffix(".mo")
        if problem := behind(template, po):
            yield po, f"{problem}; {REINSTALL}"
        elif problem := compiled_problem(po, mo, language):
            yield mo, f"{problem}; {REINSTALL}"
