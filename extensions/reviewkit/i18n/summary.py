"""The executive summary alone, in each language: ``summary`` (HTML) and ``summary-pdf``.

Both read the whole report, so that numbers, tables and references are those of
the full report, and write only the document ``reviewkit_summary``. The HTML page
sits where the published site puts it (``summary/<tag>/index.html`` beside the
report), so its links into the chapters lead to the English report two folders up,
and every page carries a switcher to the other languages. The PDF prints the
summary with its own cover; links into chapters it does not print become text.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util._serialise import stable_hash

from .. import vocabulary
from ..editions import edition
from ..pdf.builder import PDFBuilder
from .build import SEED_MARK
from .catalogs import (
    CatalogError,
    coverage,
    locale_dirs,
    summary_catalogs,
    unreadable,
    warn_unreadable,
)
from .languages import (
    LANGUAGES,
    SOURCE,
    Language,
    check_build_language,
    language,
    summary_pdf_name,
)
from .typography import has_catalog

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.util.i18n import CatalogInfo

logger = logging.getLogger(__name__)

#: from the summary of one language to the report: public/<edition>/summary/<tag>/
REPORT_FROM_SUMMARY = "../../"


def summary_doc(builder: StandaloneHTMLBuilder) -> str:
    name = builder.config.reviewkit_summary
    if not name or name not in builder.env.found_docs:
        logger.error(
            "the %s builder needs reviewkit_summary in conf.py: the name of the executive "
            "summary's document (without .md), e.g. reviewkit_summary = 'summary'%s",
            builder.name,
            f"; {name!r} is not a document of the report" if name else "",
            type="reviewkit",
            subtype="config",
        )
        raise SystemExit(2)
    return name


#: the settings Sphinx derives from the language: they differ between the languages'
#: builds of one report and change nothing of how an untranslated document reads
LANGUAGE_SETTINGS = frozenset(
    {"language", "epub_language", "applehelp_locale", "applehelp_stopwords", "numfig_format"}
)


def how_read(app: Sphinx) -> dict[str, str]:
    """What a read depends on: the language, the edition, and every setting that makes
    Sphinx read again but those derived from the language."""
    settings = {
        item.name: item.value
        for item in app.config.filter(frozenset({"env"}))
        if item.name not in LANGUAGE_SETTINGS
    }
    return {
        "language": app.config.language or SOURCE,
        "edition": edition(app),
        "settings": stable_hash(settings),
    }


def record_read(app: Sphinx, exception: Exception | None) -> None:
    """After a finished build other than a summary's: how its doctrees were read, so
    that a summary may start from a copy of them (``read_what_the_language_changes``)."""
    if exception is not None or app.builder.name in SUMMARY_BUILDERS:
        return
    mark = Path(app.doctreedir) / SEED_MARK
    text = json.dumps(how_read(app), sort_keys=True)
    with contextlib.suppress(OSError):
        if mark.read_text(encoding="utf-8") == text:
            return  # a build of the same read (the PDF after the HTML) leaves it alone
    partial = mark.with_name(f".{mark.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(mark)  # whole: summaries may be copying these doctrees meanwhile


def read_what_the_language_changes(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """A summary build that starts from a copy of an English build's doctrees of the same
    settings and edition (publish gives each language one) reads again only what its
    language changes: the documents with a catalog in the language (the summary), and
    any document new or changed since that read. The others read the same in every
    language (English text keeps English typography, see ``typography``), and the
    report's words they show in the summary (recommendations' titles, owners) are
    translated as the summary is written, from the report catalog. Any other copy is
    read again whole."""
    if app.builder.name not in SUMMARY_BUILDERS:
        return
    try:
        seed = json.loads((Path(app.doctreedir) / SEED_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if seed != {**how_read(app), "language": SOURCE}:
        return
    added, changed, _removed = env.get_outdated_files(config_changed=False)
    language = app.config.language or SOURCE
    docnames[:] = [
        docname
        for docname in docnames
        if docname in added
        or docname in changed
        or has_catalog(app.srcdir, app.config, docname, language)
    ]


def summary_language(builder: Builder) -> None:
    """Stop a summary build in a language the summary is not published in, before it writes.

    Its catalogs would be looked for under a folder of that name and its dates written
    in a locale that may not exist, failing half-way through the output.
    """
    problem = check_build_language(builder.config.language)
    if problem:
        logger.error(problem, type="reviewkit", subtype="config")
        raise SystemExit(2)


def readable(catalogs: set[CatalogInfo]) -> set[CatalogInfo]:
    """The catalogs Sphinx can compile: the others were reported as the build started
    (``load_report_words``), and a folder named like a catalog would stop Sphinx with a
    traceback."""
    return {catalog for catalog in catalogs if not unreadable([Path(catalog.po_path)])}


def published(app: Sphinx, current: str) -> list[Language]:
    """English, the build's language, and every translation whose coverage reaches the
    threshold, in the order of ``reviewkit_translations``.

    The build's own catalogs are read, and reported if they cannot be, as it starts
    (``load_report_words``); another language whose catalog cannot be read is reported
    here and left out.
    """
    folders = locale_dirs(app)
    catalogs = summary_catalogs(app.config)
    threshold = app.config.reviewkit_translation_threshold
    shown = [LANGUAGES[SOURCE]]
    for code in app.config.reviewkit_translations:
        if code == current:
            shown.append(language(code))
            continue
        if not folders:
            continue
        try:
            counted = coverage(folders[0], code, catalogs)
        except CatalogError as error:
            warn_unreadable(error)
            continue
        if counted.reaches(threshold):
            shown.append(language(code))
    return shown


#: the builders of the summary alone, which read from a copy of the English read
SUMMARY_BUILDERS = ("summary", "summary-pdf")


class SummaryHTMLBuilder(StandaloneHTMLBuilder):
    """``index.html``: the executive summary in the build's language."""

    name = "summary"
    epilog = "The summary is in %(outdir)s."
    search = False
    copysource = False
    reviewkit_export = False

    def init(self) -> None:
        summary_language(self)
        super().init()

    def compile_catalogs(self, catalogs: set[CatalogInfo], message: str) -> None:
        super().compile_catalogs(readable(catalogs), message)

    def get_outdated_docs(self) -> list[str]:
        return [summary_doc(self)]

    def write_documents(self, docnames: Set[str]) -> None:
        super().write_documents({summary_doc(self)})

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname == self.config.reviewkit_summary:
            return "index.html"
        return REPORT_FROM_SUMMARY + super().get_target_uri(docname, typ)

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def get_output_path(self, page_name: str, /) -> Path:
        if page_name == self.config.reviewkit_summary:
            return Path(self.outdir, "index.html")
        return super().get_output_path(page_name)

    # One page: no index, no search, no other pages.
    def gen_indices(self) -> None:
        pass

    def gen_additional_pages(self) -> None:
        pass

    def gen_pages_from_extensions(self) -> None:
        pass


class SummaryPDFBuilder(PDFBuilder):
    """``<slug>-<edition>-summary-<tag>.pdf``: the executive summary as a booklet."""

    name = "summary-pdf"
    epilog = "The summary PDF is in %(outdir)s."

    def init(self) -> None:
        summary_language(self)
        super().init()

    def compile_catalogs(self, catalogs: set[CatalogInfo], message: str) -> None:
        super().compile_catalogs(readable(catalogs), message)

    def documents(self) -> list[str]:
        return [summary_doc(self)]

    @property
    def pdf_path(self) -> Path:
        slug = self.config.reviewkit_slug
        return Path(self.outdir) / summary_pdf_name(slug, edition(self), self.config.language)

    def has_contents(self) -> bool:
        """None: a contents page listing one document's sections is a page to turn, not a
        guide."""
        return False

    def chapter_numbers(self) -> dict[str, str]:
        """None: the summary is not chapter 1 of anything in its own booklet."""
        return {}

    def generated_css(self) -> str:
        """The text right after the cover, on the next page: a booklet of one document has
        no chapter to open on a right-hand page, and so no blank page before it."""
        return super().generated_css() + ".rk-chapter { break-before: page; }\n"

    def cover_title(self) -> str:
        return vocabulary.word(self.config, "executive-summary")

    def document_title(self) -> str:
        title = vocabulary.word(self.config, "executive-summary")
        return f"{self.cover_review()}{vocabulary.BANNER_SEPARATOR}{title}"


def switcher(app: Sphinx, current: Language) -> Markup:
    """Links to the summary in every published language, each named in its own script."""
    items = []
    shown = published(app, current.code)
    if current not in shown:  # a build in a language not listed still names itself
        shown.append(current)
    for other in shown:
        if other.code == current.code:
            items.append(
                Markup('<li><span aria-current="page" lang="{}" dir="{}">{}</span></li>').format(
                    other.html, other.direction, other.name
                )
            )
        else:
            items.append(
                Markup(
                    '<li><a href="../{tag}/index.html" hreflang="{lang}" lang="{lang}" '
                    'dir="{dir}">{name}</a></li>'
                ).format(tag=other.tag, lang=other.html, dir=other.direction, name=other.name)
            )
    return Markup('<nav class="rk-languages" aria-label="{}"><ul>{}</ul></nav>').format(
        vocabulary.LANGUAGES, Markup("").join(items)
    )


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The page's language and direction on ``<html>``; the switcher on summary pages."""
    current = language(app.config.language)
    context["html_tag"] = Markup('<html lang="{}" dir="{}" data-content_root="{}">').format(
        current.html, current.direction, context.get("content_root", "")
    )
    if app.builder.name == SummaryHTMLBuilder.name:
        context["reviewkit_languages"] = switcher(app, current)
        # one page: the report's navigation (in English, to other pages) has no place here
        context["sidebars"] = []
        # the page title names the review in the page's language
        context["docstitle"] = context["shorttitle"] = vocabulary.report_word(
            app.config, app.config.project
        )


def setup(app: Sphinx) -> None:
    app.add_builder(SummaryHTMLBuilder)
    app.add_builder(SummaryPDFBuilder)
    app.connect("env-before-read-docs", read_what_the_language_changes)
    app.connect("build-finished", record_read)
    app.connect("html-page-context", page_context)
