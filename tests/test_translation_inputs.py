"""Catalogs and translation settings are input from outside the review team.

What a translator writes reaches the published page only as text; a catalog that
cannot be read is named at its ``file:line`` by every reader; a setting that names no
language reviewkit publishes stops the build and the tools at its ``conf.py`` line.
Never a traceback.
"""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewkit.i18n import catalogcheck, catalogs, screening
from reviewkit.i18n.__main__ import main as i18n
from reviewkit.i18n.build import build_summaries, plan

from conftest import write_project
from sources import (
    CHAPTER,
    FORMS,
    FRENCH_REPORT,
    FRENCH_SUMMARY,
    LABELS,
    MISSED_LINKS,
    SUMMARY,
    SUMMARY_CONF,
    catalog,
    generated_links,
    png,
    written_link,
)
from sources import SUMMARY_INDEX as INDEX

SCRIPT = "FR <script>alert(1)</script> Résumé"
PHISHING = (
    "La révision demande des [mots communs][x]. Voir {rec}`abuse`.\\n\\n"
    "[x]: mailto:phish@evil.example"
)
TRANSLATED_PARAGRAPH = 'msgstr "La révision demande des mots communs. Voir {rec}`abuse`."'
HOSTILE_SUMMARY = FRENCH_SUMMARY.replace('msgstr "Résumé"', f'msgstr "{SCRIPT}"').replace(
    TRANSLATED_PARAGRAPH, f'msgstr "{PHISHING}"'
)


def summary_project(
    root: Path,
    summary: str = FRENCH_SUMMARY,
    report: str = FRENCH_REPORT,
    conf: str = SUMMARY_CONF,
    source: str = SUMMARY,
) -> Path:
    """The summaries' test project with French catalogs, under ``root/src``."""
    files = {
        "index.md": INDEX,
        "summary.md": source,
        "chapter.md": CHAPTER,
        "locale/fr/LC_MESSAGES/summary.po": catalog("fr", summary),
        "locale/fr/LC_MESSAGES/report.po": catalog("fr", report),
    }
    return write_project(root / "src", files, conf)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_bytes().split(b"\n")
    return next(n for n, line in enumerate(lines, 1) if needle.encode() in line)


def tool(srcdir: Path, command: str) -> int:
    """``python -m reviewkit.i18n COMMAND`` on the project; its exit status."""
    try:
        return i18n(["-c", str(srcdir), "-s", str(srcdir), command])
    except SystemExit as stop:  # as the process would end
        return stop.code


def french(cli, srcdir: Path, builder: str, *options: str) -> tuple[int, str]:
    """Build the French summary from nothing; (exit status, what the build printed)."""
    return cli(srcdir, "-E", "-D", "language=fr", *options, builder=builder)


# Case: a translator's markup reaches the published summary.


def test_markup_a_translation_adds_never_reaches_the_summary(tmp_path, cli):
    srcdir = summary_project(tmp_path, HOSTILE_SUMMARY)
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    status, stderr = french(cli, srcdir, "summary")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in page, "the translator's script is not on the page, not even as text"
    assert "phish" not in page and "mailto:" not in page, "nor the link it adds"
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S)[1]
    assert 'class="rk-untranslated"' in heading and "Executive summary" in heading, (
        "the heading keeps its English text, marked as untranslated"
    )
    assert re.search(r"rk-untranslated[^>]*>The review asks for shared words", page)
    assert (
        f'{po}:{line_of(po, "<script>")}: WARNING: msgid "Executive summary": the translation '
        "adds the HTML tag <script>, which the msgid does not have" in stderr
    )
    assert (
        f'{po}:{line_of(po, "[mots communs]")}: WARNING: msgid "The review asks for shared words. '
        'See {rec}`abuse`.": the translation has the link to mailto:phish@evil.example' in stderr
    )
    assert "the page shows the English text" in stderr
    assert status == 0, "without -W the build goes on, in English for those messages"
    assert french(cli, srcdir, "summary", "-W", "--keep-going")[0] == 1, "-W refuses it"


def test_markup_a_translation_adds_never_reaches_the_summary_pdf(tmp_path, cli):
    srcdir = summary_project(tmp_path, HOSTILE_SUMMARY)
    status, stderr = french(cli, srcdir, "summary-pdf")
    printed = (tmp_path / "cli-out" / "print.html").read_text(encoding="utf-8")
    assert "alert(1)" not in printed and "phish" not in printed
    assert "Executive summary" in printed
    assert "summary.po:" in stderr and "the translation adds the HTML tag <script>" in stderr
    assert (tmp_path / "cli-out" / "test-final-summary-fr.pdf").is_file()
    assert status == 0


def test_raw_html_that_passes_the_comparison_is_shown_as_text(tmp_path, cli, monkeypatch):
    """Whatever the comparisons with the msgid miss, no HTML of a translation is emitted."""
    monkeypatch.setattr(screening, "additions", lambda msgid, msgstr, reader=None: [])
    monkeypatch.setattr(screening, "added_destinations", lambda source, translation: [])
    srcdir = summary_project(
        tmp_path, FRENCH_SUMMARY.replace('msgstr "Résumé"', f'msgstr "{SCRIPT}"')
    )
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    _, stderr = french(cli, srcdir, "summary")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "shown as the text it is"
    assert (
        f'{po}:{line_of(po, "<script>")}: WARNING: msgid "Executive summary": the translation '
        "has raw HTML (<script>), which the page shows as text" in stderr
    )


def test_a_translation_of_the_sources_raw_html_is_refused(tmp_path, cli):
    """With ``gettext_additional_targets = ["raw"]`` each inline HTML tag of the sources is a
    message, and Sphinx would emit its translation as it is."""
    hostile = "<img src=x onerror=alert(1)>"
    srcdir = summary_project(
        tmp_path,
        FRENCH_SUMMARY + f'\nmsgid "<b>"\nmsgstr "{hostile}"\n',
        conf=SUMMARY_CONF + 'gettext_additional_targets = ["raw"]\n',
        source=SUMMARY + "\nPlease <b>read</b> this.\n",
    )
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    _, stderr = french(cli, srcdir, "summary")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in page and "<b>read</b>" in page, "the source's HTML, not the msgstr"
    assert (
        f'{po}:{line_of(po, "onerror")}: WARNING: msgid "<b>": the msgid is raw HTML of the '
        "source, which a translation cannot replace" in stderr
    )


def test_publish_can_ask_for_every_problem_of_the_catalogs(tmp_path):
    srcdir = summary_project(tmp_path, HOSTILE_SUMMARY)
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    found = catalogcheck.problems([srcdir / "locale"])
    assert f'{po}:{line_of(po, "<script>")}: msgid "Executive summary": the translation adds ' in (
        "\n".join(found)
    )
    assert any("has the link to mailto:phish@evil.example" in problem for problem in found)


# Case: a link or an image the comparison's patterns miss reaches the summary.


def links_project(root: Path, links: list[tuple[str, str]], conf: str = SUMMARY_CONF) -> Path:
    """The summary with one English paragraph per link, and a catalog that adds the link."""
    paragraphs = "".join(f"\nParagraph {n} stays in English.\n" for n in range(len(links)))
    entries = "".join(
        f'\nmsgid "Paragraph {n} stays in English."\nmsgstr {quote(f"Paragraphe {n} : {link}")}\n'
        for n, (link, _) in enumerate(links)
    )
    return summary_project(root, FRENCH_SUMMARY + entries, conf=conf, source=SUMMARY + paragraphs)


def refused_links(srcdir: Path, page: str, stderr: str, links: list[tuple[str, str]]) -> list[str]:
    """What is wrong in the build's handling of ``links``: empty when each was refused."""
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    wrong = []
    for n, (link, resolved) in enumerate(links):
        where = f'{po}:{line_of(po, f"Paragraphe {n} :")}: WARNING: msgid "Paragraph {n} stays'
        warning = next((line for line in stderr.splitlines() if line.startswith(where)), "")
        if resolved not in warning or "the page shows the English text" not in warning:
            wrong.append(f"{link!r}: no warning at the catalog line naming {resolved}")
        if not re.search(rf"rk-untranslated[^>]*>Paragraph {n} stays in English", page):
            wrong.append(f"{link!r}: the paragraph is not in English, marked")
    if "evil.example" in page:
        wrong.append("the page has a link or text of the translations")
    return wrong


def test_links_the_patterns_missed_are_refused_by_the_check_and_the_build(tmp_path, cli):
    links = MISSED_LINKS + generated_links()
    srcdir = links_project(tmp_path, links)
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    found = "\n".join(catalogcheck.problems([srcdir / "locale"]))
    for n, (link, resolved) in enumerate(links):
        where = f'{po}:{line_of(po, f"Paragraphe {n} :")}: msgid "Paragraph {n} stays'
        assert f'{where} in English.": the translation has the link to {resolved},' in found, link
    status, stderr = french(cli, srcdir, "summary")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert refused_links(srcdir, page, stderr, links) == []
    assert "Traceback" not in stderr and status == 0


def test_the_parsed_translation_is_compared_whatever_the_patterns_say(tmp_path, cli, monkeypatch):
    """The build compares what the translation parses to, so what a pattern misses is refused."""
    monkeypatch.setattr(screening, "additions", lambda msgid, msgstr, reader=None: [])
    links = MISSED_LINKS + generated_links()
    srcdir = links_project(tmp_path, links)
    status, stderr = french(cli, srcdir, "summary")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert refused_links(srcdir, page, stderr, links) == []
    assert "Traceback" not in stderr and status == 0


def test_links_the_patterns_missed_never_reach_the_summary_pdf(tmp_path, cli):
    srcdir = links_project(tmp_path, MISSED_LINKS)
    status, stderr = french(cli, srcdir, "summary-pdf")
    printed = (tmp_path / "cli-out" / "print.html").read_text(encoding="utf-8")
    assert "evil.example" not in printed
    assert stderr.count("the page shows the English text") == len(MISSED_LINKS)
    assert (tmp_path / "cli-out" / "test-final-summary-fr.pdf").is_file() and status == 0


KEPT_LINK = "See [the report](https://www.icann.org/ssr2)."


def test_a_translation_that_keeps_its_link_in_any_form_is_used(tmp_path, cli):
    """Nested link text and labels across lines are not refused when the link is the msgid's."""
    kept = [
        written_link(form, depth, depth % len(LABELS), "https://www.icann.org/ssr2")
        for form in FORMS
        if form != "image"
        for depth in (1, 3, 5)
    ]
    source = SUMMARY + "".join(f"\n{KEPT_LINK[:-1]} {n}.\n" for n in range(len(kept)))
    entries = "".join(
        f'\nmsgid "{KEPT_LINK[:-1]} {n}."\nmsgstr {quote(f"Lien {n} : {link}")}\n'
        for n, link in enumerate(kept)
    )
    srcdir = summary_project(tmp_path, FRENCH_SUMMARY + entries, source=source)
    assert catalogcheck.problems([srcdir / "locale"]) == []
    status, stderr = french(cli, srcdir, "summary", "-W", "--keep-going")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert (status, stderr) == (0, "")
    for n in range(len(kept)):
        assert f"Lien {n} : voir" in page
    assert page.count('href="https://www.icann.org/ssr2"') == len(kept)


RST_SUMMARY = """\
Executive summary
=================

The review asks for shared words.

This paragraph has no translation yet.
"""


def test_what_a_restructuredtext_translation_parses_to_is_compared(tmp_path, cli, monkeypatch):
    """A summary in reST, whose syntax the MyST patterns do not know: a download, a named
    link and a substitution are refused by what the translation parses to."""
    monkeypatch.setattr(screening, "additions", lambda msgid, msgstr, reader=None: [])
    added = {
        "The review asks for shared words.": "La révision :download:`ceci <../secret.txt>`.",
        "This paragraph has no translation yet.": "Voir ici_ |s|.\n\n.. _ici: https:evil.example/z",
    }
    entries = "".join(
        f"\nmsgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n" for msgid, msgstr in added.items()
    )
    srcdir = summary_project(
        tmp_path, 'msgid "Executive summary"\nmsgstr "Résumé"\n' + entries, source=""
    )
    (srcdir / "summary.md").unlink()
    (srcdir / "summary.rst").write_text(RST_SUMMARY, encoding="utf-8")
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    status, stderr = french(cli, srcdir, "summary")
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert (
        f'{po}:{line_of(po, ":download:")}: WARNING: msgid "The review asks for shared words.": '
        "the translation has the reference to ../secret.txt, which the msgid does not have"
    ) in stderr
    assert (
        f'{po}:{line_of(po, "ici_")}: WARNING: msgid "This paragraph has no translation yet.": '
        "the translation has the link to https:evil.example/z, which the msgid does not have; "
        "keep every URL exactly as in the msgid, translate only the link text (and 2 more)"
    ) in stderr
    assert "secret" not in page and "evil.example" not in page and "<h1>Résumé" in page
    assert "Traceback" not in stderr and status == 0


LOGO_RST = """\
Executive summary
=================

.. image:: logo.png
   :alt: A logo
"""
LOGO_MYST = "# Executive summary\n\n![A logo](logo.png)\n"


@pytest.mark.parametrize(
    ("name", "source", "msgstr"),
    [
        ("summary.rst", LOGO_RST, ".. image:: https://evil.example/track.png"),
        ("summary.md", LOGO_MYST, ".. image:: ../secret/secret.png"),
        ("summary.md", LOGO_MYST, ".. image::  logo.png"),
        ("summary.rst", LOGO_RST, ".. include:: ../secret/secret.png"),
    ],
    ids=["rst-web-image", "myst-file-outside", "myst-same-image-respaced", "rst-directive"],
)
def test_a_translation_cannot_replace_an_image(tmp_path, cli, name, source, msgstr):
    """With ``gettext_additional_targets = ["image"]`` an image's address is a message."""
    image = '\nmsgid ".. image:: logo.png"\nmsgstr "{}"\n\nmsgid "A logo"\nmsgstr "Un logo"\n'
    srcdir = summary_project(
        tmp_path,
        FRENCH_SUMMARY + image.format(msgstr),
        conf=SUMMARY_CONF + 'gettext_additional_targets = ["image"]\n',
        source="",
    )
    (srcdir / "summary.md").unlink()
    (srcdir / name).write_text(source, encoding="utf-8")
    (srcdir / "logo.png").write_bytes(png())
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    expected = (
        f'{po}:{line_of(po, msgstr)}: msgid ".. image:: logo.png": the translation replaces '
        f"the source's image logo.png with {msgstr}"
    )
    assert any(problem.startswith(expected) for problem in catalogcheck.problems([po.parents[2]]))
    status, stderr = french(cli, srcdir, "summary")
    assert "Traceback" not in stderr and "Exception occurred" not in stderr
    assert expected.replace(": msgid", ": WARNING: msgid") in stderr
    page = (tmp_path / "cli-out" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img alt="Un logo" src="_images/logo.png"', page), "the source's image"
    assert "evil.example" not in page and "secret" not in page
    assert status == 0


# Case: a catalog that cannot be read gives a traceback.


def not_utf8(po: Path) -> None:
    po.write_bytes(po.read_bytes().replace(b"Le Conseil", "Le Conseil é".encode("latin-1")))


def misspelt_keyword(po: Path) -> None:
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Le Conseil"', 'msgstrr "Le C"'))


def unclosed(po: Path) -> None:
    """babel would read ``"Le Conseil`` as "Le Consei", its last letter lost."""
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Le Conseil"', 'msgstr "Le Conseil')
    )


def folder(po: Path) -> None:
    po.unlink()
    po.mkdir()


UNREADABLE = [
    pytest.param(
        not_utf8,
        "Le Conseil",
        "not valid UTF-8 (byte 0xE9 at column 20); save the catalog as UTF-8",
        id="not-utf8",
    ),
    pytest.param(
        misspelt_keyword,
        'msgstr "Le Conseil"',
        "the catalog cannot be read: unknown or misformatted keyword; correct the gettext syntax",
        id="syntax",
    ),
    pytest.param(
        unclosed,
        'msgstr "Le Conseil"',
        'the catalog cannot be read: a string without its closing double quote ("); correct '
        "the gettext syntax",
        id="unclosed",
    ),
    pytest.param(
        folder,
        None,
        "is a folder, not a catalog; put the catalog file (.po) in its place",
        id="dir",
    ),
]


@pytest.mark.parametrize(("spoil", "needle", "expected"), UNREADABLE)
def test_a_catalog_that_cannot_be_read_is_named_by_the_tools(
    tmp_path, capsys, spoil, needle, expected
):
    srcdir = summary_project(tmp_path)
    po = srcdir / "locale/fr/LC_MESSAGES/report.po"
    line = line_of(po, needle) if needle else 1
    spoil(po)
    for command in ("coverage", "published"):
        assert tool(srcdir, command) == 1
        err = capsys.readouterr().err
        assert f"{po}:{line}: {expected}" in err, command
        assert "Traceback" not in err and "Error:" not in err
    # msgfmt, which the check runs first, names the line after an unclosed string
    places = (f"{po}:{line}: ", f"{po}:{line + 1}: msgfmt --check: end-of-line within string")
    assert any(problem.startswith(places) for problem in catalogcheck.problems([po.parents[2]]))


@pytest.mark.parametrize(("spoil", "needle", "expected"), UNREADABLE)
def test_a_catalog_that_cannot_be_read_is_named_by_the_summary_build(
    tmp_path, cli, spoil, needle, expected
):
    srcdir = summary_project(tmp_path)
    po = srcdir / "locale/fr/LC_MESSAGES/report.po"
    line = line_of(po, needle) if needle else 1
    spoil(po)
    status, stderr = french(cli, srcdir, "summary", "-W", "--keep-going")
    assert f"{po}:{line}: WARNING: {expected}" in stderr
    assert "Traceback" not in stderr and "Exception occurred" not in stderr
    assert status == 1


def test_an_unreadable_catalog_is_named(tmp_path, capsys, monkeypatch):
    srcdir = summary_project(tmp_path)
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == po:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # as root, chmod would not stop a read
    assert tool(srcdir, "coverage") == 1
    expected = "the catalog cannot be read (Permission denied); make it a readable file"
    assert f"{po}:1: {expected}" in capsys.readouterr().err
    assert f"{po}:1: {expected}" in catalogcheck.problems([srcdir / "locale"])


# Case: reviewkit_translations names languages reviewkit does not publish.

LANGUAGE_LIST = "ar (العربية), es (Español), fr (Français), ru (Русский), zh_CN (简体中文)"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            'reviewkit_translations = ["xx"]',
            f"reviewkit_translations lists 'xx', which is not a language the summary is "
            f"translated into; use some of {LANGUAGE_LIST}, e.g. reviewkit_translations = "
            '["ar", "es", "fr", "ru", "zh_CN"]',
        ),
        (
            'reviewkit_translations = "fr"',
            "reviewkit_translations is a str, not a list; write the languages as a list, "
            'e.g. reviewkit_translations = ["fr"]',
        ),
        ('reviewkit_translations = ["../../etc"]', "reviewkit_translations lists '../../etc', "),
        ('reviewkit_translations = ["zh"]', "lists 'zh', which is not a language the summary is"),
        ('reviewkit_translations = ["fr", "fr"]', "reviewkit_translations lists 'fr' twice"),
        ('reviewkit_translations = ["en", "fr"]', "lists 'en', the language the report is written"),
        ("reviewkit_translations = [1]", "reviewkit_translations lists 1, not a language code"),
        (
            'reviewkit_translation_threshold = "90"',
            "reviewkit_translation_threshold is '90'; write the share of the summary",
        ),
        ("reviewkit_translation_threshold = 150", "reviewkit_translation_threshold is 150; "),
    ],
)
def test_a_wrong_translation_setting_stops_the_build_and_the_tools(
    tmp_path, cli, capsys, setting, expected
):
    srcdir = summary_project(tmp_path, conf=SUMMARY_CONF + setting + "\n")
    conf = srcdir / "conf.py"
    line = len(conf.read_text().splitlines())
    status, stderr = cli(srcdir, "-E")
    assert f"{conf}:{line}: ERROR: reviewkit_translation" in stderr and expected in stderr
    assert "e.g." in stderr, "the message shows what to write"
    assert "Traceback" not in stderr and status == 2
    assert not (tmp_path / "cli-out" / "index.html").exists(), "the build stops when it starts"
    for command in ("coverage", "published"):
        assert tool(srcdir, command) == 2
        err = capsys.readouterr().err
        assert f"{conf}:{line}: reviewkit_translation" in err and expected in err
        assert "Traceback" not in err


def test_the_zh_tag_suggests_its_language_code(tmp_path, cli):
    srcdir = summary_project(tmp_path, conf=SUMMARY_CONF + 'reviewkit_translations = ["zh"]\n')
    assert "did you mean 'zh_CN'?" in cli(srcdir, "-E")[1]


def test_a_summary_in_a_language_reviewkit_does_not_publish_is_refused(tmp_path, cli):
    srcdir = summary_project(tmp_path)
    for builder in ("summary", "summary-pdf"):
        status, stderr = cli(srcdir, "-E", "-D", "language=xx", builder=builder)
        assert status == 2, builder
        assert "the summary is not translated into 'xx'" in stderr
        assert "en, ar, es, fr, ru or zh_CN" in stderr
        assert "Traceback" not in stderr and "UnknownLocaleError" not in stderr
        assert not any((tmp_path / "cli-out").glob("*.pdf")), "no half-written output"


# Generated malformed catalogs: every reader names the file, none raises.

EXAMPLES = 300  # per run, the same ones every run (derandomized)
HEADERS = [
    "",  # no header entry at all
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n',
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n',  # no Content-Type
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n\n',
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n',
    'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=x; plural=n>1;\\n"\n\n',
    'msgid ""\nmsgstr ""\n"Language: ../../etc\\n"\n\n',
]
#: what catalogs and MyST are made of, for text that is nearly right
PIECES = [
    "msgid ",
    "msgstr ",
    "msgstr[0] ",
    "msgstr[7] ",
    "msgid_plural ",
    "msgctxt ",
    "#, fuzzy",
    "#| msgid ",
    "#~ ",
    '"',
    '\\"',
    "\\",
    "\\n",
    "\\t",
    "\n",
    " ",
    "é",
    "中",
    "\x00",
    "\ufeff",
    "<script>",
    "</",
    "<!--",
    "<?",
    "&amp;",
    "[x]: ",
    "[a](",
    ")",
    "](//e.example)",
    "{rec}`a`",
    "{{ x }}",
    "**",
    "*",
    "_",
    "`",
    "```",
    ":::",
    "# ",
    "- ",
    "> ",
    "(t)=",
    "[^1]",
    "4,6",
    "٢٠١٢",
    "HTTPS://",
    "www.",
    "@",
    "mailto:",
    "javascript:",
    "\\/",
    "https:",
    "ftp:",
    "((",
    "))",
    "[a\nb]",
    "![",
    ".. image:: ",
    ".. ",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=40).map("".join)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@st.composite
def entries(draw) -> str:
    """Entries as a tool would write them (quoting right), with nearly-right text."""
    written = []
    for msgid, msgstr, fuzzy in draw(st.lists(st.tuples(texts, texts, st.booleans()), max_size=6)):
        written.append(
            ("#, fuzzy\n" if fuzzy else "") + f"msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n"
        )
    return draw(st.sampled_from(HEADERS)) + "\n".join(written)


@st.composite
def spoiled(draw) -> bytes:
    """A catalog spoiled the ways files are: a quote lost, bytes inserted, another encoding,
    cut short."""
    text = draw(entries())
    how = draw(st.sampled_from(["none", "quote", "bytes", "encoding", "cut"]))
    if how == "quote" and '"' in text:
        at = draw(st.sampled_from([n for n, c in enumerate(text) if c == '"']))
        text = text[:at] + text[at + 1 :]
    data = text.encode("utf-8")
    if how == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif how == "encoding":
        encoding = draw(st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-32"]))
        data = text.encode(encoding, errors="replace")
    elif how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def huge(draw) -> bytes:
    """One entry of deeply nested or very long markup: the comparisons must stay fast."""
    piece = draw(
        st.sampled_from(["[", "](", "*", "_", "`", "{rec}`", "<a ", "\\", "[x]: ", "(", "é", "[^"])
    )
    times = draw(st.integers(1_000, 20_000))
    msgstr = piece * times + draw(texts)
    return (
        HEADERS[1] + f'msgid "A [link](https://e.example) *x*."\nmsgstr {quote(msgstr)}\n'
    ).encode()


catalog_files = st.one_of(
    spoiled(),
    st.binary(max_size=2_000),  # random bytes
    st.lists(st.sampled_from(PIECES), max_size=80).map(lambda p: "".join(p).encode()),  # soup
    huge(),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("generated") / "locale"


@pytest.mark.slow  # hundreds of generated catalogs
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same inputs in every run, on every machine
    deadline=timedelta(seconds=5),  # far above the few milliseconds each takes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=catalog_files)
def test_generated_malformed_catalogs_are_named_never_raised(scratch, data):
    path = scratch / "fr" / "LC_MESSAGES" / "summary.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    found = catalogcheck.check_catalog(path)
    assert all(str(problem).startswith(f"{path}:") for problem in found)
    assert all(1 <= problem.line <= data.count(b"\n") + 1 for problem in found)
    try:
        counted = catalogs.coverage(scratch, "fr", ("summary",))
    except catalogs.CatalogError as error:
        assert str(error).startswith(f"{path}:"), "the coverage reader names the file"
        assert found, "a catalog one reader refuses never passes the check"
    else:
        assert counted.total >= 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert found and all("not valid UTF-8" in problem.message for problem in found)


@pytest.mark.slow  # builds the summary in every language
def test_strict_summary_builds_fail_on_a_refused_translation(tmp_path):
    """What publish runs: every language's summary with -W, so a refused translation stops it."""
    srcdir = summary_project(tmp_path, HOSTILE_SUMMARY)
    po = srcdir / "locale/fr/LC_MESSAGES/summary.po"
    items = plan(tmp_path / "build", "final", ["fr"])

    def run(command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, check=False)

    strict = build_summaries(items, srcdir, srcdir, "final", 1, run, lambda _: None, strict=True)
    refused = f'{po}:{line_of(po, "<script>")}: WARNING: msgid "Executive summary"'
    assert refused in strict[0].error
    assert not any((tmp_path / "build").rglob("*.pdf")), "no PDF after the HTML failed"
    lenient = build_summaries(items, srcdir, srcdir, "final", 1, run, lambda _: None)
    assert lenient[0].error == "", "without strict, the summary is built with English there"
