"""The catalog check: every translator's mistake at its catalog's file:line, none for a good one."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from reviewkit.i18n.catalogcheck import Problem, check_catalog, check_catalogs, main, problems
from reviewkit.i18n.comparison import additions, translation_problems

from sources import DESTINATIONS, FORMS, LABELS, MISSED_LINKS, written_link

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: SSR2 executive summary\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Language: {language}\\n"
{plural_forms}
"""

MSGID = (
    "The team therefore asks ICANN to finish the work that remains. See {rec}`ssr1-completion`, "
    "{rec}`ssr1-measurable` and {ref}`the method <method-smart>`, "
    "[RFC 8806](https://www.rfc-editor.org/rfc/rfc8806) and **2012**."
)
FRENCH = (
    "L'équipe demande donc à l'ICANN de terminer le travail restant. Voir "
    "{rec}`ssr1-completion`, {rec}`ssr1-measurable` et {ref}`la méthode <method-smart>`, "
    "[la RFC 8806](https://www.rfc-editor.org/rfc/rfc8806) et **2012**."
)
ARABIC = (
    "لذلك يطلب الفريق من ICANN إنهاء العمل المتبقي. انظر {rec}`ssr1-completion` "
    "و{rec}`ssr1-measurable` و{ref}`المنهجية <method-smart>` "
    "و[RFC ٨٨٠٦](https://www.rfc-editor.org/rfc/rfc8806) و**٢٠١٢**."
)
ACT = "The team asks ICANN to act."


def entry(msgid: str, msgstr: str, *, flags: str = "") -> str:
    lines = [f"#, {flags}"] if flags else []
    lines += [f"msgid {quote(msgid)}", f"msgstr {quote(msgstr)}"]
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_catalog(
    root: Path,
    *entries: str,
    language: str = "fr",
    plural_forms: str = "",
    name: str = "summary.po",
) -> Path:
    path = root / "locale" / language / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(
        language=language,
        plural_forms=f'"Plural-Forms: {plural_forms}\\n"\n' if plural_forms else "",
    )
    path.write_text(header + "\n".join(entries), encoding="utf-8")
    return path


def last_msgstr_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.startswith("msgstr")][-1]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_good_translations_have_no_problems(tmp_path):
    write_catalog(
        tmp_path,
        entry(MSGID, FRENCH),
        entry(
            "The {term}`KSK` is rolled every 5 years.",
            "La {term}`clé KSK <KSK>` change tous les 5 ans.",
        ),
        entry(
            "Read <https://www.icann.org/ssr2> by {{ date }}.",
            "Lisez <https://www.icann.org/ssr2> avant le {{date}}.",
        ),
        entry(
            "Scores rose from 4.6 to 1,000 of 10000.",
            "Les scores passent de 4,6 à 1 000 sur 10 000.",
        ),
        entry(
            "Multiply 5 by 3 in [the table](https://example.org/a_b*c) for *snake_case*.",
            "Multipliez 5 * 3 dans [le tableau](https://example.org/a_b*c) pour *snake_case*.",
        ),
        entry(
            "Run `dig +dnssec` and see {ref}`the *results* <results>`.",
            "Lancez `dig +dnssec` et voyez {ref}`les résultats <results>`.",
        ),
        entry("First line<br>second line.", "Première ligne<br>seconde ligne."),
        entry(
            "See [RFC 8806](https://www.rfc-editor.org/rfc/rfc8806).",
            "Voir la [RFC 8806][r].\n\n[r]: https://www.rfc-editor.org/rfc/rfc8806",
        ),
        entry(
            "Write to ssr2@icann.org or see www.icann.org.",
            "Écrivez à ssr2@icann.org, www.icann.org.",
        ),
        entry("See {rec}`ssr1-completion`.", "Voir <b>ici</b> [^1] **2013", flags="fuzzy"),
        entry(ACT, ""),
    )
    write_catalog(tmp_path, entry(MSGID, ARABIC), language="ar")
    write_catalog(
        tmp_path,
        entry("The review began in 2012 with 28 members.", "审查始于２０１２年, 共有۲۸名成员。"),
        language="zh_CN",
    )
    assert check_catalogs(tmp_path / "locale") == []


MISTAKES = [
    pytest.param(
        MSGID,
        FRENCH.replace("{rec}`ssr1-measurable` et ", ""),
        [("role", "drops the role {rec}`ssr1-measurable`; keep every role and its target")],
        id="role-dropped",
    ),
    pytest.param(
        MSGID,
        FRENCH.replace("<method-smart>", "<methode-smart>"),
        [
            ("role", "drops the role {ref}`the method <method-smart>`"),
            ("role", "has the role {ref}`la méthode <methode-smart>`, which the msgid does not"),
        ],
        id="role-target-translated",
    ),
    pytest.param(
        "The {term}`KSK` is rolled.",
        "La {term}`clé KSK` change.",
        [("role", "drops the role {term}`KSK`"), ("role", "has the role {term}`clé KSK`")],
        id="term-text-without-target",
    ),
    pytest.param(
        MSGID,
        FRENCH + " Voir {finding}`ssr1-gaps`.",
        [("role", "has the role {finding}`ssr1-gaps`, which the msgid does not have")],
        id="role-added",
    ),
    pytest.param(
        MSGID,
        FRENCH.replace("rfc8806)", "rfc8805)"),
        [
            ("url", "drops the link to https://www.rfc-editor.org/rfc/rfc8806; keep every URL"),
            ("url", "has the link to https://www.rfc-editor.org/rfc/rfc8805"),
        ],
        id="url-changed",
    ),
    pytest.param(
        "Read <https://www.icann.org/ssr2> now.",
        "Lisez le rapport maintenant.",
        [("url", "drops the link to https://www.icann.org/ssr2")],
        id="autolink-dropped",
    ),
    pytest.param(
        "The team asks ICANN to act on its findings.",
        "L'équipe demande à l'ICANN d'agir sur ses [conclusions][x].\n\n"
        "[x]: mailto:phish@evil.example",
        [("url", "has the link to mailto:phish@evil.example, which the msgid does not have")],
        id="reference-definition",
    ),
    pytest.param(
        "The team asks ICANN to act on its findings.",
        "L'équipe demande d'agir sur ses [conclusions].\n\n[conclusions]:\n"
        '   //evil.example/x "titre"',
        [("url", "has the link to //evil.example/x,")],
        id="reference-definition-next-line",
    ),
    pytest.param(
        "Read [the report](https://www.icann.org/ssr2).",
        "Lisez [le rapport](//evil.example/ssr2).",
        [
            ("url", "drops the link to https://www.icann.org/ssr2"),
            ("url", "has the link to //evil.example/ssr2"),
        ],
        id="protocol-relative-link",
    ),
    pytest.param(
        "Read [the report](https://www.icann.org/ssr2).",
        "Lisez [le rapport](HTTPS://www.icann.org/ssr2).",
        [
            ("url", "drops the link to https://www.icann.org/ssr2"),
            ("url", "has the link to HTTPS://www.icann.org/ssr2"),
        ],
        id="scheme-case-changed",
    ),
    pytest.param(
        ACT,
        "L'équipe demande d'agir: <HTTPS://evil.example/x>.",
        [("url", "has the link to HTTPS://evil.example/x")],
        id="autolink-uppercase-scheme",
    ),
    pytest.param(
        ACT,
        "L'équipe demande d'agir: HTTPS://evil.example/x.",
        [("url", "has the link to HTTPS://evil.example/x,")],
        id="bare-url-uppercase-scheme",
    ),
    pytest.param(
        ACT,
        "L'équipe demande d'agir: //evil.example/x.",
        [("url", "has the link to //evil.example/x,")],
        id="bare-protocol-relative",
    ),
    pytest.param(
        ACT,
        "L'équipe demande d'agir, voir www.evil.example/x.",
        [("url", "has the link to www.evil.example/x,")],
        id="bare-www",
    ),
    pytest.param(
        ACT,
        "L'équipe demande d'agir, écrivez à phish@evil.example.",
        [("url", "has the link to phish@evil.example,")],
        id="bare-email",
    ),
    pytest.param(
        ACT,
        "L'équipe demande <? x ?> d'agir.",
        [("html", "adds the HTML tag <?")],
        id="processing-instruction",
    ),
    pytest.param(
        "Published on {{ date }}.",
        "Publié le 25 janvier.",
        [("substitution", "drops the substitution {{ date }}; keep every {{ ... }}")],
        id="substitution-dropped",
    ),
    pytest.param(
        MSGID,
        FRENCH.replace("**2012**", "**2013**"),
        [("number", "drops the number 2012; write every number")],
        id="number-changed",
    ),
    pytest.param(
        MSGID,
        FRENCH.replace("**2012**", "<b>2012</b>"),
        [("html", "adds the HTML tag <b>, which"), ("html", "adds the HTML tag </b>")],
        id="html-tag",
    ),
    pytest.param(
        "Contact the team.",
        "Contactez [l'équipe](javascript:alert(1)).",
        [
            ("url", "has the link to javascript:alert(1)"),
            ("html", "adds the script URL javascript:; remove it"),
        ],
        id="javascript-url",
    ),
    pytest.param(
        "Scope: the root.",
        "Portée&nbsp;: la racine.<!-- relu -->",
        [
            ("html", "adds the HTML character reference &nbsp;; type the character itself"),
            ("html", "adds the HTML comment <!--"),
        ],
        id="html-entity-and-comment",
    ),
    pytest.param(
        ACT,
        "L'équipe demande :\n:::{note}\nAgir.\n:::",
        [("markup", "adds a directive fence (``` or ::: at the start of a line) 2 times")],
        id="fence",
    ),
    pytest.param(
        ACT,
        "L'équipe demande à `ICANN` d'agir.",
        [("markup", "adds inline code (text between backticks), which the msgid does not have")],
        id="inline-code",
    ),
    pytest.param(
        ACT, "# L'équipe demande à l'ICANN d'agir.", [("markup", "heading marker")], id="heading"
    ),
    pytest.param(
        ACT,
        "L'équipe ![ICANN](logo.png) demande d'agir.",
        [("url", "has the link to logo.png"), ("markup", "adds an image")],
        id="image",
    ),
    pytest.param(
        ACT, "L'équipe demande à l'ICANN d'agir[^1].", [("markup", "footnote")], id="footnote"
    ),
    pytest.param(
        ACT, "(action)=\nL'équipe demande d'agir.", [("markup", "target label")], id="target"
    ),
    pytest.param(
        ACT, "L'équipe demande :\n- d'agir.", [("markup", "adds a list marker")], id="list"
    ),
    pytest.param(
        ACT, "> L'équipe demande d'agir.", [("markup", "adds a block quote")], id="blockquote"
    ),
    pytest.param(
        "The team asks ICANN to **act now**.",
        "L'équipe demande à l'ICANN d'**agir maintenant.",
        [("emphasis", "has an unpaired ** (strong emphasis); put ** on both sides")],
        id="strong-unpaired",
    ),
    pytest.param(
        "The team asks ICANN to *act* now.",
        "L'équipe demande à l'ICANN d'*agir maintenant.",
        [("emphasis", "has an unpaired * (emphasis)")],
        id="emphasis-unpaired",
    ),
    pytest.param(
        "The _team_ asks.", "L'_équipe demande.", [("emphasis", "unpaired _")], id="underscore"
    ),
    pytest.param(
        "Run `dig` now.",
        "Lancez `dig maintenant.",
        [("emphasis", "has an unpaired backtick (`)")],
        id="backtick-unpaired",
    ),
    *(
        pytest.param(
            ACT,
            f"L'équipe demande d'agir. {link}",
            [("url", f"has the link to {resolved}, which the msgid does not have")],
            id=name,
        )
        for name, (link, resolved) in zip(
            [
                "link-text-nested",
                "label-across-lines",
                "nested-parentheses",
                "ftp-nested-parentheses",
            ],
            MISSED_LINKS,
            strict=True,
        )
    ),
    pytest.param(
        ACT,
        "L'équipe demande d'agir.\n\n.. include:: ../secret.txt",
        [("markup", "adds a reStructuredText directive, target or comment (.. at the start")],
        id="restructuredtext-directive",
    ),
    pytest.param(
        ".. image:: logo.png",
        ".. image:: ../secret/secret.png",
        [("url", "replaces the source's image logo.png with .. image:: ../secret/secret.png; ")],
        id="image-replaced",
    ),
    pytest.param(
        ".. image:: logo.png",
        ".. image:: https://evil.example/track.png",
        [("url", "replaces the source's image logo.png with .. image:: https://evil.example/")],
        id="image-from-the-web",
    ),
]


@pytest.mark.parametrize(("msgid", "msgstr", "expected"), MISTAKES)
def test_each_mistake_is_reported_at_its_msgstr(tmp_path, msgid, msgstr, expected):
    path = write_catalog(
        tmp_path, entry(ACT + " First.", "L'équipe agit. D'abord."), entry(msgid, msgstr)
    )
    problems = check_catalog(path)
    line = last_msgstr_line(path)
    assert [(p.path, p.line, p.msgid, p.rule) for p in problems] == [
        (path, line, msgid, rule) for rule, _ in expected
    ]
    for problem, (_, words) in zip(problems, expected, strict=True):
        assert words in problem.message


def test_each_plural_form_is_checked_at_its_own_line(tmp_path):
    path = write_catalog(
        tmp_path,
        'msgid "See {rec}`r`."\n'
        'msgid_plural "See {rec}`r` and others."\n'
        'msgstr[0] "Voir {rec}`r`."\n'
        'msgstr[1] "Voir les autres."\n',
        plural_forms="nplurals=2; plural=(n > 1);",
    )
    problem = check_catalog(path)[0]
    assert (problem.line, problem.rule) == (line_of(path, "msgstr[1]"), "role")
    assert "drops the role {rec}`r`" in problem.message


def test_msgfmt_errors_are_reported_at_their_line(tmp_path):
    path = write_catalog(tmp_path, entry(ACT, "Agir."), entry("Hello\n", "Bonjour"))
    assert [(p.line, p.msgid, p.rule, p.message) for p in check_catalog(path)] == [
        (
            line_of(path, 'msgstr "Bonjour"'),
            "",
            "msgfmt",
            "msgfmt --check: 'msgid' and 'msgstr' entries do not both end with '\\n'; "
            "correct it so that msgfmt accepts the catalog",
        )
    ]


def test_msgfmt_continuation_lines_stay_with_their_error(tmp_path):
    path = write_catalog(tmp_path, entry("Twice.", "Deux fois."), entry("Twice.", "Encore."))
    first, second = line_of(path, 'msgstr "Deux fois."'), line_of(path, 'msgstr "Encore."')
    assert [(p.line, p.message) for p in check_catalog(path)] == [
        (
            second - 1,  # msgfmt names the duplicate's msgid, and the first one's msgstr
            "msgfmt --check: duplicate message definition, this is the location of the first "
            f"definition (line {first}); correct it so that msgfmt accepts the catalog",
        )
    ]


def test_a_catalog_that_cannot_be_parsed_is_reported_not_raised(tmp_path, monkeypatch):
    path = write_catalog(tmp_path, entry(ACT, "Agir."), 'msgid "Broken."\nmsgstrr "Cassé."\n')
    bad_line = line_of(path, "msgstrr")
    problems = check_catalog(path)
    assert (bad_line, 'msgfmt --check: keyword "msgstrr" unknown') in [
        (p.line, p.message.split(";")[0]) for p in problems
    ]
    assert {p.rule for p in problems} == {"msgfmt"}
    assert not any("cannot be read" in p.message for p in problems)  # msgfmt said it already

    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # babel's reading alone
    problems = check_catalog(path)
    assert [(p.line, p.rule) for p in problems] == [(1, "msgfmt"), (bad_line, "msgfmt")]
    assert "the catalog cannot be read" in problems[1].message


def test_without_msgfmt_the_problem_says_how_to_install_it(tmp_path, monkeypatch):
    path = write_catalog(tmp_path, entry(MSGID, FRENCH))
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    assert check_catalog(path) == [
        Problem(
            path,
            1,
            "",
            "msgfmt is not installed, so the catalog's syntax was not checked; install the "
            "Debian package gettext (apt-get install -y gettext)",
            "msgfmt",
        )
    ]


def test_problems_come_by_catalog_then_line(tmp_path):
    french = write_catalog(
        tmp_path, entry(MSGID, FRENCH.replace("2012", "2013")), entry(ACT, "# Agir.")
    )
    arabic = write_catalog(
        tmp_path, entry(MSGID, ARABIC.replace("{rec}`ssr1-completion`", "")), language="ar"
    )
    problems = check_catalogs(tmp_path / "locale")
    assert [(p.path, p.rule) for p in problems] == [
        (arabic, "role"),
        (french, "number"),
        (french, "markup"),
    ]
    assert problems[1].line < problems[2].line


def test_command_line_lists_problems_and_fails(tmp_path, monkeypatch, capsys):
    write_catalog(tmp_path, entry(MSGID, ARABIC), language="ar")
    write_catalog(tmp_path, entry(MSGID, FRENCH.replace("2012", "2013")), entry(ACT, "# Agir."))
    monkeypatch.chdir(tmp_path)
    assert main([]) == 1
    out = capsys.readouterr().out.splitlines()
    path = Path("locale/fr/LC_MESSAGES/summary.po")
    first, second = line_of(path, "msgstr \"L'équipe"), line_of(path, "Agir")
    assert out == [
        f'{path}:{first}: msgid "{MSGID[:59]}…": the translation drops the '
        "number 2012; write every number of the msgid, in ASCII, Arabic-Indic or full-width "
        "digits",
        f'{path}:{second}: msgid "{ACT}": the translation adds a heading marker '
        "(# at the start of a line), which the msgid does not have; remove it, or write \\#",
        "2 problems in 1 catalog",
    ]


def test_command_line_passes_good_catalogs(tmp_path, capsys):
    write_catalog(tmp_path, entry(MSGID, ARABIC), language="ar")
    write_catalog(tmp_path, entry(MSGID, FRENCH))
    assert main([str(tmp_path / "locale")]) == 0
    assert capsys.readouterr().out == "2 catalogs checked, no problems\n"


def test_command_line_names_a_missing_folder(tmp_path, capsys):
    assert main([str(tmp_path / "locales")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"there is no folder {tmp_path / 'locales'}" in captured.err
    assert "Traceback" not in captured.err


def test_a_catalog_not_in_utf8_is_named_at_each_line_once(tmp_path):
    path = write_catalog(tmp_path, entry(ACT, "Agir."), entry("Scope.", "Portée."))
    data = path.read_bytes().replace("Portée".encode(), "Portée".encode("latin-1"))
    path.write_bytes(data)
    assert [str(problem) for problem in check_catalog(path)] == [
        f"{path}:{line_of_bytes(path, b'Port')}: not valid UTF-8 (byte 0xE9 at column 13); "
        "save the catalog as UTF-8"
    ]


def line_of_bytes(path: Path, needle: bytes) -> int:
    return next(n for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if needle in line)


def test_a_folder_where_a_catalog_should_be_is_named(tmp_path):
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "summary.po"
    folder.mkdir(parents=True)
    assert [str(problem) for problem in check_catalogs(tmp_path / "locale")] == [
        f"{folder}:1: is a folder, not a catalog; put the catalog file (.po) in its place"
    ]


def test_problems_are_every_problem_of_the_catalogs_as_the_check_prints_them(tmp_path):
    french = write_catalog(tmp_path, entry(MSGID, FRENCH.replace("2012", "2013")))
    write_catalog(tmp_path, entry(MSGID, ARABIC), language="ar")
    assert problems([tmp_path / "locale", tmp_path / "nothing-here"]) == [
        f'{french}:{last_msgstr_line(french)}: msgid "{MSGID[:59]}…": the translation drops the '
        "number 2012; write every number of the msgid, in ASCII, Arabic-Indic or full-width "
        "digits"
    ], "the toolchain's own catalogs are checked too, and have no problems"


def test_every_link_a_translation_adds_is_named_however_it_is_written():
    """Each form of link, its text nested 1 to 5 deep, each label across lines, each
    destination with escapes or without ``//``: the link is named as a parser reads it."""
    missed = []
    for form, depth, label, (destination, resolved) in itertools.product(
        FORMS, range(1, 6), range(len(LABELS)), DESTINATIONS
    ):
        msgstr = f"L'équipe demande d'agir : {written_link(form, depth, label, destination)}"
        named = [message for rule, message in additions(ACT, msgstr) if rule == "url"]
        if not any(f"has the link to {resolved}," in message for message in named):
            missed.append((msgstr, named))
    assert missed == []


def test_a_translation_that_keeps_its_link_in_any_form_has_no_problem():
    msgid = "The team asks ICANN to act: see [the report](https://www.icann.org/ssr2)."
    wrong = []
    for form, depth, label, destination in itertools.product(
        [form for form in FORMS if form != "image"],
        range(1, 6),
        range(len(LABELS)),
        ["https://www.icann.org/ssr2", r"https:/\/www.icann.org/ssr2"],
    ):
        msgstr = f"L'équipe demande d'agir : {written_link(form, depth, label, destination)}"
        problems = list(translation_problems(msgid, msgstr))
        if problems:
            wrong.append((msgstr, problems))
    assert wrong == []
