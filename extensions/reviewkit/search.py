"""The report's objects in the HTML search, linked to where they are.

Sphinx writes an object's anchor into ``searchindex.js`` as "" when it equals the
object's name, and its search page then rebuilds the anchor from the object's
*display* name (sphinx-doc/sphinx#10380). The report's objects are named by label
and displayed as "Recommendation 4.1: ...", so every such result would lead
to the top of the page. Once the build is done, the index gets the anchors back.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.search import js_index

from .domain import DOMAIN, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def restore_anchors(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception or getattr(builder, "indexer", None) is None:
        return
    path = Path(builder.outdir) / getattr(builder, "searchindex_filename", "")
    if not path.is_file() or path.suffix != ".js":
        return
    index = js_index.loads(path.read_text(encoding="utf-8"))
    domain = get_domain(app.env)
    anchors = {
        (numbered.docname, html.escape(domain.display_name(numbered))): numbered.anchor
        for numbered in domain.report.by_key.values()
    }
    ours = {int(key) for key, (name, *_) in index["objnames"].items() if name == DOMAIN}
    changed = False
    for prefix, entries in index["objects"].items():
        for entry in entries:
            document, kind, _priority, anchor, name = entry
            full = f"{prefix}.{name}" if prefix else name
            real = anchors.get((index["docnames"][document], full))
            if kind in ours and anchor == "" and real:
                entry[3] = real
                changed = True
    if changed:
        path.write_text(js_index.dumps(index), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", restore_anchors)
