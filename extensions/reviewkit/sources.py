"""Which files a document may use: only files inside the report's sources.

The report is published, so every file a document names ends up in front of
readers: copied into the site's ``_images`` and ``_downloads``, printed into a
page by an include, embedded in the PDF. A path that leaves the sources folder
(``../``, an absolute path, a symlink that points out) would publish a file the
team never wrote for the report, such as a password file, a key or the build's
own pickles. One rule, :func:`inside`, decides, with symlinks followed; it is
applied where Sphinx would otherwise read or copy the file:

- images, figures and downloads (``{download}``, a link to a file): on
  ``doctree-read``, before Sphinx's own collectors register them for copying;
- directives that read a file while the document is parsed (``include``,
  ``literalinclude``, ``raw`` and ``csv-table`` with ``:file:``; ``:url:`` is
  never read): before they open it;
- MyST's ``{include}``, which MyST reads by itself: its text is dropped when
  Sphinx announces it (``include-read``).

A refused file is left out with a warning at its ``file:line``, so ``-W`` stops
the build. The PDF renderer applies the same rule to what it embeds
(``pdf/fetcher.py``).
"""

from __future__ import annotations

import os
import re
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.misc import Raw as DocutilsRaw
from docutils.parsers.rst.directives.misc import adapt_path
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude as SphinxLiteralInclude
from sphinx.directives.other import Include as SphinxInclude
from sphinx.directives.patches import CSVTable as SphinxCSVTable
from sphinx.util import logging
from sphinx.util.i18n import get_image_filename_for_language, search_image_for_language

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

SUBTYPE = "outside-sources"
#: docutils' own include files (``.. include:: <isonum.txt>``) are part of docutils
STANDARD_INCLUDES = Path(DocutilsInclude.standard_include_path)
#: how an include is written, in MyST and in reST: its argument is the path
INCLUDE_LINE = re.compile(r"^\s*(?:(?:`{3,}|:{3,})\{include\}|\.\.\s+include::)\s+(\S.*?)\s*$")


def inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is in ``folder`` once symlinks are followed: a link inside the
    folder that points out of it is outside, and ``..`` cannot climb out."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def report(what: str, written: str, file: Path | None, srcdir: Path, location: Any) -> None:
    """The one message for a refused file: what names it, where it leads, what to do."""
    if file is None:
        found = "a URL, read while the report is built"
        fix = "copy the file into the sources and use :file: with its path there"
    else:
        found = f"it leads to {file.resolve()}"
        fix = "copy the file into the sources and refer to the copy"
    logger.warning(
        "%s %r is outside the report's sources (%s); a document may only use files in %s, "
        "so it is left out; %s",
        what,
        written,
        found,
        srcdir,
        fix,
        type="reviewkit",
        subtype=SUBTYPE,
        location=location,
    )


# Images and downloads: refused before Sphinx registers them for copying.


def image_files(env: BuildEnvironment, docname: str, uri: str) -> list[Path]:
    """The files Sphinx would copy for an image: the file named, its translated variant
    (``figure_language_filename``), or every match of ``name.*``."""
    if uri.endswith(os.extsep + "*"):
        patterns = [get_image_filename_for_language(uri, env), uri]
        return [
            Path(match)
            for pattern in patterns
            for match in glob(env.relfn2path(pattern, docname)[1])
        ]
    return [Path(env.relfn2path(search_image_for_language(uri, env), docname)[1])]


def check_images_and_downloads(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.current_document.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image["uri"]
        if uri.startswith("data:") or "://" in uri:
            continue
        for file in image_files(env, docname, uri):
            if not inside(file, env.srcdir):
                report("the image", uri, file, env.srcdir, image)
                image.parent.remove(image)
                break
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download["reftarget"]
        if "://" in target:
            continue
        file = Path(env.relfn2path(target, docname)[1])
        if not inside(file, env.srcdir):
            report("the download", target, file, env.srcdir, download)
            download.replace_self(nodes.inline("", "", *download.children))


# Directives that read a file while the document is parsed: refused before reading.


def refused(directive: Directive, what: str, written: str, file: Path | None) -> bool:
    """Reports and returns True when ``file`` (None: a URL) is not in the sources."""
    env = directive.state.document.settings.env
    if file is not None and inside(file, env.srcdir):
        return False
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    report(what, written, file, env.srcdir, f"{source}:{line}")
    return True


def docutils_file(directive: Directive, written: str) -> Path:
    """Where docutils' own directives look for ``:file:``: beside the document."""
    document = directive.state.document
    return Path(adapt_path(written, document.current_source, document.settings.root_prefix))


def sphinx_file(directive: SphinxDirective, written: str) -> Path:
    """Where Sphinx's directives look for a file: beside the document, or from the
    sources' root for an absolute path."""
    env = directive.env
    return Path(env.relfn2path(written, env.current_document.docname)[1])


class Include(SphinxInclude):
    """``include``, refused before reading unless the file is in the sources (docutils'
    own ``<name>`` files are docutils', not the machine's)."""

    def run(self) -> list[nodes.Node]:
        written = self.arguments[0]
        standard = written.startswith("<") and written.endswith(">")
        if not standard and refused(self, "the include of", written, sphinx_file(self, written)):
            return []
        return list(super().run())


class LiteralInclude(SphinxLiteralInclude):
    """``literalinclude``: the file shown, and the one its ``:diff:`` compares with."""

    def run(self) -> list[nodes.Node]:
        for written in filter(None, (self.arguments[0], self.options.get("diff"))):
            if refused(self, "the literalinclude of", written, sphinx_file(self, written)):
                return []
        return super().run()


class Raw(DocutilsRaw):
    """``raw`` with ``:file:`` in the sources; ``:url:`` would read the network."""

    def run(self) -> list[nodes.Node]:
        if "url" in self.options:
            refused(self, "the raw directive's :url:", self.options["url"], None)
            return []
        written = self.options.get("file")
        if written and refused(
            self, "the raw directive's :file:", written, docutils_file(self, written)
        ):
            return []
        return super().run()


class CSVTable(SphinxCSVTable):
    """``csv-table`` with ``:file:`` in the sources; ``:url:`` would read the network."""

    def run(self) -> list[nodes.Node]:
        if "url" in self.options:
            refused(self, "the csv-table's :url:", self.options["url"], None)
            return []
        written = self.options.get("file")
        if written and refused(self, "the csv-table's :file:", written, self.file(written)):
            return []
        return super().run()

    def file(self, written: str) -> Path:
        """Sphinx reads an absolute ``:file:`` from the sources unless the path exists."""
        if written.startswith(("/", os.sep)) and not Path(written).exists():
            return Path(self.state.document.settings.env.srcdir, written[1:])
        return docutils_file(self, written)


# MyST's include reads the file by itself; what it read is dropped here.


def check_included_text(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    env = app.env
    file = Path(env.srcdir, relative_path)
    if inside(file, env.srcdir) or inside(file, STANDARD_INCLUDES):
        return
    content[0] = ""
    line, written = include_line(env, parent_docname, file)
    report("the include of", written, file, env.srcdir, (parent_docname, line))


def include_line(env: BuildEnvironment, docname: str, file: Path) -> tuple[int | None, str]:
    """The line of ``docname`` whose include names ``file``, and the path as written there,
    for the warning (the event that announces the text knows neither)."""
    source = env.doc2path(docname)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for number, text in enumerate(lines, 1):
        match = INCLUDE_LINE.match(text)
        if match and Path(env.relfn2path(match[1], docname)[1]) == file.resolve():
            return number, match[1]
    return None, os.path.relpath(file, source.parent)


def setup(app: Sphinx) -> None:
    # before Sphinx's image and download collectors (priority 500) copy anything
    app.connect("doctree-read", check_images_and_downloads, priority=400)
    app.connect("include-read", check_included_text)
    for name, directive in (
        ("include", Include),
        ("literalinclude", LiteralInclude),
        ("raw", Raw),
        ("csv-table", CSVTable),
    ):
        app.add_directive(name, directive, override=True)
