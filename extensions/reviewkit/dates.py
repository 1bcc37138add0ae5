"""The report's dates: as readers read them, and the one a build records.

Two dates, for two purposes. The report's own date (``report_date``) is the
edition's date as conf.py gives it (``reviewkit_date``), which the export records.
The build's time (``source_date``) is when the sources were last changed, which the
PDF's metadata records: never the clock, so two builds of one commit are identical.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_date

if TYPE_CHECKING:
    from sphinx.config import Config


def long_date(iso: str, language: str | None) -> str:
    """A date as readers of the language write it in full: "20 March 2020", "20 mars 2020",
    "20 de marzo de 2020", "2020年3月20日" (English as international reports write it)."""
    locale = "en_GB" if (language or "en") == "en" else language
    return format_date(dt.date.fromisoformat(iso), "long", locale=locale)


def report_date(config: Config) -> str:
    """The report's date: conf.py's ``reviewkit_date``, else SOURCE_DATE_EPOCH, else today."""
    if config.reviewkit_date:
        return str(config.reviewkit_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def source_date(srcdir: Path, report_date: str | None) -> str:
    """When the report was made: SOURCE_DATE_EPOCH, else the last commit, else its date.

    Never the clock: two builds of the same commit give the same PDF.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(
                ["git", "log", "-1", "--format=%ct"],
                cwd=srcdir,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if epoch.isdigit():
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
    if report_date:
        return f"{report_date}T00:00:00Z"
    return "2000-01-01T00:00:00Z"
