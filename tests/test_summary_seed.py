"""A summary from the English read (publish): each language starts from a copy of the
English HTML build's doctrees and reads again only what its language changes; the
published summaries are the same bytes as from a full read in the language."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from reviewkit.i18n.build import SEED_MARK, build_summaries, plan

from conftest import write_project
from publishing import files_of
from sources import CHAPTER, FRENCH_REPORT, FRENCH_SUMMARY, SUMMARY, SUMMARY_CONF, catalog
from sources import SUMMARY_INDEX as INDEX

#: straight quotes in titles the summary shows: English typography whatever the language
QUOTED = CHAPTER.replace(
    ":::::{recommendation} Publish abuse data",
    ':::::{recommendation} Publish "abuse" data the Board\'s way',
)
LANGUAGES = ["en", "fr", "ar"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, env=ENV)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("seed")
    files = {
        "index.md": INDEX,
        "summary.md": SUMMARY + "\n```{recommendation-chart}\n```\n",
        "chapter.md": QUOTED,
        "locale/fr/LC_MESSAGES/summary.po": catalog("fr", FRENCH_SUMMARY),
        "locale/fr/LC_MESSAGES/report.po": catalog("fr", FRENCH_REPORT),
    }
    srcdir = write_project(root / "src", files, SUMMARY_CONF)
    english = root / "english"
    html = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(english / "doctrees")]
    assert run([*html, str(srcdir), str(english / "html")]).returncode == 0
    roots = {"seeded": root / "seeded", "full": root / "full"}
    for how, build_root in roots.items():
        seed = english / "doctrees" if how == "seeded" else None
        items = plan(build_root, "final", LANGUAGES, seed=seed)
        # seeded: the three languages one after the other in one process
        jobs = 1 if how == "seeded" else 2
        outcomes = build_summaries(items, srcdir, srcdir, "final", jobs, run, report=print)
        assert [outcome.error for outcome in outcomes] == [""] * len(LANGUAGES)
    return {**roots, "english": english}


def summaries(build_root: Path) -> dict[str, str]:
    folder = build_root / "final"
    found = {f"html/{k}": v for k, v in files_of(folder / "html" / "summary").items()}
    found.update(
        (f"pdf/{path.name}", files_of(path.parent)[path.name])
        for path in (folder / "pdf").glob("*.pdf")
    )
    return found


@pytest.mark.slow
def test_every_summary_is_the_same_bytes_as_from_a_full_read(built):
    seeded, full = summaries(built["seeded"]), summaries(built["full"])
    assert len([name for name in seeded if name.endswith(".pdf")]) == len(LANGUAGES)
    assert seeded == full


@pytest.mark.slow
def test_languages_built_in_one_process_are_the_same_bytes_as_each_alone(built, tmp_path):
    """The seeded summaries were built in one process, English, French, then Arabic: no
    language's words or typography reach the next (Sphinx keeps message catalogs per
    process)."""
    srcdir = built["english"].parent / "src"
    together = summaries(built["seeded"])
    for code in LANGUAGES:
        items = plan(tmp_path / code, "final", [code], seed=built["english"] / "doctrees")
        (outcome,) = build_summaries(items, srcdir, srcdir, "final", 1, run, report=print)
        assert outcome.error == ""
        alone = summaries(tmp_path / code)
        assert alone and all(together[name] == digest for name, digest in alone.items()), code


@pytest.mark.slow
def test_a_language_reads_again_only_the_documents_it_translates(built):
    def read_times(doctrees: Path) -> dict[str, int]:
        with (doctrees / "environment.pickle").open("rb") as stream:
            return dict(pickle.load(stream).all_docs)

    english = read_times(built["english"] / "doctrees")
    french = built["seeded"] / "final" / "doctrees-summary-fr"
    arabic = built["seeded"] / "final" / "doctrees-summary-ar"
    assert read_times(french)["chapter"] == english["chapter"]
    assert read_times(french)["index"] == english["index"]
    assert read_times(french)["summary"] != english["summary"], "its catalog: read in French"
    assert read_times(arabic) == english, "no catalog in Arabic: nothing read again"
    assert (french / SEED_MARK).is_file()
    # a full read reads everything in its language
    assert (
        read_times(built["full"] / "final" / "doctrees-summary-fr")["chapter"]
        != (english["chapter"])
    )


@pytest.mark.slow
def test_english_text_keeps_english_quotes_in_every_language(built):
    for tag in ("fr", "ar"):
        page = built["full"] / "final" / "html" / "summary" / tag / "index.html"
        text = page.read_text(encoding="utf-8")
        assert "Publish \u201cabuse\u201d data the Board\u2019s way" in text, tag
        assert "\u00ab" not in text and "Board's" not in text, tag


@pytest.mark.slow
def test_a_copy_of_a_read_with_other_settings_is_read_again_whole(built, tmp_path):
    srcdir = next((built["english"].parent / "src").glob("conf.py")).parent
    items = plan(tmp_path, "final", ["fr"], seed=built["english"] / "doctrees")
    # the English read was of other settings: as if conf.py changed since
    mark = built["english"] / "doctrees" / SEED_MARK
    saved = mark.read_text()
    mark.write_text(saved.replace('"settings": "', '"settings": "other'))
    try:
        outcomes = build_summaries(items, srcdir, srcdir, "final", 1, run, report=lambda _: None)
    finally:
        mark.write_text(saved)
    assert outcomes[0].error == ""
    with (items[0].doctrees / "environment.pickle").open("rb") as stream:
        read = dict(pickle.load(stream).all_docs)
    with (built["english"] / "doctrees" / "environment.pickle").open("rb") as stream:
        english = dict(pickle.load(stream).all_docs)
    assert read["chapter"] != english["chapter"]
    page = items[0].html / "index.html"
    assert (
        page.read_bytes()
        == (built["full"] / "final" / "html" / "summary" / "fr" / "index.html").read_bytes()
    )


def test_languages_a_batch_never_reported_failed_with_what_it_said_last(tmp_path):
    """A batch process that ends early (killed, or out of memory) fails the languages it
    had not finished, with its last words; those it reported keep their outcome."""
    from reviewkit.i18n.build import build_batch

    items = plan(tmp_path, "final", LANGUAGES)
    said = '{"code": "en", "seconds": 1.5, "error": ""}\nnot a report\n'

    def ended(command: list[str]) -> subprocess.CompletedProcess[str]:
        assert command[1:3] == ["-m", "reviewkit.i18n.batch"]
        return subprocess.CompletedProcess(command, -9, said, "MemoryError\n")

    en, fr, ar = build_batch(items, tmp_path, tmp_path, "final", ended)
    assert (en.code, en.seconds, en.error) == ("en", 1.5, "")
    assert fr.code == "fr" and fr.error == "the build ended early: MemoryError"
    assert ar.code == "ar" and ar.error == fr.error


def test_batches_deal_the_languages_without_an_empty_one(tmp_path):
    from reviewkit.i18n.build import batches

    items = plan(tmp_path, "final", ["en", "ar", "es", "fr", "ru", "zh_CN"])
    codes = [[item.code for item in batch] for batch in batches(items, 2)]
    assert codes == [["en", "es", "ru"], ["ar", "fr", "zh_CN"]]
    assert [[item.code for item in batch] for batch in batches(items[:1], 4)] == [["en"]]
    assert batches([], 2) == []
    assert len(batches(items, 0)) == 1
