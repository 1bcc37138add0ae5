"""How the PDF sets its text: words kept whole, headings ragged, pages numbered as a book's."""

from __future__ import annotations

import itertools
import re

import pypdf
import pytest
from test_pdf import PDF_CONF

from reviewkit.pdf.builder import is_acronym, keep_together, letters, number_heading

from conftest import warnings_of, write_project
from pdfs import broken_words, build_pdf, outline_titles, page_lines, page_texts
from sources import CHAPTER

INDEX = """\
# Report

```{toctree}
:caption: Report
:class: chapters

chapter
typesetting
```

```{toctree}
:caption: Appendices
:class: appendices

glossary
```
"""
ACRONYMS = ["ICANN", "RESPONSIBILITIES", "INTERNATIONALIZATION", "HTTPS", "SSR2"]
#: justified text dense with long acronyms and labels: some fall at the end of a line
TEXT = " ".join(
    f"The {word} team read Finding {n} and ISO {22300 + n} closely, as agreed."
    for n, word in zip(range(1, 90), itertools.cycle(ACRONYMS), strict=False)
)
#: long words a justified, hyphenated paragraph would break
RUBRIC = " ".join(["Notwithstanding characteristically incomprehensible acknowledgements"] * 6)
#: long words of running text, which are hyphenated
PROSE = " ".join(["Institutionalization, counterproductive misunderstandings internationally."] * 8)
TYPESETTING = f"# Typesetting\n\n{TEXT}\n\n{PROSE}\n\n```{{rubric}} {RUBRIC}\n```\n\nThe end.\n"
GLOSSARY = "# Glossary\n\nWords and what they mean.\n"
FILES = {"index.md": INDEX, "chapter.md": CHAPTER, "typesetting.md": TYPESETTING}

#: every test here lays out a PDF with WeasyPrint
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def typeset(tmp_path_factory) -> pypdf.PdfReader:
    root = tmp_path_factory.mktemp("typeset")
    srcdir = write_project(root / "src", {**FILES, "glossary.md": GLOSSARY}, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, root / "out")
    assert (status, warnings) == (0, "")
    return pypdf.PdfReader(outdir / "test-final.pdf")


def test_no_acronym_is_hyphenated(typeset):
    broken = broken_words(typeset)
    assert broken, "the text is set justified and hyphenated: some word breaks"
    acronyms = [word for word in broken if sum(c.isupper() or c.isdigit() for c in word) >= 2]
    assert acronyms == []


def test_a_label_and_its_number_stay_on_one_line(typeset):
    lines = [line for page in page_lines(typeset) for line in page]
    ends = [line for line in lines if re.search(r"\b(Finding|ISO)$", line)]
    assert ends == [], "a label at the end of a line, its number on the next"
    assert not [word for word in broken_words(typeset) if word.startswith("Finding")]
    assert "Finding 13" in " ".join(page_texts(typeset))  # the text reads the same


def test_headings_are_never_hyphenated(typeset):
    rubric_words = set(RUBRIC.split())
    assert not [word for word in broken_words(typeset) if word in rubric_words]
    lines = [line for page in page_lines(typeset) for line in page]
    assert any(line.startswith("Notwithstanding") for line in lines), "the rubric wraps"


def test_the_body_is_numbered_from_its_first_page(typeset):
    texts = page_texts(typeset)
    first = next(n for n, text in enumerate(texts) if "Why the review matters" in text)
    body = len(texts) - first
    assert f"Page 1 of {body}" in texts[first]
    assert f"Page {body} of {body}" in texts[-1]
    contents = next(n for n, text in enumerate(texts) if text.startswith("Contents"))
    assert texts[contents].endswith(" iii"), "the front matter counts in roman numerals"
    assert not any(re.search(r"Page \d+ of", text) for text in texts[:first])
    # the contents give the body's page numbers
    glossary = next(n for n, text in enumerate(texts) if "Words and what they mean" in text)
    listed = re.sub(r"[ .]+", " ", texts[contents])
    assert f"A Glossary {glossary - first + 1}" in listed
    # a PDF reader's page box says what the page says: "iii" on the contents, "1" on the body
    labels = typeset.page_labels
    assert labels[0] == "i" and labels[contents] == "iii"
    assert labels[first] == "1" and labels[-1] == str(body)


def test_chapters_are_numbered_and_appendices_lettered(typeset):
    titles = outline_titles(typeset)
    assert "1 The first chapter" in titles and "2 Typesetting" in titles
    assert "A Glossary" in titles
    contents = next(text for text in page_texts(typeset) if text.startswith("Contents"))
    listed = re.sub(r"[ .]+", " ", contents)
    assert "1 The first chapter" in listed and "A Glossary" in listed


def test_a_report_without_numbered_toctrees_has_no_chapter_numbers(tmp_path):
    index = "# Report\n\n```{toctree}\nchapter\n```\n"
    srcdir = write_project(tmp_path / "src", {"index.md": index, "chapter.md": CHAPTER}, PDF_CONF)
    status, warnings, outdir = build_pdf(srcdir, tmp_path / "out")
    assert (status, warnings) == (0, "")
    assert "The first chapter" in outline_titles(pypdf.PdfReader(outdir / "test-final.pdf"))


# The functions behind them, on the cases a report rarely shows.


@pytest.mark.parametrize(
    ("word", "kept"),
    [("ICANN", True), ("SSR2", True), ("ccTLD", True), ("ИКАНН", True), ("Board", False)],
)
def test_what_counts_as_an_acronym(word, kept):
    assert is_acronym(word) is kept


def test_a_label_with_its_number_is_one_unhyphenated_unit():
    assert keep_together("<p>see Finding 45, Recommendation 4.1.</p>") == (
        '<p>see <span class="rk-word">Finding\u00a045</span>, '
        '<span class="rk-word">Recommendation\u00a04.1</span>.</p>'
    )


def test_keep_together_changes_text_only():
    html = (
        '<p title="ICANN 3">ICANN\u2019s Finding 13 &#x2F; a&amp;B</p>'
        "<pre>ICANN 3</pre><style>.X 3 {}</style>"
        '<svg><text x="0">ICANN 3</text></svg>'
    )
    assert keep_together(html) == (
        '<p title="ICANN 3"><span class="rk-word">ICANN</span>\u2019s '
        '<span class="rk-word">Finding\u00a013</span> &#x2F; '
        "a&amp;B</p><pre>ICANN 3</pre><style>.X 3 {}</style>"
        '<svg><text x="0">ICANN 3</text></svg>'
    )


def test_letters_and_numbered_headings():
    assert [letters(n) for n in (1, 2, 26, 27)] == ["A", "B", "Z", "AA"]
    assert number_heading('<h1 class="x">Title</h1><h1>Other</h1>', "B") == (
        '<h1 class="x"><span class="rk-chapter-number">B</span> Title</h1><h1>Other</h1>'
    )


@pytest.mark.parametrize("written", ["chapter", "appendix", "chapitres"])
def test_a_misspelt_toctree_class_is_named_with_the_one_meant(build, written):
    # a check builds no PDF: the numbering's class must still be checked
    index = INDEX.replace(":class: chapters", f":class: {written}")
    app = build({**FILES, "glossary.md": GLOSSARY, "index.md": index}, buildername="dummy")
    warnings = warnings_of(app)
    meant = "appendices" if written == "appendix" else "chapters"
    assert f"index.md:3: WARNING: the toctree's class '{written}'" in warnings
    assert f"did you mean '{meant}'?" in warnings


def test_a_toctree_class_of_the_authors_own_is_left_alone(build):
    index = INDEX.replace(":class: chapters", ":class: chapters wide-list")
    app = build({**FILES, "glossary.md": GLOSSARY, "index.md": index}, buildername="dummy")
    assert warnings_of(app) == ""
