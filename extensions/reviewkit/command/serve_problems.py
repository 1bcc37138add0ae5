"""The problems of the live preview's last build, for ``reviewkit serve`` to show on its pages.

Only ``reviewkit serve`` loads this extension (``-D extensions=...``): published builds
never run it. It listens to Sphinx's warnings and, when the build ends, writes every
problem of the report as it now stands to ``serve-problems.json`` beside the doctrees.

An incremental build reads only the documents that changed, and Sphinx repeats no
warning of a document it does not read again, nor those of the consistency checks when
no document was read. So each problem is kept with the step that raised it, and replaced
only when that step runs again:

- reading a document: kept with the document in the environment (this module's domain),
  dropped when Sphinx purges the document to read it again or because it was removed;
- writing a document (resolving its references, translating it to HTML): kept per
  document, replaced when the document is written again;
- the consistency checks (reviewkit's checks among them): replaced whenever they run;
- the rest (conf.py, the builder, the exports): every build has its own.
"""

from __future__ import annotations

import copy
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain
from sphinx.util.build_phase import BuildPhase
from sphinx.util.logging import NAMESPACE, WarningLogRecordTranslator, is_suppressed_warning

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: beside the doctrees: the problems to show, and what the next build needs to keep
STATE_FILE = "serve-problems.json"
#: marks a record already seen: Sphinx holds back warnings while it reads and writes, and
#: hands the same records to the handlers again when it lets them go
SEEN = "_reviewkit_serve_seen"

Problem = dict[str, Any]  # {"file": str, "line": int | None, "message": str, "type": str}


class ReadProblems(Domain):
    """The problems raised while reading each document, kept in the environment so that
    they live exactly as long as the document's other data (``clear_doc``, ``merge``)."""

    name = "reviewkit-serve"
    label = "problems found while reading, for reviewkit serve"
    initial_data: dict[str, Any] = {"documents": {}}
    data_version = 1

    @property
    def documents(self) -> dict[str, list[Problem]]:
        return self.data["documents"]

    def add(self, docname: str, problem: Problem) -> None:
        self.documents.setdefault(docname, []).append(problem)

    def resolve_any_xref(self, *args: object) -> list[Any]:
        return []  # it holds nothing a reference could name

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]


class Recorder(logging.Handler):
    """Every warning of the build, filed under the step that raised it."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.reading: set[str] = set()  # the documents this build reads
        self.writing: str | None = None  # the document being written
        self.write_started = False
        self.finishing = False
        self.checked = False  # whether the consistency checks ran
        self.written: dict[str, list[Problem]] = {}
        self.consistency: list[Problem] = []
        self.rest: list[Problem] = []
        self._once: set[tuple[str, Any]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if record.__dict__.get(SEEN):
            return
        record.__dict__[SEEN] = True
        if self._left_out(record):
            return
        self._file(record, describe(record, self.app))

    def _left_out(self, record: logging.LogRecord) -> bool:
        """What Sphinx does not show either: suppressed warnings, repeated ``once`` ones."""
        suppressed = is_suppressed_warning(
            getattr(record, "type", "") or "",
            getattr(record, "subtype", "") or "",
            self.app.config.suppress_warnings,
        )
        if suppressed:
            return True
        if getattr(record, "once", False):
            key = (str(record.msg), repr(record.args))
            if key in self._once:
                return True
            self._once.add(key)
        return False

    def _file(self, record: logging.LogRecord, problem: Problem) -> None:
        builder = getattr(self.app, "builder", None)
        phase = builder.phase if builder is not None else BuildPhase.INITIALIZATION
        env = getattr(self.app, "env", None)
        docname = env.current_document.docname if env is not None else ""
        if self.finishing or env is None:
            self.rest.append(problem)
        elif phase == BuildPhase.READING:
            docname = docname or located_document(record, self.reading)
            if docname:
                read_problems(env).add(docname, problem)
            else:
                self.rest.append(problem)
        elif phase == BuildPhase.CONSISTENCY_CHECK and not self.write_started:
            # Sphinx gives resolving the same phase number: what comes before the
            # writing with no document is the checks' (or, if they did not run, the rest)
            self.consistency.append(problem)
        elif phase >= BuildPhase.RESOLVING and (docname or self.writing):
            self.written.setdefault(docname or self.writing or "", []).append(problem)
        else:
            self.rest.append(problem)


def describe(record: logging.LogRecord, app: Sphinx) -> Problem:
    """The warning as the terminal shows it, its file relative to conf.py's folder."""
    location = getattr(record, "location", None)
    if getattr(app, "env", None) is not None:  # a docname becomes its file
        located = copy.copy(record)  # Sphinx's own handlers still need the record as it is
        WarningLogRecordTranslator(app).filter(located)  # type: ignore[arg-type]
        location = getattr(located, "location", None)
    file, line = split_location(location if isinstance(location, str) else "")
    kind = ".".join(
        part for part in (getattr(record, "type", ""), getattr(record, "subtype", "")) if part
    )
    return {
        "file": relative(file, Path(app.confdir)),
        "line": line,
        "message": logging.LogRecord.getMessage(record),
        "type": kind,
    }


def split_location(location: str) -> tuple[str, int | None]:
    """``path:line`` (or ``path``, or ``path:``) as its two parts."""
    path, colon, tail = location.rpartition(":")
    if colon and tail.isdigit():
        return path, int(tail)
    if colon and not tail:
        return path, None
    return location, None


def relative(file: str, root: Path) -> str:
    """A source's path as the author knows it: from the project's folder, when inside."""
    if not file or file.startswith("<"):
        return file
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def located_document(record: logging.LogRecord, reading: set[str]) -> str | None:
    """The document being read that a warning names as its place, when it names one.

    Warnings of a parallel read come back from the workers after the fact, with no
    document being read any more; their location tells whose they are."""
    location = getattr(record, "location", None)
    if isinstance(location, tuple) and location and location[0] in reading:
        return location[0]
    if isinstance(location, str) and location.split(":")[0] in reading:
        return location.split(":")[0]
    return None


def read_problems(env: BuildEnvironment) -> ReadProblems:
    domain = env.get_domain(ReadProblems.name)
    assert isinstance(domain, ReadProblems)
    return domain


def recorder_of(app: Sphinx) -> Recorder:
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, Recorder) and handler.app is app:
            return handler
    raise LookupError("reviewkit.command.serve_problems is not set up for this build")


def before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    recorder_of(app).reading = set(docnames)


def consistency_checked(app: Sphinx, env: BuildEnvironment) -> None:
    recorder_of(app).checked = True


def writing_started(app: Sphinx, builder: object) -> None:
    recorder_of(app).write_started = True


def resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    recorder = recorder_of(app)
    if not recorder.finishing:
        recorder.writing = docname
        recorder.written.setdefault(docname, [])


def page(app: Sphinx, pagename: str, *args: object) -> None:
    """A page that is no document (the index, the search page) ends the documents' turn."""
    if pagename not in app.env.all_docs:
        recorder_of(app).writing = None


def finishing(app: Sphinx, exception: BaseException | None) -> None:
    recorder_of(app).finishing = True


def write_problems(app: Sphinx, exception: BaseException | None) -> None:
    """The problems of the report as it now stands: those of this build, and those of
    the steps this build did not run again."""
    recorder = recorder_of(app)
    state_file = Path(app.doctreedir) / STATE_FILE
    state = read_state(state_file)
    documents = app.env.all_docs
    written = {
        docname: problems
        for docname, problems in state.get("written", {}).items()
        if docname in documents
    }
    written.update(recorder.written)
    if recorder.checked:
        consistency, rest = recorder.consistency, recorder.rest
    else:
        consistency = state.get("consistency", [])
        rest = recorder.consistency + recorder.rest
    kept = read_problems(app.env).documents
    read = [p for docname in documents for p in kept.get(docname, [])]
    everything = read + [p for problems in written.values() for p in problems]
    everything += consistency + rest
    state = {
        "problems": sorted_problems(everything),
        "written": written,
        "consistency": consistency,
    }
    state_file.parent.mkdir(parents=True, exist_ok=True)
    partial = state_file.with_suffix(".partial")
    partial.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, state_file)  # the server never reads half a file


def read_state(path: Path) -> dict[str, Any]:
    """The last build's record; none when there is none or it cannot be read (the
    documents it would have kept are read again then: their doctrees are new)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in the order of the files and their lines."""
    unique = {json.dumps(p, sort_keys=True): p for p in problems}
    return sorted(
        unique.values(),
        key=lambda p: (p["file"] or "~", p["line"] or 0, p["message"]),
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(ReadProblems)
    # first among the handlers: it sees each record before Sphinx's own handler rewrites
    # it for the terminal
    logging.getLogger(NAMESPACE).handlers.insert(0, Recorder(app))
    app.connect("env-before-read-docs", before_reading)
    app.connect("env-check-consistency", consistency_checked)
    app.connect("write-started", writing_started, priority=0)
    app.connect("doctree-resolved", resolved, priority=0)
    app.connect("html-page-context", page, priority=0)
    app.connect("build-finished", finishing, priority=0)
    app.connect("build-finished", write_problems, priority=1000)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
