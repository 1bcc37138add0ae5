"""A stopped publish (or summaries run) ends every build it started, and waits for them.

Each test asserts, the moment the command has exited, that no process of its builds
is left: a build still running would keep writing into ``_build/`` after the command
said it stopped, and race the next publish. The loops run with both cores kept busy
by processes of the test's own, where a build is slowest to die
(``REVIEWKIT_STOP_LOOPS`` sets how many times each runs; default 3).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewkit import processes

from publishing import files_of, publish, publish_command

LOOPS = int(os.environ.get("REVIEWKIT_STOP_LOOPS", "3"))
#: conf.py of a project whose builds hang (TEST_HANG=sleep), or also ignore SIGTERM
#: (TEST_HANG=deaf): a build that never ends by itself, for the stop to end (the
#: extraction of the messages, which publish's check of the catalogs runs first, ends)
HANGING = """
import os, signal, sys, time
builder = sys.argv[sys.argv.index("-b") + 1] if "-b" in sys.argv else None
if os.environ.get("TEST_HANG") and builder not in (None, "gettext"):
    if os.environ["TEST_HANG"] == "deaf":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(600)
"""


@pytest.fixture
def busy_cores() -> Iterator[None]:
    """Both cores of the machine kept busy, as on a loaded CI runner or laptop."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def survivors(folder: Path) -> list[str]:
    """The processes still running whose command line names ``folder``."""
    found = subprocess.run(["pgrep", "-a", "-f", str(folder)], capture_output=True, text=True)
    return found.stdout.splitlines()


def building(folder: Path) -> list[str]:
    """Wait until a Sphinx build names ``folder`` (a step's line comes before its build
    starts, and publish itself names the folder too)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [line for line in survivors(folder) if " -m sphinx " in line]
        if found:
            return found
        time.sleep(0.05)
    return []


def start(command: list[str], **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
        start_new_session=True,  # a group apart from pytest, as a shell would start it
    )


def read_until(process: subprocess.Popen[str], line: str, seconds: float = 180) -> str:
    """The command's output up to ``line``; fails the test when the line has not come
    within ``seconds`` (the reading is done by a thread, so a read that never ends cannot
    hold the test past its deadline)."""
    seen: list[str] = []

    def read() -> None:
        for text in process.stdout:
            seen.append(text)
            if line in text:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(seconds)
    if reader.is_alive():
        process.kill()
        reader.join(10)
        pytest.fail(f"no {line!r} within {seconds} s; the command said:\n{''.join(seen)}")
    return "".join(seen)


def stop(process: subprocess.Popen[str], number: int) -> tuple[str, float]:
    """Send ``number`` to the command alone; its remaining output and how long it took
    to exit."""
    sent = time.monotonic()
    process.send_signal(number)
    out, _ = process.communicate(timeout=120)
    return out, time.monotonic() - sent


def assert_stopped(process, out: str, number: int, work: Path, files: dict[str, str]) -> None:
    assert process.returncode == 128 + number, out
    assert survivors(work / "build") == []  # nothing of the build still runs
    assert "interrupted" in out and "is as it was before this publish" in out
    assert "Traceback" not in out
    assert files_of(work / "public") == files
    assert not list(work.glob(".public.*"))


@pytest.mark.slow  # publishes the test project and stops it
def test_a_killed_publish_leaves_public_as_it_was(srcdir, final, work):
    process = start(publish_command(srcdir, work))
    assert "PDF (final): started" in read_until(process, "PDF (final): started")
    os.killpg(process.pid, signal.SIGKILL)  # no chance to clean up
    process.wait()
    assert files_of(work / "public") == final[1]
    # the next publish clears what the killed one left, and takes nothing half-built
    result = publish(srcdir, work, "--assemble-only")
    assert result.returncode == 1
    assert "build is incomplete" in result.stderr and "without --assemble-only" in result.stderr
    assert files_of(work / "public") == final[1]
    assert not list(work.glob(".public.*"))
    assert survivors(work / "build") == []


@pytest.mark.slow  # publishes the test project and stops it
def test_sigterm_ends_the_builds_and_leaves_public_as_it_was(srcdir, final, work):
    process = start(publish_command(srcdir, work))
    seen = read_until(process, "PDF (final): started")
    out, _ = stop(process, signal.SIGTERM)  # to publish only, as a CI runner cancelling would
    assert_stopped(process, seen + out, signal.SIGTERM, work, final[1])


@pytest.mark.slow  # publishes the test project and stops it
@pytest.mark.parametrize(
    ("number", "at"),
    [
        (signal.SIGTERM, "HTML (final): started"),
        (signal.SIGINT, "PDF (final): started"),
        # publish builds its summaries in a process per core, beside the PDF's (2 cores)
        (signal.SIGTERM, "summary en (English): started"),
        (signal.SIGINT, "summary en (English): started"),
    ],
    ids=["sigterm-html", "ctrl-c-pdf", "sigterm-summaries", "ctrl-c-summaries"],
)
def test_a_stopped_publish_leaves_no_build_running_under_load(
    srcdir, final, work, busy_cores, number, at, capsys
):
    seconds = []
    for loop in range(LOOPS):
        process = start(publish_command(srcdir, work))
        seen = read_until(process, at)
        assert at in seen, seen
        time.sleep((loop % 4) * 0.25)  # a different moment of the build each time
        out, took = stop(process, number)
        assert_stopped(process, seen + out, number, work, final[1])
        # at once (0.2 s here under load): not after a build ended by itself, nor killed
        # after the grace period
        assert took < 2.0, took
        seconds.append(took)
    with capsys.disabled():
        print(
            f"\n{at}: {LOOPS} stops, {max(seconds):.2f} s at most, "
            f"{sum(seconds) / LOOPS:.2f} s mean"
        )


@pytest.mark.slow  # publishes the test project and stops it
def test_a_build_that_ignores_sigterm_is_killed_after_the_grace_period(hanging, final, work):
    process = start(publish_command(hanging, work), TEST_HANG="deaf")
    seen = read_until(process, "HTML (final): started")
    assert building(work / "build")
    time.sleep(1.5)  # the build has read conf.py and now ignores SIGTERM
    out, took = stop(process, signal.SIGTERM)
    assert_stopped(process, seen + out, signal.SIGTERM, work, final[1])
    assert processes.GRACE_SECONDS <= took < processes.GRACE_SECONDS + 10


@pytest.fixture
def hanging(srcdir: Path, tmp_path: Path) -> Path:
    """The test project, its builds hanging until stopped."""
    project = tmp_path / "hanging"
    subprocess.run(["cp", "-a", str(srcdir), str(project)], check=True)
    with (project / "conf.py").open("a") as conf:
        conf.write(HANGING)
    return project


@pytest.mark.slow  # publishes the test project and stops it
def test_a_second_publish_on_the_same_build_is_refused_while_the_first_runs(hanging, final, work):
    first = start(publish_command(hanging, work), TEST_HANG="sleep")
    assert "HTML (final): started" in read_until(first, "HTML (final): started")
    second = publish(hanging, work)
    assert second.returncode == 1
    assert f"another publish (pid {first.pid}) is building in {work / 'build'}" in second.stderr
    assert "Traceback" not in second.stderr
    assert first.poll() is None  # the first goes on, its staging untouched
    out, _ = stop(first, signal.SIGTERM)
    assert_stopped(first, out, signal.SIGTERM, work, final[1])


@pytest.mark.slow  # publishes the test project and stops it
def test_the_next_publish_stops_the_builds_a_killed_one_left_running(hanging, final, work):
    killed = start(publish_command(hanging, work), TEST_HANG="sleep")
    assert "HTML (final): started" in read_until(killed, "HTML (final): started")
    assert building(work / "build")
    killed.kill()  # SIGKILL: no chance to stop its builds
    killed.wait()
    assert survivors(work / "build")  # the orphan keeps running
    result = subprocess.run(
        publish_command(hanging, work, "--assemble-only"), capture_output=True, text=True
    )
    assert (
        f"took over the lock of a publish that ended without releasing it (pid {killed.pid})"
        in result.stdout
    )
    assert "its builds were still running" in result.stdout and "stopping them" in result.stdout
    assert survivors(work / "build") == []
    assert result.returncode == 1 and "build is incomplete" in result.stderr


@pytest.mark.slow  # publishes the test project and stops it
def test_a_stopped_summaries_run_leaves_no_build_running(srcdir, tmp_path, busy_cores):
    build = tmp_path / "build"
    command = [
        sys.executable, "-m", "reviewkit.i18n", "-c", str(srcdir), "-s", str(srcdir),
        "summaries", "--build", str(build), "-j", "2",
    ]  # fmt: skip
    for loop in range(LOOPS):
        number = signal.SIGINT if loop % 2 else signal.SIGTERM
        process = start(command)
        seen = read_until(process, "summary fr (Français): started")
        assert "summary en (English): started" in seen, seen
        time.sleep((loop % 4) * 0.25)
        out, _ = stop(process, number)
        assert process.returncode == 128 + number, seen + out
        assert survivors(build) == []
        assert "interrupted" in out and "Traceback" not in out


def test_lock_files_are_read_leniently():
    assert processes.parse_lock("pid 12\ngroup 40\ngroup 41\n") == (12, [40, 41])
    assert processes.parse_lock("") == (0, [])
    assert processes.parse_lock("pid twelve\ngroup\n\x00") == (0, [])
