"""CSS text written for WeasyPrint: strings, and page counters in a catalog's words.

Apart from the builder so that what else lays out a PDF (the status) reads it without
loading Sphinx's HTML builder.
"""

from __future__ import annotations

import re


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def counter_content(template: str, total: str | None = None) -> str:
    """``"Page {page} of {pages}"`` as CSS content: "Page " counter(page) " of " counter(pages);
    with ``total`` (``url(#id)``), the number of pages is the page number of that element:
    the body's last page, not the count of every page, front matter included."""
    parts = re.split(r"(\{page\}|\{pages\})", template)
    content = []
    for part in parts:
        if part == "{pages}" and total:
            content.append(f"target-counter({total}, page)")
        elif part in ("{page}", "{pages}"):
            content.append(f"counter({part[1:-1]})")
        elif part:
            content.append(css_string(part))
    return " ".join(content)
