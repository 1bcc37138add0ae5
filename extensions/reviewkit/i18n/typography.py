"""English text keeps English typography in a build in another language.

A document with no catalog in the build's language is read as it is written: in
English. docutils would still set its quotes by the build's language (French
guillemets, or none at all in Arabic and Chinese, which it has no quotes for), so a
finding's title would have a curly apostrophe in the English report and a straight one in the
Arabic summary's tables. This transform sets them as English before Sphinx's own
pass, which it then turns off for that document alone. A document reads the same in
every language it is not translated into, which is what lets a summary build keep
the English read of every other document (``summary.read_what_the_language_changes``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.transforms.universal import SmartQuotes
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.i18n import docname_to_domain

from .languages import SOURCE

if TYPE_CHECKING:
    from sphinx.config import Config


def has_catalog(srcdir: Path, config: Config, docname: str, language: str) -> bool:
    """Whether a locale folder holds a catalog of ``docname`` in ``language``, as
    Sphinx looks one up (``gettext_compact``)."""
    domain = docname_to_domain(docname, config.gettext_compact)
    return any(
        (Path(srcdir, folder) / language / "LC_MESSAGES" / f"{domain}{suffix}").is_file()
        for folder in config.locale_dirs
        for suffix in (".po", ".mo")
    )


class EnglishQuotes(SphinxSmartQuotes):
    """Sets an untranslated document's quotes as English, before Sphinx's pass (750)."""

    default_priority = 749

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language or SOURCE
        settings = self.document.settings
        if language == SOURCE or not self.english_available():
            return
        docname = self.env.current_document.docname
        if has_catalog(self.env.srcdir, self.config, docname, language):
            return
        self.smartquotes_action = self.config.smartquotes_action
        saved = settings.language_code
        settings.language_code = SOURCE
        try:
            SmartQuotes.apply(self)
        finally:
            settings.language_code = saved
        settings.smart_quotes = False  # set once: Sphinx's pass would set them again

    def english_available(self) -> bool:
        """Whether an English build would set them: as Sphinx's ``is_available``."""
        excludes = self.config.smartquotes_excludes
        return not (
            self.document.settings.smart_quotes is False
            or self.config.smartquotes is False
            or self.env._builder_cls.name in excludes.get("builders", [])
            or SOURCE in excludes.get("languages", [])
        )
