"""The status page (SPEC section 10) and its publishing: every recommendation with its
decision after each Board action and its implementation, the counts, links that lead
into the final report, and a publish that stops on a bad file and leaves the report's
bytes alone when only the files change."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from test_status import (
    BOARD,
    EXPORTED,
    IMPLEMENTATION,
    LABELS,
    REPORT,
    STATUS_CONF,
    WORDS,
    report_files,
    status,
)

from reviewkit.status.page import status_page

from conftest import write_project
from pdfs import page_texts
from publishing import files_of, publish_command


class Page(HTMLParser):
    """The tables' rows as text, every link, and every id of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.heads: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag in ("a", "link") and found.get("href"):
            self.links.append(found["href"] or "")
            if tag == "link":
                self.heads.append(f"{found.get('rel')} {found.get('type')} {found['href']}")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page() -> Page:
    return Page(status_page(EXPORTED, status(), report=REPORT, words=WORDS, base="../final/"))


def test_every_recommendation_has_its_decision_after_each_board_action():
    decisions = page().tables[1]
    assert decisions[0] == ["Number", "Title", "22 July 2021", "1 October 2021", "10 March 2022"]
    assert decisions[1:] == [
        ["1", "Title 1", "approved", "approved", "held pending"],
        ["2", "Title 2", "held pending1", "approved2", "approved"],
        ["3", "Title 3", "rejected", "rejected", "rejected"],
        ["4", "Title 4", "awaiting a decision", "awaiting a decision", "passed through3"],
    ]


def test_the_counts_after_each_action_and_by_status():
    shown = page()
    assert shown.tables[0][1:] == [
        ["approved", "1", "2", "1"],
        ["rejected", "1", "1", "1"],
        ["held pending", "1", "0", "1"],
        ["passed through", "0", "0", "1"],
        ["awaiting a decision", "1", "1", "0"],
    ]
    assert shown.tables[2][1:] == [
        ["not started", "1"],
        ["in progress", "0"],
        ["complete", "1"],
        ["on hold", "0"],
        ["not reported", "2"],
    ]


def test_the_notes_and_the_latest_report_are_shown():
    text = status_page(EXPORTED, status(), report=REPORT, words=WORDS, base="../final/")
    assert re.search(r'<li id="note-1"><a href="#ref-1">Rec 2</a>: to be costed</li>', text)
    assert 'title="to the community"' in text
    implementation = page().tables[3]
    assert implementation[1] == [
        "1",
        "held pending",
        "complete",
        "P2",
        "2022-01-20 done",
        "https://example.org/evidence",
    ]
    assert implementation[3] == ["3", "rejected", "—", "—", "—", "—"]
    assert "Status as of 10 March 2022" in text


def test_the_page_links_into_the_report_the_data_and_the_feed():
    shown = page()
    assert [f"../final/ch.html#{label}" for label in LABELS] == [
        link for link in shown.links if link.startswith("../final/")
    ][: len(LABELS)]
    assert {"../index.html", "status.json", "feed.xml", "https://example.org/r1"} <= set(
        shown.links
    )
    assert "alternate application/atom+xml feed.xml" in shown.heads
    for link in shown.links:
        if link.startswith("#"):
            assert link[1:] in shown.ids, link


def test_the_page_is_the_same_bytes_every_time():
    first = status_page(EXPORTED, status(), report=REPORT, words=WORDS)
    assert status_page(EXPORTED, status(), report=REPORT, words=WORDS) == first


# Publishing: a small report with the two files


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """A report with the two files, published once: (sources, work folder)."""
    root = tmp_path_factory.mktemp("status")
    files = {**report_files(), "board.csv": BOARD, "impl.csv": IMPLEMENTATION}
    srcdir = write_project(root / "src", files, STATUS_CONF)
    result = subprocess.run(publish_command(srcdir, root), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (root / "publish.log").write_text(result.stdout)
    return srcdir, root


@pytest.mark.slow
def test_publish_writes_the_status_and_its_links_lead_into_the_final_report(published):
    _, work = published
    public = work / "public"
    folder = public / "status"
    assert sorted(p.name for p in folder.iterdir()) == [
        "feed.xml",
        "index.html",
        "report-status.pdf",
        "status.json",
        "status.schema.json",
    ]
    shown = Page((folder / "index.html").read_text(encoding="utf-8"))
    into_report = [link for link in shown.links if link.startswith("../final/")]
    assert len(into_report) == 2 * len(LABELS)
    for link in into_report:
        path, _, label = link.partition("#")
        target = folder / path
        assert target.is_file(), link
        assert f'id="{label}"' in target.read_text(encoding="utf-8"), link
    sums = (public / "SHA256SUMS").read_text()
    for name in ("index.html", "report-status.pdf", "status.json", "status.schema.json"):
        assert f"  status/{name}\n" in sums
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=public, capture_output=True)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.slow
def test_publish_says_when_it_writes_the_status_and_how_long_it_took(published):
    log = (published[1] / "publish.log").read_text()
    assert "publish: status (written beside the PDF): started" in log
    assert re.search(r"publish: status \(written beside the PDF\): done in \d+\.\d s", log), log


@pytest.mark.slow
def test_the_landing_page_shows_the_latest_counts_and_links_to_the_status(published):
    _, work = published
    landing = (work / "public" / "index.html").read_text(encoding="utf-8")
    shown = Page(landing)
    assert "After the Board action of 10 March 2022" in landing
    counts = shown.tables[-1]
    assert counts == [
        ["Approved", "1"],
        ["Passed through", "1"],
        ["Pending", "1"],
        ["Rejected", "1"],
        ["Awaiting a decision", "0"],
    ]
    assert {"status/index.html", "status/report-status.pdf", "status/feed.xml"} <= set(shown.links)
    assert re.search(
        r"The status as PDF, for printing</a>\s*<div class=\"meta\">"
        r"<span[^>]*>PDF, \d+ kB, \d+ pages?</span>",
        landing,
    )


@pytest.mark.slow
def test_the_status_pdf_is_landscape_tagged_dated_by_its_data_and_shows_every_decision(
    published, tmp_path
):
    srcdir, work = published
    path = work / "public" / "status" / "report-status.pdf"
    reader = pypdf.PdfReader(path)
    assert {(page.mediabox.width > page.mediabox.height) for page in reader.pages} == {True}
    # dated by the latest row of the files (the Board action of 10 March 2022)
    assert reader.metadata["/CreationDate"].startswith("D:20220310")
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    text = " ".join(page_texts(reader))
    assert "What became of the recommendations" in text
    assert "Status as of 10 March 2022" in text
    assert "Page 1 of" in text
    # the counts after each Board action, then each recommendation: where the Board left
    # it and when, and its latest report or, without one, the Board's note
    assert "held pending 1 0 1 passed through 0 0 1 awaiting a decision 1 1 0" in text
    assert "not started 1 in progress 0 complete 1 on hold 0 not reported 2" in text
    assert (
        "1 Do alpha held pending 10 March 2022 complete P2 2022-01-20 done "
        "Evidence: https://example.org/evidence" in text
    )
    assert "2 Do beta approved 1 October 2021 not started P1 2021-11-15" in text
    assert "3 Do gamma rejected 22 July 2021 — — —" in text
    assert "4 Do delta passed through 10 March 2022 — — 2022-03-10 to the community" in text
    # a link leads to a resolution or evidence, never to a page of the site beside it
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert links and all(link.startswith("https://example.org/") for link in links)
    # the command writes the same bytes from the published export
    out = tmp_path / "status"
    command = [sys.executable, "-m", "reviewkit.status", "-c", str(srcdir)]
    command += ["--export", str(work / "public" / "final" / "recommendations.json")]
    result = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "report-status.pdf").read_bytes() == path.read_bytes()


def test_a_renderer_failure_writes_nothing_of_the_status_and_says_so(tmp_path, monkeypatch):
    from reviewkit.pdf import writing
    from reviewkit.status.__main__ import StatusError, write_status

    def fail(*_args):
        raise ValueError("no room for a table")

    monkeypatch.setattr(writing, "lay_out", fail)
    (tmp_path / "board.csv").write_text(BOARD)
    (tmp_path / "impl.csv").write_text(IMPLEMENTATION)
    settings = {"reviewkit_board_actions": "board.csv", "reviewkit_implementation": "impl.csv"}
    export = {"report": REPORT, "recommendations": EXPORTED}
    with pytest.raises(StatusError, match="WeasyPrint could not write the status PDF"):
        write_status(tmp_path / "out", export, settings, tmp_path)
    assert not any((tmp_path / "out").iterdir())


@pytest.mark.slow
def test_a_file_with_a_problem_stops_the_publish_and_the_site_stays(published, tmp_path):
    srcdir, work = published
    before = files_of(work / "public")
    impl = srcdir / "impl.csv"
    good = impl.read_text()
    impl.write_text(good + "2022-05-01,gamma,complete,,,\n")
    try:
        command = publish_command(srcdir, work, "--assemble-only")
        result = subprocess.run(command, capture_output=True, text=True)
        fresh = subprocess.run(publish_command(srcdir, tmp_path), capture_output=True, text=True)
    finally:
        impl.write_text(good)
    assert result.returncode == 1
    assert f"{impl}:5: gamma is reported complete without evidence" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(work / "public") == before, "nothing of the site changed"
    assert fresh.returncode == 1 and not (tmp_path / "public" / "status").exists()


@pytest.mark.slow
def test_an_edit_of_the_implementation_leaves_the_final_report_byte_identical(published, tmp_path):
    srcdir, work = published
    subprocess.run(["cp", "-a", str(srcdir), str(tmp_path / "src")], check=True)
    copy = tmp_path / "src"
    before = files_of(work / "public" / "final")
    assert before
    with (copy / "impl.csv").open("a") as handle:
        handle.write("2022-06-01,beta,in-progress,P1,started,\n")
    result = subprocess.run(publish_command(copy, tmp_path), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert files_of(tmp_path / "public" / "final") == before
    page = Page((tmp_path / "public" / "status" / "index.html").read_text(encoding="utf-8"))
    assert page.tables[-1][2][:5] == ["2", "approved", "in progress", "P1", "2022-06-01 started"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Les décisions du Conseil", "approuvée", "en suspens", "Mise en œuvre"]),
        ("ar", ["قرارات المجلس", "مرفوضة", "التنفيذ"]),
        ("zh_CN", ["董事会的决定", "已批准", "实施"]),
    ],
)
def test_the_page_and_the_feed_speak_the_reports_language(language, words):
    from reviewkit.status.__main__ import speak
    from reviewkit.status.feed import feed_xml

    report = {**REPORT, "language": language}
    try:
        speak(language)
        text = status_page(EXPORTED, status(), report=report, words=WORDS)
        feed = feed_xml(EXPORTED, status(), report=report, slug="s", words=WORDS)
    finally:
        speak("en")
    for word in words:
        assert word in text
    assert words[1] in feed
    assert "What became" not in text and "approved" not in Page(text).tables[-1][1]
    if language == "ar":
        assert 'dir="rtl"' in text


@pytest.mark.slow
def test_a_publish_of_the_draft_keeps_the_status_of_the_final_edition_the_site_holds(
    published, tmp_path
):
    srcdir, work = published
    subprocess.run(["cp", "-a", str(work / "public"), str(tmp_path / "public")], check=True)
    before = files_of(tmp_path / "public" / "status")
    command = publish_command(srcdir, tmp_path, "--edition", "draft")
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public" / "draft" / "index.html").is_file()
    # written again from the final edition's export, the same bytes, PDF included
    assert files_of(tmp_path / "public" / "status") == before
    assert "status/report-status.pdf" in (tmp_path / "public" / "index.html").read_text()
