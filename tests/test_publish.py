"""``python -m reviewkit.publish``: the site in public/, its editions, checksums and safety."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewkit.publish import site

from pages import parse, squash
from publishing import TREE, files_of, publish, publish_command


@pytest.mark.slow  # publishes the test project
def test_publish_leaves_the_tree_of_the_spec(final):
    work, files, _ = final
    expected = {"index.html", "SHA256SUMS", *(f"final/{p.format(e='final')}" for p in TREE)}
    assert expected <= set(files)
    assert not [name for name in files if name.startswith("draft/")]
    assert not [name for name in files if name.endswith((".buildinfo", "print.html"))]
    assert not list(work.glob(".public.*"))  # no staging left beside it
    empty = [p for p in (work / "public").rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert not empty, "no empty folder (Sphinx's _sources) is published"


@pytest.mark.slow  # publishes the test project
def test_sha256sums_checks_every_download(final):
    work, files, _ = final
    public = work / "public"
    listed = [line.split("  ")[1] for line in (public / "SHA256SUMS").read_text().splitlines()]
    downloads = sorted(n for n in files if n.endswith((".pdf", ".json", ".csv")))
    assert listed == downloads
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=public, capture_output=True)
    assert check.returncode == 0, check.stdout


@pytest.mark.slow  # publishes the test project
def test_the_landing_page_lists_each_download_with_size_and_checksum(final):
    work, files, _ = final
    page = parse(work / "public" / "index.html")
    links = {a.attrs["href"]: a for a in page.find_all("a")}
    assert "final/index.html" in links  # the HTML report
    for name in ("final/test-final.pdf", "final/recommendations.json", "final/recommendations.csv"):
        item = next(li for li in page.find_all("li") if _links(li, name))
        assert squash(item.find_all(cls="sha256")[0].text) == files[name]
        size = item.find_all(cls="size")[0].attrs["data-bytes"]
        assert int(size) == (work / "public" / name).stat().st_size
    languages = [
        (a.attrs["lang"], a.attrs["dir"], squash(a.text)) for a in page.find_all(cls="language")
    ]
    assert languages == [("en", "ltr", "English"), ("fr", "ltr", "Français")]
    status = squash(page.find_all(cls="status")[0].text)
    assert status.startswith("Final report, published 25 January 2021.")
    # the chart of the newest edition: two recommendations, for the Board and the org
    chart = page.find_all(cls="rk-chart")[0]
    owners = [squash(e.text) for e in chart.find_all(cls="rk-chart-owner")]
    assert owners == ["The Organisation", "The Board"]


def _links(element, href: str) -> bool:
    return any(a.attrs.get("href") == href for a in element.find_all("a"))


@pytest.mark.slow  # publishes the test project
def test_each_step_reports_its_start_and_end_with_its_time(final):
    log = final[2]
    for name in ("HTML (final)", "PDF (final)", "assembly"):
        assert re.search(rf"publish: {re.escape(name)}[^\n]*: started", log), name
        assert re.search(rf"publish: {re.escape(name)}[^\n]*: done in \d+\.\d s", log), name
    # the summaries build in a process per core (2), the first beside the PDF's, each
    # language timed
    assert "publish: summary en (English): started" in log
    assert "publish: summary fr (Français): started" in log
    for name in ("summary en", "summary fr"):
        assert re.search(rf"publish: {name}: done in \d+\.\d s", log), name
    assert re.search(r"holds the final edition: \d+ files, \d+\.\d MB", log)
    # the languages build side by side, and each reports on a line of its own
    assert all(line.startswith("publish: ") for line in log.splitlines()), log
    assert all(line.count("publish: ") == 1 for line in log.splitlines()), log


@pytest.mark.slow  # publishes the test project
def test_two_publishes_of_one_commit_are_byte_identical(srcdir, final, tmp_path):
    result = publish(srcdir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert files_of(tmp_path / "public") == final[1]


@pytest.mark.slow  # publishes the test project
def test_publishing_the_draft_keeps_the_final_and_lists_both(srcdir, final, tmp_path):
    work = tmp_path
    result = publish(srcdir, work)
    assert result.returncode == 0, result.stderr
    before = files_of(work / "public")
    result = publish(srcdir, work, "--edition", "draft")
    assert result.returncode == 0, result.stderr
    after = files_of(work / "public")
    kept = {name: digest for name, digest in before.items() if name.startswith("final/")}
    assert {name: after[name] for name in kept} == kept
    assert {f"draft/{p.format(e='draft')}" for p in TREE} <= set(after)
    page = parse(work / "public" / "index.html")
    assert [section.attrs["id"] for section in page.find_all("section")] == ["final", "draft"]
    draft_status = squash(page.find_all(cls="status")[1].text)
    # true whenever the page is read, as the page is built once
    assert "Public comment period: 24 January \u2013 20 March 2020." in draft_status
    listed = (work / "public" / "SHA256SUMS").read_text()
    assert "final/test-final.pdf" in listed and "draft/test-draft.pdf" in listed


@pytest.mark.slow  # publishes the test project
def test_parts_built_apart_assemble_into_the_same_site(srcdir, final, tmp_path):
    """As the CI workflow's matrix builds them: each part by its own command, each
    language of the summary alone, then ``--assemble-only``."""
    build = tmp_path / "build"
    for builder in ("html", "pdf"):
        sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(build / "d")]
        subprocess.run([*sphinx, str(srcdir), str(build / "final" / builder)], check=True)
    for language in ("fr", "en"):
        i18n = [sys.executable, "-m", "reviewkit.i18n", "-c", str(srcdir), "-s", str(srcdir)]
        i18n += ["summaries", "--build", str(build), "--language", language]
        subprocess.run(i18n, check=True, capture_output=True)
    result = publish(srcdir, tmp_path, "--assemble-only")
    assert result.returncode == 0, result.stderr
    assert "HTML" not in result.stdout  # nothing built again
    assert files_of(tmp_path / "public") == final[1]


@pytest.mark.slow  # publishes the test project
def test_a_language_not_published_is_refused_by_name(srcdir, tmp_path):
    command = [sys.executable, "-m", "reviewkit.i18n", "-c", str(srcdir), "-s", str(srcdir)]
    command += ["summaries", "--build", str(tmp_path), "--language", "de"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 2
    assert "no summary is published in de; give --language with one of: en, fr" in result.stderr


@pytest.mark.slow  # publishes the test project
def test_a_failed_build_leaves_public_as_it_was_and_says_why(srcdir, final, work, tmp_path):
    broken = tmp_path / "broken"
    subprocess.run(["cp", "-a", str(srcdir), str(broken)], check=True)
    chapter = broken / "chapter.md"
    chapter.write_text(chapter.read_text().replace(":findings: words\n", ":findings: nowhere\n", 1))
    result = publish(broken, work)
    assert result.returncode == 1
    assert "HTML (final) failed" in result.stderr
    assert "chapter.md:" in result.stderr and "nowhere" in result.stderr
    assert "is as it was before this publish" in result.stderr
    assert files_of(work / "public") == final[1]


def test_swap_exchanges_the_folders_at_once(tmp_path):
    public, staging = tmp_path / "public", site.staging_folder(tmp_path / "public")
    public.mkdir()
    (public / "old").write_text("old")
    staging.mkdir()
    (staging / "new").write_text("new")
    site.swap(staging, public)
    assert [p.name for p in public.iterdir()] == ["new"]
    assert not staging.exists()


def test_without_an_atomic_exchange_an_interrupted_swap_is_undone(tmp_path, monkeypatch):
    public = tmp_path / "public"
    public.mkdir()
    (public / "old").write_text("old")
    # a swap cut off between its two renames: public/ moved aside, the new site not in
    public.rename(site.previous_folder(public))
    site.staging_folder(public).mkdir()
    done = site.recover(public)
    assert [p.name for p in public.iterdir()] == ["old"]
    assert any("restored" in line for line in done)
    assert not site.staging_folder(public).exists() and not site.previous_folder(public).exists()
    # and where the system has no exchange, the two renames still end in the new site
    monkeypatch.setattr(site, "_exchange", lambda first, second: False)
    staging = site.staging_folder(public)
    staging.mkdir()
    (staging / "new").write_text("new")
    site.swap(staging, public)
    assert [p.name for p in public.iterdir()] == ["new"]
    assert not site.previous_folder(public).exists()


@pytest.mark.slow  # publishes the test project
@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('reviewkit_owners = ["board"]\n', "reviewkit_owners is a list, not a dict"),
        ("extensions = (\n", "was never closed; correct this line of conf.py"),
        ("title = undefined_name\n", "NameError: name 'undefined_name' is not defined"),
        # Sphinx reads its catalogs before any extension can check this setting
        ("locale_dirs = [5]\n", "locale_dirs holds 5, not a non-empty string"),
    ],
    ids=["owners-as-list", "syntax-error", "name-error", "locale-dirs"],
)
def test_publish_reads_conf_py_as_the_build_does(srcdir, work, tmp_path, line, says):
    broken = tmp_path / "broken"
    subprocess.run(["cp", "-a", str(srcdir), str(broken)], check=True)
    conf = broken / "conf.py"
    lines = conf.read_text().count("\n")
    conf.write_text(conf.read_text() + line)
    before = files_of(work / "public")
    result = publish(broken, work)
    assert result.returncode == 2  # a configuration error, as sphinx-build says it
    assert f"{conf}:{lines + 1}: " in result.stderr and says in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(work / "public") == before


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[list[Path]]:
    """Folders made immutable (chattr +i) for the test, made mutable again after it."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


@pytest.mark.slow  # publishes the test project
def test_an_old_site_that_cannot_be_removed_is_named_and_left_aside(
    srcdir, final, tmp_path, immutable
):
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(final[0]), str(copy)], check=True)  # public/ and build/
    locked = copy / "public" / "final" / "summary" / "en"
    if subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode:
        pytest.skip("chattr +i needs root on a file system that supports it")
    immutable.append(locked)
    assemble = publish_command(srcdir, copy, "--assemble-only")
    result = subprocess.run(assemble, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "holds the new site, but the old one could not be removed" in result.stderr
    assert "Operation not permitted" in result.stderr and "remove it by hand" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(copy / "public") == final[1]  # the new site is in place, whole
    left = site.previous_folder(copy / "public")
    assert f"what is left of it is in {left}" in result.stderr
    locked = left / "final" / "summary" / "en"  # moved aside with what was left
    immutable.append(locked)
    # the next publish is not blocked by what is left, and says again what to remove
    again = subprocess.run(assemble, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "could not remove" in again.stdout and "remove it by hand" in again.stdout
    subprocess.run(["chattr", "-i", str(locked)], check=True)
    cleaned = subprocess.run(assemble, capture_output=True, text=True)
    assert "removed" in cleaned.stdout and "left by an earlier publish" in cleaned.stdout
    assert not list(copy.glob(".public.*"))


@pytest.mark.slow  # publishes the test project
@pytest.mark.parametrize(
    ("msgstr", "says"),
    [
        ('"FR <script>alert(1)</script> Voir {rec}`abuse`."', "<script>"),
        ('"Voir {rec}`abuse` et [les constats][x].\\n\\n[x]: mailto:phish@evil.example"', "mailto"),
    ],
    ids=["script", "reference-link"],
)
def test_a_catalog_that_fails_its_checks_is_not_published(srcdir, work, tmp_path, msgstr, says):
    hostile = tmp_path / "hostile"
    subprocess.run(["cp", "-a", str(srcdir), str(hostile)], check=True)
    po = hostile / "locale" / "fr" / "LC_MESSAGES" / "summary.po"
    text = po.read_text()
    good = '"La révision demande des mots communs. Voir {rec}`abuse`."'
    assert good in text
    po.write_text(text.replace(good, msgstr))
    line = po.read_text()[: po.read_text().index(msgstr)].count("\n") + 1
    before = files_of(work / "public")
    result = publish(hostile, work)
    assert result.returncode == 1, result.stderr
    assert f"{po}:{line}: " in result.stderr and says in result.stderr
    assert "catalogs failed" in result.stderr and "Traceback" not in result.stderr
    assert "HTML (final): started" not in result.stdout  # refused before building anything
    assert files_of(work / "public") == before


@pytest.mark.slow  # publishes the test project
def test_a_catalog_behind_the_sources_stops_the_publish_before_the_pdf(srcdir, work, tmp_path):
    """Whether the catalogs are current is checked beside the HTML build (the messages
    extracted again): a catalog behind stops the publish before the PDF and the
    summaries, with the catalog named and what to run."""
    behind = tmp_path / "behind"
    subprocess.run(["cp", "-a", str(srcdir), str(behind)], check=True)
    summary = behind / "summary.md"
    summary.write_text(summary.read_text() + "\nA sentence no catalog has yet.\n")
    before = files_of(work / "public")
    result = publish(behind, work)
    assert result.returncode == 1, result.stdout + result.stderr
    po = behind / "locale" / "fr" / "LC_MESSAGES" / "summary.po"
    assert f"{po} " in result.stderr and "run reviewkit gettext" in result.stderr
    assert "catalogs failed" in result.stderr and "Traceback" not in result.stderr
    assert "catalogs against the sources: started" in result.stdout
    assert "PDF (final): started" not in result.stdout
    assert files_of(work / "public") == before


@pytest.mark.slow  # publishes the test project
def test_a_catalog_that_is_not_utf8_is_named_not_a_traceback(srcdir, work, tmp_path):
    broken = tmp_path / "latin1"
    subprocess.run(["cp", "-a", str(srcdir), str(broken)], check=True)
    po = broken / "locale" / "fr" / "LC_MESSAGES" / "summary.po"
    po.write_bytes(po.read_text().encode("latin-1"))
    before = files_of(work / "public")
    result = publish(broken, work)
    assert result.returncode == 1
    assert f"{po}:" in result.stderr and "UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(work / "public") == before


@pytest.mark.slow  # publishes the test project
@pytest.mark.parametrize("where", ["sources", "parent-of-sources", "build"])
def test_publish_never_replaces_a_folder_that_holds_the_project(srcdir, tmp_path, where):
    project = tmp_path / "project"
    subprocess.run(["cp", "-a", str(srcdir), str(project)], check=True)
    command = publish_command(project, tmp_path)  # builds in tmp_path/build
    public = {"sources": project, "parent-of-sources": tmp_path, "build": tmp_path / "build"}
    command[command.index("--public") + 1] = str(public[where])
    before = files_of(project)
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 2, result.stdout
    assert "publish replaces it whole" in result.stderr and "Traceback" not in result.stderr
    assert files_of(project) == before  # not a file of the project lost


@pytest.mark.slow  # publishes the test project
def test_publish_keeps_files_it_did_not_make(srcdir, work):
    mine = work / "public" / "CNAME"
    mine.write_text("reviews.example.org\n")
    result = publish(srcdir, work)
    assert result.returncode == 2
    assert "holds CNAME, which publish did not make" in result.stderr
    assert mine.read_text() == "reviews.example.org\n"


@pytest.mark.parametrize(
    ("groups", "of", "expected"),
    [
        (["1", "1", ""], 1, "3\u00a0recommendations, 2 of them in 1\u00a0group."),
        (["1", "2", "2"], 2, "3\u00a0recommendations in 2\u00a0groups."),
        (["", ""], 0, "2\u00a0recommendations."),
        (["1"], 1, "1\u00a0recommendation in 1\u00a0group."),
    ],
)
def test_the_landing_page_counts_the_recommendations_that_stand_alone(groups, of, expected):
    recommendations = [{"number": str(n), "group": group} for n, group in enumerate(groups, 1)]
    edition = site.Edition("final", "Report", "2021-01-25", "final/index.html", None, (), (),
                           recommendations, of)  # fmt: skip
    assert edition.counts == expected
