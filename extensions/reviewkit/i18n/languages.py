"""The languages a summary is published in, as SPEC section 5 names them.

Sphinx's language code picks the catalogs (``locale/zh_CN/``); the tag names files
and URLs (``summary/zh/``); the HTML language tag picks the script's forms
(``zh-Hans``: Simplified characters); each language is named in its own script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..config import ReportConfigError


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


#: the languages the summary is translated into: every one of the table but the source
TRANSLATIONS = tuple(code for code in LANGUAGES if code != SOURCE)
#: the share (percent) of a language's summary that must be translated for it to be published
DEFAULT_THRESHOLD = 100


def check_translation_settings(translations: object, threshold: object) -> None:
    """``reviewkit_translations`` and ``reviewkit_translation_threshold`` as conf.py sets them.

    A language code names catalog folders, output folders and a locale for dates, so
    a code outside the table would be read as a path or fail half-way through a PDF.
    Raises :class:`ReportConfigError` saying what to write instead.
    """
    check_translations(translations)
    check_threshold(threshold)


def check_translations(translations: object) -> None:
    name = "reviewkit_translations"
    example = f"{name} = {json.dumps(list(TRANSLATIONS))}"
    if isinstance(translations, str):
        raise ReportConfigError(
            f"{name} is a str, not a list; write the languages as a list, "
            f'e.g. {name} = ["{translations}"]',
            name,
        )
    if not isinstance(translations, (list, tuple)):
        raise ReportConfigError(
            f"{name} is a {type(translations).__name__}, not a list; e.g. {example}", name
        )
    seen: set[str] = set()
    for code in translations:
        if not isinstance(code, str):
            raise ReportConfigError(
                f"{name} lists {code!r}, not a language code; e.g. {example}", name
            )
        if code == SOURCE:
            raise ReportConfigError(
                f"{name} lists {code!r}, the language the report is written in; list only "
                f"the translations, e.g. {example}",
                name,
            )
        if code not in TRANSLATIONS:
            raise ReportConfigError(
                f"{name} lists {code!r}, which is not a language the summary is translated "
                f"into{_did_you_mean(code)}; use some of {_supported()}, e.g. {example}",
                name,
            )
        if code in seen:
            raise ReportConfigError(
                f"{name} lists {code!r} twice; list each language once, e.g. {example}", name
            )
        seen.add(code)


def check_threshold(threshold: object) -> None:
    name = "reviewkit_translation_threshold"
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or not 0 <= threshold <= 100
    ):
        raise ReportConfigError(
            f"{name} is {threshold!r}; write the share of the summary (in percent, from 0 to "
            f"100) that must be translated for a language to be published, "
            f"e.g. {name} = {DEFAULT_THRESHOLD}",
            name,
        )


def _supported() -> str:
    return ", ".join(f"{code} ({LANGUAGES[code].name})" for code in TRANSLATIONS)


def _did_you_mean(code: str) -> str:
    """The language a tag, a region or a case names: zh is zh_CN, fr_FR and FR are fr."""
    primary = code.replace("-", "_").split("_")[0].lower()
    for known in TRANSLATIONS:
        if primary == known.split("_")[0]:
            return f" (did you mean {known!r}?)"
    return ""


def check_build_language(code: str | None) -> str | None:
    """What is wrong with building the summary in ``code``, or None when it can be built."""
    if (code or SOURCE) in LANGUAGES:
        return None
    *others, last = LANGUAGES
    return (
        f"the summary is not translated into {code!r}{_did_you_mean(code or '')}; build it in "
        f"{', '.join(others)} or {last} (-D language=CODE)"
    )


def summary_pdf_name(slug: str, edition: str, code: str) -> str:
    """The summary's PDF in the language ``code``: ``<slug>-<edition>-summary-<tag>.pdf``."""
    return f"{slug}-{edition}-summary-{language(code).tag}.pdf"
