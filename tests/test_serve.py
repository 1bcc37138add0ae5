"""``reviewkit serve``: the authors' live preview, run as the authors run it.

Each test serves a copy of the basic test project on a free port, edits its sources as
an author saves them, and reads the pages over HTTP as a browser would: the edit must
show within 10 s, a problem must show at the top of every page with its file:line (and
go when it is fixed), and nothing of the sources may reach the page as markup. Every
server is stopped with Ctrl-C at the end, and must leave no process behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from websockets.sync.client import connect

from reviewkit.command.project import UsageError, find
from reviewkit.command.serve import serve
from reviewkit.processes import members

#: every test here runs the reviewkit command in processes of its own, each a second or more
pytestmark = pytest.mark.slow

BASIC = Path(__file__).parent / "roots" / "test-basic"
#: how long a saved edit may take to show in the page
EDIT_SECONDS = 10
#: how long the first build may take (the machine may be busy with other tests)
START_SECONDS = 90
PANEL = 'id="reviewkit-problems"'


def serve_command(root: Path, port: int, *options: str) -> list[str]:
    """The command an author types, ``reviewkit serve``, for a project and a port."""
    command = [sys.executable, "-m", "reviewkit.command", "-C", str(root), "serve"]
    return [*command, "--port", str(port), *options]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running ``reviewkit serve``: its process, its port, what it printed."""

    root: Path
    port: int
    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def page(self, name: str) -> str:
        """The page as a browser gets it (a missing one too: the server's 404 page)."""
        try:
            with urllib.request.urlopen(self.url + name, timeout=10) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as missing:
            return missing.read().decode("utf-8")

    def stop(self) -> int:
        """Ctrl-C, as the terminal sends it: to the whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=30)


def collect(stream: IO[str], lines: list[str]) -> None:
    """Keep what the server prints, line by line, as it prints it."""

    def read() -> None:
        for line in stream:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()


def start(root: Path, *options: str) -> Server:
    """Start serving ``root`` and wait until the server says where it is."""
    port = free_port()
    process = subprocess.Popen(
        serve_command(root, port, *options),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's job
    )
    server = Server(root, port, process)
    assert process.stdout is not None and process.stderr is not None
    collect(process.stdout, server.out)
    collect(process.stderr, server.err)
    ready = wait_for(lambda: any(server.url in line for line in server.out), START_SECONDS)
    if not ready:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"serve did not start: {''.join(server.out + server.err)}")
    return server


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def shows(server: Server, name: str, text: str) -> Callable[[], bool]:
    return lambda: text in server.page(name)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "review"
    shutil.copytree(BASIC, root)
    return root


def survivors(root: Path) -> list[str]:
    """The processes still running whose command line names the project (its builds)."""
    found = subprocess.run(["pgrep", "-a", "-f", str(root)], capture_output=True, text=True)
    return found.stdout.splitlines()


def assert_stopped_cleanly(server: Server) -> None:
    """Ctrl-C: exit 130, no traceback, and no process of it or of its builds left."""
    status = server.stop()
    output = "".join(server.out + server.err)
    assert status == 130, output
    assert "Traceback" not in output
    assert "serve: stopped" in output
    assert not members(server.process.pid), "a process of serve outlived it"
    assert not survivors(server.root), "a build outlived serve"


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = start(project)
    yield running
    assert_stopped_cleanly(running)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def built_after(server: Server, line: str) -> bool:
    """Whether the server printed ``line``, and a finished build after it."""
    said = list(server.out)
    at = next((n for n, said_line in enumerate(said) if line in said_line), None)
    return at is not None and any("serve: built in" in later for later in said[at:])


def panel(page: str) -> str:
    """The problems panel of a served page ('' when it has none)."""
    if PANEL not in page:
        return ""
    start = page.index("<aside " + PANEL)
    return page[start : page.index("</aside>", start)]


def test_a_saved_edit_shows_in_the_page_and_reloads_it(server: Server) -> None:
    assert "Nobody knows the status." in server.page("first.html")
    assert not panel(server.page("first.html"))
    with connect(f"ws://127.0.0.1:{server.port}/websocket-reload") as reload:
        started = time.monotonic()
        edit(server.root / "first.md", "Nobody knows the status.", "Nobody knows it at all.")
        assert wait_for(shows(server, "first.html", "Nobody knows it at all."), EDIT_SECONDS)
        seconds = time.monotonic() - started
        assert reload.recv(timeout=EDIT_SECONDS) == "refresh"  # the open page reloads
    assert seconds < EDIT_SECONDS
    assert "first.md changed" in "".join(server.out)


def test_a_problem_shows_on_every_page_with_its_place_until_fixed(server: Server) -> None:
    first = server.root / "first.md"
    line = line_of(first, "{recommendation} Publish a status page")
    edit(first, ":owners: org\n", "")
    place = f"<code>first.md:{line}</code>"
    assert wait_for(lambda: place in panel(server.page("index.html")), EDIT_SECONDS)
    shown = panel(server.page("second.html"))  # a page that was not rebuilt shows it too
    assert place in shown
    assert "says to whom it is addressed nowhere" in shown
    assert "[reviewkit.missing-owners]" in shown
    assert place in panel(server.page("no-such-page.html"))
    built = (server.root / "_build" / "serve" / "final" / "html" / "index.html").read_text()
    assert PANEL not in built  # the panel is the server's, not the build's
    assert [folder.name for folder in (server.root / "_build").iterdir()] == ["serve"]

    # a build that reads no document runs no checks: their problems must stay
    (server.root / "notes.txt").write_text("Not a chapter.\n")
    assert wait_for(lambda: built_after(server, "notes.txt changed"), EDIT_SECONDS)
    assert place in panel(server.page("index.html"))

    edit(first, ":priority: high\n", ":owners: org\n:priority: high\n")
    assert wait_for(lambda: PANEL not in server.page("index.html"), EDIT_SECONDS)
    assert PANEL not in server.page("second.html")


def test_a_page_does_not_take_the_sources_text_as_markup(server: Server) -> None:
    second = server.root / "second.md"
    unsafe = "Words <img src=x onerror=alert(1)> differ"
    orphan = f"\n:::{{finding}} {unsafe}\n:label: f-unsafe\n\nNobody cites it.\n:::\n"
    second.write_text(second.read_text() + orphan)  # a finding no recommendation cites
    escaped = "Words &lt;img src=x onerror=alert(1)&gt; differ"
    assert wait_for(lambda: escaped in panel(server.page("index.html")), EDIT_SECONDS)
    assert "[reviewkit.orphan-finding]" in panel(server.page("index.html"))
    assert "<img src=x" not in server.page("index.html")


def test_a_chapters_reading_problem_stays_while_another_chapter_changes(
    server: Server,
) -> None:
    """Sphinx reads only the changed chapter again: the other's problems must stay."""
    first = server.root / "first.md"
    first.write_text(first.read_text() + "\n```{no-such-directive}\n```\n")
    line = line_of(first, "{no-such-directive}")
    place = f"<code>first.md:{line}</code>"
    assert wait_for(lambda: place in panel(server.page("index.html")), EDIT_SECONDS)
    edit(server.root / "second.md", "Consider sharing data.", "Consider sharing more data.")
    assert wait_for(shows(server, "second.html", "sharing more data"), EDIT_SECONDS)
    assert place in panel(server.page("second.html"))

    first.write_text(first.read_text().replace("\n```{no-such-directive}\n```\n", ""))
    assert wait_for(lambda: PANEL not in server.page("index.html"), EDIT_SECONDS)


def test_a_build_that_fails_says_why_at_the_top_of_the_pages(server: Server) -> None:
    conf = server.root / "conf.py"
    good = conf.read_text()
    lines = good.count("\n")
    conf.write_text(good + "project = 'unclosed\n")
    why = f"conf.py:{lines + 1}: "
    assert wait_for(lambda: why in panel(server.page("index.html")), EDIT_SECONDS)
    assert "The last build failed" in panel(server.page("index.html"))
    assert "Nobody knows the status." in server.page("first.html")  # the last good build
    conf.write_text(good)
    assert wait_for(lambda: PANEL not in server.page("index.html"), EDIT_SECONDS)

    conf.write_text(good + "extensions.append('no_such_extension')\n")
    why = "Could not import extension no_such_extension"
    assert wait_for(lambda: why in panel(server.page("index.html")), EDIT_SECONDS)
    assert "Traceback" not in panel(server.page("index.html"))
    conf.write_text(good)
    assert wait_for(lambda: PANEL not in server.page("index.html"), EDIT_SECONDS)


def test_ctrl_c_during_a_build_ends_it_and_the_next_preview_is_right(project: Path) -> None:
    first = start(project)
    edit(project / "first.md", ":owners: org\n", "")
    assert wait_for(lambda: "serve: first.md changed\n" in first.out, EDIT_SECONDS)
    assert_stopped_cleanly(first)  # the build it started is ended, not left running

    again = start(project)
    try:
        assert "[reviewkit.missing-owners]" in panel(again.page("index.html"))
    finally:
        assert_stopped_cleanly(again)


def test_the_draft_edition_is_served_beside_the_final(server: Server) -> None:
    assert "reviewkit-draft-banner" not in server.page("index.html")
    draft = start(server.root, "--edition", "draft")
    try:
        assert "reviewkit-draft-banner" in draft.page("index.html")
        assert (server.root / "_build" / "serve" / "draft" / "html" / "index.html").exists()
        assert "reviewkit-draft-banner" not in server.page("index.html")
    finally:
        assert draft.stop() == 130


def test_the_preview_listens_on_127_0_0_1_only(server: Server) -> None:
    hexport = f"{server.port:04X}"
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if Path(table).exists():
            for row in Path(table).read_text().splitlines()[1:]:
                local, state = row.split()[1], row.split()[3]
                if local.endswith(":" + hexport) and state == "0A":
                    listening.append(local)
    if Path("/proc/net/tcp").exists():
        assert listening == [f"0100007F:{hexport}"]
    others = [
        address
        for address in socket.gethostbyname_ex(socket.gethostname())[2]
        if not address.startswith("127.")
    ]
    for address in others:
        with pytest.raises(OSError), socket.create_connection((address, server.port), 2):
            pass


def test_a_second_preview_of_the_same_edition_is_refused(server: Server) -> None:
    second = subprocess.run(
        serve_command(server.root, free_port()), capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 2
    assert second.stderr.count("\n") == 1
    assert "another reviewkit serve" in second.stderr
    assert "Nobody knows the status." in server.page("first.html")  # the first goes on


def test_a_port_in_use_is_one_line_and_exit_2(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            serve_command(project, port), capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert (
        f"port {port} is in use on 127.0.0.1; give another with --port N, e.g. --port " in lines[0]
    )
    assert result.stdout == ""
    assert not (project / "_build").exists()  # nothing written


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_a_port_out_of_range_is_refused_before_anything_is_written(
    project: Path, port: int
) -> None:
    with pytest.raises(UsageError, match=rf"^{port} is not a port number \(1 to 65535\)"):
        serve(find(project), port, "final")
    assert not (project / "_build").exists()
