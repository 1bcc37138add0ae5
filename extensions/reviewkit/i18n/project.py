"""What conf.py says about the report's translations, read without a Sphinx build."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from ..config import ConfFileError, ReportConfigError, read_conf, setting_line
from .catalogs import REPORT, Coverage, coverage
from .languages import DEFAULT_THRESHOLD, check_translation_settings


@dataclass(frozen=True)
class Settings:
    languages: list[str]
    catalogs: tuple[str, ...]
    locale_dir: Path  # the first of locale_dirs, where the catalogs are kept
    threshold: float
    locale_dirs: tuple[Path, ...]  # all of them, as Sphinx reads them


def settings(confdir: Path, srcdir: Path) -> Settings:
    """The translation settings of conf.py, checked as a build checks them.

    A mistake ends the command with status 2 and the ``conf.py`` line to correct.
    """
    conf = confdir / "conf.py"
    if not conf.is_file():
        stop(f"error: no conf.py in {confdir}; give the folder of conf.py with -c")
    try:
        namespace: dict[str, Any] = read_conf(conf, [])
    except ConfFileError as error:
        stop(f"error: {error}")
    summary = namespace.get("reviewkit_summary")
    if not summary:
        stop(
            f"error: {conf} names no executive summary to translate; "
            "add reviewkit_summary = 'summary' (the document's name, without .md)"
        )
    languages = namespace.get("reviewkit_translations", [])
    threshold = namespace.get("reviewkit_translation_threshold", DEFAULT_THRESHOLD)
    try:
        check_translation_settings(languages, threshold)
    except ReportConfigError as error:
        line = setting_line(conf, error.name)
        stop(f"{conf}:{line}: {error}" if line else f"{conf}: {error}")
    folders = locale_folders(conf, srcdir, namespace.get("locale_dirs", ["locales"]))
    return Settings(
        languages=list(languages),
        catalogs=(summary, REPORT),
        locale_dir=folders[0],
        threshold=float(threshold),
        locale_dirs=folders,
    )


def locale_folders(conf: Path, srcdir: Path, value: object) -> tuple[Path, ...]:
    """Sphinx's ``locale_dirs``, read against the sources as Sphinx reads them."""
    if (
        not isinstance(value, (list, tuple))
        or not value
        or not all(isinstance(v, str) for v in value)
    ):
        line = setting_line(conf, "locale_dirs")
        stop(
            f"{conf}:{line or 1}: locale_dirs is {value!r}; name the folders of the catalogs "
            "as a list, relative to the sources, e.g. locale_dirs = ['../locale']"
        )
    return tuple((srcdir / folder).resolve() for folder in value)


def stop(message: str) -> NoReturn:
    """End the command on a configuration error, as SPEC section 8 says: status 2."""
    print(message, file=sys.stderr)
    raise SystemExit(2)


def counts(config: Settings) -> list[Coverage]:
    """Coverage per language; raises :class:`~.catalogs.CatalogError` for a catalog that
    cannot be read."""
    return [coverage(config.locale_dir, code, config.catalogs) for code in config.languages]


def published(config: Settings) -> list[str]:
    """The languages that reach the threshold; the others are named with what is missing.

    Raises :class:`~.catalogs.CatalogError` for a catalog that cannot be read.
    """
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
