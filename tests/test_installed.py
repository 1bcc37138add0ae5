"""reviewkit as a team installs it: ``pip install reviewkit`` picks the dependencies'
versions afresh, so the package must work with what pip picks, not only with this
repository's lock (requirements/constraints.txt).

Its own catalogs are the first thing another release of babel meets: babel writes
other bytes into a ``.mo`` for the same translations, so a catalog is compared with
its ``.po`` by what it translates, and the advice on a stale one is for a user.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reviewkit.i18n import catalogs
from reviewkit.i18n.__main__ import main as i18n
from reviewkit.i18n.languages import TRANSLATIONS

from conftest import CONF
from installed import run, versions

PROJECT_CONF = f"""\
{CONF}project = "Example review"
reviewkit_summary = "summary"
reviewkit_translations = {list(TRANSLATIONS)!r}
locale_dirs = ["locale"]
"""
#: a message template with no messages: the project's catalogs then hold all of them
EMPTY_TEMPLATE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
OWNERS = 'msgid "Owners"\nmsgstr "Responsables"\n'
#: what the package's own catalogs must not say: another project's name, or placeholders
NOT_REVIEWKIT = ("SSR2", "ORGANIZATION", "FIRST AUTHOR", "EMAIL@ADDRESS", "VERSION")


def translation_project(root: Path) -> tuple[Path, Path]:
    """A project translated into every language reviewkit publishes, and its templates."""
    project, templates = root / "review", root / "templates"
    project.mkdir()
    templates.mkdir()
    (project / "conf.py").write_text(PROJECT_CONF)
    for name in ("summary", catalogs.REPORT):
        (templates / f"{name}.pot").write_text(EMPTY_TEMPLATE)
    return project, templates


@pytest.mark.slow
def test_the_toolchain_catalogs_pass_the_check_with_the_versions_pip_picks(
    installed_reviewkit, tmp_path
):
    project, templates = translation_project(tmp_path)
    python = installed_reviewkit / "python"
    created = run(python, "-m", "reviewkit.i18n", "-c", project, "-s", project, "update", templates)
    assert created.returncode == 0, created.stderr
    checked = run(
        python, "-m", "reviewkit.i18n", "-c", project, "-s", project, "current", templates
    )
    assert checked.returncode == 0, f"{checked.stderr}\n{versions(installed_reviewkit)}"
    assert checked.stdout.startswith(
        f"every catalog holds every message of the sources ({len(TRANSLATIONS)} languages)"
    )


@pytest.fixture
def shipped(tmp_path, monkeypatch) -> Path:
    """A copy of the package's own catalogs, which the toolchain's functions then use."""
    folder = tmp_path / "toolchain-locale"
    shutil.copytree(catalogs.TOOLCHAIN_LOCALE, folder)
    monkeypatch.setattr(catalogs, "TOOLCHAIN_LOCALE", folder)
    return folder


def french(folder: Path) -> Path:
    return catalogs.po_path(folder, "fr", "reviewkit")


def msgfmt(po_text: str, mo: Path) -> None:
    """Compile a catalog with GNU gettext's msgfmt: another writer than babel."""
    source = mo.with_name("source.po")
    source.write_text(po_text, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(mo), str(source)], check=True)
    source.unlink()


def test_a_mo_that_another_writer_compiled_from_the_po_passes(shipped):
    for language in TRANSLATIONS:
        po = catalogs.po_path(shipped, language, "reviewkit")
        msgfmt(po.read_text(encoding="utf-8"), po.with_suffix(".mo"))
        assert po.with_suffix(".mo").read_bytes() != catalogs.compile_mo(po, language)
    assert list(catalogs.toolchain_behind(TRANSLATIONS)) == []


def spoiled(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def dropped(text: str) -> str:
    return spoiled(text, OWNERS, 'msgid "Owners"\nmsgstr ""\n')


def changed(text: str) -> str:
    return spoiled(text, OWNERS, 'msgid "Owners"\nmsgstr "Propriétaires"\n')


def made_fuzzy(text: str) -> str:
    return spoiled(text, OWNERS, f"#, fuzzy\n{OWNERS}")


def other_plurals(text: str) -> str:
    return spoiled(text, "plural=(n > 1);", "plural=(n != 1);")


def unchanged(text: str) -> str:
    return text


@pytest.mark.parametrize(
    ("mo_source", "po_now", "expected"),
    [
        (dropped, unchanged, '1 message(s) untranslated that the .po translates (e.g. "Owners")'),
        (changed, unchanged, '1 message(s) translated otherwise than the .po (e.g. "Owners")'),
        (
            unchanged,
            made_fuzzy,
            '1 message(s) translated that the .po does not translate (e.g. "Owners")',
        ),
        (other_plurals, unchanged, "plural forms 'nplurals=2; plural=(n != 1);', not"),
    ],
    ids=["a translation missing", "a translation changed", "now fuzzy", "plural forms"],
)
def test_a_mo_that_translates_otherwise_than_its_po_is_named(shipped, mo_source, po_now, expected):
    po = french(shipped)
    text = po.read_text(encoding="utf-8")
    msgfmt(mo_source(text), po.with_suffix(".mo"))
    po.write_text(po_now(text), encoding="utf-8")
    [(path, problem)] = catalogs.toolchain_behind(TRANSLATIONS)
    assert path == po.with_suffix(".mo")
    assert problem.startswith(f"is not compiled from its .po: {expected}")
    assert problem.endswith(f"; {catalogs.REINSTALL}")


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "is missing"), (b"not a catalog", "is not a compiled catalog gettext can read")],
    ids=["missing", "not a catalog"],
)
def test_a_mo_that_cannot_be_read_is_named(shipped, content, expected):
    mo = french(shipped).with_suffix(".mo")
    if content is None:
        mo.unlink()
    else:
        mo.write_bytes(content)
    assert list(catalogs.toolchain_behind(TRANSLATIONS)) == [
        (mo, f"{expected}; {catalogs.REINSTALL}")
    ]


def test_the_check_tells_a_user_what_to_do_about_a_stale_toolchain_catalog(
    shipped, tmp_path, capsys
):
    po = french(shipped)
    msgfmt(dropped(po.read_text(encoding="utf-8")), po.with_suffix(".mo"))
    project, templates = translation_project(tmp_path)
    assert i18n(["-c", str(project), "-s", str(project), "update", str(templates)]) == 0
    assert i18n(["-c", str(project), "-s", str(project), "current", str(templates)]) == 1
    err = capsys.readouterr().err
    assert f"error: {po.with_suffix('.mo')} is not compiled from its .po: " in err
    assert (
        "reviewkit's own catalogs are out of date, a fault of this installation of reviewkit "
        "and not of the report: reinstall reviewkit; or, in reviewkit's repository, run "
        "python -m reviewkit.i18n toolchain\n"
    ) in err
    assert "nox" not in err


def test_updating_the_toolchain_catalogs_rewrites_a_mo_only_when_it_translates_otherwise(
    shipped,
):
    for language in TRANSLATIONS:
        po = catalogs.po_path(shipped, language, "reviewkit")
        msgfmt(po.read_text(encoding="utf-8"), po.with_suffix(".mo"))
    before = {path: path.read_bytes() for path in shipped.rglob("*.[mp]o")}
    assert {status for _po, status in catalogs.update_toolchain(TRANSLATIONS)} == {"unchanged"}
    assert {path: path.read_bytes() for path in shipped.rglob("*.[mp]o")} == before, (
        "the same translations from another writer are no change"
    )
    mo = french(shipped).with_suffix(".mo")
    msgfmt(changed(french(shipped).read_text(encoding="utf-8")), mo)
    dict(catalogs.update_toolchain(TRANSLATIONS))
    assert list(catalogs.toolchain_behind(TRANSLATIONS)) == []
    assert mo.read_bytes() == catalogs.compile_mo(french(shipped), "fr")


def header(po: Path) -> str:
    return po.read_text(encoding="utf-8").split("\n\n", 1)[0]


def speaks_of_reviewkit(po: Path) -> None:
    text = header(po)
    assert '"Project-Id-Version: reviewkit\\n"' in text
    assert '"Last-Translator: reviewkit translators\\n"' in text
    assert [word for word in NOT_REVIEWKIT if word in text] == [], po


def test_the_shipped_catalogs_speak_of_reviewkit():
    for language in TRANSLATIONS:
        speaks_of_reviewkit(catalogs.po_path(catalogs.TOOLCHAIN_LOCALE, language, "reviewkit"))


def test_updating_the_toolchain_catalogs_writes_reviewkit_in_their_header(shipped):
    po = french(shipped)
    text = po.read_text(encoding="utf-8")
    po.write_text(spoiled(text, "Last-Translator: reviewkit", "Last-Translator: SSR2 team"))
    updated = catalogs.update_toolchain(["fr", "de"])
    assert [(path.parent.parent.name, status) for path, status in updated] == [
        ("fr", "updated"),
        ("de", "created"),
    ]
    assert po.read_text(encoding="utf-8") == text, "the header as it was, the entries untouched"
    created = catalogs.po_path(shipped, "de", "reviewkit")
    speaks_of_reviewkit(created)
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(created)], check=True)
    assert list(catalogs.toolchain_behind(["de"])) == []
