"""Sources that more than one test module writes: small reports, catalogs, links as
translators write them, images. A test module takes them from here, never from another
test module, so that each test module runs alone."""

from __future__ import annotations

import struct
import zlib

from conftest import CONF

# Report objects as an author writes them

FINDING = """\
:::{finding} Something is wrong
:label: f

It is.
:::
"""


def recommendation(
    *,
    title: str = "Do the thing",
    options: dict[str, str] | None = None,
    body: str = "Text of the recommendation.",
    measures: str | None = "- Done.",
    rationale: str | None = "Because.",
    label: str | None = "r",
) -> str:
    opts = {"owners": "org", "priority": "high", "findings": "f"}
    if label is not None:
        opts = {"label": label, **opts}
    opts.update(options or {})
    lines = [f"::::{{recommendation}} {title}".rstrip()]
    lines += [f":{name}: {value}" for name, value in opts.items() if value is not None]
    lines += ["", body, ""]
    if measures is not None:
        lines += [":::{measures}", measures, ":::", ""]
    if rationale is not None:
        lines += [":::{rationale}", rationale, ":::", ""]
    lines.append("::::")
    return "\n".join(lines) + "\n"


def page(*blocks: str, toctree: tuple[str, ...] = ()) -> str:
    head = "# Report\n\n"
    if toctree:
        head += "```{toctree}\n" + "\n".join(toctree) + "\n```\n\n"
    return head + "\n".join(blocks)


ROLES_IN_TITLES = {
    "index.md": """\
    # Report

    :::{finding} Words differ
    :label: f-c

    They do.
    :::

    ::::{recommendation} Define the words
    :label: circ-a
    :owners: org
    :priority: high
    :findings: f-c

    Define them.

    :::{measures}
    - Defined.
    :::

    :::{rationale}
    Because.
    :::
    ::::

    ::::{recommendation} Second {rec}`circ-a` and {finding}`f-c`
    :label: second
    :owners: org
    :priority: high
    :findings: f-c

    Follow {rec}`circ-a`.

    :::{measures}
    - Followed.
    :::

    :::{rationale}
    Because.
    :::
    ::::

    :::{finding} Nothing follows {rec}`the first <circ-a>`
    :label: f-d

    Nothing.
    :::

    :::{suggestion} Read {finding}`f-d`
    :label: s

    Do.
    :::

    ```{recommendation-table}
    ```

    ```{traceability-table}
    ```
    """
}


#: one chapter with one finding and the recommendation that answers it
SMALL_REPORT = {
    "index.md": "# Report\n\n```{toctree}\nchapter\n```\n",
    "chapter.md": """\
        # Chapter

        :::{finding} Status is unknown
        :label: status-unknown

        Nobody knows.
        :::

        :::::{recommendation} Publish a status page
        :label: status-page
        :owners: org
        :priority: high
        :findings: status-unknown

        Text.

        ::::{measures}
        - Published.
        ::::

        ::::{rationale}
        Because.
        ::::
        :::::
        """,
}


CHAPTER = """\
# The first chapter

Why the review matters.[^bylaws]

## Findings

:::{finding} Words differ
:label: words

Contracts use different words; see {rec}`shared-words`.
:::

## Recommendations

::::::{recommendation-group} Handle abuse
:label: abuse

:::::{recommendation} Adopt shared words
:label: shared-words
:owners: board, org
:priority: high
:findings: words

The Board should adopt one set of definitions.

::::{measures}
- Definitions are published within a year.
::::

::::{rationale}
Shared words come first.
::::
:::::

:::::{recommendation} Publish abuse data
:label: abuse-data
:owners: org
:priority: medium
:findings: words

The organisation should publish data.

::::{measures}
- Data is published monthly.
::::

::::{rationale}
Data shows where abuse concentrates.
::::
:::::
::::::

[^bylaws]: ICANN Bylaws, Section 4.6(c).
"""


# The executive summary and its catalogs

SUMMARY_CONF = (
    CONF
    + 'project = "Test review"\nreviewkit_slug = "test"\nreviewkit_summary = "summary"\n'
    + 'reviewkit_translations = ["fr", "ar", "zh_CN"]\nlocale_dirs = ["locale"]\n'
    + "gettext_location = False\n"
)
#: the index of the summary projects: the summary, then CHAPTER
SUMMARY_INDEX = "# Report\n\n```{toctree}\nsummary\nchapter\n```\n"
SUMMARY = """\
# Executive summary

The review asks for shared words. See {rec}`abuse`.

This paragraph has no translation yet.

```{recommendation-table}
```
"""
CATALOG_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n\n'
)
FRENCH_SUMMARY = """\
msgid "Executive summary"
msgstr "Résumé"

msgid "The review asks for shared words. See {rec}`abuse`."
msgstr "La révision demande des mots communs. Voir {rec}`abuse`."

msgid "This paragraph has no translation yet."
msgstr ""
"""
FRENCH_REPORT = """\
msgid "Recommendation"
msgstr "Recommandation"

msgid "The Board"
msgstr "Le Conseil"

msgid "The Organisation"
msgstr "Le Secrétariat"

msgid "Handle abuse"
msgstr "Traiter les abus"

msgid "Adopt shared words"
msgstr "Adopter des mots communs"
"""


def catalog(lang: str, entries: str) -> str:
    return CATALOG_HEADER.format(lang=lang) + entries


# A report with enough chapters that -j 2 forks

CHAPTERS = 12


def numbered_chapter(n: int) -> str:
    previous = f"See {{rec}}`rec-{n - 1}-2` and {{finding}}`finding-{n - 1}`." if n > 1 else ""
    return f"""\
# Chapter {n}

:::{{finding}} Finding of chapter {n}
:label: finding-{n}

Observed in chapter {n}.
:::

::::::{{recommendation-group}} Group of chapter {n}
:label: group-{n}

{previous}

:::::{{recommendation}} First of chapter {n}
:label: rec-{n}-1
:owners: org
:priority: high
:findings: finding-{n}

Do the first thing.

::::{{measures}}
- Measured.
::::

::::{{rationale}}
Because of {{finding}}`finding-{n}`.
::::
:::::

:::::{{recommendation}} Second of chapter {n}
:label: rec-{n}-2
:owners: board
:priority: low
:findings: finding-{n}

Do the second thing.

::::{{measures}}
- Measured.
::::

::::{{rationale}}
Also because.
::::
:::::
::::::
"""


def many_chapters() -> dict[str, str]:
    """An index, a summary with both tables, and CHAPTERS chapters that cite each other."""
    names = [f"chapter{n:02d}" for n in range(1, CHAPTERS + 1)]
    index = "# Report\n\n```{toctree}\nsummary\n" + "\n".join(names) + "\n```\n"
    summary = "# Summary\n\n```{recommendation-table}\n```\n\n```{traceability-table}\n```\n"
    pages = {f"{name}.md": numbered_chapter(n) for n, name in enumerate(names, 1)}
    return {"index.md": index, "summary.md": summary, **pages}


# Links as translators write them in catalogs

#: links the text patterns let through, as translators wrote them -> where each leads
MISSED_LINKS = [
    (r"Voir [a [b [c]]](https:/\/evil.example/x) alpha.", "https://evil.example/x"),
    ("Voir [ici][a\nb] delta.\n\n[a\nb]: https:evil.example/z", "https:evil.example/z"),
    (r"Voir [ici](https:/\/evil.example/((a))) beta.", "https://evil.example/((a))"),
    ("Voir [x](ftp:evil.example/((a))) xi.", "ftp:evil.example/((a))"),
]
#: a link's destination with escapes in its scheme, or without ``//`` -> the URL it becomes
DESTINATIONS = [
    (r"https:/\/evil.example/x", "https://evil.example/x"),
    (r"https\:\/\/evil.example/x", "https://evil.example/x"),
    (r"HTTPS:/\/evil.example/x", "HTTPS://evil.example/x"),
    (r"\/\/evil.example/x", "//evil.example/x"),
    ("https:evil.example/z", "https:evil.example/z"),
    ("https://evil.example/((a))", "https://evil.example/((a))"),
    (r"mailto\:x@evil.example", "mailto:x@evil.example"),
]
#: a reference label as the link writes it, and as its definition does (the same label)
LABELS = [("a\nb", "a\nb"), ("a\n  b", "a b"), ("A\nB", "a\nb"), ("a b", "a\n b")]
#: every way a link is written, from its text, label, definition label and destination
FORMS = {
    "inline": "[{text}]({destination})",
    "full": "[{text}][{label}]\n\n[{definition}]: {destination}",
    "collapsed": "[{label}][]\n\n[{definition}]: {destination}",
    "shortcut": "[{label}]\n\n[{definition}]: {destination}",
    "next-line": '[{text}][{label}]\n\n[{definition}]:\n   {destination} "titre"',
    "bracketed": "[{text}][{label}]\n\n[{definition}]: <{destination}>",
    "image": "![{text}]({destination})",
}


def link_text(depth: int) -> str:
    """Link text with brackets nested ``depth`` deep: ``a [b [c]]`` at 3."""
    text = "abcde"[depth - 1]
    for word in reversed("abcde"[: depth - 1]):
        text = f"{word} [{text}]"
    return text


def written_link(form: str, depth: int, label: int, destination: str) -> str:
    """A link as a translation would hold it: its text, then any definition on its own."""
    written = FORMS[form].format(
        text=link_text(depth),
        label=LABELS[label][0],
        definition=LABELS[label][1],
        destination=destination,
    )
    link, _, definition = written.partition("\n\n")
    return f"voir {link} ici." + (f"\n\n{definition}" if definition else "")


def generated_links() -> list[tuple[str, str]]:
    """Each form at each depth from 1 to 5, with the destinations and labels in turn."""
    links = []
    for number, form in enumerate(FORMS):
        for depth in range(1, 6):
            written, resolved = DESTINATIONS[(number + depth) % len(DESTINATIONS)]
            links.append(
                (written_link(form, depth, (number + depth) % len(LABELS), written), resolved)
            )
    return links


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
