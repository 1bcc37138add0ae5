"""Sphinx configuration of the SSR2 review report (sources in report/).

Build with ``nox -s html``; ``-t draft`` (``nox -s html -- --edition draft``)
builds the draft edition, without it the final edition.
"""

from __future__ import annotations

# `tags` is provided by Sphinx while it reads this file.
edition = "draft" if tags.has("draft") else "final"  # type: ignore[name-defined]  # noqa: F821

# Title page: the report, its authors, the edition and its dates.
project = "Second Security, Stability and Resiliency Review (SSR2)"
author = "SSR2 Review Team"
copyright = "2021, SSR2 Review Team"
language = "en"
root_doc = "index"
reviewkit_sources = "report"  # the sources, relative to this file

extensions = ["myst_parser", "reviewkit"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
suppress_warnings: list[str] = []

html_title = "SSR2 Review Report" + (" (draft)" if edition == "draft" else "")
html_theme = "reviewkit"
html_last_updated_fmt = None

reviewkit_slug = "ssr2"
reviewkit_title = (
    "Final" if edition == "final" else "Draft"
) + " Report of the Second Security, Stability, and Resiliency (SSR2) Review Team"
reviewkit_date = {"draft": "2020-01-24", "final": "2021-01-25"}[edition]
# The draft's comment period: shown on the draft's banner and by {public-comment}.
reviewkit_public_comment = {
    "opens": "2020-01-24",
    "closes": "2020-03-20",
    "how": (
        "Send comments through the ICANN Public Comment forum for this report, naming the "
        "recommendation (by its number) or the section each comment addresses. Comments "
        "are published as received."
    ),
    "page": "status",
}

# The response to public comments exists only once the comments are in: the draft
# leaves that appendix out, and its entry in the index toctree with it.
if edition == "draft":
    exclude_patterns += ["public-comments.*", "changes.*"]
    suppress_warnings.append("toc.excluded")
else:
    # one row per point of a commenter, with the team's response: {public-comments} shows them
    reviewkit_comments = "comments.csv"
    # the draft's recommendations as published: {changes-since-draft} compares them with these
    reviewkit_baseline = "draft-2020-01-24.json"
    # after the final report: the ICANN Board's decisions on each recommendation and ICANN
    # org's implementation record (python -m reviewkit.status writes the status from them)
    reviewkit_board_actions = "board-actions.csv"
    reviewkit_implementation = "implementation.csv"
reviewkit_recommendation_label = "SSR2 Recommendation"

# Translations: the executive summary in the other five UN languages. Catalogs live in
# locale/<language>/LC_MESSAGES/ (summary.po, report.po); `nox -s gettext` updates them.
reviewkit_summary = "summary"
reviewkit_translations = ["ar", "es", "fr", "ru", "zh_CN"]
# a language is published once this share (percent) of its summary is translated
reviewkit_translation_threshold = 100
locale_dirs = ["../locale"]
gettext_compact = False
# no source locations in the catalogs: a paragraph added above would change every entry
gettext_location = False
gettext_uuid = False
# The PDF's metadata
reviewkit_keywords = [
    "ICANN",
    "SSR2",
    "security",
    "stability",
    "resiliency",
    "DNS",
    "unique identifiers",
    "review",
]
reviewkit_owners = {
    "icann-board": "ICANN Board",
    "icann-org": "ICANN org",
    "icann-community": "ICANN community",
    "gnso": "Generic Names Supporting Organization (GNSO)",
    "ccnso": "Country Code Names Supporting Organization (ccNSO)",
    "aso": "Address Supporting Organization (ASO)",
    "ssac": "Security and Stability Advisory Committee (SSAC)",
    "rssac": "Root Server System Advisory Committee (RSSAC)",
    "gac": "Governmental Advisory Committee (GAC)",
    "alac": "At-Large Advisory Committee (ALAC)",
    "future-review-teams": "Future review teams",
}
reviewkit_priorities = {"high": "High", "medium": "Medium", "low": "Low"}
reviewkit_consensus_levels = {
    "full": "Full consensus",
    "consensus": "Consensus",
    "divergence": "Divergence",
}
