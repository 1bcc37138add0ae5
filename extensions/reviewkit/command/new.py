"""``reviewkit new DIR``: a report project that checks and publishes as it stands.

The project is the skeleton shipped with the package (``reviewkit/skeleton/``), copied
with its title, slug and dates filled in: conf.py, the sources in report/, a README for
the team, a requirements.txt naming where this reviewkit came from, a .gitignore and a
CI workflow. The translation's catalogs are then made by ``reviewkit gettext``'s own
job, so they hold exactly the messages of the sources as written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import sys
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from .. import __version__
from ..model import LABEL_PATTERN
from . import jobs
from .project import UsageError, find

#: the package itself: its skeleton, and its installed copy told from a checkout
PACKAGE = Path(__file__).resolve().parent.parent
SKELETON = PACKAGE / "skeleton"
#: a skeleton path part ``dot-github`` is written ``.github``: a wheel and its tools may
#: leave out or act on dot files of the package itself
DOT = "dot-"
DEFAULT_TITLE = "Report of the Review Team"
DEFAULT_SLUG = "report"
#: what a folder may hold and still count as empty: a fresh clone of the team's repository
UNCOUNTED = {".git"}
#: how long the draft's public comment period lasts, and the time the team then takes
#: to answer the comments before the final report
COMMENT_PERIOD = dt.timedelta(weeks=6)
RESPONSE_TIME = dt.timedelta(weeks=8)
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
#: the characters that mean something to MyST in a heading's text
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&#])")
#: requirements.txt when ``new`` cannot tell where the team's CI gets reviewkit: PyPI's
#: "reviewkit" is another project, so the team writes its own address
UNKNOWN_REQUIREMENT = """\
# Write one of these two lines without its "#", with your team's address or file:
# reviewkit @ git+https://<where your team keeps reviewkit>@<tag>
# ./vendor/reviewkit-{version}-py3-none-any.whl"""
#: what ``new`` says when it wrote UNKNOWN_REQUIREMENT
UNKNOWN_REQUIREMENT_NOTE = (
    "requirements.txt: say where your CI gets reviewkit (a git URL or a wheel); see README.md"
)


@dataclass(frozen=True)
class SkeletonFile:
    source: Path
    name: PurePosixPath  # where it goes in the new project

    @property
    def kind(self) -> str:
        return self.source.suffix


def skeleton() -> list[SkeletonFile]:
    """Every file of the skeleton, with the path it takes in the new project."""
    files = []
    for source in sorted(SKELETON.rglob("*")):
        relative = PurePosixPath(source.relative_to(SKELETON).as_posix())
        if not source.is_file() or "__pycache__" in relative.parts:
            continue
        name = PurePosixPath(
            *("." + part[len(DOT) :] if part.startswith(DOT) else part for part in relative.parts)
        )
        files.append(SkeletonFile(source, name))
    return sorted(files, key=lambda file: str(file.name).lower())


def slug_from(name: str) -> str:
    """A slug made from a folder's name: accents dropped, lowercase, runs of anything
    but letters and digits as one hyphen ("Widget Review 2024" gives widget-review-2024)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or DEFAULT_SLUG


def checked_slug(slug: str | None, target: Path) -> str:
    if slug is None:
        return slug_from(target.resolve().name)
    if not LABEL_PATTERN.match(slug):
        raise UsageError(
            f"--slug {slug!r} cannot name the downloads: use lowercase letters, digits and "
            f"hyphens, starting with a letter or digit, e.g. --slug {slug_from(slug)}"
        )
    return slug


def checked_title(title: str | None) -> str:
    if title is None:
        return DEFAULT_TITLE
    if not title.strip() or any(unicodedata.category(char) == "Cc" for char in title):
        raise UsageError(
            f"--title {title!r} cannot be the report's title: write it on one line, "
            f"with words, e.g. --title {shlex.quote(DEFAULT_TITLE)}"
        )
    return title.strip()


def installed_direct_url() -> str | None:
    """PEP 610's record (``direct_url.json``) of where the running reviewkit was installed
    from. None when nothing records it, or when the installed copy is not the one running
    (a checkout on PYTHONPATH): its record would name another reviewkit."""
    try:
        distribution = metadata.distribution("reviewkit")
    except metadata.PackageNotFoundError:
        return None
    installed = Path(str(distribution.locate_file("reviewkit/__init__.py")))
    if installed.resolve() != PACKAGE / "__init__.py":
        return None
    return distribution.read_text("direct_url.json")


def requirement_from(direct_url: str | None) -> str | None:
    """The requirement that installs the running reviewkit on another machine, such as
    the team's CI, from PEP 610's ``direct_url.json``: a VCS URL at its commit, or an
    archive's URL with its hash. None when another machine cannot reach it (a checkout
    or a file of this one), or nothing says where it came from: an index, where the name
    "reviewkit" may be another project's, or a record that cannot be read."""
    try:
        record = json.loads(direct_url or "null")
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    url = record.get("url")
    if not isinstance(url, str) or not re.fullmatch(r"\S+", url):
        return None
    if urllib.parse.urlsplit(url).scheme in ("", "file"):
        return None
    location = vcs_location(url, record.get("vcs_info")) or archive_location(
        url, record.get("archive_info")
    )
    if location is None:
        return None
    subdirectory = record.get("subdirectory")
    if isinstance(subdirectory, str) and re.fullmatch(r"\S+", subdirectory):
        location += ("&" if "#" in location else "#") + f"subdirectory={subdirectory}"
    return f"reviewkit @ {location}"


def vcs_location(url: str, vcs_info: object) -> str | None:
    """A VCS URL pinned to the commit that was installed, not to a branch that moves."""
    if not isinstance(vcs_info, dict):
        return None
    vcs, commit = vcs_info.get("vcs"), vcs_info.get("commit_id")
    if vcs not in ("git", "hg", "svn", "bzr") or not isinstance(commit, str):
        return None
    if not re.fullmatch(r"[\w.-]+", commit):
        return None
    return f"{vcs}+{url}@{commit}"


def archive_location(url: str, archive_info: object) -> str | None:
    """An archive's URL, with the hash pip checks it against when the record has one."""
    if not isinstance(archive_info, dict):
        return None
    hashes = archive_info.get("hashes")
    legacy = archive_info.get("hash")
    if isinstance(hashes, dict) and re.fullmatch(r"[0-9a-f]+", str(hashes.get("sha256"))):
        return f"{url}#sha256={hashes['sha256']}"
    if isinstance(legacy, str) and re.fullmatch(r"\w+=\w+", legacy):
        return f"{url}#{legacy}"
    return url


def values(title: str, slug: str, today: dt.date, requirement: str | None) -> dict[str, str]:
    """What the skeleton's ``{{name}}`` placeholders stand for; ``requirement`` is where
    the team's CI gets reviewkit, None when ``new`` cannot tell."""
    closes = today + COMMENT_PERIOD
    return {
        "title": title,
        "slug": slug,
        "version": __version__,
        "reviewkit": requirement or UNKNOWN_REQUIREMENT.format(version=__version__),
        "year": str(today.year),
        "draft_date": today.isoformat(),
        "comments_close": closes.isoformat(),
        "final_date": (closes + RESPONSE_TIME).isoformat(),
    }


def python_text(value: str) -> str:
    """A value inside a double-quoted Python string of conf.py."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def markdown_text(value: str) -> str:
    """A value as text in a MyST page: nothing in it becomes markup."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", value)


ESCAPES: dict[str, Callable[[str], str]] = {".py": python_text, ".md": markdown_text}


def filled(file: SkeletonFile, words: dict[str, str]) -> str:
    escape = ESCAPES.get(file.kind, str)
    text = file.source.read_text(encoding="utf-8")
    return PLACEHOLDER.sub(lambda match: escape(words[match.group(1)]), text)


def refusal(target: Path, files: list[SkeletonFile], force: bool) -> str | None:
    """Why the project cannot be written into ``target``, if it cannot."""
    if target.exists() and not target.is_dir():
        return f"{target} is a file, not a folder; give the name of a new folder"
    if not target.exists():
        return None
    present = sorted(
        entry.name + ("/" if entry.is_dir() else "")
        for entry in target.iterdir()
        if entry.name not in UNCOUNTED
    )
    if present and not force:
        return (
            f"{target} is not empty (it holds {listed(present)}); give a new or empty folder, or "
            "--force to write the new project's files there, replacing only those of the "
            "same name"
        )
    return conflict(target, files)


def listed(names: list[str], most: int = 5) -> str:
    """A few names for a one-line message, and how many more there are."""
    more = len(names) - most
    return ", ".join(names[:most]) + (f" and {more} more" if more > 0 else "")


def conflict(target: Path, files: list[SkeletonFile]) -> str | None:
    """A path of ``target`` that is in the way of a file of the skeleton: a file where a
    folder goes, a folder where a file goes, a link leading out of the folder."""
    root = target.resolve()
    for file in files:
        path = target / file.name
        for folder in [*reversed(path.parents[: len(file.name.parts) - 1])]:
            if folder.exists() and not folder.is_dir():
                return f"{folder} is a file where the project has a folder; move it away"
            if folder.is_dir() and not folder.resolve().is_relative_to(root):
                return f"{folder} leads outside {target}; move it away"
        if path.is_dir() and not path.is_symlink():
            return f"{path} is a folder where the project has a file; move it away"
    return None


def created(target: Path) -> Path | None:
    """Make ``target`` and any missing parent; the first folder made, to remove on failure
    (None when ``target`` exists)."""
    if target.exists():
        return None
    first = target
    while not first.parent.exists():
        first = first.parent
    try:
        target.mkdir(parents=True)
    except OSError as error:
        raise UsageError(
            f"{target} cannot be created ({error.strerror}); give a folder you can write in"
        ) from None
    return first


def write(target: Path, files: list[SkeletonFile], words: dict[str, str]) -> list[str]:
    """Write the project's files; each one's name, marked where it replaced a file."""
    written = []
    for file in files:
        path = target / file.name
        replaced = path.exists() or path.is_symlink()
        if path.is_symlink():
            path.unlink()  # replace the link, never the file it leads to
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(filled(file, words), encoding="utf-8")
        written.append(f"{file.name}{' (replaced)' if replaced else ''}")
    return written


def new(target: Path, title: str | None, slug: str | None, force: bool) -> int:
    """Write a new report project into ``target`` and make its catalogs."""
    files = skeleton()
    requirement = requirement_from(installed_direct_url())
    words = values(checked_title(title), checked_slug(slug, target), dt.date.today(), requirement)
    problem = refusal(target, files, force)
    if problem:
        raise UsageError(problem)
    made = created(target)
    build = target / "_build"
    build_existed = build.exists() or build.is_symlink()
    try:
        written = write(target, files, words)
    except OSError as error:
        if made:
            shutil.rmtree(made, ignore_errors=True)
        where = f"{error.filename}: " if error.filename else ""
        raise UsageError(f"{where}cannot be written ({error.strerror})") from None
    print(f"reviewkit new: wrote {len(written)} files in {target.resolve()}:")
    for name in written:
        print(f"  {name}")
    print("reviewkit new: making the catalogs of the translation (reviewkit gettext)")
    try:
        failed = jobs.gettext(find(target))
    finally:
        if not build_existed:
            shutil.rmtree(build, ignore_errors=True)  # a fresh project has no outputs
    if failed:
        print(
            f"reviewkit new: error: the catalogs could not be made; in {target}, run "
            "reviewkit gettext",
            file=sys.stderr,
        )
        return 1
    print(next_steps(target, words["slug"]))
    if requirement is None:
        print(UNKNOWN_REQUIREMENT_NOTE)
    return 0


def next_steps(target: Path, slug: str) -> str:
    """The commands a team runs next; no ``cd`` when the project is the current folder."""
    steps = [] if target.resolve() == Path.cwd().resolve() else [f"cd {shlex.quote(str(target))}"]
    steps += [
        "reviewkit check      # every check, both editions and the catalogs",
        "reviewkit serve      # a live preview on http://127.0.0.1:8000/",
        f"reviewkit publish    # the site in public/, with public/final/{slug}-final.pdf",
    ]
    return (
        "\nThe report project is ready. Next:\n"
        + "".join(f"  {step}\n" for step in steps)
        + "README.md says how to write, translate and publish the report."
    )
