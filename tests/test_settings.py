"""Every setting of conf.py: declared once, checked when the build starts and by the tools
that read conf.py, listed in the README; and ``reviewkit_words``, a project's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from reviewkit.config import (
    CHECKED,
    SETTINGS,
    ConfFileError,
    read_conf,
    settings_rows,
    settings_table,
    words_rows,
    words_table,
)
from reviewkit.i18n.languages import DEFAULT_THRESHOLD

from conftest import CONF, warnings_of, write_project
from pages import parse, squash
from pdfs import build_pdf, outline_titles, page_texts

README = Path(__file__).parent.parent / "README.md"
PAGE = {"index.md": "# Report\n"}

# One wrong value (at least) for every setting a build checks, with what the message says.
WRONG = [
    ('reviewkit_owners = ["board"]', "reviewkit_owners is a list, not a dict"),
    ('reviewkit_priorities = {"High": "High"}', "reviewkit_priorities has the key 'High'"),
    ("reviewkit_consensus_levels = []", "reviewkit_consensus_levels is a list, not a dict"),
    ("reviewkit_recommendation_label = 5", "reviewkit_recommendation_label must be a non-empty"),
    ('reviewkit_words = ["finding"]', "reviewkit_words is a list, not a dict"),
    (
        'reviewkit_words = {"findng": "Observation"}',
        "reviewkit_words has the key 'findng', which is not a word reviewkit shows "
        "(did you mean 'finding'?); the keys are recommendation, recommendations, finding, "
        "findings, suggestion, owners, priority, consensus, measures, rationale, addressed-by, "
        "public-comments, executive-summary",
    ),
    ('reviewkit_words = {"Finding": "Observation"}', "(did you mean 'finding'?)"),
    ('reviewkit_words = {"finding": ""}', "reviewkit_words['finding'] is '', not a non-empty"),
    ('reviewkit_words = {"finding": 3}', "reviewkit_words['finding'] is 3, not a non-empty"),
    ('reviewkit_slug = "My Review"', "reviewkit_slug is 'My Review'"),
    ("reviewkit_title = 2021", "reviewkit_title is 2021 (a int); write the report's title"),
    ('reviewkit_date = "2021-02-30"', "reviewkit_date is '2021-02-30', a day the calendar"),
    ('reviewkit_public_comment = "until March"', "reviewkit_public_comment is a str"),
    ("reviewkit_comments = 5", "reviewkit_comments is 5 (a int), not a string"),
    ('reviewkit_baseline = ["draft.json"]', "reviewkit_baseline is ['draft.json'] (a list)"),
    ("reviewkit_board_actions = 5", "reviewkit_board_actions is 5 (a int), not a string"),
    ('reviewkit_implementation = ["i.csv"]', "reviewkit_implementation is ['i.csv'] (a list)"),
    ("reviewkit_summary = 5", "reviewkit_summary is 5 (a int); name the executive summary"),
    ('reviewkit_summary = ""', "reviewkit_summary is ''; name the executive summary"),
    ('reviewkit_translations = "fr"', "reviewkit_translations is a str, not a list"),
    ("reviewkit_translation_threshold = True", "reviewkit_translation_threshold is True"),
    ('reviewkit_keywords = "DNS"', "reviewkit_keywords is a str, not a list"),
    ("reviewkit_sources = 5", "reviewkit_sources is 5 (a int); write the folder"),
    ('reviewkit_sources = "report\\0"', "reviewkit_sources has a NUL character"),
    ('locale_dirs = "locale"', "locale_dirs is a str, not a list"),
    ('language = "english"', "language is 'english', which is not a language tag"),
]


def setting_of(line: str) -> str:
    return line.split(" =")[0]


def test_every_setting_has_a_wrong_value_below():
    assert {setting_of(line) for line, _ in WRONG} == {setting.name for setting in CHECKED}


def last_line_of(conf: Path, name: str) -> int:
    lines = conf.read_text().splitlines()
    return max(n for n, text in enumerate(lines, 1) if text.startswith(name + " ="))


@pytest.mark.parametrize(("setting", "expected"), WRONG)
def test_a_wrong_setting_stops_the_build_at_its_line(project, cli, setting, expected):
    srcdir = project(PAGE, CONF + setting + "\n")
    conf = srcdir / "conf.py"
    status, stderr = cli(srcdir)
    assert f"{conf}:{last_line_of(conf, setting_of(setting))}: ERROR: " in stderr
    assert expected in stderr and "e.g." in stderr, "the message says what to write"
    assert status == 2 and "Traceback" not in stderr
    assert not (srcdir.parent / "cli-out" / "index.html").exists(), "nothing is built"


@pytest.mark.parametrize(("setting", "expected"), WRONG)
def test_the_tools_reading_conf_py_stop_at_the_same_line(project, setting, expected):
    conf = project(PAGE, CONF + setting + "\n").resolve() / "conf.py"
    with pytest.raises(ConfFileError) as error:
        read_conf(conf, [])
    assert str(error.value).startswith(f"{conf}:{last_line_of(conf, setting_of(setting))}: ")
    assert expected in str(error.value)


VALID = """\
reviewkit_owners = {"board": "The Board", "staff": "Staff"}
reviewkit_priorities = {"p1": "First", "p2": "Second"}
reviewkit_consensus_levels = {"all": "Everyone"}
reviewkit_recommendation_label = "Advice"
reviewkit_words = {"finding": "Observation", "executive-summary": "Overview"}
reviewkit_slug = "my-review"
reviewkit_title = "Report of the review"
reviewkit_date = "2021-01-25"
reviewkit_public_comment = {"opens": "2020-01-24", "closes": "2020-03-20", "how": "Write."}
reviewkit_comments = None
reviewkit_baseline = None
reviewkit_board_actions = None
reviewkit_implementation = None
reviewkit_summary = "index"
reviewkit_translations = ("fr",)
reviewkit_translation_threshold = 90.5
reviewkit_keywords = ("DNS", "security")
reviewkit_sources = "."
locale_dirs = ("locale",)
language = "en"
"""


def test_every_setting_set_to_a_right_value_builds_without_a_warning(build):
    lines = VALID.splitlines()
    assert {setting_of(line) for line in lines} == {setting.name for setting in CHECKED}
    app = build(PAGE, 'extensions = ["myst_parser", "reviewkit"]\n' + VALID)
    assert warnings_of(app) == ""
    assert app.config.reviewkit_translation_threshold == 90.5


def test_a_setting_left_out_takes_its_declared_default(build):
    app = build(PAGE)
    for setting in SETTINGS:
        if setting.name not in CONF:
            assert app.config[setting.name] == setting.default, setting.name
    assert app.config.reviewkit_translation_threshold == DEFAULT_THRESHOLD


# The README lists every setting, as declared.


def readme_table(heading: str) -> list[tuple[str, ...]]:
    """The rows (without the header) of the first table under ``heading`` in the README."""
    lines = README.read_text(encoding="utf-8").splitlines()
    title = re.compile(rf"#+ {re.escape(heading)}")
    start = next((n for n, line in enumerate(lines) if title.fullmatch(line)), None)
    assert start is not None, f"README.md has no heading {heading!r}"
    table: list[tuple[str, ...]] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            table.append(tuple(cell.strip() for cell in line.strip().strip("|").split(" | ")))
        elif table or line.startswith("#"):
            break
    return table[2:]


def test_the_readme_lists_every_setting_with_its_default():
    assert readme_table("Settings") == settings_rows(), (
        "README.md's table of settings differs from the declaration in "
        f"reviewkit/config.py, which reads:\n{settings_table()}"
    )


def test_the_readme_lists_every_word_a_project_may_replace():
    assert readme_table("Words") == words_rows(), (
        "README.md's table of reviewkit_words differs from reviewkit/vocabulary.py:\n"
        + words_table()
    )


def test_the_readme_table_shows_defaults_as_conf_py_writes_them():
    rows = {row[0]: row for row in settings_rows()}
    assert rows["`reviewkit_priorities`"][2] == (
        '`{"high": "High", "medium": "Medium", "low": "Low"}`'
    )
    assert rows["`reviewkit_sources`"][1:3] == ("str or None", "`None`: the folder of conf.py")
    assert rows["`reviewkit_translation_threshold`"][1:3] == ("int or float", "`100`")


# reviewkit_words: the project's own words in place of the toolchain's.

WORDS = (
    'reviewkit_words = {"finding": "Observation", "findings": "Observations", '
    '"recommendation": "Advice", "measures": "Success criteria"}\n'
)
INDEX = """\
# Report

```{toctree}
chapter
```

```{recommendation-table}
:columns: number, title, owners, findings
```

```{traceability-table}
```
"""
CHAPTER = """\
# Chapter

:::{finding} Words differ
:label: words

Contracts use different words.
:::

:::{finding} Nobody answers this
:label: alone

Nothing cites it.
:::

::::{recommendation} Adopt shared words
:label: shared-words
:owners: board
:priority: high
:findings: words

The Board should adopt shared words; see {finding}`words`.

:::{measures}
- Definitions are published.
:::

:::{rationale}
Shared words come first.
:::
::::
"""
FILES = {"index.md": INDEX, "chapter.md": CHAPTER}


def headers(table) -> list[str]:
    return [squash(cell.text) for cell in table.find_all("th")]


def part_heading(page, part: str) -> str:
    block = page.find_all(cls=f"rk-{part}")[0]
    return squash(next(e for e in block.iter() if re.fullmatch(r"h\d", e.tag)).text)


def first_column(table) -> list[str]:
    return [squash(row.find_all("td")[0].text) for row in table.find_all("tr")[1:]]


@pytest.fixture
def renamed(build):
    return build(FILES, CONF + WORDS)


def test_a_replaced_word_names_every_object_of_its_kind(renamed):
    page = parse(renamed.outdir / "chapter.html")
    numbers = [squash(span.text) for span in page.find_all("span", cls="rk-number")]
    assert numbers == ["Observation 1", "Observation 2", "Advice 1"]
    links = [squash(a.text) for a in page.find_all("a", cls="reference")]
    assert links == ["Advice 1", "Observation 1", "Observation 1"], "addressed by; text; facts"
    assert "Finding" not in squash(page.text).replace("Findings", "")


def test_replaced_words_label_the_fields_and_parts(renamed):
    page = parse(renamed.outdir / "chapter.html")
    terms = [squash(term.text) for term in page.find_all("dt")]
    assert terms == ["Addressed by", "Addressed by", "Owners", "Priority", "Observations"]
    assert part_heading(page, "measures") == "Success criteria"
    assert part_heading(page, "rationale") == "Rationale", "a word not replaced stays as it was"


def test_replaced_words_head_the_tables(renamed):
    index = parse(renamed.outdir / "index.html")
    recommendations = index.find_all("table", cls="rk-recommendation-table")[0]
    assert headers(recommendations) == ["Number", "Recommendations", "Owners", "Observations"]
    traceability = index.find_all("table", cls="rk-traceability-table")[0]
    assert headers(traceability) == ["Observation", "Title", "Recommendations"]
    assert first_column(traceability) == ["Observation 1", "Observation 2"]


def test_a_check_names_the_object_with_the_replaced_word(renamed):
    assert "Observation 2" in warnings_of(renamed) and "orphan-finding" in warnings_of(renamed)


def test_the_recommendation_word_wins_over_the_label(renamed):
    assert renamed.config.reviewkit_recommendation_label == "Recommendation"
    assert "Recommendation 1" not in (renamed.outdir / "chapter.html").read_text()


def test_the_pdf_shows_the_replaced_words(tmp_path):
    srcdir = write_project(tmp_path / "src", FILES, CONF + WORDS + 'reviewkit_slug = "test"\n')
    status, _warnings, outdir = build_pdf(srcdir, tmp_path / "pdf")
    assert status == 0
    reader = pypdf.PdfReader(outdir / "test-final.pdf")
    text = " ".join(page_texts(reader))
    assert "Observation 1: Words differ" in text and "Advice 1: Adopt shared words" in text
    assert "Observations Observation 1" in text and "Success criteria" in text
    assert "Observation 1: Words differ" in outline_titles(reader)


FRENCH_REPORT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "Observation"
msgstr "Constat"

msgid "Advice"
msgstr "Avis"
"""


def test_the_projects_catalog_translates_the_replaced_words(build):
    files = {**FILES, "locale/fr/LC_MESSAGES/report.po": FRENCH_REPORT}
    conf = CONF + WORDS + 'locale_dirs = ["locale"]\n'
    app = build(files, conf, confoverrides={"language": "fr"})
    page = parse(app.outdir / "chapter.html")
    numbers = [squash(span.text) for span in page.find_all("span", cls="rk-number")]
    assert numbers == ["Constat 1", "Constat 2", "Avis 1"]
    terms = [squash(term.text) for term in page.find_all("dt")]
    assert terms[:4] == ["Traitée par", "Traitée par", "Responsables", "Priorité"], (
        "the words not replaced are the toolchain's, in French"
    )
    assert terms[4] == "Observations", "a replaced word the catalog lacks stays as written"
    traceability = parse(app.outdir / "index.html").find_all("table", cls="rk-traceability-table")
    assert headers(traceability[0])[0] == "Constat"


def test_the_replaced_words_go_into_the_reports_catalog(build):
    conf = CONF + WORDS + 'reviewkit_summary = "index"\n'
    app = build(FILES, conf, buildername="gettext")
    template = (app.outdir / "report.pot").read_text()
    for word in ("Observation", "Observations", "Advice", "Success criteria"):
        assert f'msgid "{word}"' in template
    assert 'msgid "Recommendation"' not in template, "the label the words replace is not shown"
