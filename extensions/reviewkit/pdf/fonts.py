"""The fonts the print stylesheet names, and proof that they cover every character.

WeasyPrint falls back silently to whatever fontconfig offers when a font is
missing or lacks a glyph; a typeset report must not. Before rendering, the
builder checks that each family is installed (naming the Debian package that
provides it) and that every character of the document has a glyph in one of
the families of the stack that will set it. Both come from fontconfig, which
WeasyPrint itself asks: a font's characters are the charset fontconfig keeps in
its cache (what Pango falls back by), so the check reads no font file.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: family -> Debian package that provides it
PACKAGES = {
    "Noto Serif": "fonts-noto-core",
    "Noto Sans": "fonts-noto-core",
    "Noto Naskh Arabic": "fonts-noto-core",
    "Noto Sans Arabic": "fonts-noto-core",
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Sans Mono CJK SC": "fonts-noto-cjk",
}
#: the stacks of the print stylesheet, in the order WeasyPrint tries them
TEXT = ("Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC")
#: Arabic headings in Naskh too: WeasyPrint maps Noto Sans Arabic's (and Noto Kufi
#: Arabic's) lam-alef ligatures to no text or the wrong text, so "كاملًا" would be copied
#: or read aloud as "كام"; Naskh's map back to the letters they join
HEADINGS = ("Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC")
CODE = ("Noto Sans Mono CJK SC",)
STACKS = (TEXT, HEADINGS, CODE)
#: Debian's other packages the PDF needs (HarfBuzz subsetting embeds the fonts)
SYSTEM_PACKAGES = ("fonts-noto-core", "fonts-noto-cjk", "libharfbuzz-subset0")


class FontProblem(Exception):
    """A font is missing, or a character has no glyph: the message says what to do."""


@dataclass(frozen=True)
class Font:
    family: str
    file: Path
    index: int
    #: fontconfig's ranges of the characters it has glyphs for: "20-7e a0-17f ..."
    charset: str = ""


#: the families drawn in each script's own forms, tried first for a text in that language
SCRIPT_FIRST = {
    "ar": ("Noto Naskh Arabic",),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"),
}


def for_language(families: tuple[str, ...], language: str | None) -> tuple[str, ...]:
    """The stack with the language's own script first: Chinese punctuation and quotes then
    come from the CJK face at their full width, not from the Latin one."""
    first = SCRIPT_FIRST.get((language or "en").split("_")[0], ())
    return tuple(sorted(families, key=lambda family: family not in first))


def css_stack(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{family}"' for family in families)


#: fontconfig's listing: a line per face
LISTING = "%{family[0]}\t%{style[0]}\t%{file}\t%{index}\t%{charset}\n"


@functools.cache
def listing() -> str:
    """Every face fontconfig knows, as ``fc-list`` lists them (:data:`LISTING`)."""
    try:
        return subprocess.run(
            ["fc-list", "--format", LISTING], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise FontProblem(
            "fontconfig's fc-list is not available to find the PDF's fonts; install it with: "
            "apt-get install -y fontconfig"
        ) from error


def faces() -> list[tuple[str, str, str, str, str]]:
    """Each face of the listing: family, style, file, index and charset, in order."""
    return [
        (family, style, file, index or "0", charset)
        for family, style, file, index, charset in (
            [*line.split("\t"), "", "", "", "", ""][:5] for line in sorted(listing().splitlines())
        )
    ]


@functools.cache
def installed() -> dict[str, Font]:
    """Every family fontconfig knows, with the file of its regular face."""
    fonts: dict[str, Font] = {}
    for family, style, file, index, charset in faces():
        if family and (family not in fonts or style == "Regular"):
            fonts[family] = Font(family, Path(file), int(index), charset)
    return fonts


def require(families: tuple[str, ...]) -> dict[str, Font]:
    fonts = installed()
    missing = [family for family in families if family not in fonts]
    if missing:
        packages = sorted({PACKAGES.get(family, "a package providing it") for family in missing})
        raise FontProblem(
            f"the PDF needs the font {', '.join(repr(f) for f in missing)}, which is not "
            f"installed; install it with: apt-get install -y {' '.join(packages)}"
        )
    return {family: fonts[family] for family in families}


@functools.cache
def coverage(font: Font) -> frozenset[int]:
    """The characters ``font`` has glyphs for: its charset's ranges, read as numbers."""
    covered: set[int] = set()
    for span in font.charset.split():
        first, _, last = span.partition("-")
        covered.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(covered)


def check_fonts() -> None:
    require(tuple(family for stack in STACKS for family in stack))


def uncovered(text: str, stack: tuple[str, ...]) -> list[str]:
    """The characters of ``text`` that no font of ``stack`` can draw."""
    fonts = require(stack)
    covered = frozenset().union(*(coverage(font) for font in fonts.values()))
    needed = {ord(char) for char in text if not char.isspace()}
    ignorable = {code for code in needed if unicodedata.category(chr(code)) in ("Cc", "Cf")}
    return [chr(code) for code in sorted(needed - covered - ignorable)]


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')} ({char!r})"
