"""``reviewkit serve``: the authors' live preview, rebuilt on every save, with the report's
problems at the top of every page (SPEC section 8).

sphinx-autobuild does the watching and the browser's reloading: its ``RebuildServer``
watches the project and tells the open pages to reload after each build, and its
``JavascriptInjectorMiddleware`` gives every page the few lines that listen. This module
adds what a review team needs on top:

- one edition of the report, built into ``_build/serve/<edition>/`` with its own
  doctrees, so the preview never disturbs the other builds;
- only 127.0.0.1 listens, and a port in use (or out of range) is one line and exit 2,
  before anything is written;
- the problems: the build loads :mod:`reviewkit.command.serve_problems`, which keeps every
  warning of the report as it now stands (an incremental build repeats none of the
  documents it does not read again), and this server shows them in a panel at the top of
  every page it sends, escaped, read afresh for each page. Nothing of the panel is in the
  built files, and published builds never load the recorder: they do not change by a byte;
- Ctrl-C (or SIGTERM) ends the build under way and stops without a traceback.
"""

from __future__ import annotations

import asyncio
import errno
import html
import json
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
import watchfiles
from sphinx.application import ENV_PICKLE_FILENAME
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import ConfFileError, read_conf
from ..editions import DRAFT
from ..processes import BuildFolderBusy, BuildLock, Builds, Interrupted, progress
from .project import Project, UsageError
from .serve_problems import STATE_FILE

HOST = "127.0.0.1"
#: the Sphinx extension that records the problems; only this command loads it
RECORDER = "reviewkit.command.serve_problems"
#: folders whose changes are not the authors' (besides ``_build/``, ``public/`` and every
#: folder or file whose name starts with a dot): sphinx-autobuild's own list
UNWATCHED = frozenset({"node_modules", "venv", "__pycache__"})
#: how many ports after a busy one are tried for the one a message suggests
SUGGESTIONS = 20


def serve(project: Project, port: int, edition: str) -> int:
    """Serve ``edition`` of the report on 127.0.0.1:``port`` until Ctrl-C; the exit status.

    Raises :class:`UsageError` (exit 2, nothing written) when the port is out of range,
    in use or not allowed, or another ``reviewkit serve`` previews the same edition."""
    listener = reserve(port)
    preview = Preview(project, edition)
    try:
        with listener, preview.locked(), stop_on_sigterm():
            preview.build()
            run(preview, listener)
    except KeyboardInterrupt:
        progress("serve: stopped")
        return 130
    except Interrupted as stop:
        progress("serve: stopped")
        return stop.status
    return 0


def reserve(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1:``port`` for the server to listen on: held from now
    on, so no other program takes the port while the first build runs."""
    if not 1 <= port <= 65535:
        raise UsageError(
            f"{port} is not a port number (1 to 65535); give one with --port N, e.g. --port 8000"
        )
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            problem = f"port {port} is in use on {HOST}"
        elif error.errno == errno.EACCES:
            problem = f"port {port} on {HOST} is for the administrator only"
        else:
            problem = f"port {port} on {HOST} cannot be used ({error.strerror})"
        raise UsageError(
            f"{problem}; give another with --port N, e.g. --port {free_port_after(port)}"
        ) from None
    return listener


def free_port_after(port: int) -> int:
    """The first of the next few ports that is free now (for a message to suggest)."""
    candidates = [p for p in range(port + 1, port + 1 + SUGGESTIONS) if 1024 <= p <= 65535]
    for candidate in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, candidate))
            except OSError:
                continue
            return candidate
    return 8001 if port != 8001 else 8002


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """SIGTERM stops the preview as Ctrl-C does (uvicorn hands it back once it stopped)."""

    def stop(number: int, frame: FrameType | None) -> None:
        raise Interrupted(number)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Preview:
    """One edition of the report as the preview builds it: its folder, its sphinx-build,
    the problems of its last build, and the failure of the last build if it failed."""

    def __init__(self, project: Project, edition: str) -> None:
        self.project = project
        self.edition = edition
        self.folder = project.build / "serve" / edition
        self.html = self.folder / "html"
        self.doctrees = self.folder / "doctrees"
        self.lock = BuildLock(self.folder, "reviewkit serve")
        self.builds = Builds(self.lock)
        self.failure: str | None = None  # what the last build said when it failed
        self.first_started = 0.0  # when the first build began (time.time())

    @contextmanager
    def locked(self) -> Iterator[None]:
        """The edition's serve folder, for this command only while it runs."""
        try:
            self.lock.acquire()
        except BuildFolderBusy as busy:
            raise UsageError(str(busy)) from None
        try:
            yield
        finally:
            self.builds.end()
            self.lock.release()

    def command(self, extensions: list[str]) -> list[str]:
        """sphinx-build for this edition, with conf.py's ``extensions`` and the recorder,
        into the serve folder."""
        fresh = ["-E"] if self.interrupted() else []
        recorder = ["-D", "extensions=" + ",".join([*extensions, RECORDER])]
        command = self.project.sphinx("html", self.edition, self.html, "-q", *fresh, *recorder)
        command[command.index("-d") + 1] = str(self.doctrees)
        return command

    def interrupted(self) -> bool:
        """Whether the last build stopped between saving the environment and recording
        the problems (a preview stopped while it built): Sphinx would not run the checks
        again for documents it has read, so the next build reads every document."""
        environment = self.doctrees / ENV_PICKLE_FILENAME
        recorded = self.doctrees / STATE_FILE
        if not environment.exists():
            return False
        return not recorded.exists() or recorded.stat().st_mtime < environment.stat().st_mtime

    def extensions(self) -> list[str]:
        """conf.py's extensions, read at each build: one the authors add while serving is
        built with. Raises ConfFileError (``conf.py:<line>: what to change``)."""
        settings = read_conf(self.project.conf, [DRAFT] if self.edition == DRAFT else [])
        return [str(name) for name in settings.get("extensions") or []]

    def build(self) -> None:
        """Build (incrementally after the first time), and say how it went."""
        progress(f"serve: building the {self.edition} edition into {self.shown(self.html)}")
        self.first_started = self.first_started or time.time()
        started = time.perf_counter()
        try:
            extensions = self.extensions()
        except ConfFileError as error:
            progress(str(error), stream=sys.stderr)
            self.fail(str(error), time.perf_counter() - started)
            return
        result = self.builds.run(self.command(extensions))
        seconds = time.perf_counter() - started
        said = "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())
        if result.returncode != 0:
            why = why_it_failed(said) or f"sphinx-build exited with {result.returncode}"
            # Sphinx's report of an error holds a traceback: its cause is enough
            warnings, report, _ = said.partition(SPHINX_REPORT)
            progress(f"{warnings.strip()}\n{why}" if report else said, stream=sys.stderr)
            self.fail(why, seconds)
            return
        if said:
            progress(said, stream=sys.stderr)
        self.failure = None
        count = len(self.problems())
        found = f"{count} problem{'s' if count != 1 else ''}, listed at the top of every page"
        progress(f"serve: built in {seconds:.1f} s; {found if count else 'no problems'}")

    def fail(self, why: str, seconds: float) -> None:
        self.failure = why
        progress(
            f"serve: the build failed after {seconds:.1f} s; the pages show the build before "
            "it, with what went wrong at the top"
        )

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        """sphinx-autobuild's callback after changes: rebuild, unless the preview stops."""
        # an editor's temporary file, gone already, is not worth naming; a removed chapter is
        kept = [path for path in changed_paths if path.exists()] or list(changed_paths)
        names = [self.shown(path) for path in kept]
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        progress(f"serve: {', '.join(names[:3])}{more} changed")
        try:
            self.build()
        except Interrupted:
            return  # the server is stopping; it ended the build

    def stop(self) -> None:
        """End the build under way, if any (the server is stopping)."""
        self.builds.stop(signal.SIGINT)

    def problems(self) -> list[dict[str, Any]]:
        """The problems of the report as the last build left it."""
        try:
            state = json.loads((self.doctrees / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        problems = state.get("problems") if isinstance(state, dict) else None
        return [p for p in problems or [] if isinstance(p, dict)]

    def shown(self, path: Path) -> str:
        """A path as the authors know it: from the project's folder."""
        try:
            return path.resolve().relative_to(self.project.root).as_posix()
        except ValueError:
            return str(path)


#: where Sphinx's report of an error begins, after the error's name ("Extension error!")
SPHINX_REPORT = "\n\nVersions\n========\n"


def why_it_failed(said: str) -> str:
    """What a failed build says of its cause: the error Sphinx names above "The full
    traceback has been saved in", with that file; else the last lines it printed."""
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        if line.startswith("The full traceback has been saved in") and number > 0:
            saved = f" (the full traceback: {lines[number + 1]})" if number + 1 < len(lines) else ""
            return lines[number - 1] + saved
    return "\n".join(lines[-12:])


class Unwatched:
    """The changes that start no build: outputs, tools' folders, editors' files."""

    def __init__(self, project: Project) -> None:
        self.root = project.root
        self.outputs = (project.build, project.public)

    def __call__(self, path: str) -> bool:
        changed = Path(path)
        if any(changed.is_relative_to(folder) for folder in self.outputs):
            return True
        try:
            parts = changed.relative_to(self.root).parts
        except ValueError:
            return False
        name = parts[-1] if parts else ""
        return (
            any(part.startswith(".") or part in UNWATCHED for part in parts)
            or name.endswith(("~", ".mo", ".swp", ".swx"))
            or name == "4913"  # vim's test of the folder before it writes
        )


class Watcher(RebuildServer):
    """sphinx-autobuild's watcher and reload socket, with two changes:

    - each build is waited for in a thread: it only waits for sphinx-build, and a thread,
      unlike the library's process pool, leaves no idle worker processes for Ctrl-C to
      interrupt with a traceback;
    - a file saved after the first build began, before the watching began, is built too.
    """

    def __init__(
        self,
        project: Project,
        preview: Callable[..., None],
        since: float,
    ) -> None:
        self.unwatched = Unwatched(project)
        super().__init__([project.root], self.unwatched, change_callback=preview)
        self.root = project.root
        self.since = since
        self.watching = asyncio.Event()

    async def watch(self) -> None:
        changes = watchfiles.awatch(
            *self.paths, watch_filter=lambda _change, path: not self.unwatched(path)
        )
        following = asyncio.ensure_future(anext(changes))
        await asyncio.sleep(0)  # its first step sets the watches up, then waits in a thread
        self.watching.set()
        try:
            missed = await asyncio.to_thread(self.saved_since_first_build)
            if missed:
                await self.rebuild(missed)
            while True:
                await self.rebuild([Path(path) for _change, path in await following])
                following = asyncio.ensure_future(anext(changes))
        finally:
            following.cancel()

    async def rebuild(self, changed: list[Path]) -> None:
        await asyncio.to_thread(self.change_callback, changed_paths=sorted(set(changed)))
        self.flag.set()  # the open pages reload

    def saved_since_first_build(self) -> list[Path]:
        found = []
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = [name for name in subfolders if not self.unwatched(f"{folder}/{name}")]
            for name in files:
                path = Path(folder, name)
                if not self.unwatched(str(path)) and path.stat().st_mtime >= self.since:
                    found.append(path)
        return found


def run(preview: Preview, listener: socket.socket) -> None:
    """Serve until Ctrl-C or SIGTERM (uvicorn raises it again once it has stopped)."""
    port = listener.getsockname()[1]
    url = f"http://{HOST}:{port}/"

    def ready() -> None:
        progress(f"serve: the {preview.edition} edition is at {url} (Ctrl-C stops)")

    listener.listen()  # from here on, a browser's request waits for the server to start
    config = uvicorn.Config(
        application(preview, f"{HOST}:{port}", ready),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    uvicorn.Server(config).run(sockets=[listener])


def application(preview: Preview, host: str, ready: Callable[[], None]) -> Starlette:
    """The pages of the last build, each with the reload script and the problems panel,
    and the socket that tells the open pages to reload after each build."""
    watcher = Watcher(preview.project, preview, since=preview.first_started)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        async with watcher.lifespan(app):
            await watcher.watching.wait()
            ready()
            try:
                yield
            finally:
                preview.stop()

    preview.html.mkdir(parents=True, exist_ok=True)  # a first build that failed made none
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=preview.html, html=True), name="pages"),
        ],
        middleware=[
            Middleware(JavascriptInjectorMiddleware, ws_url=host),
            Middleware(ProblemsPanel, preview=preview),
        ],
        lifespan=lifespan,
    )


#: asked for again in full each time: a cached page would show an old panel
CONDITIONAL = {b"if-none-match", b"if-modified-since", b"if-range", b"range"}
BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


class ProblemsPanel:
    """Puts the problems panel at the top of every HTML page the preview sends, and a
    page with the panel where the last build made none."""

    def __init__(self, app: ASGIApp, preview: Preview) -> None:
        self.app = app
        self.preview = preview

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        scope = {
            **scope,
            "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in CONDITIONAL],
            "extensions": {
                k: v for k, v in scope.get("extensions", {}).items() if "pathsend" not in k
            },
        }
        held: list[Message] = []

        async def hold_pages(message: Message) -> None:
            if held or (message["type"] == "http.response.start" and self.is_page(message)):
                held.append(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    await self.send_page(held, scope["path"], send)
                return
            await send(message)

        await self.app(scope, receive, hold_pages)

    @staticmethod
    def is_page(start: Message) -> bool:
        headers = MutableHeaders(raw=list(start["headers"]))
        is_html = headers.get("content-type", "").startswith("text/html")
        return start["status"] == 404 or (start["status"] == 200 and is_html)

    async def send_page(
        self, held: list[Message], path: str, send: Callable[[Message], Awaitable[None]]
    ) -> None:
        start = held[0]
        shown = panel(self.preview.problems(), self.preview.failure)
        if start["status"] == 404:
            body = missing_page(path, shown)
        else:
            body = b"".join(m.get("body", b"") for m in held[1:])
            body = with_panel(body, shown)
        headers = MutableHeaders(raw=list(start["headers"]))
        for name in ("etag", "last-modified"):
            del headers[name]
        headers["content-type"] = "text/html; charset=utf-8"
        headers["content-length"] = str(len(body))
        headers["cache-control"] = "no-store"
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body})


def with_panel(page: bytes, shown: str) -> bytes:
    if not shown:
        return page
    found = BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + shown.encode("utf-8") + page[at:]


def missing_page(path: str, shown: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>No such page in the preview</title></head><body>"
        f"{shown}<p>The last build made no page at <code>{html.escape(path)}</code>. "
        '<a href="/">The report\'s first page</a>.</p></body></html>\n'
    ).encode()


PANEL_STYLE = """\
#reviewkit-problems{all:initial;display:block;box-sizing:border-box;margin:0;
padding:.75rem 1rem;max-height:40vh;overflow:auto;background:#fff4e5;color:#1a1a1a;
border-bottom:3px solid #b35900;font:15px/1.45 system-ui,sans-serif;text-align:start}
#reviewkit-problems *{font:inherit;color:inherit}
#reviewkit-problems h2{margin:0 0 .4rem;font-weight:bold;font-size:16px}
#reviewkit-problems ul{margin:0;padding-inline-start:1.25rem}
#reviewkit-problems li{margin:.15rem 0}
#reviewkit-problems code,#reviewkit-problems pre{font-family:ui-monospace,monospace}
#reviewkit-problems pre{white-space:pre-wrap;margin:.3rem 0 0}
#reviewkit-problems .reviewkit-problem-type{color:#6b4a00}"""


def panel(problems: list[dict[str, Any]], failure: str | None) -> str:
    """The panel, or nothing when the report has no problems and the last build worked.

    Everything a problem says comes from the sources: it is escaped, never markup."""
    if not problems and not failure:
        return ""
    parts = [
        '<aside id="reviewkit-problems" dir="ltr" lang="en"'
        ' aria-labelledby="reviewkit-problems-title">',
        f"<style>{PANEL_STYLE}</style>",
    ]
    if failure:
        parts += [
            '<h2 id="reviewkit-problems-title">The last build failed; '
            "this page is from the build before it</h2>",
            f"<pre>{html.escape(failure)}</pre>",
        ]
    if problems:
        count = len(problems)
        title = f"{count} problem{'s' if count != 1 else ''} in the report"
        heading_id = "" if failure else ' id="reviewkit-problems-title"'
        parts.append(f"<h2{heading_id}>{title}</h2><ul>")
        parts += [f"<li>{problem_line(problem)}</li>" for problem in problems]
        parts.append("</ul>")
    parts.append("</aside>")
    return "".join(parts)


def problem_line(problem: dict[str, Any]) -> str:
    """``file:line: message [type]``, each part escaped."""
    where = str(problem.get("file") or "")
    if where and problem.get("line"):
        where += f":{problem['line']}"
    kind = str(problem.get("type") or "")
    return (
        (f"<code>{html.escape(where)}</code>: " if where else "")
        + html.escape(str(problem.get("message") or ""))
        + (f' <span class="reviewkit-problem-type">[{html.escape(kind)}]</span>' if kind else "")
    )
