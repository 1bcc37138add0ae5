"""PDFs laid out before, kept by everything they were made from.

Laying out and writing a PDF is most of a publish: the report's PDF alone takes longer
than everything else. Its bytes depend only on the print HTML, the images it shows,
the installed fonts and the renderer (publish is reproducible: the same commit gives
the same bytes). So a PDF made before from exactly the same inputs *is* the PDF this
build would write, and is taken instead of laying the pages out again. A catalog
update lays out only its language's summary; a publish whose changes reach no PDF (a
row of the Board's decisions, say) lays out none.

The key is a SHA-256 of:

- the print HTML (its stylesheets are inside it) and the PDF's name and page labels;
- the content of every image the build copied for the renderer;
- every face fontconfig lists, with its file's size and time;
- the renderer: the versions of every installed Python distribution, reviewkit's PDF
  code, Python, and the Pango, HarfBuzz, fontconfig, FreeType and FriBidi libraries
  the dynamic linker would load.

A PDF is kept only when its rendering said nothing (no warning, no refused URL), so a
PDF taken from the cache never hides a message its rendering gave. Each entry records
its PDF's SHA-256, checked before it is used: an entry that is damaged or written by
hand is not used (the PDF is laid out again) and is replaced. The cache keeps one
entry per PDF name.

Where: ``$REVIEWKIT_PDF_CACHE``, which the reviewkit command, publish and the summaries
set to ``<build>/.cache/pdf`` unless it is already set; set it empty to lay out every
PDF afresh. A plain ``sphinx-build`` without it keeps nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

#: the environment variable naming the cache's folder
VARIABLE = "REVIEWKIT_PDF_CACHE"
#: the native libraries whose versions shape the layout and the embedded fonts
LIBRARIES = ("libpango", "libharfbuzz", "libfontconfig", "libfreetype", "libfribidi")


@contextlib.contextmanager
def kept_under(build: Path) -> Iterator[None]:
    """The cache under ``build`` while in the block, for this process and the builds it
    starts, unless one is named already (or turned off)."""
    if VARIABLE in os.environ:
        yield
        return
    os.environ[VARIABLE] = str(build.resolve() / ".cache" / "pdf")
    try:
        yield
    finally:
        os.environ.pop(VARIABLE, None)


@dataclass(frozen=True)
class Cache:
    folder: Path

    @classmethod
    def configured(cls) -> Cache | None:
        folder = os.environ.get(VARIABLE, "")
        return cls(Path(folder)) if folder else None

    def entry(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.pdf", self.folder / f"{key}.json"

    def take(self, key: str, target: Path) -> int | None:
        """Put the PDF kept under ``key`` at ``target`` (whole, or not at all); its number
        of pages, or None when there is no sound entry."""
        from ..export import write_atomically

        pdf, record = self.entry(key)
        try:
            kept = json.loads(record.read_text(encoding="utf-8"))
            pages = kept["pages"]
            data = pdf.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if type(pages) is not int or kept.get("sha256") != hashlib.sha256(data).hexdigest():
            return None
        try:
            write_atomically(target, data)
        except OSError:
            return None  # laid out again: the build says what stops it writing
        return pages

    def keep(self, key: str, pdf: Path, pages: int) -> None:
        """Keep ``pdf`` under ``key``, in place of any earlier PDF of the same name. A
        cache that cannot be written is left as it is: the build has its PDF."""
        from ..export import write_atomically

        kept, kept_record = self.entry(key)
        try:
            data = pdf.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            record = {"name": pdf.name, "pages": pages, "sha256": digest}
            self.folder.mkdir(parents=True, exist_ok=True)
            for earlier in self.folder.glob("*.json"):
                if earlier != kept_record and named(earlier) == pdf.name:
                    earlier.unlink(missing_ok=True)
                    earlier.with_suffix(".pdf").unlink(missing_ok=True)
            write_atomically(kept, data)
            write_atomically(kept_record, json.dumps(record, sort_keys=True).encode())
        except OSError:
            return


def named(record: Path) -> str | None:
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        return None


def key(html: str, images: Iterable[Path], settings: dict[str, Any]) -> str:
    """What a PDF is made from (see the module's text), as a SHA-256."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode())
            digest.update(b"\0")

    add("reviewkit-pdf-1", json.dumps(settings, sort_keys=True), html)
    for image in sorted(images):
        add(image.name, hashlib.sha256(image.read_bytes()).hexdigest())
    add(fonts_in_use(), renderer())
    return digest.hexdigest()


def fonts_in_use() -> str:
    """Every face fontconfig lists, with its file's size and time."""
    from .fonts import faces

    lines = []
    for face in faces():
        try:
            status = os.stat(face[2])
            lines.append("\t".join([*face, str(status.st_size), str(status.st_mtime_ns)]))
        except OSError:
            lines.append("\t".join(face))
    return "\n".join(lines)


@functools.cache
def renderer() -> str:
    """The renderer's versions: Python's distributions, reviewkit's PDF code, Python, and
    the native libraries of :data:`LIBRARIES`."""
    distributions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
    )
    code = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        code.update(source.read_bytes())
    return "\n".join([sys.version, *distributions, code.hexdigest(), *libraries()])


def libraries() -> list[str]:
    """The shared libraries of :data:`LIBRARIES` the dynamic linker would load, with
    their sizes and times (none where it cannot say)."""
    try:
        cache = subprocess.run(
            [shutil.which("ldconfig") or "/sbin/ldconfig", "-p"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    described = []
    for line in sorted(set(cache.splitlines())):
        name, _, path = line.strip().partition(" => ")
        if not name.startswith(LIBRARIES):
            continue
        try:
            status = os.stat(path)
        except OSError:
            continue
        described.append(f"{line.strip()}\t{status.st_size}\t{status.st_mtime_ns}")
    return described
