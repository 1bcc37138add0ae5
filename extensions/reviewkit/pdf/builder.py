"""The ``pdf`` builder: the whole report as one typeset PDF, through WeasyPrint.

Each document is resolved as the HTML builder would resolve it (so numbers,
facts and tables are the ones the site shows), rendered with Sphinx's HTML
translator, and made print-ready: ids are made unique across documents,
links point inside the one file, and footnotes move to the foot of the page.
A cover, a table of contents, the root document's own text (its opening) and
the chapters make one print HTML, which WeasyPrint lays out with the print
stylesheet and writes as a tagged PDF. The images the documents show are copied
from the sources into ``_images``; those copies are the only files the renderer
may read.
"""

from __future__ import annotations

import contextlib
import difflib
import html as html_lib
import logging as std_logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from .. import vocabulary
from ..comment_period import comment_period
from ..dates import long_date, source_date
from ..editions import DRAFT, edition
from ..i18n import languages
from ..nodes import STATIC
from ..numbering import reading_order
from . import fonts
from .cache import Cache
from .cache import key as cache_key
from .css import counter_content, css_string

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

STYLESHEET = Path(__file__).parent / "print.css"
#: the chart of recommendations is drawn as on the site
CHART_STYLESHEET = STATIC / "chart.css"
#: the id of an empty element on the body's last page (see ``mark_body_end``)
BODY_END = "rk-body-end"
#: how the builder names a document in a link, before the link is made print-ready
DOCUMENT_LINK = "#document-"
URL_ATTRIBUTE = re.compile(r'\b(?:src|href|data)="([^"#][^"]*)"')
#: how raw HTML names a file the renderer reads: an attribute (quoted or not), a CSS
#: ``url()`` (in a ``style`` attribute or element), an ``@import``
HTML_URL = re.compile(
    r"""\b(?:src|href|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"""
    r"""|\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^\s)"']+))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')"""
)


class PDFBuildError(SystemExit):
    """Ends the build after the problem was reported: no traceback, status 1, no PDF."""

    def __init__(self) -> None:
        super().__init__(1)


class PDFBuilder(StandaloneHTMLBuilder):
    """Writes ``<slug>-<edition>.pdf`` in the output folder."""

    name = "pdf"
    format = "html"
    epilog = "The PDF is in %(outdir)s."
    copysource = False
    search = False
    add_permalinks = False
    #: the machine-readable export belongs to the HTML site, not to the PDF
    reviewkit_export = False

    def init(self) -> None:
        super().init()
        #: the root document's own text, printed after the contents ("" when it has none)
        self.opening = ""
        #: the id of the element that opens the body, whose page is numbered 1
        self.body_start = ""
        self.chapters: list[tuple[str, str]] = []
        #: each URL of the print HTML: where a document wrote it (``file:line``)
        self.sources: dict[str, str] = {}

    def get_outdated_docs(self) -> str:
        return "all documents"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname in self.env.all_docs:
            return DOCUMENT_LINK + docname
        return docname + self.out_suffix

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    @property
    def pdf_path(self) -> Path:
        return Path(self.outdir) / f"{self.config.reviewkit_slug}-{edition(self)}.pdf"

    # Writing: every document into a print-ready HTML fragment, in reading order.

    def documents(self) -> list[str]:
        """The root document, then the chapters in reading order. The root's title is the
        report's, on the cover, and its tables of contents become the contents page; the
        rest of it is the opening, printed before the first chapter."""
        root = self.config.root_doc
        chapters = reading_order(root, self.env.toctree_includes)
        return [root, *(d for d in chapters if d != root)]

    def write_documents(self, _docnames: Set[str]) -> None:
        self.prepare_writing(self.env.all_docs.keys())
        printed = self.documents()
        for docname in printed:
            doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
            if docname == self.config.root_doc:
                strip_title_and_contents(doctree)
                if not has_content(doctree):
                    continue
            self.post_process_images(doctree)
            inline_footnotes(doctree)
            make_local(doctree, docname, set(printed))
            fragment = self.fragment(docname, doctree)
            source = Path(self.env.doc2path(docname))
            for url, place in url_places(doctree, source):
                self.sources.setdefault(url, place)
            # any other URL of the page: its document, without a line that would only guess
            for url in URL_ATTRIBUTE.findall(fragment):
                self.sources.setdefault(html_lib.unescape(url), str(source))
            if docname == self.config.root_doc:
                self.opening = fragment
            else:
                self.chapters.append((docname, fragment))

    def printed(self) -> list[str]:
        """The documents whose text is in the PDF, in order."""
        opening = [self.config.root_doc] if self.opening else []
        return opening + [docname for docname, _fragment in self.chapters]

    def fragment(self, docname: str, doctree: nodes.document) -> str:
        doctree.settings = self.docsettings
        self.secnumbers = {}
        # the numbers the site shows ("Figure 2"), under the ids ``make_local`` gave
        self.fignumbers = {
            figtype: {f"{docname}--{ident}": number for ident, number in numbers.items()}
            for figtype, numbers in self.env.toc_fignumbers.get(docname, {}).items()
        }
        self.imgpath = "_images"
        self.dlpath = "_downloads"
        self.current_docname = docname
        visitor = self.create_translator(doctree, self)
        doctree.walkabout(visitor)
        return "".join(visitor.fragment)

    def copy_assets(self) -> None:
        """Nothing yet: the site's scripts and themes have no use here, and the images are
        known only once the documents are written (see ``finish``)."""

    def copy_image_files(self) -> None:
        """The images the documents show, as ``write_documents`` found them, each put in
        place whole: the summaries' PDFs and the report's are built side by side into one
        folder, and a renderer must never read a copy another build is still writing."""
        folder = Path(self.outdir) / self.imagedir
        if self.images:
            folder.mkdir(parents=True, exist_ok=True)
        for source, name in sorted(self.images.items()):
            handle, partial = tempfile.mkstemp(prefix=".", dir=folder)
            os.close(handle)
            try:
                shutil.copyfile(Path(self.srcdir) / source, partial)
                os.chmod(partial, 0o644)
                os.replace(partial, folder / name)
            except OSError as error:
                Path(partial).unlink(missing_ok=True)
                logger.warning(
                    "cannot copy the image %s into the PDF's folder: %s",
                    source,
                    error.strerror or error,
                    type="reviewkit",
                    subtype="pdf",
                )

    def finish(self) -> None:
        self.copy_image_files()  # the images the documents show, as ``write_documents`` found
        html = self.print_html()
        (Path(self.outdir) / "print.html").write_text(html, encoding="utf-8")
        kept = Cache.configured()
        try:
            key = self.cache_key(html) if kept else ""
        except (fonts.FontProblem, OSError):  # said below: fontconfig, an image not copied
            kept, key = None, ""
        if kept and (pages := kept.take(key, self.pdf_path)) is not None:
            logger.info(
                "%s: %d pages, as laid out before from the same print HTML, images, fonts "
                "and renderer (kept in %s)",
                self.pdf_path,
                pages,
                kept.folder,
            )
            return
        self.check_glyphs(html)
        pages, quiet = self.render(html)
        if kept and quiet:  # a rendering that said something is never taken unsaid
            kept.keep(key, self.pdf_path, pages)

    def cache_key(self, html: str) -> str:
        """What this PDF is made from (:mod:`reviewkit.pdf.cache`)."""
        from .writing import OPTIONS

        folder = Path(self.outdir) / self.imagedir
        settings = {
            "name": self.pdf_path.name,
            "body_start": self.body_start,
            "language": self.config.language,
            "options": OPTIONS,
        }
        return cache_key(html, [folder / name for name in self.images.values()], settings)

    # The print HTML: cover, contents, chapters.

    def print_html(self) -> str:
        config = self.config
        created = source_date(Path(self.srcdir), self.config.reviewkit_date)
        period = comment_period(config)
        draft = edition(self) == DRAFT
        title = self.document_title()
        meta = {
            "author": vocabulary.report_word(config, config.author),
            "description": self.cover_review(),
            "keywords": ", ".join(config.reviewkit_keywords),
            "generator": "reviewkit",
            "dcterms.created": created,
            "dcterms.modified": created,
        }
        head = Markup("").join(
            Markup('<meta name="{}" content="{}">\n').format(name, value)
            for name, value in meta.items()
            if value
        )
        style = Markup("<style>\n{}\n{}\n{}\n{}</style>\n").format(
            Markup(STYLESHEET.read_text(encoding="utf-8")),
            Markup(CHART_STYLESHEET.read_text(encoding="utf-8")),
            Markup((STATIC / "figures.css").read_text(encoding="utf-8")),
            Markup(self.generated_css()),
        )
        body = [self.cover(self.cover_title(), period, draft)]
        if self.has_contents():
            body.append(self.contents())
        # the body's first page is its page 1, after the front matter (see print.css)
        start = " rk-body-start"
        self.body_start = (
            config.root_doc if self.opening else self.chapters[0][0] if self.chapters else ""
        )
        if self.opening:
            body.append(
                Markup('<article class="rk-chapter rk-opening{}" id="{}">\n{}</article>\n').format(
                    start, config.root_doc, Markup(self.opening)
                )
            )
            start = ""
        if draft:
            body.insert(
                0,
                Markup('<div class="rk-watermark" aria-hidden="true">{}</div>\n').format(
                    vocabulary.WATERMARK
                ),
            )
        numbers = self.chapter_numbers()
        for docname, fragment in self.chapters:
            if docname in numbers:
                fragment = number_heading(fragment, numbers[docname])
            body.append(
                Markup('<article class="rk-chapter{}" id="{}">\n{}</article>\n').format(
                    start, docname, Markup(fragment)
                )
            )
            start = ""
        body[-1] = mark_body_end(body[-1])
        language = languages.language(config.language)
        return str(
            Markup(
                '<!DOCTYPE html>\n<html lang="{lang}" dir="{dir}">\n'
                '<head>\n<meta charset="utf-8">\n'
                "<title>{title}</title>\n{head}{style}</head>\n<body>\n{body}</body>\n</html>\n"
            ).format(
                lang=language.html,
                dir=language.direction,
                title=title,
                head=head,
                style=style,
                body=Markup(keep_together(str(Markup("").join(body)))),
            )
        )

    def cover_title(self) -> str:
        return self.config.reviewkit_title or self.config.project

    def cover_review(self) -> str:
        """The review's name above the title."""
        return vocabulary.report_word(self.config, self.config.project)

    def document_title(self) -> str:
        """The PDF's title in its metadata."""
        return self.cover_title()

    def cover(self, title: str, period: dict[str, str] | None, draft: bool) -> Markup:
        config = self.config
        date = long_date(config.reviewkit_date, config.language) if config.reviewkit_date else ""
        status = ""
        if draft and period:
            status = Markup('<p class="rk-cover-status">{}<br>{}</p>\n').format(
                vocabulary.COMMENTS_INVITED.format(**period), period["how"]
            )
        return Markup(
            '<section class="rk-cover">\n<p class="rk-cover-review">{review}</p>\n'
            '<h1 class="rk-cover-title">{title}</h1>\n<p class="rk-cover-team">{team}</p>\n'
            '<div class="rk-cover-foot">\n<p class="rk-cover-edition">{edition}</p>\n'
            '<p class="rk-cover-date">{date}</p>\n{status}</div>\n</section>\n'
        ).format(
            review=self.cover_review(),
            title=title,
            team=vocabulary.report_word(config, config.author),
            edition=vocabulary.DRAFT_EDITION if draft else vocabulary.FINAL_EDITION,
            date=date,
            status=status,
        )

    def has_contents(self) -> bool:
        """Whether the PDF has a contents page: a report of chapters does."""
        return bool(self.chapters)

    def chapter_numbers(self) -> dict[str, str]:
        """Each chapter's number ("1") or letter ("A"), by the class of the root's toctree
        that lists it (``:class: chapters`` or ``:class: appendices``); the chapters of
        a toctree without one are not numbered. Reading order across toctrees of one
        class: the numbers go on from one to the next."""
        doctree = self.env.get_doctree(self.config.root_doc)
        counted: dict[str, int] = {}
        numbers: dict[str, str] = {}
        for toctree in doctree.findall(addnodes.toctree):
            wrapper = toctree.parent
            classes = wrapper.get("classes", []) if isinstance(wrapper, nodes.Element) else []
            kind = next((name for name in classes if name in NUMBERED_TOCTREES), None)
            if kind is None:
                continue
            for docname in toctree["includefiles"]:
                if docname in numbers:
                    continue
                counted[kind] = counted.get(kind, 0) + 1
                numbers[docname] = NUMBERED_TOCTREES[kind](counted[kind])
        return numbers

    def chapter_title(self, docname: str, numbers: dict[str, str]) -> str:
        """A chapter's title as the contents page lists it: with its number, if it has one."""
        title = self.env.titles[docname].astext()
        return f"{numbers[docname]} {title}" if docname in numbers else title

    def contents(self) -> Markup:
        """Chapters and their sections, each with its page number set by WeasyPrint."""
        items = []
        numbers = self.chapter_numbers()
        for docname, _fragment in self.chapters:
            title = self.chapter_title(docname, numbers)
            sections = Markup("").join(
                Markup('<li><a href="#{}">{}</a></li>\n').format(anchor, text)
                for anchor, text in self.section_titles(docname)
            )
            nested = (
                Markup('<ol class="rk-contents-sections">\n{}</ol>\n').format(Markup(sections))
                if sections
                else ""
            )
            items.append(
                Markup('<li class="rk-contents-chapter"><a href="#{}">{}</a>\n{}</li>\n').format(
                    docname, title, nested
                )
            )
        return Markup(
            '<nav class="rk-contents" aria-labelledby="rk-contents-title">\n'
            '<h1 id="rk-contents-title">{}</h1>\n<ol>\n{}</ol>\n{}</nav>\n'
        ).format(vocabulary.CONTENTS, Markup("").join(items), self.list_of_figures())

    def list_of_figures(self) -> Markup:
        """The figures with their numbers and pages, after the chapters, when there are
        several: a reader looking for the timeline should not leaf through every chapter.
        The numbers are Sphinx's, as on the site and in the captions."""
        entries = []
        for docname, _fragment in self.chapters:
            numbers = self.env.toc_fignumbers.get(docname, {}).get("figure", {})
            if not numbers:
                continue
            for figure in self.env.get_doctree(docname).findall(nodes.figure):
                ident = next((ident for ident in figure["ids"] if ident in numbers), None)
                caption = next(iter(figure.findall(nodes.caption)), None)
                if ident is None or caption is None:
                    continue
                number = self.config.numfig_format["figure"] % ".".join(map(str, numbers[ident]))
                entries.append((numbers[ident], f"{docname}--{ident}", number, caption.astext()))
        if len(entries) < 2:
            return Markup("")
        items = Markup("").join(
            Markup(
                '<li><a href="#{}"><span class="rk-figures-number">{}</span> {}</a></li>\n'
            ).format(anchor, number, text)
            for _order, anchor, number, text in sorted(entries)
        )
        return Markup(
            '<section class="rk-figures" aria-labelledby="rk-figures-title">\n'
            '<h2 id="rk-figures-title">{}</h2>\n<ol>\n{}</ol>\n</section>\n'
        ).format(vocabulary.FIGURES, items)

    def section_titles(self, docname: str) -> Iterator[tuple[str, str]]:
        """A chapter's second-level sections, from the table of contents Sphinx collected."""
        for chapter in self.env.tocs[docname].children:
            for sections in chapter.children:
                if not isinstance(sections, nodes.bullet_list):
                    continue
                for item in sections.children:
                    reference = next(item.findall(nodes.reference))
                    anchor = reference.get("anchorname", "").lstrip("#")
                    if anchor:
                        yield f"{docname}--{anchor}", reference.astext()

    def generated_css(self) -> str:
        """The stylesheet's parts that depend on the fonts and on the report's language."""
        footer = counter_content(str(vocabulary.PAGE_OF), total=f"url(#{BODY_END})")
        edition_name = css_string(
            str(vocabulary.DRAFT_EDITION if edition(self) == DRAFT else vocabulary.FINAL_EDITION)
        )
        text, headings, code = (
            fonts.css_stack(fonts.for_language(stack, self.config.language))
            for stack in (fonts.TEXT, fonts.HEADINGS, fonts.CODE)
        )
        english = fonts.css_stack(fonts.TEXT)
        front = front_numbering(self.config.language)
        return (
            # on the root: the page's margin boxes (running heads, footers) inherit from it
            f"html {{ font-family: {text}; }}\n"
            f"h1, h2, h3, h4, h5, h6, th, .rk-facts, .rk-cover, .rk-contents, caption, "
            f".rk-comments-on, .rk-change-on "
            f"{{ font-family: {headings}; }}\n"
            f"code, pre, kbd, samp {{ font-family: {code}; }}\n"
            f".rk-untranslated {{ font-family: {english}; }}\n"
            f"@page contents:left {{ @bottom-left {{ content: counter(page, {front}); }} }}\n"
            f"@page contents:right {{ @bottom-right {{ content: counter(page, {front}); }} }}\n"
            f"@page main:left, body-start:left {{ @bottom-left {{ content: {footer}; }}"
            f" @bottom-right {{ content: {edition_name}; }} }}\n"
            f"@page main:right, body-start:right {{ @bottom-right {{ content: {footer}; }}"
            f" @bottom-left {{ content: {edition_name}; }} }}\n"
        )

    # Rendering.

    def check_glyphs(self, html: str) -> None:
        try:
            fonts.check_fonts()
            text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
            missing = fonts.uncovered(html_lib.unescape(text), fonts.TEXT + fonts.HEADINGS)
        except fonts.FontProblem as problem:
            logger.error(str(problem), type="reviewkit", subtype="pdf-font")
            raise PDFBuildError from problem
        if missing:
            for char in missing:
                logger.error(
                    "%s has no glyph in the PDF's fonts (%s), so it would print as a box or in a "
                    "wrong font; replace the character, or add a font that has it to the print "
                    "stylesheet",
                    fonts.describe(char),
                    ", ".join(fonts.TEXT),
                    type="reviewkit",
                    subtype="pdf-font",
                    location=self.locate(char),
                )
            raise PDFBuildError

    def locate(self, char: str) -> str | None:
        for docname in self.printed():
            source = Path(self.env.doc2path(docname))
            try:
                for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                    if char in line:
                        return f"{source}:{number}"
            except OSError:
                continue
        return None

    def render(self, html: str) -> tuple[int, bool]:
        """Lay out and write the PDF: its number of pages, and whether the rendering was
        quiet (no warning, no URL refused)."""
        from .fetcher import BASE_URL, SourceFilesFetcher
        from .writing import lay_out, write

        target = self.pdf_path
        fetcher = SourceFilesFetcher(
            Path(self.outdir),
            # the images this build copied from the sources (``_images`` may hold more)
            [f"{self.imagedir}/{name}" for name in self.images.values()],
            # the renderer asks for each URL as resolved against the base
            {urljoin(BASE_URL, url): (place, url) for url, place in self.sources.items()},
        )
        with weasyprint_messages(target.name) as said:
            try:
                started = time.perf_counter()
                document = lay_out(html, fetcher)
                logger.info(
                    "laid out %d pages in %.1f s",
                    len(document.pages),
                    time.perf_counter() - started,
                )
                write(
                    document, target, page_labels(document, self.body_start, self.config.language)
                )
            except Exception as error:  # any failure of the renderer ends the build
                logger.error(
                    "WeasyPrint could not write %s: %s: %s; no PDF was written",
                    target.name,
                    type(error).__name__,
                    error,
                    type="reviewkit",
                    subtype="pdf",
                )
                raise PDFBuildError from error
        logger.info("%s: %d pages", target, len(document.pages))
        return len(document.pages), not (said.warned or fetcher.refused)


def url_places(doctree: nodes.document, document: Path) -> Iterator[tuple[str, str]]:
    """Each URL the document's raw HTML and remote images name, with the ``file:line``
    where it is written: found from the node that holds it (a raw block, an image), not
    from the first line of the file that happens to contain the same text."""
    texts: dict[Path, list[str]] = {}

    def lines_of(file: Path) -> list[str]:
        if file not in texts:
            try:
                texts[file] = file.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                texts[file] = []
        return texts[file]

    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
            yield from raw_urls(node, document, lines_of)
        elif isinstance(node, nodes.image) and "://" in node.get("uri", ""):
            yield node["uri"], place(node_source(node, document), node_line(node))


def raw_urls(
    raw: nodes.raw, document: Path, lines_of: Callable[[Path], list[str]]
) -> Iterator[tuple[str, str]]:
    """The URLs of one raw HTML block, each at the line of the source that holds it: the
    block's own line of HTML, looked for from where the block starts."""
    text = raw.astext()
    if raw.get("source"):  # read from the file a raw directive's :file: names
        file, start = Path(os.path.abspath(raw["source"])), 1  # docutils: relative to the cwd
    else:
        file, start = node_source(raw, document), node_line(raw)
    block = text.split("\n")
    for match in HTML_URL.finditer(text):
        written = next(group for group in match.groups() if group is not None)
        if not written or written.startswith("#"):
            continue
        if start is None:
            yield html_lib.unescape(written), str(file)
            continue
        holder = block[text.count("\n", 0, match.start())].strip()
        line = first_line_holding(lines_of(file), holder, start)
        yield html_lib.unescape(written), place(file, line)


def first_line_holding(lines: list[str], text: str, start: int) -> int:
    """The first line from ``start`` on that holds ``text`` (a raw block's lines are the
    source's, after the directive's own lines), else ``start``."""
    return next((n for n in range(start, len(lines) + 1) if text in lines[n - 1]), start)


def node_line(node: nodes.Node) -> int | None:
    """The line of the source where ``node`` is written, or its nearest ancestor's."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def place(file: Path, line: int | None) -> str:
    """``file:line``, or the file alone when the line is not known (never a guess)."""
    return f"{file}:{line}" if line else str(file)


def node_source(node: nodes.Node, document: Path) -> Path:
    """The file ``node`` was read from (an included file, say), else the document."""
    while node is not None:
        if node.source:
            return Path(node.source)
        node = node.parent
    return document


def strip_title_and_contents(doctree: nodes.document) -> None:
    """The root document without what the cover and the contents page already show: its
    first heading (the report's title) and its tables of contents."""
    section = next(doctree.findall(nodes.section), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.remove(section[0])
    for wrapper in list(doctree.findall(nodes.compound)):
        if "toctree-wrapper" in wrapper["classes"]:
            wrapper.parent.remove(wrapper)


def has_content(doctree: nodes.document) -> bool:
    """Whether anything is left to print: a block other than the (now empty) sections,
    comments, targets and metadata, which a reader never sees."""
    hidden = (nodes.section, nodes.Invisible, nodes.system_message, nodes.meta)
    return any(
        not isinstance(node, hidden) for node in doctree.findall(nodes.Element, include_self=False)
    )


def inline_footnotes(doctree: nodes.document) -> None:
    """Put each footnote's text where it is cited, for WeasyPrint to float to the page foot."""
    footnotes = {ident: note for note in doctree.findall(nodes.footnote) for ident in note["ids"]}
    placed: set[int] = set()
    for reference in list(doctree.findall(nodes.footnote_reference)):
        footnote = footnotes.get(reference.get("refid", ""))
        if footnote is None:
            continue
        if id(footnote) in placed:  # cited again: point to the note already placed
            again = nodes.reference("", "", refid=footnote["ids"][0], classes=["rk-footnote-again"])
            reference.replace_self(again)
            continue
        placed.add(id(footnote))
        note = nodes.inline(classes=["rk-footnote"], ids=list(footnote["ids"]))
        paragraphs = [child for child in footnote.children if isinstance(child, nodes.paragraph)]
        for index, paragraph in enumerate(paragraphs):
            if index:
                note += nodes.Text(" ")
            note.extend(child.deepcopy() for child in paragraph.children)
        footnote["ids"] = []
        reference.replace_self(note)
    for footnote in footnotes.values():
        if footnote.parent is not None:
            footnote.parent.remove(footnote)


def make_local(doctree: nodes.document, docname: str, printed: Set[str]) -> None:
    """Ids unique across the one file (``doc--id``) and links that point inside it.

    A link to a document the PDF does not print becomes its text.
    """
    prefix = f"{docname}--"
    for node in list(doctree.findall(nodes.Element)):
        if node.get("ids"):
            node["ids"] = [prefix + ident for ident in node["ids"]]
        if node.get("refid"):
            node["refid"] = prefix + node["refid"]
        refuri = node.get("refuri", "")
        if isinstance(refuri, str) and refuri.startswith(DOCUMENT_LINK):
            target, _, anchor = refuri[len(DOCUMENT_LINK) :].partition("#")
            if target not in printed:
                node.replace_self(nodes.inline("", "", *node.children))
                continue
            node["refuri"] = f"#{target}--{anchor}" if anchor else f"#{target}"


#: the languages whose script has no roman numerals: their front matter is numbered in
#: the digits their pages' text uses
NO_ROMAN_NUMERALS = ("ar", "zh")


def page_labels(document: Any, body_start: str, language: str | None) -> Callable[[Any, Any], None]:
    """What a PDF reader's page box shows (the catalog's ``/PageLabels``): the numbers
    printed on the pages, the front matter's ("i", "ii") and the body's from 1, not the
    count of every page from the cover. WeasyPrint writes no page labels; its finisher
    adds them to the catalog before the file is written."""
    import pydyf

    start = next(
        (index for index, page in enumerate(document.pages) if body_start in page.anchors), 0
    )
    front = "/D" if front_numbering(language) == "decimal" else "/r"
    ranges = [start, pydyf.Dictionary({"S": "/D"})]
    if start:
        ranges[:0] = [0, pydyf.Dictionary({"S": front})]

    def finish(_document: Any, pdf: Any) -> None:
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(ranges)})

    return finish


def front_numbering(language: str | None) -> str:
    """How the front matter's pages are numbered (a CSS counter style)."""
    return "decimal" if (language or "en").split("_")[0] in NO_ROMAN_NUMERALS else "lower-roman"


def letters(number: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA": how appendices are numbered."""
    text = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


#: the class of a toctree of the root document whose chapters the PDF numbers, and how
NUMBERED_TOCTREES: dict[str, Callable[[int], str]] = {"chapters": str, "appendices": letters}
FIRST_H1 = re.compile(r"<h1\b[^>]*>")


def check_toctree_classes(app: Sphinx, doctree: nodes.document) -> None:
    """A class of the root's toctrees that is nearly one the PDF numbers by ("chapter") is
    a typo that would silently leave the chapters unnumbered; a class of the authors' own
    (for their stylesheet) is left alone. In every build, so that a check finds it."""
    if app.env.docname != app.config.root_doc:
        return
    for toctree in doctree.findall(addnodes.toctree):
        wrapper = toctree.parent
        classes = wrapper.get("classes", []) if isinstance(wrapper, nodes.Element) else []
        for name in classes:
            meant = difflib.get_close_matches(name.lower(), NUMBERED_TOCTREES, n=1, cutoff=0.7)
            if meant and name not in NUMBERED_TOCTREES:
                logger.warning(
                    "the toctree's class '%s' is not one the PDF numbers chapters by; did you "
                    "mean '%s'? (chapters numbers them 1, 2, ..., appendices letters them A, B)",
                    name,
                    meant[0],
                    type="reviewkit",
                    subtype="toctree-class",
                    location=toctree,
                )


def number_heading(fragment: str, number: str) -> str:
    """The chapter's heading with its number before the title, as text: the running head,
    the outline and the text read aloud all give it."""
    return FIRST_H1.sub(
        lambda tag: f'{tag.group()}<span class="rk-chapter-number">{number}</span> ',
        fragment,
        count=1,
    )


def mark_body_end(last: Markup) -> Markup:
    """The last block with an empty element at its end, on the body's last page: the
    footers give its page number as the count of pages, which the front matter (cover,
    contents) would otherwise swell. Inside the block, not after it: an element of
    another named page would start a page of its own."""
    head, _, tail = str(last).rpartition("</")
    if not head:
        return last + Markup('<span id="{}"></span>').format(BODY_END)
    return Markup('{}<span id="{}"></span></{}').format(Markup(head), BODY_END, Markup(tail))


#: acronyms and labels are kept whole: "ICANN", "SSR2" or "Finding 13" is read as one
#: unit, and a hyphen or a line break inside it makes the reader put it back together;
#: a word, not the name or number of an entity (``&#x2F;``)
WORD = re.compile(r"(?<![&#\w])\w+")
TAG = re.compile(r"(<[^>]*>)")
#: elements whose text is not running text (a span inside SVG's text is no SVG): as written
VERBATIM = re.compile(r"<(/?)(style|script|pre|code|title|svg|math)\b", re.I)
#: a label and its number, once bound: "Finding 13" is never hyphenated "Find-ing 13"
LABEL = re.compile(r"(?<![\w&#])([^\W\d_]+\u00a0\d[\w.]*\w|[^\W\d_]+\u00a0\d)")
#: a word, a space, a number: "Finding 13", "ISO 22301", "Recommendation 4.1"
LABEL_SPACE = re.compile(r"(?<=\w) (?=\d)")


def keep_together(html: str) -> str:
    """The print HTML with each acronym (a word of two or more capitals or digits, at least
    one a capital) in a ``rk-word`` span, which the stylesheet never hyphenates, and a
    no-break space between a label and its number. Text only: tags, attributes and
    verbatim elements are left as they are, so links, ids and the text a reader copies
    out of the PDF do not change (a span adds no character)."""
    parts = TAG.split(html)
    verbatim = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            tag = VERBATIM.match(part)
            if tag and not part.endswith("/>"):
                verbatim = max(0, verbatim + (-1 if tag.group(1) else 1))
        elif part and not verbatim:
            text = WORD.sub(_wrap_acronym, LABEL_SPACE.sub("\u00a0", part))
            parts[index] = LABEL.sub(r'<span class="rk-word">\1</span>', text)
    return "".join(parts)


def is_acronym(word: str) -> bool:
    """Two or more capitals or digits, one of them a capital: "ICANN", "SSR2", "ccTLD"."""
    capitals = sum(char.isupper() for char in word)
    return capitals >= 1 and capitals + sum(char.isdigit() for char in word) >= 2


def _wrap_acronym(match: re.Match[str]) -> str:
    word = match.group()
    return f'<span class="rk-word">{word}</span>' if is_acronym(word) else word


@contextlib.contextmanager
def weasyprint_messages(name: str) -> Iterator[_Forward]:
    """WeasyPrint's log as Sphinx messages while rendering ``name``; its loggers restored after."""
    handler = _Forward(name)
    saved = []
    for logger_name in ("weasyprint", "weasyprint.progress"):
        std = std_logging.getLogger(logger_name)
        saved.append((std, std.level, std.propagate))
        std.addHandler(handler)
        std.setLevel(std_logging.INFO)
        std.propagate = False
    try:
        yield handler
    finally:
        for std, level, propagate in saved:
            std.removeHandler(handler)
            std.setLevel(level)
            std.propagate = propagate


class _Forward(std_logging.Handler):
    """Its warnings as Sphinx warnings (refusals are reported by the fetcher), its layout
    as progress: every 25 pages laid out, each new pass, and the writing of the file."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.document = name
        self.laid_out = 0
        self.warned = False

    def emit(self, record: std_logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name == "weasyprint.progress":
            self.progress(message)
        elif record.levelno >= std_logging.WARNING and "reviewkit refused" not in message:
            self.warned = True
            logger.warning("%s: %s", self.document, message, type="reviewkit", subtype="pdf")

    def progress(self, message: str) -> None:
        if message.startswith("Step 5 - Creating layout - Page"):
            if not message.endswith("(up-to-date)"):
                self.laid_out += 1
                if self.laid_out % 25 == 0:
                    logger.info("%s: %d pages laid out", self.document, self.laid_out)
        elif message.startswith("Step 5 - Creating layout - Repagination"):
            self.laid_out = 0
            logger.info("%s: laying out again the pages whose page references moved", self.document)
        elif message.startswith("Step 6"):
            logger.info("%s: writing the PDF", self.document)
