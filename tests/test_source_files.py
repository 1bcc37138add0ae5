"""Which files a document may use: only files inside the report's sources.

A path that leaves the sources (``../``, an absolute path, a symlink that points
out) is refused where it is written, with the file and line, and nothing of the
file reaches the HTML, its ``_images`` and ``_downloads``, or what is published.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

SECRET = "secret-text-kept-outside-the-sources"


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """A valid PNG of one colour, made here so that the tests need no image library."""
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


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
