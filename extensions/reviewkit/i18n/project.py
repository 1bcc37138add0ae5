"""What conf.py says about the report's translations, read without a Sphinx build."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from .catalogs import DEFAULT_THRESHOLD, REPORT, Coverage, coverage


@dataclass(frozen=True)
class Settings:
    languages: list[str]
    catalogs: tuple[str, ...]
    locale_dir: Path
    threshold: float


def settings(confdir: Path, srcdir: Path) -> Settings:
    conf = confdir / "conf.py"
    if not conf.is_file():
        raise SystemExit(f"error: no conf.py in {confdir}; give the folder of conf.py with -c")
    namespace: dict[str, Any] = eval_config_file(conf, Tags())
    summary = namespace.get("reviewkit_summary")
    if not summary:
        raise SystemExit(
            f"error: {conf} names no executive summary to translate; "
            "add reviewkit_summary = 'summary' (the document's name, without .md)"
        )
    folders = namespace.get("locale_dirs", ["locales"])
    return Settings(
        languages=list(namespace.get("reviewkit_translations", [])),
        catalogs=(summary, REPORT),
        locale_dir=(srcdir / folders[0]).resolve(),
        threshold=float(namespace.get("reviewkit_translation_threshold", DEFAULT_THRESHOLD)),
    )


def counts(config: Settings) -> list[Coverage]:
    return [coverage(config.locale_dir, code, config.catalogs) for code in config.languages]


def published(config: Settings) -> list[str]:
    """The languages that reach the threshold; the others are named with what is missing."""
    result = []
    for item in counts(config):
        if item.reaches(config.threshold):
            result.append(item.language)
        else:
            print(
                f"{item.language}: {item.percent:.1f}% of the summary is translated "
                f"({item.fuzzy} fuzzy, {item.untranslated} untranslated), below "
                f"reviewkit_translation_threshold = {config.threshold:g} in conf.py, so its "
                f"summary is not published; finish the catalogs in "
                f"{config.locale_dir / item.language / 'LC_MESSAGES'}",
                file=sys.stderr,
            )
    return result
