"""Which files a document may use: only files inside the report's sources.

The report is published, so every file a document names ends up in front of
readers: copied into the site's ``_images`` and ``_downloads``, printed into a
page by an include, embedded in the PDF. A path that leaves the sources folder
(``../``, an absolute path, a symlink that points out) would publish a file the
team never wrote for the report, such as a password file, a key or the build's
own pickles. One rule, :func:`refusal`, decides, with symlinks followed: a file
must be inside the sources and not in a folder of a Sphinx build (this build's
output and doctrees, or any folder a build marked as its own), since a build
made inside the sources would otherwise publish its own pickles and pages. It
is applied where Sphinx would otherwise read or copy the file:

- the documents themselves: one whose file leads out (or lies in a build's
  folder) is dropped from the documents Sphinx found (``env-get-outdated``), so
  it is never read, written, indexed or copied into ``_sources``; without its
  root document the build stops;
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
from typing import TYPE_CHECKING, Any, NamedTuple

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
    from collections.abc import Iterable

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


#: the files a Sphinx build leaves in its folders: an HTML output's, a doctree folder's
BUILD_MARKERS = (".buildinfo", "environment.pickle")
#: the folder sphinx-quickstart and ``sphinx-build -M`` put builds in
BUILD_FOLDER_NAME = "_build"
#: the docutils setting that hands this build's output folder to the directives, which
#: see the environment (and its doctree folder) but not the builder
OUTPUT_FOLDER = "reviewkit_output_folder"


class Refusal(NamedTuple):
    """Why a file may not be used, and what the author can do instead."""

    why: str
    fix: str


#: a ``:url:`` is never read, wherever it points
URL_REFUSAL = Refusal(
    "a URL, read while the report is built",
    "copy the file into the sources and use :file: with its path there",
)


def inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is in ``folder`` once symlinks are followed: a link inside the
    folder that points out of it is outside, and ``..`` cannot climb out."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def build_folder(
    path: str | os.PathLike[str], srcdir: str | os.PathLike[str], own: Iterable[Path]
) -> Path | None:
    """The folder of a Sphinx build, inside the sources, that holds ``path`` (symlinks
    followed), or None: one of this build's ``own`` folders, one where a build left its
    marker (:data:`BUILD_MARKERS`), or a ``_build``. Its files are the build's, made from
    the sources, and a build can copy them into the site as if an author had written them.
    """
    root = Path(srcdir).resolve()
    own_folders = {Path(folder).resolve() for folder in own}
    for folder in reversed(Path(path).resolve().parents):  # the outermost first
        if folder == root or not folder.is_relative_to(root):
            continue
        if (
            folder in own_folders
            or folder.name == BUILD_FOLDER_NAME
            or any((folder / marker).is_file() for marker in BUILD_MARKERS)
        ):
            return folder
    return None


def refusal(
    path: str | os.PathLike[str], srcdir: str | os.PathLike[str], own: Iterable[Path] = ()
) -> Refusal | None:
    """The one rule: why a document may not use ``path`` (None when it may)."""
    if not inside(path, srcdir):
        return Refusal(
            f"it leads to {Path(path).resolve()}",
            "copy the file into the sources (not a link to it) and refer to the copy",
        )
    folder = build_folder(path, srcdir, own)
    if folder is not None:
        return Refusal(
            f"it is a build's own file, in {folder}",
            "refer to the file in the sources that the build was made from, and build into "
            "a folder outside the sources",
        )
    return None


def build_folders(env: BuildEnvironment) -> list[Path]:
    """This build's own folders: its doctrees and its output."""
    output = env.settings.get(OUTPUT_FOLDER)
    return [Path(env.doctreedir), *([Path(output)] if output else [])]


def refusal_in(env: BuildEnvironment, path: str | os.PathLike[str]) -> Refusal | None:
    """:func:`refusal` for this build: its sources, and its own folders."""
    return refusal(path, env.srcdir, build_folders(env))


def note_output_folder(app: Sphinx) -> None:
    """Hand the output folder to the directives (through the settings they read)."""
    app.env.settings[OUTPUT_FOLDER] = os.fspath(app.outdir)


def report(
    what: str, written: str, reason: Refusal, srcdir: Path, location: Any, *, stop: bool = False
) -> None:
    """The one message for a refused file: what names it, where it leads, what to do
    (an error when the build cannot go on without the file)."""
    log = logger.error if stop else logger.warning
    log(
        "%s %r is outside the report's sources (%s); the report may only use files in %s "
        "that no build made, so it is left out; %s",
        what,
        written,
        reason.why,
        srcdir,
        reason.fix,
        type="reviewkit",
        subtype=SUBTYPE,
        location=location,
    )


# Documents: one whose file leads out is never read.


def leave_out_documents_outside(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Drop the documents Sphinx found whose file leads out of the sources (a linked
    file or folder) or lies in a build's folder, before anything reads them. Sphinx
    finds every file with a document's suffix, symlinks followed, and would read, write,
    index and copy each into ``_sources``. One read by an earlier build is removed.
    Without its root document there is no report: the build stops, with one message
    rather than Sphinx's crash report."""
    for docname in sorted(env.found_docs):
        reason = refusal_in(env, env.doc2path(docname))
        if reason is None:
            continue
        written = env.doc2path(docname, base=False).as_posix()
        if docname == app.config.root_doc:
            report("the root document", written, reason, env.srcdir, (docname, None), stop=True)
            raise SystemExit(2)
        report("the document", written, reason, env.srcdir, (docname, None))
        env.found_docs.discard(docname)
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    return []


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
            reason = refusal_in(env, file)
            if reason is not None:
                report("the image", uri, reason, env.srcdir, image)
                image.parent.remove(image)
                break
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download["reftarget"]
        if "://" in target:
            continue
        reason = refusal_in(env, env.relfn2path(target, docname)[1])
        if reason is not None:
            report("the download", target, reason, env.srcdir, download)
            download.replace_self(nodes.inline("", "", *download.children))


# Directives that read a file while the document is parsed: refused before reading.


def refused(directive: Directive, what: str, written: str, file: Path | None) -> bool:
    """Reports and returns True when ``file`` (None: a URL) may not be used."""
    env = directive.state.document.settings.env
    reason = URL_REFUSAL if file is None else refusal_in(env, file)
    if reason is None:
        return False
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    report(what, written, reason, env.srcdir, f"{source}:{line}")
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
    reason = None if inside(file, STANDARD_INCLUDES) else refusal_in(env, file)
    if reason is None:
        return
    content[0] = ""
    line, written = include_line(env, parent_docname, file)
    report("the include of", written, reason, env.srcdir, (parent_docname, line))


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
    app.connect("builder-inited", note_output_folder)
    app.connect("env-get-outdated", leave_out_documents_outside)
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
