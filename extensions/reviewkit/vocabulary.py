"""The toolchain's own words, translated through the ``reviewkit`` message catalog.

Every word reviewkit adds to a page (Owners, Priority, Finding 3, ...) comes from
here, so translators find them in one catalog and the build language picks them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

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
#: before the number and title of a recommendation of the draft that the report no longer has
REMOVED = _("Removed")
#: the chart of recommendations by owner and priority
CHART_CAPTION = _("Recommendations by owner and priority")
CHART_NOTE = _("A recommendation addressed to several owners counts once for each of them.")
#: a figure's number in its caption and where {numref} names it; %s is the number
FIGURE_NUMBER = _("Figure %s")
#: the heading of the PDF's list of figures, after its contents
FIGURES = _("Figures")
#: the site's masthead and navigation, on every page of the report and the summaries
FULL_REPORT_PDF = _("Full report (PDF)")
ALL_EDITIONS = _("All editions and downloads")
PAGER = _("Previous and next chapter")
SKIP_TO_TEXT = _("Skip to the text")
#: the status page: what the Board decided and how implementation progresses
STATUS_TITLE = _("What became of the recommendations")
STATUS_AS_OF = _("Status as of {date}")
BOARD_DECISIONS = _("The Board's decisions")
BOARD_DECISIONS_NOTE = _(
    "Each column is a Board action; a decision taken at that action links to its resolution."
)
DECISION_COUNTS = _("Recommendations by decision after each Board action")
DECISION = _("Decision")
IMPLEMENTATION = _("Implementation")
IMPLEMENTATION_COUNTS = _("Recommendations by implementation status")
STATUS = _("Status")
LATEST_REPORT = _("Latest report")
EVIDENCE = _("Evidence")
NOTES = _("Notes")
COUNT = _("Count")
AWAITING = _("awaiting a decision")
NOT_REPORTED = _("not reported")
STATUS_PDF = _("The status as PDF, for printing")
#: the status PDF's table: one row per recommendation, where the Board left it and its
#: latest report (or, without one, the note of the Board's latest decision)
STATUS_TABLE = _("Each recommendation: the Board's latest decision and the latest report")
LATEST_NOTE = _("Latest report or Board note")
AS_DATA = _("The status as data (JSON)")
AS_FEED = _("Follow the changes (Atom feed)")
BACK_TO_REPORTS = _("The report and its downloads")
AFTER_ACTION = _("After the Board action of {date}")
#: a decision of the Board on a recommendation (SPEC section 10)
DECISION_WORDS = {
    "approved": _("approved"),
    "rejected": _("rejected"),
    "pending": _("held pending"),
    "passed-through": _("passed through"),
}
#: a recommendation's implementation status
STATUS_WORDS = {
    "not-started": _("not started"),
    "in-progress": _("in progress"),
    "complete": _("complete"),
    "on-hold": _("on hold"),
}
#: the Atom feed of the status's changes: its title, and one entry's title per change
FEED_TITLE = _("{title}: what became of the recommendations")
BOARD_CHANGE = _("{name}: {decision} by the Board on {date}")
IMPLEMENTATION_CHANGE = _("{name}: implementation {status} on {date}")


class Word(NamedTuple):
    """A word of the toolchain that a project may replace with its own (``reviewkit_words``)."""

    english: str  # as the toolchain writes it
    shows: str  # where readers see it
    #: the toolchain's translated word; None where it only writes it with a number
    own: str | None = None


#: the words a project may replace in ``reviewkit_words``, by key
WORDS = {
    "recommendation": Word(
        "Recommendation",
        'before the number of a recommendation or a group: "Recommendation 1.2" (in place '
        "of `reviewkit_recommendation_label`)",
    ),
    "recommendations": Word(
        "Recommendations",
        "the heading of the titles in the recommendation table and of the last column of "
        "the traceability table",
        RECOMMENDATIONS,
    ),
    "finding": Word(
        "Finding",
        'before the number of a finding ("Finding 3"), and the heading of the first column '
        "of the traceability table",
        FINDING_COLUMN,
    ),
    "findings": Word(
        "Findings",
        "the field of a recommendation that lists the findings it answers, and its column "
        "in the recommendation table",
        FINDINGS,
    ),
    "suggestion": Word("Suggestion", 'before the number of a suggestion: "Suggestion 2"'),
    "owners": Word(
        "Owners",
        "the field of a recommendation that says to whom it is addressed, and its column",
        OWNERS,
    ),
    "priority": Word("Priority", "the field of a recommendation, and its column", PRIORITY),
    "consensus": Word("Consensus", "the field of a recommendation, and its column", CONSENSUS),
    "measures": Word("Measures of success", "the heading of a recommendation's measures", MEASURES),
    "rationale": Word("Rationale", "the heading of a recommendation's rationale", RATIONALE),
    "addressed-by": Word(
        "Addressed by", "the field of a finding that lists the recommendations citing it", CITED_BY
    ),
    "public-comments": Word(
        "Public comments",
        "the field of a recommendation that links to its public comments",
        PUBLIC_COMMENTS,
    ),
    "executive-summary": Word(
        "Executive summary",
        "the title of the executive summary's PDF, on its cover and in its metadata",
        EXECUTIVE_SUMMARY,
    ),
}
#: the word each kind of object is named with before its number
NAMED_BY = {
    RECOMMENDATION: "recommendation",
    GROUP: "recommendation",
    FINDING: "finding",
    SUGGESTION: "suggestion",
}

#: where a build keeps the report's own words in its language (titles of recommendations,
#: the names in conf.py), from the report's catalog, English -> translation: an attribute
#: of the build's config, set by ``reviewkit.i18n`` when a translated build starts, so that
#: each build has its own (Sphinx does not pickle config attributes beginning with "_")
REPORT_WORDS = "_reviewkit_report_words"


def keep_report_words(config: Config, words: dict[str, str]) -> None:
    """The report's words in the build's language, for :func:`translated` to find."""
    setattr(config, REPORT_WORDS, words)


#: Sphinx curls quotes in English builds only, so a title has a curly apostrophe in the catalog
#: and a straight one in a build whose language has no smart quotes: words match on plain quotes.
PLAIN_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def word_key(text: str) -> str:
    return text.translate(PLAIN_QUOTES)


def translated(config: Config, text: str) -> str | None:
    """The report's word ``text`` in the build's language, or None where it has none."""
    return getattr(config, REPORT_WORDS, {}).get(word_key(text))


def report_word(config: Config, text: str) -> str:
    """The report's word ``text`` in the build's language, falling back to English."""
    return translated(config, text) or text


def word(config: Config, key: str) -> str:
    """One of :data:`WORDS` in the build's language, as this project says it.

    A word the project replaced is its own, so the report's catalog translates it, as it
    does the owners' names; the toolchain's own words come from its catalog. For
    "recommendation", ``reviewkit_words`` wins over ``reviewkit_recommendation_label``.
    """
    replaced = config.reviewkit_words.get(key)
    if key == "recommendation":
        replaced = replaced or config.reviewkit_recommendation_label
    if replaced:
        return report_word(config, replaced)
    own = WORDS[key].own
    return WORDS[key].english if own is None else str(own)


def project_words(config: Config) -> list[str]:
    """The words the project put in place of the toolchain's, for the report's catalog."""
    words = dict(config.reviewkit_words)
    words.setdefault("recommendation", config.reviewkit_recommendation_label)
    return [words[key] for key in WORDS if words.get(key)]


def object_name(config: Config, kind: str, number: str) -> str:
    """How an object is named in running text and headings: "Finding 3".

    The toolchain's own names are translated whole, so a language puts the number where
    its grammar wants it; a project's word goes before the number.
    """
    if kind not in NAMED_BY:
        raise ValueError(kind)
    key = NAMED_BY[kind]
    if key == "recommendation" or key in config.reviewkit_words:
        return _("{label} {number}").format(label=word(config, key), number=number)
    if kind == FINDING:
        return _("Finding {number}").format(number=number)
    return _("Suggestion {number}").format(number=number)


def counted(singular: str, plural: str, count: int) -> str:
    """``count`` with its noun in the build's language, in the form its grammar wants
    for that number (Russian and Arabic have more than two)."""
    translator = translators.get(("general", CATALOG))
    if translator is None:  # no catalog loaded: the toolchain's English
        return (singular if count == 1 else plural).format(count=count)
    return translator.ngettext(singular, plural, count).format(count=count)


def comment_count(count: int) -> str:
    """How many public comments, said as a count: "1 comment", not a bare "1"."""
    #: a recommendation's count of public comments, linked to them in the appendix
    return counted("{count} comment", "{count} comments", count)


def owner_names(config: Config, keys: tuple[str, ...]) -> list[str]:
    return [report_word(config, config.reviewkit_owners.get(key, key)) for key in keys]


def owners_text(config: Config, keys: tuple[str, ...]) -> str:
    """The owners as a run of text: "The Board, Staff"."""
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
