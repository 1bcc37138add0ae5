"""The site in ``public/``: every edition side by side, a landing page and checksums.

A site is assembled in a staging folder beside ``public/`` (on the same file
system) and exchanged with it in one ``renameat2(RENAME_EXCHANGE)`` call, so
readers and a crash alike see either the old site or the new one, never half.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..chart import Chart, tally
from ..chart import render as render_chart
from ..dates import long_date
from ..editions import EDITIONS as ALL_EDITIONS
from ..i18n.languages import LANGUAGES, Language, by_tag, summary_pdf_name
from ..nodes import STATIC
from ..status.data import pdf_name

#: newest first, as the landing page lists them
EDITIONS = tuple(reversed(ALL_EDITIONS))
CHECKSUMS = "SHA256SUMS"
LANDING = "index.html"
EXPORTS = ("recommendations.json", "recommendations.csv")
#: Sphinx's bookkeeping in an output folder: not for readers
BOOKKEEPING = frozenset({".buildinfo", ".doctrees", "print.html"})
TEMPLATES = Path(__file__).parent


class PublishError(Exception):
    """Something the editor can fix; the message says what."""


class PlaceError(PublishError):
    """``--public`` names a folder that publish may not replace: a usage error."""


#: the folder of the Board's decisions and the implementation, beside the final edition
STATUS = "status"
#: what it holds, as ``python -m reviewkit.status`` writes it
STATUS_FILES = ("index.html", "status.json", "status.schema.json", "feed.xml")
#: what publish puts in public/: nothing else is there to keep when it is replaced
PUBLISHED = frozenset({LANDING, CHECKSUMS, STATUS, *EDITIONS})


def check_public(public: Path, others: dict[str, Path]) -> None:
    """Each publish replaces ``public/`` whole, so it may hold nothing but an earlier
    publish: not the sources, conf.py or the builds (``others``, by what they are), and
    no file of anyone else's."""
    fix = "publish into a folder of its own, as reviewkit publish does (public/ beside conf.py)"
    for what, folder in others.items():
        if folder == public or folder.is_relative_to(public):
            raise PlaceError(
                f"{public} holds the {what} ({folder}); publish replaces it whole: {fix}"
            )
    if public.exists() and not public.is_dir():
        raise PlaceError(f"{public} is a file, not a folder; {fix}")
    if public.is_dir():
        strangers = sorted(path.name for path in public.iterdir() if path.name not in PUBLISHED)
        if strangers:
            shown = ", ".join(strangers[:5]) + (
                f" and {len(strangers) - 5} more" if len(strangers) > 5 else ""
            )
            raise PlaceError(
                f"{public} holds {shown}, which publish did not make and would remove when it "
                "replaces the folder; move them out of it (publish keeps nothing else there)"
            )


@dataclass(frozen=True)
class Project:
    """What conf.py says about the report, for the landing page."""

    review: str
    team: str
    slug: str
    owners: dict[str, str]
    priorities: dict[str, str]  # key -> the name conf.py gives it
    #: edition -> the last day of its public comment period, if it had one
    comments_close: dict[str, str]
    #: whether conf.py names an executive summary to publish in every language
    has_summary: bool = True
    #: edition -> the first day of its public comment period, if conf.py gives it
    comments_open: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    path: str  # from public/, with forward slashes
    size: int
    sha256: str
    label: str = ""
    pages: int | None = None  # of a PDF

    @property
    def size_text(self) -> str:
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f} MB"
        return f"{max(1, round(self.size / 1000))} kB"

    @property
    def kind(self) -> str:
        """The file's format as readers name it: PDF, JSON, CSV."""
        return self.path.rsplit(".", 1)[-1].upper()

    @property
    def facts(self) -> str:
        """What a reader weighs before downloading, as GOV.UK writes it: "PDF, 1.3 MB,
        197 pages"; the checksum is one click further."""
        parts = [self.kind, self.size_text]
        if self.pages:
            parts.append(f"{self.pages} page{'' if self.pages == 1 else 's'}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Summary:
    language: Language
    page: str
    pdf: Download | None


@dataclass(frozen=True)
class Edition:
    key: str
    title: str
    date: str
    report: str
    pdf: Download | None
    summaries: tuple[Summary, ...]
    data: tuple[Download, ...]
    recommendations: list[dict[str, Any]]
    groups: int

    @property
    def downloads(self) -> Iterator[Download]:
        if self.pdf:
            yield self.pdf
        for summary in self.summaries:
            if summary.pdf:
                yield summary.pdf
        yield from self.data

    @property
    def counts(self) -> str:
        """ "63 recommendations in 24 groups.", or, when some stand alone, "3
        recommendations, 2 of them in 1 group."."""
        total = len(self.recommendations)
        grouped = sum(1 for item in self.recommendations if item.get("group"))
        if not grouped or not self.groups:
            return f"{counted(total, 'recommendation')}."
        groups = counted(self.groups, "group")
        if grouped == total:
            return f"{counted(total, 'recommendation')} in {groups}."
        return f"{counted(total, 'recommendation')}, {grouped} of them in {groups}."


def counted(number: int, noun: str) -> str:
    """The count and its noun, "3 recommendations", kept on one line (a no-break space)."""
    return f"{number}\u00a0{noun}{'' if number == 1 else 's'}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
PAGE_TREE = re.compile(rb"<<(?:(?!<<|>>).)*?/Type\s*/Pages\b(?:(?!<<|>>).)*?>>", re.S)
COUNT = re.compile(rb"/Count\s+(\d+)")


def pdf_pages(path: Path) -> int | None:
    """The number of pages of a PDF the builder wrote: the /Count of its page tree, which
    WeasyPrint keeps in compressed object streams. None where it cannot be read: the
    landing page then leaves the count out rather than guess."""
    data = path.read_bytes()
    chunks = [data]
    for found in OBJECT_STREAM.finditer(data):
        start = data.find(b"stream", found.end())
        end = data.find(b"endstream", start)
        if start < 0 or end < 0:
            continue
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        try:
            chunks.append(zlib.decompress(data[start:end]))
        except zlib.error:
            continue
    counts = [
        int(count.group(1))
        for chunk in chunks
        for tree in PAGE_TREE.finditer(chunk)
        if (count := COUNT.search(tree.group(0)))
    ]
    return max(counts) if counts else None


def download(root: Path, relative: str, label: str = "") -> Download:
    path = root / relative
    pages = pdf_pages(path) if path.suffix == ".pdf" else None
    return Download(relative, path.stat().st_size, sha256_of(path), label, pages)


# --- staging -------------------------------------------------------------------------


def staging_folder(public: Path) -> Path:
    return public.parent / f".{public.name}.staging"


def previous_folder(public: Path) -> Path:
    return public.parent / f".{public.name}.previous"


def recover(public: Path) -> list[str]:
    """Undo what an interrupted publish left beside ``public/``; say what was done."""
    done = []
    previous = previous_folder(public)
    if previous.exists() and not public.exists():
        # interrupted between the two renames of a swap without RENAME_EXCHANGE
        previous.rename(public)
        done.append(f"restored {public} from {previous}")
    for leftover in (staging_folder(public), previous):
        if leftover.exists():
            try:
                shutil.rmtree(leftover)
            except OSError as error:
                done.append(f"{cannot_remove(leftover, error)}; remove it by hand")
            else:
                done.append(f"removed {leftover}, left by an earlier publish")
    return done


def cannot_remove(folder: Path, error: OSError) -> str:
    return f"could not remove {folder} ({reason(error)})"


def reason(error: OSError) -> str:
    """What stopped a removal, and where: the file inside the folder that refused."""
    return f"{error.strerror}: {error.filename}" if error.strerror else str(error)


def _link_or_copy(source: str, target: str) -> None:
    """Editions already published are hard-linked: nothing writes into public/ in place."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _ignore(folder: str, names: list[str]) -> set[str]:
    """Sphinx's bookkeeping, and the folders it leaves empty (``_sources`` when the
    sources are not copied)."""
    return {name for name in names if name in BOOKKEEPING or _empty(Path(folder, name))}


def _empty(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and not any(path.iterdir())


def stage(public: Path, edition: str, html: Path, pdf: Path) -> Path:
    """A new site in the staging folder: the editions already in ``public/`` but this one,
    and this one from its build (HTML with the export and summaries, and the PDFs)."""
    missing = [path for path in (html / "index.html", *(html / name for name in EXPORTS))]
    missing = [path for path in missing if not path.is_file()]
    if missing or not any(pdf.glob("*.pdf")):
        what = ", ".join(map(str, missing)) or f"the PDFs in {pdf}"
        raise PublishError(
            f"the {edition} edition's build is incomplete ({what} missing); "
            f"build it again without --assemble-only"
        )
    staging = staging_folder(public)
    if staging.exists():
        try:
            shutil.rmtree(staging)
        except OSError as error:
            message = f"{cannot_remove(staging, error)}; remove it and publish again"
            raise PublishError(message) from None
    staging.mkdir(parents=True)
    if public.is_dir():
        for other in EDITIONS:
            if other != edition and (public / other / EXPORTS[0]).is_file():
                shutil.copytree(
                    public / other, staging / other, copy_function=_link_or_copy, ignore=_ignore
                )
    shutil.copytree(html, staging / edition, ignore=_ignore)
    for document in sorted(pdf.glob("*.pdf")):
        shutil.copyfile(document, staging / edition / document.name)
    return staging


def swap(staging: Path, public: Path) -> list[str]:
    """Put the staged site in place of ``public/`` at once, and drop the old one; return
    what is left to clean by hand where the old one could not be removed."""
    if not public.exists():
        staging.rename(public)
        return []
    previous = previous_folder(public)
    if not _exchange(staging, public):
        public.rename(previous)
        staging.rename(public)
        staging = previous
    try:
        shutil.rmtree(staging)
    except OSError as error:
        if staging != previous and not previous.exists():
            with contextlib.suppress(OSError):  # out of the way of the next publish's staging
                staging.rename(previous)
                staging = previous
        return [
            f"{public} holds the new site, but the old one could not be removed "
            f"({reason(error)}); what is left of it is in {staging}: remove it by hand"
        ]
    return []


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
    renameat2.argtypes += (ctypes.c_uint,)
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange):
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


# --- the landing page ----------------------------------------------------------------


def read_edition(root: Path, key: str, slug: str) -> Edition:
    """One edition as published under ``root/key``: what its export and files say."""
    folder = root / key
    export = json.loads((folder / EXPORTS[0]).read_text(encoding="utf-8"))
    full = f"{key}/{slug}-{key}.pdf"
    summaries = []
    for page in sorted((folder / "summary").glob("*/index.html")):
        language = by_tag(page.parent.name)
        pdf = f"{key}/{summary_pdf_name(slug, key, language.code)}"
        summaries.append(
            Summary(
                language,
                f"{key}/summary/{language.tag}/index.html",
                download(root, pdf) if (root / pdf).is_file() else None,
            )
        )
    order = list(LANGUAGES)
    summaries.sort(key=lambda s: order.index(s.language.code) if s.language.code in order else 99)
    return Edition(
        key=key,
        title=export["report"]["title"],
        date=export["report"]["date"],
        report=f"{key}/index.html",
        pdf=download(root, full, "Full report") if (root / full).is_file() else None,
        summaries=tuple(summaries),
        data=(
            download(root, f"{key}/{EXPORTS[0]}", "Recommendations as JSON"),
            download(root, f"{key}/{EXPORTS[1]}", "Recommendations as CSV, for spreadsheets"),
        ),
        recommendations=export["recommendations"],
        groups=len(export["groups"]),
    )


def editions_in(root: Path, slug: str) -> list[Edition]:
    return [
        read_edition(root, key, slug) for key in EDITIONS if (root / key / EXPORTS[0]).is_file()
    ]


def chart_of(edition: Edition, project: Project) -> Markup:
    """The chart of an edition's recommendations, from its export."""
    names = dict(project.owners)
    for rec in edition.recommendations:
        for owner in rec["owners"]:
            names.setdefault(owner["key"], owner["name"])
    priorities = list(project.priorities)
    priority_names = dict(project.priorities)  # a priority no recommendation has keeps its name
    for rec in edition.recommendations:
        priority_names[rec["priority"]["key"]] = rec["priority"]["name"]
        if rec["priority"]["key"] not in priorities:
            priorities.append(rec["priority"]["key"])
    bars, totals = tally(
        (
            ([o["key"] for o in rec["owners"]], rec["priority"]["key"])
            for rec in edition.recommendations
        ),
        list(names.items()),
        priorities,
    )
    chart = Chart(
        caption=f"Recommendations of the {edition.key} report by owner and priority",
        note="A recommendation addressed to several owners counts once for each of them.",
        priorities=tuple(priority_names[key] for key in priorities),
        totals=totals,
        bars=bars,
    )
    return Markup(render_chart(chart, f"chart-{edition.key}"))


@dataclass(frozen=True)
class BoardStatus:
    """What the landing page says of the status: where the latest Board action left it."""

    as_of: str
    #: the latest Board action's date and counts; None before the Board has acted
    latest: dict[str, Any] | None
    files: tuple[Download, ...]

    @property
    def pdf(self) -> Download:
        """The status PDF, for the Board's packs."""
        return next(item for item in self.files if item.path.endswith(".pdf"))


def status_in(root: Path, slug: str) -> BoardStatus | None:
    """The status published under ``root/status``, if publish wrote one."""
    folder = root / STATUS
    if not (folder / "status.json").is_file():
        return None
    data = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    actions = data["board_actions"]
    return BoardStatus(
        as_of=data["as_of"] or "",
        latest=actions[-1] if actions else None,
        files=tuple(download(root, f"{STATUS}/{name}") for name in (*STATUS_FILES, pdf_name(slug))),
    )


def landing_page(
    project: Project, editions: list[Edition], status: BoardStatus | None = None
) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    style = (TEMPLATES / "landing.css").read_text(encoding="utf-8") + (
        STATIC / "chart.css"
    ).read_text(encoding="utf-8")
    return environment.get_template("landing.html").render(
        project=project,
        editions=editions,
        comment_period=lambda key: comment_period(project, key),
        chart=chart_of(editions[0], project) if editions else "",
        style=Markup(style),
        long_date=lambda iso: long_date(iso, "en"),
        checksums=CHECKSUMS,
        status=status,
        status_folder=STATUS,
    )


def comment_period(project: Project, key: str) -> str:
    """The edition's comment period as dates, true whenever the page is read (the page is
    built once, without a clock): "24 January", an en dash, "20 March 2020"."""
    closes = project.comments_close.get(key)
    if not closes:
        return ""
    opens = project.comments_open.get(key)
    if not opens:
        return f"until {long_date(closes, 'en')}"
    first, last = long_date(opens, "en"), long_date(closes, "en")
    if opens[:4] == closes[:4]:
        first = first.removesuffix(f" {opens[:4]}")
    return f"{first} \u2013 {last}"


def checksums(editions: list[Edition], status: BoardStatus | None = None) -> str:
    """``sha256sum -c`` input: every downloadable file of every edition, and the status."""
    items = [item for edition in editions for item in edition.downloads]
    items = sorted([*items, *(status.files if status else ())], key=path_of)
    return "".join(f"{item.sha256}  {item.path}\n" for item in items)


def path_of(item: Download) -> str:
    return item.path


def finish(staging: Path, project: Project) -> list[Edition]:
    """Write the landing page and checksums of the staged site; return its editions."""
    editions = editions_in(staging, project.slug)
    status = status_in(staging, project.slug)
    (staging / LANDING).write_text(landing_page(project, editions, status), encoding="utf-8")
    (staging / CHECKSUMS).write_text(checksums(editions, status), encoding="utf-8")
    return editions
