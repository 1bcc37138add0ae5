"""The report's configuration in conf.py, and a clear error when it is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from .model import LABEL_PATTERN

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


def check_mapping(name: str, value: object) -> None:
    what, example = KEYED_NAMES[name]
    fix = f"set it in conf.py as a dict of {what} key to display name, e.g. {name} = {example}"
    if not isinstance(value, dict):
        raise ConfigError(f"{name} is a {type(value).__name__}, not a dict; {fix}")
    if not value:
        raise ConfigError(f"{name} is empty; {fix}")
    for key, display in value.items():
        if not isinstance(key, str) or not LABEL_PATTERN.match(key):
            raise ConfigError(
                f"{name} has the key {key!r}; keys are lowercase letters, digits and hyphens "
                f"(e.g. 'icann-org'); {fix}"
            )
        if not isinstance(display, str) or not display.strip():
            raise ConfigError(f"{name}[{key!r}] must be a non-empty display name; {fix}")


def check_config(app: Sphinx, config: Config) -> None:
    for name in KEYED_NAMES:
        check_mapping(name, config[name])
    label = config.reviewkit_recommendation_label
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(
            "reviewkit_recommendation_label must be a non-empty string, "
            'e.g. reviewkit_recommendation_label = "Recommendation"'
        )
    slug = config.reviewkit_slug
    if not isinstance(slug, str) or not LABEL_PATTERN.match(slug):
        raise ConfigError(
            f"reviewkit_slug is {slug!r}; it names the downloads, so use lowercase letters, "
            f'digits and hyphens, e.g. reviewkit_slug = "ssr2"'
        )


def setup(app: Sphinx) -> None:
    app.add_config_value("reviewkit_owners", {}, "env", types=frozenset({dict}))
    app.add_config_value("reviewkit_priorities", DEFAULT_PRIORITIES, "env",
                         types=frozenset({dict}))
    app.add_config_value("reviewkit_consensus_levels", DEFAULT_CONSENSUS_LEVELS, "env",
                         types=frozenset({dict}))
    app.add_config_value("reviewkit_recommendation_label", "Recommendation", "env",
                         types=frozenset({str}))
    app.add_config_value("reviewkit_slug", "report", "env", types=frozenset({str}))
    app.add_config_value("reviewkit_title", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("reviewkit_date", None, "env", types=frozenset({str, type(None)}))
    app.connect("config-inited", check_config)
