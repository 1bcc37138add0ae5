"""Draft and final editions: which one is built, and what marks the draft.

The edition is the Sphinx tag ``draft`` (``-t draft``); without it the build is
the final edition. The draft carries a banner on every HTML page with the public
comment period of ``reviewkit_public_comment``; the ``public-comment`` directive
states that period in the text, in the tense that fits each edition.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.directives.other import Only as DirectiveOnly
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import vocabulary
from .config import report_setting

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

DRAFT = "draft"
FINAL = "final"
TEMPLATES = Path(__file__).parent / "templates"


def edition(holder: Sphinx | Builder) -> str:
    """The edition a build makes, from the tags of the app or of its builder."""
    return DRAFT if holder.tags.has(DRAFT) else FINAL


def long_date(iso: str, language: str | None) -> str:
    """A date as readers of the language write it in full: "20 March 2020", "20 mars 2020",
    "20 de marzo de 2020", "2020年3月20日" (English as international reports write it)."""
    locale = "en_GB" if (language or "en") == "en" else language
    return format_date(dt.date.fromisoformat(iso), "long", locale=locale)


def is_date(text: str) -> bool:
    """Whether ``text`` is a date written YYYY-MM-DD, as long_date takes it."""
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def comment_period(config: Config) -> dict[str, str] | None:
    """The public comment period with its dates written out, if conf.py gives one."""
    period = config.reviewkit_public_comment
    if not period:
        return None
    return {
        "opens": long_date(period["opens"], config.language),
        "closes": long_date(period["closes"], config.language),
        "how": vocabulary.report_word(config, period["how"]),
    }


class PublicCommentDirective(SphinxDirective):
    """The comment period and how to comment, from conf.py, worded for each edition.

    Both wordings go into the doctree as ``only`` nodes, so one read serves both
    editions and Sphinx keeps the one the build's tags select.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        period = comment_period(self.config)
        if period is None:
            logger.warning(
                "public-comment needs the comment period: set reviewkit_public_comment in "
                'conf.py, e.g. {"opens": "2020-01-24", "closes": "2020-03-20", '
                '"how": "Send comments to ..."}',
                type="reviewkit",
                subtype="config",
                location=self.get_location(),
            )
            return []
        draft = addnodes.only(expr=DRAFT)
        draft += nodes.paragraph(text=vocabulary.COMMENT_PERIOD_OPEN.format(**period))
        how = nodes.paragraph()
        how += nodes.strong(text=vocabulary.HOW_TO_COMMENT)
        how += nodes.Text(" " + period["how"])
        draft += how
        final = addnodes.only(expr=f"not {DRAFT}")
        final += nodes.paragraph(text=vocabulary.COMMENT_PERIOD_CLOSED.format(**period))
        for node in (draft, final):
            self.set_source_info(node)
        container = nodes.container(classes=["reviewkit-public-comment"])
        container += [draft, final]
        return [container]


class Only(DirectiveOnly):
    """Sphinx's ``only``, which also reports a heading written inside the block.

    MyST lifts a heading inside a directive out of it into the enclosing
    section, so the heading, and every paragraph under it, would appear in
    every edition without a word. reST keeps such sections inside the block.
    """

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        before = sum(1 for _ in document.findall(nodes.section))
        result = super().run()
        inside = sum(1 for node in result for _ in node.findall(nodes.section))
        if sum(1 for _ in document.findall(nodes.section)) - before > inside:
            logger.warning(
                "a heading inside this {only} block would appear in every edition, because "
                "MyST moves headings out of directives; put the heading outside the block "
                "(and keep only the edition's text inside), or make it a bold paragraph",
                type="reviewkit",
                subtype="heading-in-only",
                location=self.get_location(),
            )
        return result


def banner(app: Sphinx, pathto: Any) -> Markup:
    """The draft banner's HTML; every piece of text in it is escaped."""
    period = comment_period(app.config)
    text = Markup("<strong>{}</strong>").format(vocabulary.DRAFT_BANNER)
    if period:
        text += escape(vocabulary.BANNER_SEPARATOR) + escape(
            vocabulary.COMMENTS_INVITED.format(**period)
        )
        page = app.config.reviewkit_public_comment.get("page")
        if page and page in app.env.found_docs:
            link = Markup('<a href="{}">{}</a>').format(
                pathto(page), vocabulary.HOW_TO_COMMENT_LINK
            )
            text += Markup(" ") + link
    return Markup(
        '<div class="reviewkit-draft-banner" role="note" aria-label="{}">{}</div>\n'
    ).format(vocabulary.DRAFT_BANNER, text)


def add_banner(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["reviewkit_banner"] = banner(app, context["pathto"]) if edition(app) == DRAFT else ""


def check_comment_page(app: Sphinx, env: BuildEnvironment) -> None:
    period = app.config.reviewkit_public_comment or {}
    page = period.get("page")
    if page and page not in env.found_docs:
        report_setting(
            app,
            "reviewkit_public_comment",
            f"reviewkit_public_comment names the page {page!r}, which is not a document of "
            "the report; give the name of the document (without .md) that says how to comment",
        )


def add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> None:
    app.add_directive("public-comment", PublicCommentDirective)
    app.add_directive("only", Only, override=True)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_banner)
    app.connect("env-check-consistency", check_comment_page)
