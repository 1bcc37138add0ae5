"""The draft's public comment period (``reviewkit_public_comment``): its dates as
readers read them, the ``public-comment`` directive that states them in the text in the
tense that fits each edition, and the banner on every HTML page of the draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import vocabulary
from .config import report_setting
from .dates import long_date
from .editions import DRAFT, edition

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"


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


def add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> None:
    app.add_directive("public-comment", PublicCommentDirective)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_banner)
    app.connect("env-check-consistency", check_comment_page)
