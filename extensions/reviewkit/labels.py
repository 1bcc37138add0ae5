"""The toolchain's own words, translated through the ``reviewkit`` message catalog.

Every word reviewkit adds to a page (Owners, Priority, Finding 3, ...) comes from
here, so translators find them in one catalog and the build language picks them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation, translators

from .model import FINDING, GROUP, RECOMMENDATION, SUGGESTION, Reference

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .model import Numbered, Report, ReviewObject, Text

CATALOG = "reviewkit"
_ = get_translation(CATALOG)

# Kept as lazy strings: each is looked up in the build's language when shown.
OWNERS = _("Owners")
PRIORITY = _("Priority")
CONSENSUS = _("Consensus")
FINDINGS = _("Findings")
MEASURES = _("Measures of success")
RATIONALE = _("Rationale")
CITED_BY = _("Addressed by")
NUMBER = _("Number")
TITLE = _("Title")
FINDING_COLUMN = _("Finding")
RECOMMENDATIONS = _("Recommendations")
NONE_YET = _("none")
#: between an object's number and its title in a heading
HEADING_SEPARATOR = _(": ")

# The draft edition's banner and the public comment period ({opens}, {closes}: dates).
DRAFT_BANNER = _("Draft report for public comment")
#: between the banner's title and the comment period
BANNER_SEPARATOR = _(" — ")
COMMENTS_INVITED = _("Comments are invited until {closes}.")
HOW_TO_COMMENT_LINK = _("How to comment")
HOW_TO_COMMENT = _("How to comment:")
DRAFT_EDITION = _("Draft report for public comment")
FINAL_EDITION = _("Final report")
WATERMARK = _("DRAFT — for public comment")
CONTENTS = _("Contents")
#: the tooltip of text shown in English because its translation is missing
NOT_TRANSLATED = _("Not yet translated: shown in English")
EXECUTIVE_SUMMARY = _("Executive summary")
#: the language switcher's name, for screen readers
LANGUAGES = _("Languages")
#: the PDF's page footer
PAGE_OF = _("Page {page} of {pages}")
COMMENT_PERIOD_OPEN = _("This draft is open for public comment from {opens} until {closes}.")
COMMENT_PERIOD_CLOSED = _(
    "The draft of this report was open for public comment from {opens} until {closes}."
)


#: between the items of a list in running text: owners, linked numbers
LIST_SEPARATOR = _(", ")
#: the appendix of public comments, and the count on each recommendation
PUBLIC_COMMENTS = _("Public comments")
COMMENT_HEADING = _("Comment {number}: {commenter}, {date}")
RESPONSE = _("Response of the review team:")
ACTION = _("Action:")
ACTIONS = {
    "accepted": _("accepted"),
    "partly accepted": _("partly accepted"),
    "not accepted": _("not accepted"),
    "noted": _("noted"),
}
#: the chart of recommendations by owner and priority
CHART_CAPTION = _("Recommendations by owner and priority")
CHART_NOTE = _("A recommendation addressed to several owners counts once for each of them.")

#: The report's own words in each language (titles of recommendations, the names in
#: conf.py), from the report's catalog: language -> English -> translation. Filled by
#: ``reviewkit.i18n`` when a translated build starts; English builds leave it empty.
REPORT_WORDS: dict[str, dict[str, str]] = {}


#: Sphinx curls quotes in English builds only, so a title has a curly apostrophe in the catalog
#: and a straight one in a build whose language has no smart quotes: words match on plain quotes.
PLAIN_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def word_key(text: str) -> str:
    return text.translate(PLAIN_QUOTES)


def translated(config: Config, text: str) -> str | None:
    """The report's word ``text`` in the build's language, or None where it has none."""
    return REPORT_WORDS.get(config.language or "en", {}).get(word_key(text))


def report_word(config: Config, text: str) -> str:
    """The report's word ``text`` in the build's language, falling back to English."""
    return translated(config, text) or text


def object_name(config: Config, kind: str, number: str) -> str:
    """How an object is named in running text and headings: "Finding 3"."""
    if kind in (RECOMMENDATION, GROUP):
        return _("{label} {number}").format(
            label=report_word(config, config.reviewkit_recommendation_label), number=number
        )
    if kind == FINDING:
        return _("Finding {number}").format(number=number)
    if kind == SUGGESTION:
        return _("Suggestion {number}").format(number=number)
    raise ValueError(kind)


def owner_names(config: Config, keys: tuple[str, ...]) -> list[str]:
    return [report_word(config, config.reviewkit_owners.get(key, key)) for key in keys]


def owners_text(config: Config, keys: tuple[str, ...]) -> str:
    """The owners as a run of text: "ICANN Board, ICANN org"."""
    return str(LIST_SEPARATOR).join(owner_names(config, keys))


def priority_name(config: Config, key: str) -> str:
    return report_word(config, config.reviewkit_priorities.get(key, key))


def consensus_name(config: Config, key: str) -> str:
    return report_word(config, config.reviewkit_consensus_levels.get(key, key)) if key else ""


def reference_text(config: Config, numbered: Numbered) -> str:
    return object_name(config, numbered.kind, numbered.number)


def shown_text(config: Config, report: Report, text: Text) -> str:
    """Text as readers see it on the page: each reference as its link shows it.

    That is the author's own words where given, else the number ("Finding 3"), else,
    for a label that names nothing, the label itself, as the page shows it too.
    """
    parts = []
    for segment in text:
        if isinstance(segment, Reference):
            target = report.lookup(segment.role, segment.target)
            if segment.explicit_title:
                parts.append(segment.explicit_title)
            elif target is not None:
                parts.append(reference_text(config, target))
            else:
                parts.append(segment.target)
        else:
            parts.append(segment)
    return "".join(parts)


def shown_title(config: Config, report: Report, obj: ReviewObject) -> str:
    """An object's title as its heading shows it (after the number): "Second Finding 3"."""
    return shown_text(config, report, obj.title_text)


def setup(app: Sphinx) -> None:
    # Sphinx adds a catalog loaded earlier in the process as a fallback behind the new one,
    # so a second build in another language would keep the first one's words.
    translators.pop(("general", CATALOG), None)
    app.add_message_catalog(CATALOG, str(Path(__file__).parent / "locale"))
