"""Translations reach the page as text: what a translator adds to the msgid is refused.

A catalog is written outside the review team, by translators and their tools, and
Sphinx parses each msgstr as MyST when it puts the translation into the page. So a
translation could bring raw HTML, a script, a link to anywhere, a role or a directive
into the published summary. Two transforms keep that out, whatever the build's
options:

- before Sphinx's ``Locale`` transform, each translation is compared with its msgid
  by the catalog check's own rules, then parsed as ``Locale`` parses it and every
  link, image, reference and raw output of what it parses to must be one the source's
  node has (``destinations``). One that adds anything is refused: the page keeps the
  English text (marked as untranslated) and a warning names the catalog's line;
- after it, raw HTML still found in translated text (anything the comparison missed)
  becomes the plain text it was written as, with a warning.

The address of an image (``gettext_additional_targets = ["image"]``) is not
translated at all: any other address would be fetched or copied into the page, and
Sphinx stops with a traceback on one that does not parse as an image.
"""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import indent
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms.i18n import _publish_msgstr, parse_noqa
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages

from .catalogs import msgstr_line, po_path
from .comparison import additions, markdown_reader, replaced_image, shorten
from .destinations import added_destinations, destinations
from .languages import SOURCE

if TYPE_CHECKING:
    from gettext import NullTranslations

    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: why a translation of raw HTML (``gettext_additional_targets = ["raw"]``) is refused
RAW_HTML = (
    "the msgid is raw HTML of the source, which a translation cannot replace; leave the msgstr "
    "empty, or write the text outside the HTML in the source"
)
#: what the reader gets instead of a refused translation
ENGLISH_INSTEAD = (
    "the page shows the English text until the catalog is corrected "
    "(python -m reviewkit.i18n.catalogcheck lists every problem)"
)


class TranslatedText(SphinxTransform):
    """What the translations of one document are, and where each is written."""

    def catalog(self) -> NullTranslations | None:
        """The document's translations as ``Locale`` reads them, or None in English."""
        if (self.config.language or SOURCE) == SOURCE:
            return None
        folders = [Path(self.env.srcdir, folder) for folder in self.config.locale_dirs]
        translator, found = init_locale(folders, self.config.language, self.domain())
        return translator if found else None

    def domain(self) -> str:
        return docname_to_domain(self.env.current_document.docname, self.config.gettext_compact)

    def location(self, node: nodes.Element, msgid: str) -> Any:
        """The line of the catalog that translates ``msgid``: where the translator fixes it."""
        for folder in self.config.locale_dirs:
            path = po_path(Path(self.env.srcdir, folder), self.config.language, self.domain())
            line = msgstr_line(path, msgid)
            if line is not None:  # "locale/..." rather than "report/../locale/..."
                path = Path(os.path.normpath(path))
                return f"{path}:{line}"
        return node

    def warn(self, node: nodes.Element, msgid: str, problem: str) -> None:
        logger.warning(
            'msgid "%s": %s',
            shorten(msgid),
            problem,
            type="reviewkit",
            subtype="translation",
            location=self.location(node, msgid),
        )


def parsed_as_markdown(node: nodes.Element) -> bool:
    """Whether ``Locale`` parses the node's translation as MyST (not as plain text)."""
    return not isinstance(node, (addnodes.translatable, nodes.meta, nodes.image)) and not (
        isinstance(node, LITERAL_TYPE_NODES)
    )


def parsed_by_locale(node: nodes.Element) -> bool:
    """Whether ``Locale`` parses the node's translation with the document's parser: all but
    the translations it puts in as text (and raw HTML and images, refused by their text)."""
    return not isinstance(node, (addnodes.translatable, nodes.meta, nodes.image, nodes.raw))


def refused(
    node: nodes.Element, msgid: str, msgstr: str, reader: MarkdownIt | None = None
) -> list[str]:
    """Why the translation may not enter the page, by its text: empty when it may."""
    if isinstance(node, nodes.raw):  # its translation would be emitted as it is
        return [RAW_HTML]
    if isinstance(node, nodes.image):  # its alt text is put in as text; its address is not
        if node.get("alt") == msgid:
            return []
        return [replaced_image(node.get("original_uri", node["uri"]), msgstr)]
    if not parsed_as_markdown(node):  # put in as text: it cannot add markup
        return []
    return [message for _rule, message in additions(msgid, msgstr, reader)]


def locale_sources(node: nodes.Element, msgstr: str) -> list[str]:
    """The msgstr as ``Locale`` hands it to the parser: without ``#noqa``, a literal block
    as one, a section title both alone (its first pass) and underlined (its second)."""
    if not isinstance(node, LITERAL_TYPE_NODES):
        msgstr, _ = parse_noqa(msgstr)
    if msgstr.strip().endswith("::"):
        msgstr += "\n\n   dummy literal"
    if isinstance(node, LITERAL_TYPE_NODES):
        msgstr = "::\n\n" + indent(msgstr, " " * 3)
    if isinstance(node, nodes.title):
        return [msgstr, msgstr + "\n" + "=" * len(msgstr) * 2]
    return [msgstr]


class RefuseAddedMarkup(TranslatedText):
    """Keep English where a translation adds markup its msgid does not have."""

    default_priority = 15  # after PreserveTranslatableMessages (10), before Locale (20)

    def apply(self, **kwargs: Any) -> None:
        catalog = self.catalog()
        if catalog is None:
            return
        reader = markdown_reader()
        for node, msgid in list(extract_messages(self.document)):
            msgstr = catalog.gettext(msgid)
            if msgstr == msgid or not msgstr.strip():
                continue
            # by its text first: what that refuses is never parsed (a directive never runs)
            reasons = refused(node, msgid, msgstr, reader) or self.added(node, msgstr)
            if not reasons:
                continue
            node["translatable"] = False  # Locale leaves it as it is
            node["translated"] = False  # and the fallback marks it as English
            more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
            self.warn(node, msgid, f"{reasons[0]}{more}; {ENGLISH_INSTEAD}")

    def added(self, node: nodes.Element, msgstr: str) -> list[str]:
        """What the translation parses to that the source's node does not have."""
        if not parsed_by_locale(node):
            return []
        try:
            translation = [self.parsed(node, text) for text in locale_sources(node, msgstr)]
        except Exception as error:  # from a parser or a directive: Locale would stop on it
            return [
                f"the translation cannot be parsed ({type(error).__name__}: {error}); write it "
                "as text with the msgid's markup"
            ]
        return added_destinations(destinations([node]), destinations(translation))

    def parsed(self, node: nodes.Element, text: str) -> nodes.Node:
        """The whole small doctree ``Locale`` makes of ``text``, with Sphinx's own function:
        all of it, not only the part ``Locale`` keeps, so that nothing past it goes unseen."""
        with logging.suppress_logging():  # Locale parses it again and reports what it finds
            patch: nodes.Node = _publish_msgstr(
                text,
                self.document["source"],
                node.line,  # type: ignore[arg-type]
                config=self.config,
                env=self.env,
                registry=self.env._registry,
                settings=self.document.settings,
            )
        while patch.parent is not None:
            patch = patch.parent
        return patch


class RawHTMLAsText(TranslatedText):
    """Raw HTML in translated text that its msgid does not have is shown as text."""

    default_priority = 21  # right after Locale

    def apply(self, **kwargs: Any) -> None:
        if (self.config.language or SOURCE) == SOURCE:
            return
        for node, msgid in list(extract_messages(self.document)):
            if node.get("translated") is not True:
                continue
            for raw in list(node.findall(nodes.raw)):
                html = raw.astext()
                if " ".join(html.split()) in " ".join(msgid.split()):  # the source's own HTML
                    continue
                raw.replace_self(nodes.Text(html))
                self.warn(
                    node,
                    msgid,
                    f"the translation has raw HTML ({shorten(html)}), which the page shows as "
                    "text; a translation is text, never code: remove it",
                )


def setup(app: Sphinx) -> None:
    app.add_transform(RefuseAddedMarkup)
    app.add_transform(RawHTMLAsText)
