"""The report's configuration in conf.py, and a clear error when it is wrong."""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.config import eval_config_file
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.tags import Tags

from .model import LABEL_PATTERN

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

DEFAULT_PRIORITIES = {"high": "High", "medium": "Medium", "low": "Low"}
DEFAULT_CONSENSUS_LEVELS = {
    "full": "Full consensus",
    "consensus": "Consensus",
    "divergence": "Divergence",
}

#: name -> (what it lists, an example entry)
KEYED_NAMES = {
    "reviewkit_owners": ("owner", '{"icann-org": "ICANN org"}'),
    "reviewkit_priorities": ("priority", '{"high": "High"}'),
    "reviewkit_consensus_levels": ("consensus level", '{"full": "Full consensus"}'),
}


class ReportConfigError(Exception):
    """A setting in conf.py that reviewkit cannot work with; ``name`` is the setting."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class ConfigurationStop(SystemExit):
    """Ends the build after the configuration error was reported.

    Sphinx prints a crash report with a traceback for every exception it catches;
    a mistake in conf.py deserves one clear line instead, so the build stops here
    with status 2, as Sphinx itself does on errors.
    """

    def __init__(self) -> None:
        super().__init__(2)


def check_mapping(name: str, value: object) -> None:
    what, example = KEYED_NAMES[name]
    fix = f"set it in conf.py as a dict of {what} key to display name, e.g. {name} = {example}"
    if not isinstance(value, dict):
        raise ReportConfigError(f"{name} is a {type(value).__name__}, not a dict; {fix}", name)
    if not value:
        raise ReportConfigError(f"{name} is empty; {fix}", name)
    for key, display in value.items():
        if not isinstance(key, str) or not LABEL_PATTERN.match(key):
            raise ReportConfigError(
                f"{name} has the key {key!r}; keys are lowercase letters, digits and hyphens "
                f"(e.g. 'icann-org'); {fix}",
                name,
            )
        if not isinstance(display, str) or not display.strip():
            raise ReportConfigError(
                f"{name}[{key!r}] must be a non-empty display name; {fix}", name
            )


COMMENT_EXAMPLE = (
    'reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", '
    '"how": "Send comments to ...", "page": "status"}'
)


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(name: str, value: object, what: str) -> dt.date:
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ReportConfigError(
        f"{what} is {value!r}; write the date as YYYY-MM-DD, e.g. '2020-03-20'", name
    )


def check_public_comment(value: object) -> None:
    name = "reviewkit_public_comment"
    fix = f"set it in conf.py, e.g. {COMMENT_EXAMPLE} (page is optional)"
    if value is None:
        return
    if not isinstance(value, dict):
        raise ReportConfigError(f"{name} is a {type(value).__name__}, not a dict; {fix}", name)
    unknown = sorted(set(value) - {"opens", "closes", "how", "page"})
    missing = [key for key in ("opens", "closes", "how") if key not in value]
    if unknown or missing:
        problem = f"has no {', '.join(missing)}" if missing else f"has unknown keys {unknown}"
        raise ReportConfigError(f"{name} {problem}; {fix}", name)
    opens = iso_date(name, value["opens"], f"{name}['opens']")
    closes = iso_date(name, value["closes"], f"{name}['closes']")
    if closes < opens:
        raise ReportConfigError(
            f"{name} closes on {closes} before it opens on {opens}; swap or correct the dates",
            name,
        )
    for key in ("how", "page"):
        if key in value and (not isinstance(value[key], str) or not value[key].strip()):
            raise ReportConfigError(f"{name}[{key!r}] must be a non-empty string; {fix}", name)


#: the settings :func:`validate` checks, with their defaults
CHECKED = {
    "reviewkit_owners": {},
    "reviewkit_priorities": DEFAULT_PRIORITIES,
    "reviewkit_consensus_levels": DEFAULT_CONSENSUS_LEVELS,
    "reviewkit_recommendation_label": "Recommendation",
    "reviewkit_slug": "report",
    "reviewkit_date": None,
    "reviewkit_public_comment": None,
    "reviewkit_keywords": [],
    "locale_dirs": ["locales"],
    "reviewkit_comments": None,
    "reviewkit_baseline": None,
}

#: the settings that name a file of the sources: what the file is, and an example
PATH_SETTINGS = {
    "reviewkit_comments": ("the comments CSV file", "comments.csv", "there are none"),
    "reviewkit_baseline": (
        "the draft's recommendations.json",
        "draft-recommendations.json",
        "there is no draft to compare with",
    ),
}


def check_path(name: str, value: object) -> None:
    """A path (or None) before anything reads it: a number or a list would otherwise end
    the build in a traceback."""
    if value is None or (isinstance(value, str) and "\0" not in value):
        return
    what = (
        "has a NUL character"
        if isinstance(value, str)
        else f"is {reprlib.repr(value)} (a {type(value).__name__}), not a string"
    )
    names, example, none = PATH_SETTINGS[name]
    raise ReportConfigError(
        f"{name} {what}; write the path of {names} relative to the sources, "
        f'e.g. {name} = "{example}", or None when {none}',
        name,
    )


def check_strings(name: str, value: object, example: str) -> None:
    """A list of non-empty strings (a string alone would be read a letter at a time)."""
    fix = f"write a list of strings, e.g. {name} = {example}"
    if not isinstance(value, list | tuple):
        raise ReportConfigError(f"{name} is a {type(value).__name__}, not a list; {fix}", name)
    for entry in value:
        if not isinstance(entry, str) or not entry.strip():
            raise ReportConfigError(f"{name} holds {entry!r}, not a non-empty string; {fix}", name)


def validate(config: Mapping[str, Any]) -> None:
    """Check the settings a build (or a tool reading conf.py without one) relies on."""
    for name in KEYED_NAMES:
        check_mapping(name, config[name])
    label = config["reviewkit_recommendation_label"]
    if not isinstance(label, str) or not label.strip():
        raise ReportConfigError(
            "reviewkit_recommendation_label must be a non-empty string, "
            'e.g. reviewkit_recommendation_label = "Recommendation"',
            "reviewkit_recommendation_label",
        )
    slug = config["reviewkit_slug"]
    if not isinstance(slug, str) or not LABEL_PATTERN.match(slug):
        raise ReportConfigError(
            f"reviewkit_slug is {slug!r}; it names the downloads, so use lowercase letters, "
            f'digits and hyphens, e.g. reviewkit_slug = "ssr2"',
            "reviewkit_slug",
        )
    if config["reviewkit_date"] is not None:
        iso_date("reviewkit_date", config["reviewkit_date"], "reviewkit_date")
    check_public_comment(config["reviewkit_public_comment"])
    check_strings("reviewkit_keywords", config["reviewkit_keywords"], '["DNS", "security"]')
    check_strings("locale_dirs", config["locale_dirs"], '["locale"]')
    for name in PATH_SETTINGS:
        check_path(name, config[name])


class ConfFileError(Exception):
    """conf.py cannot be used; the message names the file and line and what to change."""


def read_conf(path: Path, tags: list[str]) -> dict[str, Any]:
    """conf.py's settings as a build with ``tags`` reads them, checked as a build checks
    them, for the tools that read conf.py without a build."""
    path = path.resolve()  # Sphinx reads conf.py from inside its folder
    try:
        namespace = eval_config_file(path, Tags(tags))
    except ConfigError as error:
        raise ConfFileError(unreadable(path, error)) from None
    try:
        validate({name: namespace.get(name, default) for name, default in CHECKED.items()})
    except ReportConfigError as error:
        line = setting_line(path, error.name)
        raise ConfFileError(f"{path}:{line}: {error}" if line else f"{path}: {error}") from None
    return namespace


def unreadable(path: Path, error: ConfigError) -> str:
    """Sphinx's words for a conf.py that does not run, at the line where it stopped."""
    cause = error.__cause__
    if isinstance(cause, SyntaxError):
        return f"{path}:{cause.lineno}: {cause.msg}; correct this line of conf.py"
    if cause is not None:
        lines = [
            frame.lineno
            for frame in traceback.extract_tb(cause.__traceback__)
            if Path(frame.filename) == path
        ]
        if not lines:
            return f"{path}: cannot be read ({type(cause).__name__}: {cause})"
        return f"{path}:{lines[-1]}: {type(cause).__name__}: {cause}; correct this line of conf.py"
    return f"{path}: {error}"


def setting_line(path: Path, name: str) -> int | None:
    """The line of conf.py whose assignment to ``name`` takes effect (the last), if any."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    assignment = re.compile(rf"^\s*{re.escape(name)}\s*(:[^=]*)?=")
    found = [n for n, line in enumerate(lines, 1) if assignment.match(line)]
    return found[-1] if found else None


def report_setting(app: Sphinx, name: str, message: str, *, error: bool = False) -> None:
    """Log a problem with a conf.py setting, located at the line that sets it."""
    path = Path(app.confdir) / "conf.py"
    line = setting_line(path, name)
    log = logger.error if error else logger.warning
    if line is None:  # Sphinx would read a location without a line as a document name
        log("%s: %s", path, message, type="reviewkit", subtype="config")
    else:
        log(message, type="reviewkit", subtype="config", location=f"{path}:{line}")


def check_config(app: Sphinx, config: Config) -> None:
    try:
        validate({name: config[name] for name in CHECKED})
    except ReportConfigError as error:
        report_setting(app, error.name, str(error), error=True)
        raise ConfigurationStop from error


def setup(app: Sphinx) -> None:
    for name in KEYED_NAMES:
        app.add_config_value(name, CHECKED[name], "env", types=frozenset({dict}))
    for name in ("reviewkit_recommendation_label", "reviewkit_slug"):
        app.add_config_value(name, CHECKED[name], "env", types=frozenset({str}))
    app.add_config_value("reviewkit_title", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("reviewkit_date", None, "env", types=frozenset({str, type(None)}))
    app.connect("config-inited", check_config)
