"""Which files a document may use: only files inside the report's sources.

A path that leaves the sources (``../``, an absolute path, a symlink that points
out) is refused where it is written, with the file and line, and nothing of the
file reaches the HTML, its ``_images`` and ``_downloads``, or what is published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from sources import png

SECRET = "secret-text-kept-outside-the-sources"


SECRET_PNG = png(3, 5, (1, 2, 3))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files beside the sources (``src/``), as ``/etc`` or a home folder would be."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{SECRET}\n")
    (folder / "secret.csv").write_text(f"a,{SECRET}\n")
    (folder / "secret.png").write_bytes(SECRET_PNG)
    return folder


INDEX = "# Report\n\n```{toctree}\nchapter\n```\n"

# (what the chapter holds, the line the warning must name, words of the message)
MYST = {
    "image": ("![A secret](../outside/secret.png)", "the image '../outside/secret.png'"),
    "image-absolute": ("![A secret](/../outside/secret.png)", "the image '/../outside/secret.png'"),
    "figure": ("```{figure} ../outside/secret.png\n\nA caption.\n```", "the image"),
    "image-any-format": ("![A secret](../outside/secret.*)", "the image '../outside/secret.*'"),
    "symlink": ("![A linked secret](linked.png)", "the image 'linked.png'"),
    "download": ("{download}`the data <../outside/secret.txt>`", "the download"),
    "link-to-file": ("[the data](../outside/secret.txt)", "the download"),
    "literalinclude": ("```{literalinclude} ../outside/secret.txt\n```", "literalinclude"),
    "literalinclude-diff": (
        "```{literalinclude} inside.txt\n:diff: ../outside/secret.txt\n```",
        "literalinclude",
    ),
    "include": ("```{include} ../outside/secret.txt\n```", "include"),
    "include-literal": ("```{include} ../outside/secret.txt\n:literal:\n```", "include"),
    "raw-file": ("```{raw} html\n:file: ../outside/secret.txt\n```", "raw"),
    "raw-url": ("```{raw} html\n:url: file://{outside}/secret.txt\n```", "raw"),
    "csv-file": ("```{csv-table}\n:file: ../outside/secret.csv\n```", "csv-table"),
    "csv-url": ("```{csv-table}\n:url: file://{outside}/secret.csv\n```", "csv-table"),
}

RST = {
    "image": (".. image:: ../outside/secret.png", "the image"),
    "figure": (".. figure:: ../outside/secret.png\n\n   A caption.", "the image"),
    "download": (":download:`the data <../outside/secret.txt>`", "the download"),
    "literalinclude": (".. literalinclude:: ../outside/secret.txt", "literalinclude"),
    "include": (".. include:: ../outside/secret.txt", "include"),
    "include-literal": (".. include:: ../outside/secret.txt\n   :literal:", "include"),
    "raw-file": (".. raw:: html\n   :file: ../outside/secret.txt", "raw"),
    "raw-url": (".. raw:: html\n   :url: file://{outside}/secret.txt", "raw"),
    "csv-file": (".. csv-table::\n   :file: ../outside/secret.csv", "csv-table"),
}


def chapter(block: str, outside: Path, suffix: str) -> dict[str, str]:
    heading = "# Chapter\n\nSome text.\n\n" if suffix == ".md" else "Chapter\n=======\n\nText.\n\n"
    body = heading + block.replace("{outside}", str(outside)) + "\n\nText after.\n"
    return {"index.md": INDEX, f"chapter{suffix}": body, "inside.txt": "inside\n"}


def leaked(outdir: Path) -> list[Path]:
    """Every output file that holds the outside files' text or bytes."""
    return [
        path
        for path in outdir.rglob("*")
        if path.is_file()
        and not path.name.endswith(".pickle")
        and (SECRET.encode() in path.read_bytes() or path.read_bytes() == SECRET_PNG)
    ]


def assert_refused(cli, srcdir: Path, doc: str, line: int, *fragments: str) -> str:
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0, "a file outside the sources must fail a -W build"
    assert "Traceback" not in stderr and "Exception occurred" not in stderr
    pattern = re.compile(
        rf"^{re.escape(str(srcdir / doc))}:{line}: WARNING: (.*) \[reviewkit\.outside-sources\]$",
        re.MULTILINE,
    )
    messages = pattern.findall(stderr)
    assert messages, f"no outside-sources warning at {doc}:{line} in:\n{stderr}"
    for fragment in fragments:
        assert any(fragment in message for message in messages), (fragment, messages)
    return stderr


@pytest.mark.slow  # a build for each way out of the sources
@pytest.mark.parametrize("case", sorted(MYST))
def test_myst_refuses_a_file_outside_the_sources(project, cli, outside, tmp_path, case):
    block, kind = MYST[case]
    srcdir = project(chapter(block, outside, ".md"))
    (srcdir / "linked.png").symlink_to(outside / "secret.png")
    stderr = assert_refused(cli, srcdir, "chapter.md", 5, kind, "outside the report's sources")
    assert str(srcdir) in stderr, "the message names the folder files must be in"
    assert leaked(tmp_path / "cli-out") == []
    # without -W the build goes on, and still nothing of the file is in the output
    status, _ = cli(srcdir, "-E")
    assert status == 0
    assert leaked(tmp_path / "cli-out") == []


@pytest.mark.parametrize("case", sorted(RST))
def test_rst_refuses_a_file_outside_the_sources(project, cli, outside, tmp_path, case):
    block, kind = RST[case]
    srcdir = project(chapter(block, outside, ".rst"))
    assert_refused(cli, srcdir, "chapter.rst", 6, kind, "outside the report's sources")
    assert leaked(tmp_path / "cli-out") == []


def test_a_symlink_that_leaves_the_sources_names_where_it_points(project, cli, outside):
    srcdir = project(chapter("![A linked secret](linked.png)", outside, ".md"))
    (srcdir / "linked.png").symlink_to(outside / "secret.png")
    stderr = assert_refused(cli, srcdir, "chapter.md", 5, "the image 'linked.png'")
    assert str((outside / "secret.png").resolve()) in stderr


INSIDE = """\
# Chapter

![A red square](figures/red.png)

![The same, through a link](linked.png)

{download}`the data <data/table.csv>`

```{literalinclude} data/code.py
```

```{include} part.md
```

```{raw} html
:file: data/snippet.html
```

```{csv-table}
:file: data/table.csv
```
"""


def test_files_inside_the_sources_are_used(project, cli, tmp_path):
    srcdir = project(
        {
            "index.md": INDEX,
            "chapter.md": INSIDE,
            "part.md": "Included words.\n",
            "data/code.py": "print('included code')\n",
            "data/snippet.html": "<p>raw snippet</p>\n",
            "data/table.csv": "one,two\n",
        }
    )
    (srcdir / "figures").mkdir()
    (srcdir / "figures" / "red.png").write_bytes(png())
    (srcdir / "linked.png").symlink_to(srcdir / "figures" / "red.png")
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert (status, stderr) == (0, "")
    out = tmp_path / "cli-out"
    html = (out / "chapter.html").read_text()
    for words in ("included code", "Included words.", "raw snippet", "two"):
        assert words in html
    assert (out / "_images" / "red.png").read_bytes() == png()
    assert list((out / "_downloads").rglob("table.csv"))


# Documents: a document whose file leads outside the sources is never read.

NOTES = f"# Notes\n\nThe notes say {SECRET}.\n"


def secret_notes(outside: Path) -> Path:
    """A document kept outside the sources, as a team member's private notes would be."""
    (outside / "notes.md").write_text(NOTES)
    return outside / "notes.md"


def assert_document_refused(stderr: str, srcdir: Path, document: str, leads_to: Path) -> None:
    pattern = re.compile(
        rf"^{re.escape(str(srcdir / document))}: WARNING: (.*) \[reviewkit\.outside-sources\]$",
        re.MULTILINE,
    )
    messages = pattern.findall(stderr)
    assert messages, f"no outside-sources warning for {document} in:\n{stderr}"
    assert f"the document '{document}'" in messages[0], messages
    assert str(leads_to.resolve()) in messages[0], "the message says where the document leads"
    assert "Traceback" not in stderr


def test_a_symlinked_document_outside_the_sources_is_never_read(project, cli, outside, tmp_path):
    srcdir = project({"index.md": "# Report\n\n```{toctree}\nnotes\n```\n"})
    (srcdir / "notes.md").symlink_to(secret_notes(outside))
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0, "a document outside the sources must fail a -W build"
    assert_document_refused(stderr, srcdir, "notes.md", outside / "notes.md")
    out = tmp_path / "cli-out"
    assert leaked(out) == []
    assert not (out / "notes.html").exists()
    # without -W the build goes on, without the document
    status, stderr = cli(srcdir, "-E")
    assert status == 0
    assert_document_refused(stderr, srcdir, "notes.md", outside / "notes.md")
    assert leaked(out) == [], "not in the page, _sources, or the search index"
    assert not (out / "notes.html").exists() and not (out / "_sources" / "notes.md.txt").exists()


def test_a_symlinked_folder_outside_the_sources_is_never_read(project, cli, outside, tmp_path):
    srcdir = project({"index.md": "# Report\n\n```{toctree}\ndl/notes\n```\n"})
    secret_notes(outside)
    (srcdir / "dl").symlink_to(outside)
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0
    assert_document_refused(stderr, srcdir, "dl/notes.md", outside / "notes.md")
    out = tmp_path / "cli-out"
    assert leaked(out) == []
    assert not (out / "dl").exists()


def test_a_document_replaced_by_a_link_outside_is_dropped_on_the_next_build(
    project, cli, outside, tmp_path
):
    srcdir = project(
        {
            "index.md": "# Report\n\n```{toctree}\nnotes\n```\n",
            "notes.md": "# Notes\n\nOwn words.\n",
        }
    )
    status, _ = cli(srcdir)
    out = tmp_path / "cli-out"
    assert status == 0 and "Own words" in (out / "notes.html").read_text()
    assert "notes" in indexed_documents(out)
    (srcdir / "notes.md").unlink()
    (srcdir / "notes.md").symlink_to(secret_notes(outside))
    status, stderr = cli(srcdir)  # an incremental build, as an editor's next build is
    assert status == 0
    assert_document_refused(stderr, srcdir, "notes.md", outside / "notes.md")
    assert leaked(out) == []
    assert indexed_documents(out) == ["index"], "the search no longer finds it"


def indexed_documents(outdir: Path) -> list[str]:
    """The documents the site's search index lists."""
    found = re.search(r'"docnames":\[([^\]]*)\]', (outdir / "searchindex.js").read_text())
    return re.findall(r'"([^"]+)"', found[1]) if found else []


def test_a_document_in_a_builds_folder_is_never_read(project, cli, tmp_path):
    """A page a build left in the sources (a download of a ``.md`` file, say) is not one
    of the team's documents."""
    srcdir = project({"index.md": INDEX, "chapter.md": "# Chapter\n\nText.\n"})
    (srcdir / "site" / "_downloads").mkdir(parents=True)
    (srcdir / "site" / ".buildinfo").write_text("# Sphinx build info version 1\n")
    (srcdir / "site" / "_downloads" / "notes.md").write_text(NOTES)
    status, stderr = cli(srcdir, "-W", "--keep-going")
    assert status != 0
    assert f"{srcdir}/site/_downloads/notes.md: WARNING: the document" in stderr, stderr
    assert f"it is a build's own file, in {srcdir / 'site'}" in stderr
    assert leaked(tmp_path / "cli-out") == []


# The build's own files: when the build folder is inside the sources, its files (the pickled
# environment, the pages, what a build copied) are not the team's and are refused too.


def build_into(srcdir: Path, outdir: Path, capsys, *args: str) -> tuple[int, str]:
    """``sphinx-build SRC OUT`` with the output folder wherever the test puts it."""
    try:
        status = build_main(["-b", "html", "-q", "--no-color", *args, str(srcdir), str(outdir)])
    except SystemExit as stop:
        status = stop.code
    return status, capsys.readouterr().err


PICKLE = "environment.pickle"

# (what the chapter holds, where this build goes, words of the message)
BUILD_FILES = {
    "download-of-another-builds-pickle": (
        "{download}`env <_build/draft/doctrees/environment.pickle>`",
        "_build/final",
        "the download",
    ),
    "download-of-this-builds-pickle": (
        "{download}`env <_build/html/.doctrees/environment.pickle>`",
        "_build/html",
        "the download",
    ),
    "literalinclude-of-a-doctree-folder": (
        "```{literalinclude} trees/environment.pickle\n```",
        "www",
        "literalinclude",
    ),
    "include-of-a-page-of-an-html-build": (
        "```{include} site/index.html\n```",
        "www",
        "include",
    ),
    "image-of-the-output-folder": ("![A square](out/_images/red.png)", "out", "the image"),
    "download-from-the-output-folder": (
        "{download}`the notes <fresh/notes.txt>`",
        "fresh",
        "the download",
    ),
}


@pytest.mark.parametrize("case", sorted(BUILD_FILES))
def test_a_builds_own_files_are_refused_when_it_is_inside_the_sources(project, capsys, case):
    block, build, kind = BUILD_FILES[case]
    srcdir = project({"index.md": INDEX, "chapter.md": "# Chapter\n\n![A square](red.png)\n"})
    (srcdir / "red.png").write_bytes(png())
    # earlier builds, as editors make them: into _build/<edition>, into site/ with its
    # doctrees in trees/, and into out/, the folder this build writes to again
    for earlier, doctrees in (("_build/draft/html", "_build/draft/doctrees"), ("site", "trees")):
        assert build_into(srcdir, srcdir / earlier, capsys, "-d", str(srcdir / doctrees))[0] == 0
    assert build_into(srcdir, srcdir / "out", capsys)[0] == 0
    assert (srcdir / "_build/draft/doctrees" / PICKLE).is_file()
    # a folder this build will write into, with a file already in it
    (srcdir / "fresh").mkdir()
    (srcdir / "fresh" / "notes.txt").write_text(f"{SECRET}\n")
    (srcdir / "chapter.md").write_text(f"# Chapter\n\nText.\n\n{block}\n\nText after.\n")
    outdir = srcdir / build
    status, stderr = build_into(srcdir, outdir, capsys, "-W", "--keep-going", "-E")
    assert status != 0, "a build's own file must fail a -W build"
    pattern = re.compile(
        rf"^{re.escape(str(srcdir / 'chapter.md'))}:5: WARNING: (.*) "
        r"\[reviewkit\.outside-sources\]$",
        re.MULTILINE,
    )
    messages = pattern.findall(stderr)
    assert messages and kind in messages[0], stderr
    assert "a build's own file" in messages[0], messages
    html = (outdir / "chapter.html").read_text()
    assert "Text after." in html, "the rest of the chapter is there"
    assert not list(outdir.glob("_downloads/*/*")), "nothing of the build is copied"
    assert "red.png" not in html and html.count("<html") == 1 and str(srcdir) not in html


def test_a_root_document_outside_the_sources_stops_the_build_with_one_message(
    project, cli, outside, tmp_path
):
    srcdir = project({"chapter.md": "# Chapter\n\nText.\n"})
    (srcdir / "index.md").symlink_to(secret_notes(outside))
    status, stderr = cli(srcdir)
    assert status == 2
    assert f"{srcdir}/index.md: ERROR: the root document 'index.md' is outside" in stderr, stderr
    assert str((outside / "notes.md").resolve()) in stderr
    assert "Traceback" not in stderr and "Sphinx error" not in stderr
    assert leaked(tmp_path / "cli-out") == []
