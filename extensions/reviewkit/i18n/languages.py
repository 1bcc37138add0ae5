"""The languages a summary is published in, as SPEC section 5 names them.

Sphinx's language code picks the catalogs (``locale/zh_CN/``); the tag names files
and URLs (``summary/zh/``); the HTML language tag picks the script's forms
(``zh-Hans``: Simplified characters); each language is named in its own script.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # Sphinx's ``language``, and the catalog folder under locale/
    tag: str  # in file names and URLs
    html: str  # the HTML ``lang`` attribute
    name: str  # in its own script, for the language switcher
    rtl: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES = {
    language.code: language
    for language in (
        Language("en", "en", "en", "English"),
        Language("ar", "ar", "ar", "العربية", rtl=True),
        Language("es", "es", "es", "Español"),
        Language("fr", "fr", "fr", "Français"),
        Language("ru", "ru", "ru", "Русский"),
        Language("zh_CN", "zh", "zh-Hans", "简体中文"),
    )
}
SOURCE = "en"


def language(code: str | None) -> Language:
    """The language of a build; codes outside the table keep their code as tag and name."""
    code = code or SOURCE
    if code in LANGUAGES:
        return LANGUAGES[code]
    tag = code.replace("_", "-")
    return Language(code, tag, tag, tag, rtl=code.split("_")[0] in ("ar", "fa", "he", "ur"))


def by_tag(tag: str) -> Language:
    """The language whose summary lives under ``summary/<tag>/``."""
    for known in LANGUAGES.values():
        if known.tag == tag:
            return known
    return language(tag.replace("-", "_"))
