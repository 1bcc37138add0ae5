"""The report project a command works on: conf.py's folder, its sources, catalogs, outputs.

Every subcommand finds the project the same way (SPEC section 8): the folder given with
``-C`` (default: the current folder) holds ``conf.py``; the sources are the folder named
by ``reviewkit_sources`` (relative to conf.py's folder; default: that folder itself); the
catalogs are in the first of ``locale_dirs``, read against the sources as Sphinx reads
them; builds go to ``_build/`` and the site to ``public/`` beside conf.py.
"""

from __future__ import annotations

import glob
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..editions import tags

#: what ``reviewkit build`` builds
OUTPUTS = ("html", "pdf", "summaries")


class UsageError(Exception):
    """The command cannot start: one line saying what to do; the command exits 2."""


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of conf.py
    sources: Path
    settings: dict[str, Any]  # conf.py as the final edition reads it

    @property
    def conf(self) -> Path:
        return self.root / "conf.py"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def public(self) -> Path:
        return self.root / "public"

    @property
    def summary(self) -> str | None:
        return self.settings.get("reviewkit_summary") or None

    @property
    def languages(self) -> list[str]:
        return list(self.settings.get("reviewkit_translations") or [])

    @property
    def locale(self) -> Path:
        """The first of ``locale_dirs``: where the project's catalogs are kept."""
        folders = self.settings.get("locale_dirs") or ["locales"]
        return (self.sources / folders[0]).resolve()

    @property
    def slug(self) -> str:
        return self.settings.get("reviewkit_slug") or "report"

    def sphinx(
        self, builder: str, edition: str, outdir: Path, *args: str, doctrees: Path | None = None
    ) -> list[str]:
        """The sphinx-build command for one builder and edition, doctrees per edition (or in
        ``doctrees``: a job that reads everything afresh keeps its own, so that it does not
        leave the builds an environment that has seen every change they have not written)."""
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-c",
            str(self.root),
            "-d",
            str(doctrees or self.build / edition / "doctrees"),
            *tags(edition),
            *args,
            str(self.sources),
            str(outdir),
        ]

    def missing_catalogs(self) -> list[str]:
        """The languages of ``reviewkit_translations`` with no catalog folder yet."""
        return [
            code for code in self.languages if not (self.locale / code / "LC_MESSAGES").is_dir()
        ]


def is_project(folder: Path) -> bool:
    return (folder / "conf.py").is_file()


def find(directory: Path | None) -> Project:
    """The project in ``directory`` (default: the current folder, or the nearest folder
    above it that holds a conf.py), its settings checked.

    Raises :class:`UsageError` with the line to act on: no conf.py, a conf.py that cannot
    be read or holds a wrong setting (at its ``conf.py:<line>``), sources that are not there.
    """
    root = (directory or Path.cwd()).resolve()
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder; give -C the folder that holds conf.py")
    from ..config import ConfFileError, read_conf, setting_line  # Sphinx's config reader

    if directory is None:  # from a folder inside the project (report/, where authors write)
        root = next((folder for folder in (root, *root.parents) if is_project(folder)), root)
    conf = root / "conf.py"
    if not conf.is_file():
        hint = "give -C the folder that holds it" if directory else "run it there or give -C DIR"
        raise UsageError(
            f"{root} has no conf.py, so it is not a report project; {hint} "
            "(reviewkit new DIR starts a new one)"
        )
    try:
        settings = read_conf(conf, [])
    except ConfFileError as error:
        raise UsageError(str(error)) from None
    sources = root / (settings.get("reviewkit_sources") or ".")
    if not sources.is_dir():
        line = setting_line(conf, "reviewkit_sources")
        raise UsageError(
            f"{conf}:{line or 1}: reviewkit_sources names {sources}, which is not a folder; "
            "give the folder of the report's sources relative to conf.py, e.g. "
            'reviewkit_sources = "report", or leave it out when they are beside conf.py'
        )
    root_doc = settings.get("root_doc") or "index"
    if not isinstance(root_doc, str) or not any(sources.glob(f"{glob.escape(root_doc)}.*")):
        raise UsageError(
            f"{sources} has no {root_doc}.md (or .rst), the page every build starts from; "
            "write it there with the report's title and its toctree, or give "
            "reviewkit_sources the folder that has it"
        )
    summary = settings.get("reviewkit_summary")
    if summary and not any(sources.glob(f"{glob.escape(summary)}.*")):
        line = setting_line(conf, "reviewkit_summary")
        raise UsageError(
            f"{conf}:{line or 1}: reviewkit_summary names {summary!r}, which is no document "
            f"of the sources in {sources}; give the executive summary's name without its "
            'suffix, e.g. reviewkit_summary = "summary"'
        )
    return Project(root=root, sources=sources.resolve(), settings=settings)


def sources_of(confdir: Path) -> Path:
    """The sources of the project whose conf.py is in ``confdir``, for the tools that take
    ``-s`` (``python -m reviewkit.i18n``, ``.publish``, ``.changes.baseline``) when it is not given;
    a project that cannot be found ends the tool with status 2."""
    try:
        return find(confdir).sources
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
