"""The translator's and the summaries' figures: gettext extraction, then the six summaries.

The synthetic report's summary gets catalogs in the five other languages once per
size (untimed), with every message "translated" as itself: the builds then do the
work of a fully translated summary, which is what the real report publishes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reviewkit.i18n.catalogs import po_path, read_catalog, render

from generate import TRANSLATIONS
from measure import Run, run


def extract(src: Path, out: Path) -> Run:
    """``sphinx-build -b gettext`` of the English sources, as ``nox -s gettext`` runs it."""
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "gettext"]
    command += ["-D", "language=en", "-d", str(out / "doctrees"), str(src), str(out / "pot")]
    return run(command)


def translate_as_itself(src: Path, pot_dir: Path) -> None:
    """Catalogs for every language of the summary, each message its own translation."""
    for name in ("summary", "report"):
        for language in TRANSLATIONS:
            catalog = read_catalog(pot_dir / f"{name}.pot")
            catalog.locale = language
            for message in catalog:
                if message.id:
                    message.string = message.id
            target = po_path(src / "locale", language, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render(catalog))


def summaries(src: Path, out: Path, jobs: int = 2, seed: Path | None = None) -> Run:
    """The summary in English and the five other languages, HTML and PDF, ``jobs`` at a
    time; from the English read in ``seed`` (doctrees), as publish builds them."""
    command = [sys.executable, "-m", "reviewkit.i18n", "-c", str(src), "-s", str(src)]
    command += ["summaries", "--build", str(out), "-j", str(jobs)]
    if seed is not None:
        command += ["--seed", str(seed)]
    # every PDF laid out: none taken from an earlier run's (reviewkit.pdf.cache)
    return run(command, env={**os.environ, "REVIEWKIT_PDF_CACHE": ""})
