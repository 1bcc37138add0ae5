"""The two files checked in every build, at ``file.csv:<line>``, and never read by a page.

The check runs when the report is sealed, which every build does (also one that reads
no document again), because only then are the report's recommendation labels known.
No document depends on the files: a build after a change to them alone writes no page
again, and its pages are the same bytes; what the files say reaches readers only
through ``python -m reviewkit.status``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..editions import FINAL, edition
from ..features import REPORT_SEALED
from ..model import RECOMMENDATION, ReportNotSealed
from .model import Status, derive
from .reading import Files, read_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..model import ReportView

logger = logging.getLogger(__name__)


def labels_of(view: ReportView) -> list[str]:
    """The report's recommendations (not their groups), in reading order."""
    return [n.label for n in view.report.recommendations if n.kind == RECOMMENDATION]


def setting_path(app: Sphinx, name: str) -> Path | None:
    value = app.config[name]
    return (Path(app.srcdir) / value) if value else None


def on_report_sealed(app: Sphinx, view: ReportView) -> None:
    """Read and check both files, once per build, in the final edition only: the Board
    decides on the final report, whose labels the draft need not have."""
    board = setting_path(app, "reviewkit_board_actions")
    implementation = setting_path(app, "reviewkit_implementation")
    if (board is None and implementation is None) or edition(app) != FINAL:
        return
    labels = labels_of(view)
    files = read_files(board, implementation, labels)
    view.attach(__name__, (files, derive(labels, files.board, files.implementation)))
    for path, problem in files.problems:
        warn(path, problem.line, problem.message)


def of(view: ReportView) -> tuple[Files, Status] | None:
    """The files as this build read them, and what they say; None when it read none."""
    try:
        return view.attached(__name__)
    except ReportNotSealed:
        return None


def warn(path: Path, line: int | None, message: str) -> None:
    """A problem at its line; without one, the path leads the message (Sphinx would read
    a location without a line as a document name)."""
    if line is None:
        logger.warning("%s: %s", path, message, type="reviewkit", subtype="status")
    else:
        logger.warning(message, type="reviewkit", subtype="status", location=f"{path}:{line}")


def setup(app: Sphinx) -> None:
    app.connect(REPORT_SEALED, on_report_sealed)
