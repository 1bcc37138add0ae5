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

import json
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .. import labels
from ..domain import get_domain
from ..model import Numbered

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: the catalog of the report's words outside the summary document
REPORT = "report"
#: the share (percent) of a language's summary that must be translated for it to be published
DEFAULT_THRESHOLD = 100
#: one fixed line width for every catalog, so that an update changes only what changed
WIDTH = 79


def summary_catalogs(config) -> tuple[str, ...]:
    """The catalogs a summary needs: its document's and the report's words."""
    return (config.reviewkit_summary, REPORT) if config.reviewkit_summary else ()


def report_words(app: Sphinx) -> Iterator[tuple[str, str]]:
    """Each of the report's words with where it comes from, in reading order."""
    config = app.config
    conf = str(Path(app.confdir, "conf.py"))
    for value in (config.project, config.author, config.reviewkit_recommendation_label):
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
    for numbered in sorted([*report.groups, *report.recommendations], key=reading_position):
        yield numbered.title, str(app.env.doc2path(numbered.docname))


def reading_position(numbered: Numbered) -> tuple[int, ...]:
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


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def translations(path: Path) -> dict[str, str]:
    """English -> translation for every entry translated and not fuzzy."""
    if not path.is_file():
        return {}
    return {
        message.id: message.string
        for message in read_catalog(path)
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def locale_dirs(app: Sphinx) -> list[Path]:
    return [Path(app.srcdir, folder) for folder in app.config.locale_dirs]


def load_report_words(app: Sphinx) -> None:
    """Make the report's words available in the build's language."""
    language = app.config.language or "en"
    if language == "en":
        return
    words: dict[str, str] = {}
    for folder in reversed(locale_dirs(app)):  # the first folder wins, as in Sphinx
        words.update(
            (labels.word_key(english), translation)
            for english, translation in translations(po_path(folder, language, REPORT)).items()
        )
    labels.REPORT_WORDS[language] = words


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

    ``nox -s check`` makes sure the catalogs hold every message of the sources.
    """
    translated = fuzzy = untranslated = 0
    for name in catalogs:
        path = po_path(locale_dir, language, name)
        if not path.is_file():
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
        return "created"
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
        merged = subprocess.run(command, capture_output=True, check=True).stdout
    except FileNotFoundError as error:
        raise CatalogToolError(
            "updating catalogs needs GNU gettext's msgmerge; install it with: "
            "apt-get install -y gettext"
        ) from error
    except subprocess.CalledProcessError as error:
        raise CatalogToolError(
            f"msgmerge could not update {po}: {error.stderr.decode(errors='replace').strip()}"
        ) from error
    if _entries(po.read_bytes()) == _entries(merged):
        return "unchanged"
    po.write_bytes(merged)
    return "updated"


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


#: the toolchain's own words (labels.py), shipped with the package in every language
TOOLCHAIN_LOCALE = Path(__file__).parent.parent / "locale"
TOOLCHAIN_SOURCES = Path(__file__).parent.parent / "labels.py"


def toolchain_template() -> Catalog:
    """Every ``_("...")`` of the toolchain's labels, with its ``#:`` comment for context.

    No source locations: a line added to labels.py would otherwise change every entry.
    """
    from babel.messages.extract import extract_from_file

    template = Catalog(project="reviewkit", fuzzy=False)
    for _line, message, comments, _context in extract_from_file(
        "python", str(TOOLCHAIN_SOURCES), keywords={"_": None}, comment_tags=(":",)
    ):
        template.add(message, auto_comments=[c.lstrip(": ") for c in comments])
    return template


def update_toolchain(languages: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """Update the package's ``reviewkit.po`` per language and compile its ``.mo``."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "reviewkit.pot"
        pot.write_bytes(render(toolchain_template()))
        for language in languages:
            po = po_path(TOOLCHAIN_LOCALE, language, "reviewkit")
            status = update(pot, po, language)
            mo, compiled = po.with_suffix(".mo"), compile_mo(po, language)
            if not mo.is_file() or mo.read_bytes() != compiled:
                mo.write_bytes(compiled)
            yield po, status


def compile_mo(po: Path, language: str) -> bytes:
    import io

    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(po, language))
    return buffer.getvalue()


def behind(template: Catalog, po: Path) -> str | None:
    """What a catalog lacks against its template, or None when it holds every message."""
    if not po.is_file():
        return "is missing"
    held = {message.id for message in read_catalog(po) if message.id}
    wanted = {message.id for message in template if message.id}
    new, gone = len(wanted - held), len(held - wanted)
    if not new and not gone:
        return None
    return f"is behind the sources: {new} new message(s), {gone} no longer in them"


def toolchain_behind(languages: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """The package's catalogs that miss a label, or whose compiled ``.mo`` is older."""
    template = toolchain_template()
    for language in languages:
        po = po_path(TOOLCHAIN_LOCALE, language, "reviewkit")
        if problem := behind(template, po):
            yield po, problem
            continue
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compile_mo(po, language):
            yield mo, "is not compiled from its .po"
