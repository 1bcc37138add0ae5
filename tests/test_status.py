"""The Board's decisions and the implementation reports (SPEC section 10): each problem of
the two files at its line, what they say of each recommendation, status.json, the feed,
and a report whose pages stay the same when only these files change."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from reviewkit.status.__main__ import main
from reviewkit.status.data import SCHEMA, status_data, status_json
from reviewkit.status.feed import feed_xml
from reviewkit.status.model import derive
from reviewkit.status.reading import (
    BOARD_COLUMNS,
    IMPLEMENTATION_COLUMNS,
    read_board_actions,
    read_files,
    read_implementation,
)

from conftest import CONF, warnings_of
from sources import FINDING, page, recommendation

LABELS = ["alpha", "beta", "gamma", "delta"]
BOARD_HEAD = ",".join(BOARD_COLUMNS)
IMPL_HEAD = ",".join(IMPLEMENTATION_COLUMNS)

BOARD = f"""\
{BOARD_HEAD}
2021-07-22,Resolution 1,https://example.org/r1,alpha,approved,
2021-07-22,Resolution 1,https://example.org/r1,beta,pending,to be costed
2021-07-22,Resolution 1,https://example.org/r1,gamma,rejected,
2021-10-01,Resolution 2,,beta,approved,costed
2022-03-10,Resolution 3,,delta,passed-through,to the community
2022-03-10,Resolution 3,,alpha,pending,
"""
IMPLEMENTATION = f"""\
{IMPL_HEAD}
2021-08-01,alpha,in-progress,P2,started,
2021-11-15,beta,not-started,P1,,
2022-01-20,alpha,complete,,done,https://example.org/evidence
"""


def board(text: str = BOARD, labels: list[str] = LABELS):
    return read_board_actions(text.encode(), labels)


def implementation(text: str, board_text: str = BOARD):
    rows, _ = board(board_text)
    return read_implementation(text.encode(), LABELS, rows)


def test_the_example_files_have_no_problem_and_every_row_is_read():
    rows, problems = board()
    assert problems == [] and [row.line for row in rows] == [2, 3, 4, 5, 6, 7]
    rows, problems = implementation(IMPLEMENTATION)
    assert problems == [] and [row.status for row in rows] == [
        "in-progress",
        "not-started",
        "complete",
    ]


# Each problem at its line, with what to write

BOARD_PROBLEMS = [
    (
        "2021-07-22,R,,alpah,approved,",
        "the report has no recommendation 'alpah' (did you mean 'alpha'?)",
    ),
    (
        "2021-07-22,R,,alpha,aproved,",
        "the decision 'aproved' (did you mean 'approved'?); write one of",
    ),
    ("2021-07-22,R,,alpha,Passed through,", "(did you mean 'passed-through'?)"),
    ("2021-07-22,R,,alpha,,", "the row has no decision; write one of: approved, rejected"),
    ("22/07/2021,R,,alpha,approved,", "the date '22/07/2021' is not YYYY-MM-DD"),
    ("2021-02-30,R,,alpha,approved,", "the date '2021-02-30' is no day of the calendar"),
    (",R,,alpha,approved,", "the row has no date"),
    ("2021-07-22,R,,,approved,", "the row names no recommendation"),
    ("2021-07-22,R,javascript:alert(1),alpha,approved,", "is not a web address"),
]


@pytest.mark.parametrize(("row", "message"), BOARD_PROBLEMS)
def test_a_wrong_board_row_is_reported_at_its_line(row, message):
    rows, problems = board(f"{BOARD_HEAD}\n2021-07-22,R,,beta,approved,\n{row}\n")
    assert [(p.line, message in p.message) for p in problems] == [(3, True)], problems
    assert [row.recommendation for row in rows] == ["beta"], "the wrong row is left out"


IMPLEMENTATION_PROBLEMS = [
    ("2021-08-01,alpha,started,,,", "the status 'started' (did you mean"),
    ("2021-08-01,alpha,In progress,,,", "(did you mean 'in-progress'?)"),
    ("2021-08-01,alpha,in-progress,p2,,", "the priority 'p2' (did you mean 'P2'?)"),
    ("2021-08-01,alpha,in-progress,High,,", "write one of: P1, P2, P3, P4, or leave it empty"),
    ("2021-08-01,alpha,complete,,,", "alpha is reported complete without evidence"),
    ("2021-07-01,alpha,in-progress,,,", "the Board had not decided on it by then"),
    ("2021-08-01,beta,in-progress,,,", "the Board's decision then was pending (line 3)"),
    ("2021-08-01,gamma,in-progress,,,", "the Board's decision then was rejected (line 4)"),
    ("2022-04-01,alpha,in-progress,,,", "the Board's decision then was pending (line 7)"),
    ("2021-08-01,epsilon,in-progress,,,", "the report has no recommendation 'epsilon'"),
]


@pytest.mark.parametrize(("row", "message"), IMPLEMENTATION_PROBLEMS)
def test_a_wrong_implementation_row_is_reported_at_its_line(row, message):
    _, problems = implementation(f"{IMPL_HEAD}\n\n{row}\n")
    assert [(p.line, message in p.message) for p in problems] == [(3, True)], problems


def test_a_row_with_a_wrong_priority_still_shows_its_other_problems():
    _, problems = implementation(f"{IMPL_HEAD}\n\n2021-07-01,alpha,complete,High,,\n")
    said = [p.message for p in problems if p.line == 3]
    assert len(said) == 3, said
    assert any("the priority 'High'" in m for m in said)
    assert any("alpha is reported complete without evidence" in m for m in said)
    assert any("the Board had not decided on it by then" in m for m in said)


def test_two_rows_for_one_recommendation_on_one_date_name_the_first():
    _, problems = board(BOARD + "2021-10-01,Resolution 2,,beta,rejected,\n")
    assert [(p.line, p.message) for p in problems] == [
        (8, "the Board's decision on beta on 2021-10-01 is also at line 5; keep one row for it")
    ]
    _, problems = implementation(IMPLEMENTATION + "2021-08-01,alpha,on-hold,,,\n")
    assert [p.line for p in problems] == [5] and "also at line 2" in problems[0].message


def test_one_board_action_with_two_resolutions_is_a_slip():
    _, problems = board(BOARD + "2021-10-01,Resolution 9,,gamma,approved,\n")
    assert [p.line for p in problems] == [8]
    assert "'Resolution 2' at line 5 and 'Resolution 9' here" in problems[0].message


def test_a_header_without_columns_names_them_and_nothing_is_read():
    rows, problems = board("date,recommendation,decision\n2021-07-22,alpha,approved\n")
    assert rows == [] and [(p.line, p.message) for p in problems] == [
        (
            1,
            "the header lacks the columns resolution, url, note; the first row must name "
            "date, resolution, url, recommendation, decision, note",
        )
    ]


def test_a_file_not_in_utf8_says_how_to_save_it():
    data = f"{BOARD_HEAD}\n2021-07-22,Résolution,,alpha,approved,\n".encode("cp1252")
    rows, problems = read_board_actions(data, LABELS)
    assert rows == [] and problems[0].line == 2
    assert "is not UTF-8 (byte 0xe9" in problems[0].message
    assert 'save it from the spreadsheet as "CSV UTF-8"' in problems[0].message


def test_a_spreadsheets_bom_and_crlf_are_read():
    data = b"\xef\xbb\xbf" + BOARD.replace("\n", "\r\n").encode()
    rows, problems = read_board_actions(data, LABELS)
    assert problems == [] and rows == board()[0]


def test_a_file_separated_by_semicolons_is_read_as_french_excel_saves_it():
    text = BOARD.replace(",", ";").replace("to be costed", "to be costed, soon")
    rows, problems = board(text)
    assert problems == [] and rows[1].note == "to be costed, soon"


def test_a_header_with_semicolons_and_a_missing_column_says_so():
    _, problems = board("date;resolution;recommendation\n")
    assert "the file is separated by semicolons; save it as CSV with commas" in problems[0].message


def test_every_problem_of_a_file_comes_in_one_run_in_line_order():
    text = "\n".join([BOARD_HEAD, *(row for row, _ in BOARD_PROBLEMS)]) + "\n"
    _, problems = board(text)
    assert [p.line for p in problems] == list(range(2, 2 + len(BOARD_PROBLEMS)))


def test_missing_files_are_named_without_a_line(tmp_path):
    files = read_files(tmp_path / "board.csv", tmp_path / "impl.csv", LABELS)
    assert [(path.name, p.line) for path, p in files.problems] == [
        ("board.csv", None),
        ("impl.csv", None),
    ]
    assert "does not exist; write the Board's decisions there" in files.problems[0][1].message


def test_an_unreadable_board_file_does_not_make_every_implementation_row_a_problem(tmp_path):
    (tmp_path / "board.csv").write_text("date,decision\n")
    (tmp_path / "impl.csv").write_text(IMPLEMENTATION)
    files = read_files(tmp_path / "board.csv", tmp_path / "impl.csv", LABELS)
    assert [path.name for path, _ in files.problems] == ["board.csv"]


# What the files say of each recommendation


def status():
    rows, _ = board()
    progress, _ = read_implementation(IMPLEMENTATION.encode(), LABELS, rows)
    return derive(LABELS, rows, progress)


def test_each_board_action_counts_every_recommendation_as_it_stood_after_it():
    found = status()
    assert [(a.date, a.resolution, a.url) for a in found.board_actions] == [
        ("2021-07-22", "Resolution 1", "https://example.org/r1"),
        ("2021-10-01", "Resolution 2", ""),
        ("2022-03-10", "Resolution 3", ""),
    ]
    counts = [a.counts for a in found.board_actions]
    assert counts == [
        {"approved": 1, "rejected": 1, "pending": 1, "passed-through": 0, "awaiting": 1},
        {"approved": 2, "rejected": 1, "pending": 0, "passed-through": 0, "awaiting": 1},
        {"approved": 1, "rejected": 1, "pending": 1, "passed-through": 1, "awaiting": 0},
    ]
    assert all(sum(c.values()) == len(LABELS) for c in counts)


def test_each_recommendation_has_its_decision_after_each_action_and_its_latest_status():
    alpha, beta, gamma, delta = status().recommendations
    assert alpha.after == ("approved", "approved", "pending") and alpha.decision == "pending"
    assert beta.after == ("pending", "approved", "approved")
    assert delta.after == ("awaiting", "awaiting", "passed-through")
    assert [d.note for d in beta.decisions] == ["to be costed", "costed"]
    assert (alpha.status, alpha.priority) == ("complete", "P2"), "an empty priority keeps P2"
    assert (beta.status, beta.priority) == ("not-started", "P1")
    assert (gamma.status, gamma.priority, gamma.implementation) == (None, None, ())
    assert status().as_of == "2022-03-10"


def test_rows_out_of_date_order_derive_the_same():
    head, *rows = BOARD.splitlines()
    shuffled = "\n".join([head, *reversed(rows)]) + "\n"
    assert [a.counts for a in derive(LABELS, board(shuffled)[0], []).board_actions] == [
        a.counts for a in derive(LABELS, board()[0], []).board_actions
    ]


# status.json and the feed

EXPORTED = [
    {"number": str(n), "label": label, "title": f"Title {n}", "url": f"ch.html#{label}"}
    for n, label in enumerate(LABELS, 1)
]
REPORT = {"title": "Final Report", "edition": "final", "language": "en", "date": "2021-01-25"}
NS = {"a": "http://www.w3.org/2005/Atom"}
WORDS = type("Words", (), {"reviewkit_words": {}, "reviewkit_recommendation_label": "Rec"})()


def test_status_json_follows_the_shipped_schema_as_the_spec_shows_it():
    data = json.loads(status_json(status_data(EXPORTED, status(), "../final/")))
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert list(data) == ["schema_version", "as_of", "board_actions", "recommendations"]
    alpha = data["recommendations"][0]
    assert alpha["url"] == "../final/ch.html#alpha" and alpha["decision"] == "pending"
    assert alpha["implementation"][1] == {
        "date": "2022-01-20",
        "status": "complete",
        "priority": None,
        "note": "done",
        "evidence": "https://example.org/evidence",
    }
    broken = {**data, "as_of": "March"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json.loads(SCHEMA.read_text()))


def feed() -> str:
    return feed_xml(EXPORTED, status(), report=REPORT, slug="ssr2", words=WORDS, base="../f/")


def test_the_feed_is_atom_with_one_entry_per_change_newest_first():
    ns = NS
    root = ET.fromstring(feed())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert root.find(required, ns) is not None, required
    assert root.find("a:updated", ns).text == "2022-03-10T00:00:00Z", "the data's date"
    entries = root.findall("a:entry", ns)
    titles = [e.find("a:title", ns).text for e in entries]
    assert titles == [
        "Rec 1: held pending by the Board on 2022-03-10",
        "Rec 4: passed through by the Board on 2022-03-10",
        "Rec 1: implementation complete on 2022-01-20",
        "Rec 2: implementation not started on 2021-11-15",
        "Rec 2: approved by the Board on 2021-10-01",
        "Rec 1: implementation in progress on 2021-08-01",
        "Rec 1: approved by the Board on 2021-07-22",
        "Rec 2: held pending by the Board on 2021-07-22",
        "Rec 3: rejected by the Board on 2021-07-22",
    ]
    ids = [e.find("a:id", ns).text for e in entries]
    assert (
        len(set(ids)) == len(ids)
        and ids[0] == "tag:ssr2,2021-01-25:recommendation/alpha/board/2022-03-10"
    )
    for entry in entries:
        assert entry.find("a:updated", ns).text.endswith("T00:00:00Z")
        assert entry.find("a:link", ns).get("href").startswith("../f/ch.html#")


def test_the_feed_is_the_same_bytes_every_time():
    assert feed() == feed()


def test_a_pasted_control_character_does_not_break_the_feed():
    rows, _ = board(f"{BOARD_HEAD}\n2021-07-22,R,,alpha,approved,a\x01b <&>\n")
    text = feed_xml(EXPORTED, derive(LABELS, rows, []), report=REPORT, slug="s", words=WORDS)
    summary = ET.fromstring(text).find("a:entry/a:summary", NS).text
    assert summary == "Title 1 — ab <&>"


# In a build


def report_files() -> dict[str, str]:
    chapters = [recommendation(label=label, title=f"Do {label}") for label in LABELS]
    return {"index.md": page(FINDING, *chapters)}


STATUS_CONF = (
    CONF + 'reviewkit_board_actions = "board.csv"\nreviewkit_implementation = "impl.csv"\n'
)


def test_a_build_reports_each_problem_at_its_line_of_the_file(build):
    files = {
        **report_files(),
        "board.csv": BOARD + "2022-03-10,Resolution 3,,gama,approved,\n",
        "impl.csv": IMPLEMENTATION + "2022-05-01,gamma,complete,,,\n",
    }
    app = build(files, STATUS_CONF)
    warnings = warnings_of(app)
    board_csv, impl_csv = app.srcdir / "board.csv", app.srcdir / "impl.csv"
    assert (
        f"{board_csv}:8: WARNING: the report has no recommendation 'gama' (did you mean "
        in warnings
    )
    assert f"{impl_csv}:5: WARNING: gamma is reported complete without evidence" in warnings
    assert f"{impl_csv}:5: WARNING: implementation of gamma is reported on 2022-05-01" in warnings
    assert warnings.count("[reviewkit.status]") == 3


def test_a_build_with_good_files_warns_nothing(build):
    app = build({**report_files(), "board.csv": BOARD, "impl.csv": IMPLEMENTATION}, STATUS_CONF)
    assert warnings_of(app) == ""


def test_the_draft_edition_does_not_check_the_boards_files(build):
    files = {**report_files(), "board.csv": "nothing\n", "impl.csv": "nothing\n"}
    app = build(files, STATUS_CONF, tags=["draft"])
    assert "reviewkit.status" not in warnings_of(app)


def test_the_report_is_the_same_bytes_when_only_these_files_change(build, tmp_path):
    files = {**report_files(), "board.csv": BOARD, "impl.csv": IMPLEMENTATION}
    app = build(files, STATUS_CONF)
    outputs = [*sorted(Path(app.outdir).rglob("*.html")), Path(app.outdir) / "recommendations.json"]
    before = {path: path.read_bytes() for path in outputs}
    page_written = (Path(app.outdir) / "index.html").stat().st_mtime_ns
    with (app.srcdir / "impl.csv").open("a") as handle:
        handle.write("2022-06-01,beta,in-progress,P1,started,\n")
    with (app.srcdir / "board.csv").open("a") as handle:
        handle.write("2022-06-01,Resolution 4,,gamma,approved,\n")
    again = SphinxTestApp(
        "html",
        srcdir=app.srcdir,
        builddir=tmp_path / "out",
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    try:
        again.build()
        assert "no targets are out of date" in again._status.getvalue()
        assert {path: path.read_bytes() for path in outputs} == before, "the same bytes"
        # search.html and genindex.html Sphinx writes in every build; a document's page not
        assert (Path(app.outdir) / "index.html").stat().st_mtime_ns == page_written
        assert "reviewkit.status" not in again._warning.getvalue()
        with (app.srcdir / "impl.csv").open("a") as handle:
            handle.write("2022-07-01,beta,finished,,,\n")
        again.build()
        assert f"{app.srcdir / 'impl.csv'}:6: WARNING: the row has the status 'finished'" in (
            again._warning.getvalue()
        ), "a build that reads no document still checks the files"
    finally:
        again.cleanup()


def test_the_command_writes_the_data_from_a_final_build(build, tmp_path, capsys):
    files = {**report_files(), "board.csv": BOARD, "impl.csv": IMPLEMENTATION}
    app = build(files, STATUS_CONF)
    out = tmp_path / "status"
    argv = ["-c", str(app.srcdir), "-s", str(app.srcdir), "--export"]
    argv += [str(Path(app.outdir) / "recommendations.json"), "--out", str(out)]
    assert main(argv) == 0
    data = json.loads((out / "status.json").read_text())
    jsonschema.validate(data, json.loads((out / "status.schema.json").read_text()))
    assert [r["label"] for r in data["recommendations"]] == LABELS
    assert data["recommendations"][0]["url"] == "../final/index.html#alpha"
    first = {name: (out / name).read_bytes() for name in ("status.json", "feed.xml")}
    assert main(argv) == 0
    assert first == {name: (out / name).read_bytes() for name in ("status.json", "feed.xml")}
    ET.fromstring(first["feed.xml"])
    (app.srcdir / "impl.csv").write_text(IMPLEMENTATION + "2022-05-01,alpha,done,,,\n")
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"{app.srcdir / 'impl.csv'}:5: the row has the status 'done'" in err
    assert "Traceback" not in err


# Whatever the bytes, the readers say what is wrong at a line, or read the file

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRICKY = ',;"\n\r\t \u2028\x0c\x00\ufeff'
cells = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(TRICKY), max_size=10)
VALUES = st.sampled_from(["alpha", "2021-07-22", "approved", "complete", "P1", "", "x"])


def lines_of(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") + 1


@pytest.mark.slow
@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_are_read_or_reported(data):
    rows, problems = read_board_actions(data, LABELS)
    assert all(p.message and 1 <= p.line <= lines_of(data) for p in problems)
    _, problems = read_implementation(data, LABELS, rows)
    assert all(p.message and 1 <= p.line <= lines_of(data) for p in problems)


@pytest.mark.slow
@FUZZ
@given(
    rows=st.lists(st.lists(cells | VALUES, max_size=8), max_size=6),
    separator=st.sampled_from([",", ";"]),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_any_cells_under_a_header_derive_and_write(rows, separator, ending):
    for columns in (BOARD_COLUMNS, IMPLEMENTATION_COLUMNS):
        text = ending.join(separator.join(r) for r in [list(columns), *rows]) + ending
        data = text.encode("utf-8", "surrogatepass")
        found, problems = read_board_actions(data, LABELS)
        assert all(1 <= p.line <= lines_of(data) for p in problems)
        progress, problems = read_implementation(data, LABELS, found)
        assert all(1 <= p.line <= lines_of(data) for p in problems)
        derived = derive(LABELS, found, progress)
        jsonschema.validate(
            json.loads(status_json(status_data(EXPORTED, derived))), json.loads(SCHEMA.read_text())
        )
        ET.fromstring(feed_xml(EXPORTED, derived, report=REPORT, slug="s", words=WORDS))


def test_the_command_without_a_final_export_says_what_to_give_it(build, tmp_path, capsys):
    app = build({**report_files(), "board.csv": BOARD}, STATUS_CONF, tags=["draft"])
    argv = ["-c", str(app.srcdir), "-s", str(app.srcdir), "--out", str(tmp_path / "status")]
    assert main([*argv, "--export", str(tmp_path / "none.json")]) == 2
    assert "build the final report first (reviewkit build html)" in capsys.readouterr().err
    assert main([*argv, "--export", str(Path(app.outdir) / "recommendations.json")]) == 2
    err = capsys.readouterr().err
    assert "is the export of the draft edition" in err and "Traceback" not in err
    assert not (tmp_path / "status").exists()


def test_the_help_says_what_the_command_writes_whole():
    result = subprocess.run(
        [sys.executable, "-m", "reviewkit.status", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    said = " ".join(result.stdout.split())
    assert "The status page, its PDF, status.json, its schema and the Atom feed, from a " in said
    assert "finished build of the final report and the two files conf.py names." in said
    assert "-c CONFDIR the folder of conf.py" in said
