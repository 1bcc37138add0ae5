"""The executive summary in other languages: catalogs, translated pages, fallback, PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from sphinx.cmd.build import build_main

from reviewkit.i18n import catalogs
from reviewkit.i18n.__main__ import main as i18n

from conftest import write_project
from sources import (
    CHAPTER,
    FRENCH_REPORT,
    FRENCH_SUMMARY,
    SUMMARY,
    SUMMARY_CONF,
    catalog,
)
from sources import SUMMARY_INDEX as INDEX

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    files = {
        "index.md": INDEX,
        "summary.md": SUMMARY,
        "chapter.md": CHAPTER,
        "locale/fr/LC_MESSAGES/summary.po": catalog("fr", FRENCH_SUMMARY),
        "locale/fr/LC_MESSAGES/report.po": catalog("fr", FRENCH_REPORT),
    }
    return write_project(tmp_path_factory.mktemp("summaries") / "src", files, SUMMARY_CONF)


def build(srcdir: Path, builder: str, language: str, outdir: Path) -> Path:
    args = ["-b", builder, "-q", "--no-color", "-E", "-D", f"language={language}"]
    assert build_main([*args, str(srcdir), str(outdir)]) == 0
    return outdir


@pytest.fixture(scope="module")
def french(project: Path, tmp_path_factory) -> str:
    out = build(project, "summary", "fr", tmp_path_factory.mktemp("fr"))
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".html") == ["index.html"]
    return (out / "index.html").read_text(encoding="utf-8")


def test_the_summary_is_translated_from_the_catalogs(french):
    assert '<html lang="fr" dir="ltr"' in french
    assert "La révision demande des mots communs." in french
    link = re.search(r'<a [^>]*href="../../chapter.html#abuse"[^>]*>(.*?)</a>', french)
    assert link, "the reference links to the group in the English chapter"
    assert re.sub(r"<[^>]+>", "", link[1]) == "Recommandation 1", "numbered in French"


def test_the_table_takes_titles_owners_and_words_from_the_catalogs(french):
    table = french[french.index("<table") : french.index("</table>")]
    assert "Adopter des mots communs" in table and "Adopt shared words" not in table
    assert "Le Conseil, Le Secrétariat" in table
    assert "Responsables" in table and "Priorité" in table, "the toolchain's own words"


def test_untranslated_text_falls_back_to_english_visibly(french):
    fallback = re.search(r'<span class="rk-untranslated"[^>]*>This paragraph', french)
    assert fallback, "the English paragraph is marked"
    assert 'lang="en"' in fallback[0] and 'dir="ltr"' in fallback[0]
    assert "rk-untranslated" not in french.split("This paragraph")[1].split("</p>")[1]


def test_links_into_chapters_lead_to_the_english_report(french):
    assert 'href="../../chapter.html#abuse"' in french


def test_the_switcher_lists_only_published_languages(french):
    switcher = re.search(r'<nav class="rk-languages".*?</nav>', french, re.S)[0]
    assert 'href="../en/index.html"' in switcher and ">English<" in switcher
    assert 'aria-current="page" lang="fr"' in switcher, "the page names its own language"
    assert "../ar/" not in switcher and "../zh/" not in switcher, "no catalogs, not published"


def test_english_summary_marks_nothing(project, tmp_path):
    page = (build(project, "summary", "en", tmp_path) / "index.html").read_text()
    assert '<html lang="en" dir="ltr"' in page and "rk-untranslated" not in page
    assert "Adopt shared words" in page


def test_coverage_and_the_threshold(project, capsys):
    assert i18n(["-c", str(project), "-s", str(project), "published"]) == 0
    out = capsys.readouterr()
    assert out.out.split() == [], "fr is 7 of 8 translated: below 100"
    assert "fr: 87.5% of the summary is translated (0 fuzzy, 1 untranslated)" in out.err
    assert "below reviewkit_translation_threshold = 100 in conf.py" in out.err
    assert "ar: 0.0%" in out.err


def test_coverage_json(project, tmp_path, capsys):
    target = tmp_path / "coverage.json"
    assert i18n(["-c", str(project), "-s", str(project), "coverage", "--json", str(target)]) == 0
    import json

    data = json.loads(target.read_text())
    assert data["languages"]["fr"] == {
        "language": "fr",
        "translated": 7,
        "fuzzy": 0,
        "untranslated": 1,
        "percent": 87.5,
        "published": False,
    }
    assert "fr                  7      0             1     87.5%" in capsys.readouterr().out


def test_an_update_keeps_translations_and_shows_changed_sources_as_fuzzy(tmp_path):
    pot = tmp_path / "summary.pot"
    po = tmp_path / "fr" / "LC_MESSAGES" / "summary.po"
    po.parent.mkdir(parents=True)
    po.write_text(catalog("fr", FRENCH_SUMMARY))
    pot.write_text(
        catalog("en", 'msgid "Executive summary"\nmsgstr ""\n\n')
        + 'msgid "The review asks for common words. See {rec}`abuse`."\nmsgstr ""\n'
    )
    assert catalogs.update(pot, po, "fr") == "updated"
    text = po.read_text()
    assert 'msgid "Executive summary"\nmsgstr "Résumé"' in text
    changed = re.search(r"#, fuzzy.*\n#\| msgid (.*)\nmsgid (.*)\nmsgstr (.*)\n", text)
    assert changed, "the changed source comes back fuzzy, showing the previous msgid"
    assert changed[1] == '"The review asks for shared words. See {rec}`abuse`."'
    assert changed[2] == '"The review asks for common words. See {rec}`abuse`."'
    assert changed[3] == '"La révision demande des mots communs. Voir {rec}`abuse`."'
    assert "This paragraph has no translation yet" not in text, "gone from the sources"
    assert catalogs.update(pot, po, "fr") == "unchanged", "a second update changes nothing"
    assert all(len(line) <= catalogs.WIDTH for line in text.splitlines())


def test_check_fails_when_a_catalog_is_behind_the_sources(project, tmp_path, capsys):
    pot_dir = tmp_path / "pot"
    pot_dir.mkdir()
    (pot_dir / "summary.pot").write_text(
        catalog(
            "en", 'msgid "Executive summary"\nmsgstr ""\n\nmsgid "A new paragraph."\nmsgstr ""\n'
        )
    )
    template = re.sub(r'msgstr ".*"', 'msgstr ""', FRENCH_REPORT)
    (pot_dir / "report.pot").write_text(catalog("en", template))
    assert i18n(["-c", str(project), "-s", str(project), "current", str(pot_dir)]) == 1
    err = capsys.readouterr().err
    assert "locale/fr/LC_MESSAGES/summary.po is behind the sources: 1 new message(s)" in err
    assert "locale/ar/LC_MESSAGES/summary.po is missing; run reviewkit gettext" in err


def test_the_shipped_toolchain_catalogs_are_complete_and_compiled():
    assert list(catalogs.toolchain_behind(["ar", "es", "fr", "ru", "zh_CN"])) == []


@pytest.fixture(scope="module")
def report_summaries(tmp_path_factory) -> dict[str, tuple[str, pypdf.PdfReader]]:
    """The real report's summary in Arabic and Chinese, as HTML and PDF."""
    root = tmp_path_factory.mktemp("report-summaries")
    result = {}
    for code, tag in (("ar", "ar"), ("zh_CN", "zh")):
        options = ["-q", "--no-color", "-c", str(ROOT), "-d", str(root / f"doctrees-{tag}")]
        options += ["-D", f"language={code}"]
        for builder in ("summary", "summary-pdf"):
            args = ["-b", builder, *options, str(ROOT / "report"), str(root / tag)]
            assert build_main(args) == 0
        html = (root / tag / "index.html").read_text(encoding="utf-8")
        result[tag] = (html, pypdf.PdfReader(root / tag / f"ssr2-final-summary-{tag}.pdf"))
    return result


def embedded_fonts(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                files = ("/FontFile", "/FontFile2", "/FontFile3")
                if descriptor and any(key in descriptor.get_object() for key in files):
                    names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


STYLESHEET_FAMILIES = re.compile(
    r"Noto-(Serif|Sans|Naskh-Arabic|Sans-Arabic|Serif-CJK-SC|Sans-CJK-SC)"
)


@pytest.mark.slow  # builds the real report
def test_the_arabic_summary_reads_right_to_left(report_summaries):
    html, reader = report_summaries["ar"]
    assert '<html lang="ar" dir="rtl"' in html
    assert "rk-untranslated" not in html, "every word of the summary is translated"
    fonts = embedded_fonts(reader)
    assert any(name.startswith("Noto-Naskh-Arabic") for name in fonts), fonts
    assert all(STYLESHEET_FAMILIES.match(name) for name in fonts), f"a fallback face: {fonts}"
    assert reader.metadata.title.startswith("المراجعة الثانية")
    assert "الملخص التنفيذي" in reader.pages[0].extract_text()
    # the headings' lam-alef ligatures are copied as the letters they join
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "تنفيذًا كاملًا" in text


@pytest.mark.slow  # builds the real report
def test_the_chinese_summary_uses_simplified_forms(report_summaries):
    html, reader = report_summaries["zh"]
    assert '<html lang="zh-Hans" dir="ltr"' in html
    fonts = embedded_fonts(reader)
    assert any(name.startswith("Noto-Serif-CJK-SC") for name in fonts), fonts
    assert not any("JP" in name or "KR" in name or "TC" in name for name in fonts), fonts
    assert all(STYLESHEET_FAMILIES.match(name) for name in fonts), f"a fallback face: {fonts}"
    assert "执行摘要" in reader.pages[0].extract_text()


@pytest.mark.slow  # builds the real report
@pytest.mark.parametrize("tag", ["ar", "zh"])
def test_a_summary_is_its_cover_then_its_text(report_summaries, tag):
    _html, reader = report_summaries[tag]
    texts = [page.extract_text() for page in reader.pages]
    assert all(text.strip() for text in texts), "no blank page"
    contents = {"ar": "المحتويات", "zh": "目录"}[tag]
    assert not any(text.lstrip().startswith(contents) for text in texts), "no contents page"
    assert "ICANN" in texts[1], "the text begins right after the cover"
    assert not any(re.search(r"\b[ivx]+\s*$", text) for text in texts), "no roman numerals"


@pytest.mark.slow  # builds the real report
def test_a_chinese_table_header_keeps_its_word_whole(report_summaries):
    _html, reader = report_summaries["zh"]
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    headers = [line for line in lines if line.startswith("编号")]
    assert headers, "the recommendation table's header row"
    assert any("优先级" in line for line in headers)
    assert all(line.count("优先") == line.count("优先级") for line in headers), "a broken word"
    assert "级" not in lines
