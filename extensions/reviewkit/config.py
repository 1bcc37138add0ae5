"""The report's configuration in conf.py, and a clear error when it is wrong.

Every setting is declared once, in :data:`SETTINGS`: the build registers it from there,
the build and the tools that read conf.py check it from there, and the README's table
of settings is written from there (``tests/test_settings.py`` holds the two together).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import re
import reprlib
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.config import Config, eval_config_file
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.tags import Tags

from .model import LABEL_PATTERN
from .vocabulary import FIGURE_NUMBER, WORDS

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
    "reviewkit_owners": ("owner", '{"board": "The Board"}'),
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
                f"(e.g. 'board'); {fix}",
                name,
            )
        if not isinstance(display, str) or not display.strip():
            raise ReportConfigError(
                f"{name}[{key!r}] must be a non-empty display name; {fix}", name
            )


COMMENT_EXAMPLE = (
    'reviewkit_public_comment = {"opens": "2025-03-03", "closes": "2025-04-14", '
    '"how": "Send comments to ...", "page": "about"}'
)


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(name: str, value: object, what: str) -> dt.date:
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ReportConfigError(
                f"{what} is {value!r}, a day the calendar does not have; correct the month "
                "or the day, e.g. '2020-02-29'",
                name,
            ) from None
    raise ReportConfigError(
        f"{what} is {value!r}; write the date as YYYY-MM-DD, e.g. '2020-03-20'", name
    )


def check_public_comment(name: str, value: object) -> None:
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


#: the settings that name a file of the sources: what the file is, and an example
PATH_SETTINGS = {
    "reviewkit_comments": ("the comments CSV file", "comments.csv", "there are none"),
    "reviewkit_baseline": (
        "the draft's recommendations.json",
        "draft-recommendations.json",
        "there is no draft to compare with",
    ),
    "reviewkit_board_actions": (
        "the Board's decisions CSV file",
        "board-actions.csv",
        "the Board has not acted yet",
    ),
    "reviewkit_implementation": (
        "the implementation CSV file",
        "implementation.csv",
        "there is no implementation to report",
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


def described(value: object) -> str:
    """A wrong value as a message shows it: short, with its type where that is the trouble."""
    if isinstance(value, str):
        return "has a NUL character" if "\0" in value else f"is {reprlib.repr(value)}"
    return f"is {reprlib.repr(value)} (a {type(value).__name__})"


def check_label(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ReportConfigError(
            f'{name} must be a non-empty string, e.g. {name} = "Recommendation"', name
        )


def check_slug(name: str, value: object) -> None:
    if not isinstance(value, str) or not LABEL_PATTERN.match(value):
        raise ReportConfigError(
            f"{name} is {value!r}; it names the downloads, so use lowercase letters, "
            f'digits and hyphens, e.g. {name} = "my-review"',
            name,
        )


def check_title(name: str, value: object) -> None:
    """The title goes on the PDF's cover and into its metadata, which take text only."""
    if value is None or (isinstance(value, str) and value.strip()):
        return
    raise ReportConfigError(
        f"{name} {described(value)}; write the report's title as a string, "
        f'e.g. {name} = "Report of the review", or None to use the project setting',
        name,
    )


def check_date(name: str, value: object) -> None:
    if value is not None:
        iso_date(name, value, name)


def check_keywords(name: str, value: object) -> None:
    check_strings(name, value, '["review", "recommendations"]')


def check_locale_dirs(name: str, value: object) -> None:
    check_strings(name, value, '["locale"]')


def check_language(name: str, value: object) -> None:
    """A locale babel knows: Sphinx formats its dates with it, and stops with a traceback
    on one it does not know."""
    from babel import Locale, UnknownLocaleError

    if value is None:
        return
    if isinstance(value, str) and value.strip() and "\0" not in value:
        with contextlib.suppress(ValueError, UnknownLocaleError):
            Locale.parse(value)
            return
        if "-" in value:
            fix = f'write {name} = "{value.replace("-", "_")}", with an underscore'
            raise ReportConfigError(f"{name} {described(value)}; {fix}", name)
    raise ReportConfigError(
        f"{name} {described(value)}, which is not a language tag; write the report's "
        f'language as a tag, e.g. {name} = "en" (or "fr", "zh_CN")',
        name,
    )


def check_summary(name: str, value: object) -> None:
    """A document name: it picks the page the summary builders write, and names catalogs."""
    if value is None or (isinstance(value, str) and value.strip() and "\0" not in value):
        return
    raise ReportConfigError(
        f"{name} {described(value)}; name the executive summary's document without its "
        f'suffix, e.g. {name} = "summary", or None when the report has no summary',
        name,
    )


def check_translations(name: str, value: object) -> None:
    """The languages module names the summary's languages; it is imported here, when the
    check runs, because it takes :class:`ReportConfigError` from this module."""
    from .i18n.languages import check_translations as check_languages

    check_languages(value)


def check_threshold(name: str, value: object) -> None:
    from .i18n.languages import check_threshold as check_share

    check_share(value)


def check_sources(name: str, value: object) -> None:
    """Only its type: the ``reviewkit`` command checks that the folder is there."""
    if value is None or (isinstance(value, str) and "\0" not in value):
        return
    raise ReportConfigError(
        f"{name} {described(value)}; write the folder of the report's sources relative to "
        f'the folder of conf.py, e.g. {name} = "report", or None when they are beside conf.py',
        name,
    )


def check_words(name: str, value: object) -> None:
    """Each key a word reviewkit shows, each value the word to show in its place."""
    fix = f'write a dict of word to the word to show, e.g. {name} = {{"finding": "Observation"}}'
    if not isinstance(value, dict):
        raise ReportConfigError(f"{name} is a {type(value).__name__}, not a dict; {fix}", name)
    for key, word in value.items():
        if key not in WORDS:
            close = difflib.get_close_matches(str(key), WORDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ReportConfigError(
                f"{name} has the key {key!r}, which is not a word reviewkit shows{hint}; "
                f"the keys are {', '.join(WORDS)}; {fix}",
                name,
            )
        if not isinstance(word, str) or not word.strip():
            raise ReportConfigError(
                f"{name}[{key!r}] is {reprlib.repr(word)}, not a non-empty string; {fix}", name
            )


@dataclass(frozen=True)
class Setting:
    """A setting of conf.py, declared once: the build registers it, the build and the tools
    that read conf.py check it, and the README's table of settings lists it."""

    name: str
    default: object
    types: tuple[type, ...]
    #: one sentence for the README's reader
    meaning: str
    #: raises :class:`ReportConfigError` saying what to write instead
    check: Callable[[str, object], None]
    #: what the default stands for, where the value alone does not say
    default_means: str = ""
    #: what a change of it makes Sphinx do again: "env" reads every document again; ""
    #: nothing, for a setting no page shows
    rebuild: str = "env"


NONE = type(None)

SETTINGS = (
    Setting(
        "reviewkit_owners",
        {},
        (dict,),
        "Who a recommendation may be addressed to: each key, as `:owners:` names it, "
        "with the name the report shows; required.",
        check_mapping,
    ),
    Setting(
        "reviewkit_priorities",
        DEFAULT_PRIORITIES,
        (dict,),
        "The priorities a recommendation may have: each key, as `:priority:` names it, "
        "with the name the report shows.",
        check_mapping,
    ),
    Setting(
        "reviewkit_consensus_levels",
        DEFAULT_CONSENSUS_LEVELS,
        (dict,),
        "The levels of consensus a recommendation may record: each key, as `:consensus:` "
        "names it, with the name the report shows.",
        check_mapping,
    ),
    Setting(
        "reviewkit_recommendation_label",
        "Recommendation",
        (str,),
        'What the report calls a recommendation before its number ("Recommendation 1.2"); '
        '`reviewkit_words["recommendation"]` wins where both are set.',
        check_label,
    ),
    Setting(
        "reviewkit_words",
        {},
        (dict,),
        "The toolchain's own words this report replaces with its own, e.g. "
        '`{"finding": "Observation"}` makes every "Finding 3" read "Observation 3".',
        check_words,
    ),
    Setting(
        "reviewkit_slug",
        "report",
        (str,),
        "Names the downloads (`<slug>-final.pdf`): lowercase letters, digits and hyphens.",
        check_slug,
    ),
    Setting(
        "reviewkit_title",
        None,
        (str, NONE),
        "The report's title on the PDF's cover, as the heading of the site's title page "
        "(in place of the root document's) and in the export.",
        check_title,
        "the `project` setting",
    ),
    Setting(
        "reviewkit_date",
        None,
        (str, NONE),
        "The edition's date, written YYYY-MM-DD, on the cover and in the export.",
        check_date,
        "none on the cover; the export takes `SOURCE_DATE_EPOCH`, else today",
    ),
    Setting(
        "reviewkit_public_comment",
        None,
        (dict, NONE),
        "The draft's public comment period, "
        '`{"opens": "YYYY-MM-DD", "closes": "YYYY-MM-DD", "how": "...", "page": "..."}` '
        "(`page` optional), shown on the draft's banner and by `{public-comment}`.",
        check_public_comment,
        "no comment period",
    ),
    Setting(
        "reviewkit_comments",
        None,
        (str, NONE),
        "The CSV file of public comments and the team's responses, relative to the "
        "sources, shown by `{public-comments}`.",
        check_path,
        "no comments",
    ),
    Setting(
        "reviewkit_baseline",
        None,
        (str, NONE),
        "The draft's `recommendations.json`, relative to the sources, which "
        "`{changes-since-draft}` compares the report with.",
        check_path,
        "no draft to compare with",
    ),
    Setting(
        "reviewkit_board_actions",
        None,
        (str, NONE),
        "The CSV file of the Board's decisions on the final report's recommendations, "
        "relative to the sources: checked in every build, published by "
        "`python -m reviewkit.status`, never shown in the report.",
        check_path,
        "no Board decisions",
        "",
    ),
    Setting(
        "reviewkit_implementation",
        None,
        (str, NONE),
        "The CSV file of the implementation reports on the approved recommendations, "
        "relative to the sources: checked in every build, published by "
        "`python -m reviewkit.status`, never shown in the report.",
        check_path,
        "no implementation reports",
        "",
    ),
    Setting(
        "reviewkit_summary",
        None,
        (str, NONE),
        "The executive summary's document (its name without `.md`): the part of the "
        "report that is translated and published in every language.",
        check_summary,
        "no summary",
    ),
    Setting(
        "reviewkit_translations",
        [],
        (list, tuple),
        "The languages the summary is translated into, from `ar`, `es`, `fr`, `ru`, `zh_CN`.",
        check_translations,
    ),
    Setting(
        "reviewkit_translation_threshold",
        100,
        (int, float),
        "The share of the summary, in percent, that must be translated for a language to "
        "be published.",
        check_threshold,
    ),
    Setting(
        "reviewkit_keywords",
        [],
        (list, tuple),
        "The PDF's keywords, in its metadata.",
        check_keywords,
    ),
    Setting(
        "reviewkit_sources",
        None,
        (str, NONE),
        "The folder of the report's sources, relative to the folder of conf.py, where the "
        "`reviewkit` command finds them.",
        check_sources,
        "the folder of conf.py",
    ),
)

#: Sphinx's own settings reviewkit relies on: checked with ours, registered by Sphinx
SPHINX_SETTINGS = (
    Setting(
        "locale_dirs",
        ["locales"],
        (list, tuple),
        "The folders of the catalogs, relative to the sources.",
        check_locale_dirs,
    ),
    Setting(
        "language",
        "en",
        (str, NONE),
        "The report's language, as a tag.",
        check_language,
    ),
)

#: Sphinx's settings a report relies on: a near miss of one of them in conf.py is a typo
#: that would leave it at its default, silently (the catalogs not found, say)
RELIED_ON = (
    "locale_dirs",
    "language",
    "exclude_patterns",
    "extensions",
    "gettext_compact",
    "templates_path",
    "root_doc",
    "myst_enable_extensions",
    "html_static_path",
)


def misspelt(name: str) -> str | None:
    """The setting of :data:`RELIED_ON` that ``name``, written in conf.py, nearly is."""
    if name in RELIED_ON or name.startswith("_") or name in Config.config_values:
        return None
    close = difflib.get_close_matches(name, RELIED_ON, n=1, cutoff=0.85)
    return close[0] if close else None


#: every setting a build checks when it starts, as do the tools that read conf.py
CHECKED = (*SETTINGS, *SPHINX_SETTINGS)


def validate(config: Mapping[str, Any], given: Iterable[str] = ()) -> None:
    """Check the settings a build (or a tool reading conf.py without one) relies on, and
    that every ``reviewkit_*`` name ``given`` in conf.py is one of them: a misspelt
    setting would otherwise leave the one meant at its default, silently."""
    known = [setting.name for setting in SETTINGS]
    for name in given:
        if name.startswith("reviewkit_") and name not in known:
            closest = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {closest[0]}? " if closest else ""
            raise ReportConfigError(
                f"{name} is not a setting of reviewkit; {hint}the settings are listed in "
                "reviewkit's README (Settings)",
                name,
            )
        meant = misspelt(name)
        if meant:
            raise ReportConfigError(
                f"{name} is not a setting of Sphinx, so {meant} keeps its default; did you "
                f"mean {meant}?",
                name,
            )
    for setting in CHECKED:
        if setting.name in config:
            setting.check(setting.name, config[setting.name])


def literal(value: object) -> str:
    """A value as conf.py would write it: double quotes, as the README's examples do."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def settings_rows() -> list[tuple[str, str, str, str]]:
    """Each setting as the README's table lists it: name, type, default, meaning."""
    rows = []
    for setting in SETTINGS:
        types = " or ".join("None" if kind is NONE else kind.__name__ for kind in setting.types)
        default = f"`{literal(setting.default)}`"
        if setting.default_means:
            default += f": {setting.default_means}"
        rows.append((f"`{setting.name}`", types, default, setting.meaning))
    return rows


def words_rows() -> list[tuple[str, str, str]]:
    """Each key of ``reviewkit_words`` as the README's table lists it."""
    return [(f"`{key}`", f'"{word.english}"', word.shows) for key, word in WORDS.items()]


def markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [header, tuple("---" for _ in header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines) + "\n"


def settings_table() -> str:
    """The README's table of settings, from the declaration."""
    return markdown_table(("setting", "type", "default", "meaning"), settings_rows())


def words_table() -> str:
    """The README's table of the words ``reviewkit_words`` replaces."""
    return markdown_table(("key", "replaces", "where readers see it"), words_rows())


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
        validate(
            {setting.name: namespace.get(setting.name, setting.default) for setting in CHECKED},
            namespace,
        )
    except ReportConfigError as error:
        line = setting_line(path, error.name)
        raise ConfFileError(f"{path}:{line}: {error}" if line else f"{path}: {error}") from None
    return namespace


def unreadable(path: Path, error: ConfigError) -> str:
    """Sphinx's words for a conf.py that does not run, at the line where it stopped."""
    cause = error.__cause__
    if isinstance(cause, SyntaxError):
        where = "correct this line of conf.py"
        if cause.msg.startswith("invalid syntax") and (cause.lineno or 0) > 1:
            # Python names the line where it could go no further: a comma or bracket
            # missing at the end of the line before leaves that line whole
            where += ", or the end of the line before it (a missing comma or bracket)"
        return f"{path}:{cause.lineno}: {cause.msg}; {where}"
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
    # a language given with -D is the builder's to check (a summary says which languages
    # it is published in), when it starts: ``check_language_given``
    given = getattr(config, "_overrides", {})
    try:
        # _raw_config: what conf.py and -D set, before Sphinx keeps only the names it knows
        validate(
            {
                setting.name: config[setting.name]
                for setting in CHECKED
                if not (setting.name == "language" and "language" in given)
            },
            getattr(config, "_raw_config", {}),
        )
    except ReportConfigError as error:
        report_setting(app, error.name, str(error), error=True)
        raise ConfigurationStop from error
    enable_colon_fence(config)
    enable_numfig(config)


def check_language_given(app: Sphinx) -> None:
    """A language given with ``-D``, once the builder has started (and checked it, if it
    is one that checks its own)."""
    if "language" not in getattr(app.config, "_overrides", {}):
        return
    try:
        check_language("language", app.config.language)
    except ReportConfigError as error:
        logger.error("-D %s", error, type="reviewkit", subtype="config")
        raise ConfigurationStop from error


def enable_numfig(config: Config) -> None:
    """Figures and tables are numbered ("Figure 2", "Table 1") and ``{numref}`` can name
    them, unless conf.py (or ``-D``) says otherwise: a report refers to its figures by
    number. A figure is "Figure", in the build's language, where conf.py's
    ``numfig_format`` names no word for it; Sphinx's own catalogs translate the rest.
    (Sphinx completes ``numfig_format`` after this, at a later priority.)"""
    written = {**getattr(config, "_raw_config", {}), **getattr(config, "_overrides", {})}
    if "numfig" not in written:
        config.numfig = True
    formats = config.numfig_format if isinstance(config.numfig_format, dict) else {}
    if "figure" not in formats:
        config.numfig_format = {**formats, "figure": str(FIGURE_NUMBER)}


def enable_colon_fence(config: Config) -> None:
    """reviewkit's objects are written in ``:::`` fences (its README, ``reviewkit new``);
    without MyST's colon_fence they would be read as plain text, and the report would
    publish no recommendation without a word of warning."""
    extensions = getattr(config, "myst_enable_extensions", None)
    if isinstance(extensions, list) and "colon_fence" not in extensions:
        extensions.append("colon_fence")
    elif isinstance(extensions, set | tuple) and "colon_fence" not in extensions:
        config.myst_enable_extensions = [*extensions, "colon_fence"]


def setup(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,
            types=frozenset(setting.types),
            description=setting.meaning,
        )
    app.connect("config-inited", check_config)
    app.connect("builder-inited", check_language_given)
