"""reviewkit's own HTML theme: the report's pages dressed like its PDF and landing page.

The theme (``html_theme = "reviewkit"``, the default of a reviewkit project) puts a
masthead on every page naming the review, the report and its edition, with links to
the landing page, the PDF and the summary in each published language, and a list of
the chapters with previous and next. The chapter list is made once per build, when
writing starts, from the toctrees in reading order: asking Sphinx's ``toctree()`` on
every page would resolve the whole tree again for each one.

Every link is relative to the page, for the layout ``reviewkit publish`` leaves
(SPEC section 7): the landing page one folder above the edition, the PDFs beside the
report's pages, the summaries in ``summary/<tag>/``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import Markup

from .. import vocabulary
from ..editions import DRAFT, edition
from ..i18n.languages import SOURCE, Language, language, summary_pdf_name
from ..numbering import reading_order

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

NAME = "reviewkit"
FOLDER = Path(__file__).parent
#: the builder attribute holding what every page of one build shares
SHARED = "_reviewkit_theme"
#: builders that write the report's own pages, with its chapters and search
REPORT_BUILDERS = frozenset({"html", "dirhtml"})
#: Sphinx's settings the theme gives other defaults: no source links, no credits, no
#: copies of the sources beside the pages (the report's readers want the report)
DEFAULTS = {
    "html_theme": NAME,
    "html_show_sourcelink": False,
    "html_show_sphinx": False,
    "html_copy_source": False,
}


@dataclass(frozen=True)
class Chapter:
    docname: str
    title: str


@dataclass
class Shared:
    """What every page of a build shows alike, worked out once when writing starts."""

    chapters: list[Chapter] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    summaries: list[Language] = field(default_factory=list)


def set_in_conf(config: Config, name: str) -> bool:
    """Whether conf.py (or ``-D``) sets ``name``: a user's own choice is kept."""
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def apply_defaults(app: Sphinx, config: Config) -> None:
    """The theme is a reviewkit project's default; a conf.py naming another keeps it."""
    for name, value in DEFAULTS.items():
        if not set_in_conf(config, name):
            setattr(config, name, value)


def chapters(app: Sphinx) -> list[Chapter]:
    """Every document the toctrees reach, in reading order, but the title page."""
    env = app.env
    root = app.config.root_doc
    order = reading_order(root, env.toctree_includes)
    return [
        Chapter(doc, env.titles[doc].astext())
        for doc in order
        if doc != root and doc in env.titles and doc in env.found_docs
    ]


def summary_languages(app: Sphinx) -> list[Language]:
    """The languages the summary is published in, English first: a link only to a page
    that publish writes."""
    name = app.config.reviewkit_summary
    if not name or name not in app.env.found_docs:
        return []
    from ..i18n.summary import published  # the summary module imports the PDF builder

    return published(app, SOURCE)


def share(app: Sphinx, builder: Builder) -> None:
    """Once per build, before any page is written (and before parallel writers fork)."""
    if app.config.html_theme != NAME or not hasattr(builder, "add_sidebars"):
        return
    shared = Shared()
    if builder.name in REPORT_BUILDERS:
        shared.chapters = chapters(app)
        shared.position = {c.docname: i for i, c in enumerate(shared.chapters)}
    shared.summaries = summary_languages(app)
    setattr(builder, SHARED, shared)


def edition_root(app: Sphinx, context: dict[str, Any]) -> str:
    """The relative URL of the edition's folder from this page ("" beside it)."""
    from ..i18n.summary import REPORT_FROM_SUMMARY, SummaryHTMLBuilder

    root = context.get("content_root", "./")
    root = "" if root == "./" else root
    if app.builder.name == SummaryHTMLBuilder.name:
        root += REPORT_FROM_SUMMARY
    return root


def edition_name(app: Sphinx) -> str:
    return str(vocabulary.DRAFT_EDITION if edition(app) == DRAFT else vocabulary.FINAL_EDITION)


def neighbours(
    shared: Shared, pagename: str, root_doc: str, pathto: Any
) -> dict[str, dict[str, str]]:
    """The previous and next chapter of a chapter, as links from it; the title page
    leads to the first chapter."""
    found: dict[str, dict[str, str]] = {}
    where = shared.position.get(pagename)
    if where is None:
        if shared.chapters and pagename == root_doc:
            first = shared.chapters[0]
            found["next"] = {"link": pathto(first.docname), "title": first.title}
        return found
    for key, other in (("prev", where - 1), ("next", where + 1)):
        if 0 <= other < len(shared.chapters):
            chapter = shared.chapters[other]
            found[key] = {"link": pathto(chapter.docname), "title": chapter.title}
    return found


TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>")
CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
TAGS = re.compile(r"<[^>]+>")


def scrolling_tables(body: str) -> str:
    """Each outermost table in a region that scrolls sideways by itself, so a table wider
    than a phone moves under the reader's finger while the page stays still. The region
    can be reached with the keyboard and is named after the table's caption."""
    out: list[str] = []
    depth = start = done = 0
    for tag in TABLE_TAG.finditer(body):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                table = body[start : tag.end()]
                out.append(body[done:start])
                out.append(wrapped(table))
                done = tag.end()
    out.append(body[done:])
    return "".join(out)


def wrapped(table: str) -> str:
    caption = CAPTION.search(table)
    name = TAGS.sub("", caption.group(1)).strip() if caption else ""
    name = html.unescape(name).replace("\u00b6", "").strip() or "Table"
    return (
        f'<div class="rk-table-scroll" tabindex="0" role="region" '
        f'aria-label="{html.escape(name)}">{table}</div>'
    )


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The masthead's and the navigation's links for one page: lookups, no tree walks."""
    shared = getattr(app.builder, SHARED, None)
    if shared is None:
        return
    config = app.config
    root = edition_root(app, context)
    key = edition(app)
    current = language(config.language)
    pathto = context["pathto"]
    summary_page = app.builder.name == "summary"
    # a summary page is named as its PDF's cover: the summary, in its own language
    title = (
        vocabulary.word(config, "executive-summary")
        if summary_page
        else config.reviewkit_title or config.project
    )
    context["reviewkit_theme"] = {
        "review": vocabulary.report_word(config, config.project),
        "title": title,
        "edition": edition_name(app),
        "report": pathto(config.root_doc),
        "landing": root + "../index.html",
        "pdf": f"{root}{config.reviewkit_slug}-{key}.pdf",
        "summary_pdf": (
            f"{root}{summary_pdf_name(config.reviewkit_slug, key, current.code)}"
            if summary_page
            else ""
        ),
        "summaries": [
            {
                "href": f"{root}summary/{other.tag}/index.html",
                "lang": other.html,
                "dir": other.direction,
                "name": other.name,
            }
            for other in ([] if summary_page else shared.summaries)
        ],
        "chapters": [
            {"link": pathto(c.docname), "title": c.title, "current": c.docname == pagename}
            for c in shared.chapters
        ],
        "search": app.builder.name in REPORT_BUILDERS and bool(getattr(app.builder, "search", 0)),
        # the toolchain's catalog translates the masthead's words
        "words": {
            "contents": str(vocabulary.CONTENTS),
            "summary": str(vocabulary.EXECUTIVE_SUMMARY),
            "report_pdf": str(vocabulary.FULL_REPORT_PDF),
            "landing": str(vocabulary.ALL_EDITIONS),
            "pager": str(vocabulary.PAGER),
            "skip": str(vocabulary.SKIP_TO_TEXT),
        },
        # a link to a page in the report's own language, from a page in another, says so
        "hreflang": Markup("")
        if current.code == SOURCE
        else Markup(' hreflang="{}"').format(language(SOURCE).html),
        **neighbours(shared, pagename, config.root_doc, pathto),
    }
    if "body" in context:
        context["body"] = scrolling_tables(context["body"])
    if pagename == config.root_doc and not summary_page:
        # the title page is named as the PDF's cover and the landing page name the report
        context["title"] = title


def title_page_named_as_cover(app: Sphinx, doctree: nodes.document) -> None:
    """The root document's heading becomes ``reviewkit_title``, the title the PDF's cover,
    the landing page and the export give the report, so the site's title page says the
    same (and each edition its own). Before Sphinx collects the page's title."""
    config = app.config
    if not config.reviewkit_title or app.env.docname != config.root_doc:
        return
    heading = next(doctree.findall(nodes.title), None)
    if heading is not None:
        heading.children = [nodes.Text(config.reviewkit_title)]


def setup(app: Sphinx) -> None:
    app.add_html_theme(NAME, str(FOLDER))
    app.connect("doctree-read", title_page_named_as_cover, priority=400)
    app.connect("config-inited", apply_defaults, priority=400)
    app.connect("write-started", share)
    app.connect("html-page-context", page_context)
