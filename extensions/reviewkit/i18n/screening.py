"""Translations reach the page as text: what a translator adds to the msgid is refused.

A catalog is written outside the review team, by translators and their tools, and
Sphinx parses each msgstr as MyST when it puts the translation into the page. So a
translation could bring raw HTML, a script, a link to anywhere, a role or a directive
into the published summary. Two transforms keep that out, whatever the build's
options:

- before Sphinx's ``Locale`` transform, each translation is compared with its msgid
  by the catalog check's own rules; one that adds markup is refused: the page keeps
  the English text (marked as untranslated) and a warning names the catalog's line;
- after it, raw HTML still found in translated text (anything the comparison missed)
  becomes the plain text it was written as, with a warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages

from .catalogs import msgstr_line, po_path
from .comparison import additions, shorten
from .languages import SOURCE

if TYPE_CHECKING:
    from gettext import NullTranslations

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
            if line is not None:
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


def refused(node: nodes.Element, msgid: str, msgstr: str) -> list[str]:
    """Why the translation may not enter the page: empty when it may."""
    if isinstance(node, nodes.raw):  # its translation would be emitted as it is
        return [RAW_HTML]
    if not parsed_as_markdown(node):  # put in as text: it cannot add markup
        return []
    return [message for _rule, message in additions(msgid, msgstr)]


class RefuseAddedMarkup(TranslatedText):
    """Keep English where a translation adds markup its msgid does not have."""

    default_priority = 15  # after PreserveTranslatableMessages (10), before Locale (20)

    def apply(self, **kwargs: Any) -> None:
        catalog = self.catalog()
        if catalog is None:
            return
        for node, msgid in list(extract_messages(self.document)):
            msgstr = catalog.gettext(msgid)
            if msgstr == msgid or not msgstr.strip():
                continue
            reasons = refused(node, msgid, msgstr)
            if not reasons:
                continue
            node["translatable"] = False  # Locale leaves it as it is
            node["translated"] = False  # and the fallback marks it as English
            more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
            self.warn(node, msgid, f"{reasons[0]}{more}; {ENGLISH_INSTEAD}")


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
