"""The report's configuration in conf.py, and a clear error when it is wrong."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

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


def validate(config: Config) -> None:
    for name in KEYED_NAMES:
        check_mapping(name, config[name])
    label = config.reviewkit_recommendation_label
    if not isinstance(label, str) or not label.strip():
        raise ReportConfigError(
            "reviewkit_recommendation_label must be a non-empty string, "
            'e.g. reviewkit_recommendation_label = "Recommendation"',
            "reviewkit_recommendation_label",
        )
    slug = config.reviewkit_slug
    if not isinstance(slug, str) or not LABEL_PATTERN.match(slug):
        raise ReportConfigError(
            f"reviewkit_slug is {slug!r}; it names the downloads, so use lowercase letters, "
            f'digits and hyphens, e.g. reviewkit_slug = "ssr2"',
            "reviewkit_slug",
        )


def setting_line(path: Path, name: str) -> int | None:
    """The line of conf.py whose assignment to ``name`` takes effect (the last), if any."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    assignment = re.compile(rf"^\s*{re.escape(name)}\s*(:[^=]*)?=")
    found = [n for n, line in enumerate(lines, 1) if assignment.match(line)]
    return found[-1] if found else None


def check_config(app: Sphinx, config: Config) -> None:
    try:
        validate(config)
    except ReportConfigError as error:
        path = Path(app.confdir) / "conf.py"
        line = setting_line(path, error.name)
        if line is None:  # Sphinx would read a location without a line as a document name
            logger.error("%s: %s", path, error, type="reviewkit", subtype="config")
        else:
            logger.error(str(error), type="reviewkit", subtype="config", location=f"{path}:{line}")
        raise ConfigurationStop from error


def setup(app: Sphinx) -> None:
    app.add_config_value("reviewkit_owners", {}, "env", types=frozenset({dict}))
    app.add_config_value("reviewkit_priorities", DEFAULT_PRIORITIES, "env", types=frozenset({dict}))
    app.add_config_value(
        "reviewkit_consensus_levels", DEFAULT_CONSENSUS_LEVELS, "env", types=frozenset({dict})
    )
    app.add_config_value(
        "reviewkit_recommendation_label", "Recommendation", "env", types=frozenset({str})
    )
    app.add_config_value("reviewkit_slug", "report", "env", types=frozenset({str}))
    app.add_config_value("reviewkit_title", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("reviewkit_date", None, "env", types=frozenset({str, type(None)}))
    app.connect("config-inited", check_config)
