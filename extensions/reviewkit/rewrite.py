"""Pages read again since they were written are written again.

The HTML and the PDF of an edition share one environment (``_build/<edition>/doctrees``), so
that the PDF need not read the report once more. Sphinx's HTML builder decides which pages
to write by comparing each page with its source file's time, so a document that another
builder read again because a file it depends on changed (a CSV drawn as a figure, an
include) would keep its stale page: the environment is up to date, the page is not. The
environment records when it read each document; a page older than that is written again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def read_since_written(app: Sphinx, env: BuildEnvironment) -> Iterator[str]:
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:  # a builder that writes no page per document
        return
    for docname, read in env.all_docs.items():
        try:
            # microseconds, as the environment counts its reading times
            written = os.stat(output_path(docname)).st_mtime_ns // 1_000
        except OSError:
            continue  # never written: the builder writes it anyway
        if written < read:
            yield docname


def setup(app: Sphinx) -> None:
    app.connect("env-get-updated", lambda app, env: list(read_since_written(app, env)))
