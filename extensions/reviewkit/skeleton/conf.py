"""Settings of the report: what it is called, who wrote it, whom it addresses.

The report's sources are in report/. `reviewkit check` checks them, `reviewkit serve`
previews them and `reviewkit publish` builds the site into public/. The README says how.
Every setting below is explained where it is set; a wrong one stops the build with this
file's line and what to write instead.
"""

from __future__ import annotations

# -- Editions --------------------------------------------------------------------------
# `--edition draft` builds the draft (the Sphinx tag "draft"); without it, the final
# report. Settings that differ between the two depend on `edition`.
# `tags` is provided by Sphinx while it reads this file.
edition = "draft" if tags.has("draft") else "final"  # type: ignore[name-defined]  # noqa: F821

# -- The report ------------------------------------------------------------------------
# The review's name: the landing page's heading, above the title on the PDF's cover,
# and in every page's title.
project = "{{title}}"
# Who wrote the report: on the cover, on the landing page and in the PDF's metadata.
author = "The Review Team"
copyright = "{{year}}, The Review Team"
# The language the report is written in (the sources' language; translations below).
language = "en"
# The report's title on the PDF's cover, in its metadata, in the export and on the
# landing page, one per edition (default: `project`).
reviewkit_title = {
    "draft": f"{project}: draft report for public comment",
    "final": f"{project}: final report",
}[edition]
# The date of each edition, written YYYY-MM-DD, on the cover and in the export
# (default: SOURCE_DATE_EPOCH, else the day of the build). Write the real dates.
reviewkit_date = {"draft": "{{draft_date}}", "final": "{{final_date}}"}[edition]
# Names the downloads: public/final/{{slug}}-final.pdf. Lowercase letters, digits and
# hyphens (default: "report").
reviewkit_slug = "{{slug}}"
# The PDF's keywords, in its metadata (default: none).
reviewkit_keywords = ["review", "recommendations"]

# -- Sources ---------------------------------------------------------------------------
# The folder of the report's sources, relative to this file (default: this file's own
# folder). Keeping them in report/ keeps this README, the catalogs and the builds out
# of the report: every Markdown file in the sources' folder is a page of it.
reviewkit_sources = "report"
root_doc = "index"
extensions = ["myst_parser", "reviewkit"]
# MyST's ::: fences, in which recommendations, findings and the rest are written.
myst_enable_extensions = ["colon_fence"]
# Anchors for the headings of levels 1 to 3, for links such as [text](governance.md#scope).
myst_heading_anchors = 3
# Documents left out of an edition (see the public comments below); and warnings not
# to report, e.g. "reviewkit.orphan-finding" (the README lists them all).
exclude_patterns: list[str] = []
suppress_warnings: list[str] = []

# -- Whom the recommendations address, and how ----------------------------------------
# Who a recommendation may be addressed to: the keys its `:owners:` names, each with the
# name readers see (required: there is no default).
reviewkit_owners = {
    "board": "The Board",
    "management": "Management",
    "members": "The members",
}
# The priorities a recommendation may have, as `:priority:` names them (this is the
# default).
reviewkit_priorities = {"high": "High", "medium": "Medium", "low": "Low"}
# The levels of consensus a recommendation may record with `:consensus:` (this is the
# default).
reviewkit_consensus_levels = {
    "full": "Full consensus",
    "consensus": "Consensus",
    "divergence": "Divergence",
}
# The word before a recommendation's number: "Recommendation 1.2" (this is the default).
reviewkit_recommendation_label = "Recommendation"
# The toolchain's own words this report replaces with its own (default: none), e.g.
# {"finding": "Observation"} makes every "Finding 3" read "Observation 3". The README
# of reviewkit lists every word that can be replaced.
reviewkit_words: dict[str, str] = {}
# reviewkit_words = {"finding": "Observation"}

# -- The draft's public comment period -------------------------------------------------
# Shown on the banner of every page of the draft, on its cover and by {public-comment};
# "page" is the document that says how to comment (default: no comment period).
reviewkit_public_comment = {
    "opens": "{{draft_date}}",
    "closes": "{{comments_close}}",
    "how": "Send your comments by e-mail to the review team, naming the recommendation "
    "(by its number) or the section each comment addresses.",
    "page": "about",
}
# Once the comments are in, the final edition answers them. Keep the comments in a CSV
# file in report/ and show them with {public-comments} in an appendix; compare
# the final report with the draft's recommendations.json with {changes-since-draft}.
# Both paths are relative to the sources (default: None, no such appendix).
reviewkit_comments = None
reviewkit_baseline = None
# if edition == "final":
#     reviewkit_comments = "comments.csv"
#     reviewkit_baseline = "draft-recommendations.json"
# After the final report: the Board's decision on each recommendation at each Board
# action, and the implementation reports on the approved ones, as CSV files in report/
# (see README.md). Checked in every build of the final edition, published in
# public/status/ by `reviewkit publish`; the report itself never shows them (default: None).
reviewkit_board_actions = None
reviewkit_implementation = None
# if edition == "final":
#     reviewkit_board_actions = "board-actions.csv"
#     reviewkit_implementation = "implementation.csv"

# -- Translations ----------------------------------------------------------------------
# The executive summary is the part of the report that is translated: its document's
# name, without .md (default: None, no summary).
reviewkit_summary = "summary"
# The languages it is translated into, from "ar", "es", "fr", "ru", "zh_CN" (default:
# none). `reviewkit gettext` makes and updates their catalogs.
reviewkit_translations = ["fr"]
# A language is published once this share (percent) of its summary is translated
# (this is the default); until then `reviewkit publish` leaves it out and says why.
reviewkit_translation_threshold = 100
# The catalogs' folder, relative to the sources: locale/<language>/LC_MESSAGES/*.po.
locale_dirs = ["../locale"]
# One catalog per document, not one for the whole report.
gettext_compact = False
# No source locations in the catalogs: a paragraph added above would change every entry.
gettext_location = False
# No unique ids in the catalogs: they would change with every extraction.
gettext_uuid = False

# -- HTML ------------------------------------------------------------------------------
html_title = project + (" (draft)" if edition == "draft" else "")
# The pages wear reviewkit's own theme, like the PDF and the landing page; name another
# Sphinx theme here to use it instead, e.g. html_theme = "alabaster".
html_last_updated_fmt = None
