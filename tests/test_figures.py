"""Figures drawn from the report's data ({timeline}, {count-chart}), as readers see them:
numbered alike on the site and in the PDF, tagged with their alt text, the same bytes on
every build, and each kind of bad data named at its line of the CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from conftest import CONF, warnings_of, write_project
from pages import parse, squash
from pdfs import build_pdf, page_texts

INDEX = """\
# Report

```{toctree}
about
status
```
"""
ABOUT = """\
# About

{numref}`fig-timeline` shows how the review went.

:::{timeline}
:file: timeline.csv
:name: fig-timeline
:alt: The review from June 2016 to July 2021, paused from October 2017 to June 2018.

The timeline of the review.
:::
"""
STATUS = """\
# Status

{numref}`fig-status` counts the statuses of {numref}`table-status`.

:::{count-chart}
:file: data/status.csv
:column: Status
:order: Implemented, Partially implemented, Not implemented
:name: fig-status
:alt: Two recommendations partially implemented, one implemented, none not implemented.

The recommendations by status.
:::

```{csv-table} The recommendations
:file: data/status.csv
:header-rows: 1
:name: table-status
```
"""
TIMELINE = """\
date,end,event
2016-06-30,,Call for volunteers
2017-10,2018-06-07,The review is paused
2020-01-24,2020-03-20,Draft report and public comment
2021-07-22,,The Board acts
"""
STATUS_CSV = """\
Number,Status
1,Partially implemented
2,Implemented
3,Partially implemented
"""
FILES = {
    "index.md": INDEX,
    "about.md": ABOUT,
    "status.md": STATUS,
    "timeline.csv": TIMELINE,
    "data/status.csv": STATUS_CSV,
}
PDF_CONF = CONF + 'project = "Test review"\nauthor = "Team"\nreviewkit_slug = "test"\n'


def figures_of(page: Path) -> list[tuple[str, str, str]]:
    """(id, caption, alt) of each figure of a page."""
    return [
        (
            figure.attrs["id"],
            squash(figure.find_all("figcaption")[0].text),
            figure.find_all("img")[0].attrs["alt"],
        )
        for figure in parse(page).find_all("figure")
    ]


def text_of(page: Path) -> str:
    return squash(parse(page).text)


def test_figures_are_numbered_through_the_report_and_named_by_numref(build):
    app = build(FILES)
    assert warnings_of(app) == ""
    about = app.outdir / "about.html"
    status = app.outdir / "status.html"
    assert figures_of(about) == [
        (
            "fig-timeline",
            "Figure 1 The timeline of the review.¶",
            "The review from June 2016 to July 2021, paused from October 2017 to June 2018.",
        )
    ]
    assert [caption for _, caption, _ in figures_of(status)] == [
        "Figure 2 The recommendations by status.¶"
    ]
    assert "Figure 2 counts the statuses of Table 1." in text_of(status)
    assert "Figure 1 shows how the review went." in text_of(about)


def svg_of(outdir: Path, html: str) -> bytes:
    (source,) = re.findall(r'src="(_images/figure-[0-9a-f]+\.svg)"', html)
    return (outdir / source).read_bytes()


def test_the_drawing_is_an_svg_file_with_its_data_and_the_same_bytes_every_build(project, tmp_path):
    from sphinx.testing.util import SphinxTestApp

    srcdir = project(FILES)
    drawings = []
    for name in ("one", "two"):
        app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / name)
        app.build(force_all=True)
        drawings.append(
            (
                svg_of(app.outdir, (app.outdir / "about.html").read_text()),
                svg_of(app.outdir, (app.outdir / "status.html").read_text()),
            )
        )
        app.cleanup()
    assert drawings[0] == drawings[1]
    timeline, counts = (svg.decode() for svg in drawings[0])
    assert timeline.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>The review from June 2016" in timeline
    for words in ("30 June 2016", "October 2017 \N{EN DASH} 7 June 2018", "Call for volunteers"):
        assert words in timeline
    # the counts, in the order asked, a value no row has drawn as 0
    bars = re.findall(r">([A-Za-z ]+)</text><rect[^>]*/><text[^>]*>(\d+)<", counts)
    assert bars == [("Implemented", "1"), ("Partially implemented", "2"), ("Not implemented", "0")]


def test_the_data_file_change_redraws_the_figure(project, tmp_path):
    from sphinx.testing.util import SphinxTestApp

    srcdir = project(FILES)
    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "out")
    app.build()
    before = svg_of(app.outdir, (app.outdir / "status.html").read_text())
    (srcdir / "data" / "status.csv").write_text(STATUS_CSV + "4,Not implemented\n")
    app.build()
    after = svg_of(app.outdir, (app.outdir / "status.html").read_text())
    app.cleanup()
    assert before != after
    assert b">1</text>" in after.split(b"Not implemented")[1][:400]


def test_numfig_stays_off_when_conf_py_says_so(build):
    app = build(FILES, conf=CONF + "numfig = False\n")
    about = (app.outdir / "about.html").read_text()
    assert "Figure 1" not in about
    assert "numfig is disabled" in warnings_of(app)


def test_the_figure_word_is_the_build_language(build):
    app = build(FILES, conf=CONF + 'language = "es"\n')
    status = text_of(app.outdir / "status.html")
    assert "Figura 2 counts the statuses of Tabla 1." in status


@pytest.mark.slow
def test_the_pdf_numbers_tags_and_lists_the_figures_as_the_site_does(tmp_path):
    srcdir = write_project(tmp_path / "src", FILES, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    reader = pypdf.PdfReader(outdir / "test-final.pdf")
    pages = page_texts(reader)
    text = " ".join(pages)
    assert "Figure 1 The timeline of the review." in text
    assert "Figure 2 The recommendations by status." in text
    assert "Figure 2 counts the statuses of Table 1." in text
    assert "Figure 1 shows how the review went." in text
    # the list of figures, with each figure's page, on the contents page
    contents = next(page for page in pages if page.startswith("Contents"))
    listed = contents[contents.index("Figures") :]
    captions = ("Figure 1 The timeline of the review.", "Figure 2 The recommendations by status.")
    for caption in captions:
        # the page number printed on the page that holds the figure ("Page 3 of 4")
        (label,) = [
            re.search(r"Page (\d+) of \d+", page).group(1)
            for page in pages
            if caption in page and page is not contents
        ]
        assert re.search(rf"{re.escape(caption)}[ .]*{label}\b", listed), (caption, label)
    alts = [alt for alt in figure_alts(reader) if alt]
    assert alts == [
        "The review from June 2016 to July 2021, paused from October 2017 to June 2018.",
        "Two recommendations partially implemented, one implemented, none not implemented.",
    ]


def figure_alts(reader: pypdf.PdfReader) -> list[str]:
    """The /Alt of each /Figure of the structure tree, in reading order."""
    found = []

    def walk(element) -> None:
        element = element.get_object()
        if isinstance(element, pypdf.generic.ArrayObject):
            for kid in element:
                walk(kid)
            return
        if not isinstance(element, pypdf.generic.DictionaryObject):
            return
        if element.get("/S") == "/Figure":
            found.append(str(element.get("/Alt", "")))
        if "/K" in element:
            walk(element["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


# Bad data: a warning at the CSV's line (or the directive's, when there is no file), a
# failing check, no traceback.

BAD_DATA = {
    "missing file": ({"timeline.csv": None}, r"about\.md:5: .*'timeline\.csv' does not exist"),
    "bad date": (
        {"timeline.csv": TIMELINE.replace("2017-10,", "October 2017,")},
        r"timeline\.csv:3: .*the date 'October 2017' is not a date; write it as YYYY-MM-DD",
    ),
    "no such day": (
        {"timeline.csv": TIMELINE.replace("2021-07-22", "2021-02-30")},
        r"timeline\.csv:5: .*the date '2021-02-30' is no day of the calendar",
    ),
    "bad header": (
        {"timeline.csv": TIMELINE.replace("date,end,event", "when,end,what")},
        r"timeline\.csv:1: .*the header has no column 'date', 'event'",
    ),
    "not UTF-8": (
        {"timeline.csv": TIMELINE.replace("Board acts", "Board décide").encode("latin-1")},
        r"timeline\.csv:5: .*is not UTF-8 \(byte 0xe9",
    ),
    "unknown column": (
        {"status.md": STATUS.replace(":column: Status", ":column: Stage")},
        r"status\.csv:1: .*the header has no column 'stage'.*its columns are 'number', 'status'",
    ),
    "empty cell": (
        {"data/status.csv": STATUS_CSV.replace("2,Implemented", "2,")},
        r"status\.csv:3: .*the row has no status",
    ),
    "open quote": (
        {"timeline.csv": TIMELINE.replace("Call for", '"Call for')},
        r"timeline\.csv:2: .*the CSV cannot be read",
    ),
    "no alt text": (
        {"about.md": re.sub(r":alt: .*\n", "", ABOUT)},
        r"about\.md:5: .*the figure has no alt text",
    ),
    "outside the sources": (
        {"status.md": STATUS.replace(":file: data/status.csv\n:col", ":file: ../x.csv\n:col")},
        r"status\.md:5: .*the figure's data file '\.\./x\.csv' is outside the report's sources",
    ),
}


@pytest.mark.parametrize("kind", BAD_DATA)
def test_bad_data_is_named_at_its_line_and_fails_the_check(kind, project, cli, tmp_path):
    changes, expected = BAD_DATA[kind]
    files = {**FILES, **{name: text for name, text in changes.items() if isinstance(text, str)}}
    srcdir = project(files)
    for name, text in changes.items():
        if text is None:
            (srcdir / name).unlink()
        elif isinstance(text, bytes):
            (srcdir / name).write_bytes(text)
    (tmp_path / "x.csv").write_text(STATUS_CSV)
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0
    assert "Traceback" not in stderr
    assert re.search(expected, stderr), stderr
