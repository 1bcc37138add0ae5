"""The builds a command starts, and how they stop together.

A publish or a summaries run starts Sphinx processes, and those start workers of
their own (``-j``). Each build runs in a process group of its own, so that one
signal reaches it and everything it started. On SIGTERM or Ctrl-C the command
signals every group, **waits** until no process of them is left (SIGKILL after a
grace period) and only then cleans up and exits: nothing keeps writing into the
build folder after the command has said it stopped.

A command that builds holds a lock in its build folder, with its pid and the
process groups of its builds. A second command on the same folder is refused
while the first runs; one that finds the lock of a command that was killed (and
could not stop its builds) stops the builds it left before it starts its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Any, TypeVar

#: how long the builds have to end after SIGTERM before they are killed
GRACE_SECONDS = 5.0
#: the signals that stop a command cleanly: a CI runner cancelling, and Ctrl-C
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
LOCK_NAME = ".reviewkit.lock"

T = TypeVar("T")


_OUTPUT = threading.Lock()


def progress(line: str, stream: IO[str] | None = None) -> None:
    """Print one line of progress whole (builds side by side report from their threads)
    and at once, even when the output is a pipe; ``stream`` defaults to standard output."""
    stream = stream or sys.stdout
    with _OUTPUT:
        stream.write(f"{line}\n")
        stream.flush()


class Interrupted(BaseException):
    """The command was asked to stop; its exit status is 128 plus the signal's number."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.status = 128 + signal_number


class BuildFolderBusy(Exception):
    """Another command is building in the same folder."""


def members(group: int) -> list[int]:
    """The processes of a process group that still run (zombies have ended)."""
    proc = Path("/proc")
    if not proc.is_dir():  # no /proc: ask the kernel whether the group exists at all
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return []
        except PermissionError:
            pass
        return [group]
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended while we looked
        # after the command's name in parentheses: state, parent, process group
        state, _parent, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if state not in ("Z", "X") and int(pgrp) == group:
            found.append(int(entry.name))
    return found


def signal_group(group: int, number: int) -> None:
    # a group that ended already, or whose pid now belongs to someone else, is left be
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, number)


def end_groups(groups: list[int], grace: float = GRACE_SECONDS) -> list[int]:
    """SIGTERM each group, wait for all of them, SIGKILL what is left after ``grace``
    seconds and wait again; return the groups that still had processes then."""
    for group in groups:
        signal_group(group, signal.SIGTERM)
    left = wait_groups(groups, grace)
    for group in left:
        signal_group(group, signal.SIGKILL)
    return wait_groups(left, grace)


def wait_groups(groups: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    left = [group for group in groups if members(group)]
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        left = [group for group in left if members(group)]
    return left


class Builds:
    """The build processes of one command: started in groups of their own, stopped
    together, and waited for."""

    def __init__(self, lock: BuildLock | None = None, grace: float = GRACE_SECONDS) -> None:
        self._lock = threading.RLock()
        self._running: dict[int, subprocess.Popen[str]] = {}
        self._folder_lock = lock
        self.grace = grace
        self.signal_number = 0  # the stop request, once there is one

    @property
    def stopping(self) -> bool:
        return self.signal_number != 0

    def check(self) -> None:
        """Raise :class:`Interrupted` once a stop was asked for."""
        if self.stopping:
            raise Interrupted(self.signal_number)

    def run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        """Run one build to its end, its output captured; raise :class:`Interrupted`
        instead of returning when the command is stopping."""
        with self._lock:
            self.check()
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                process_group=0,
            )
            self._running[process.pid] = process
            self._record()
        if self.stopping:  # the stop came while it started: it ends with the others
            end_groups([process.pid], self.grace)
        try:
            out, err = process.communicate()
        finally:
            # whatever the build left running in its group ends with it
            if members(process.pid):
                end_groups([process.pid], self.grace)
            with self._lock:
                del self._running[process.pid]
                self._record()
        self.check()
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def stop(self, number: int = signal.SIGTERM) -> None:
        """Ask the command to stop: every build ends, and is waited for."""
        self.signal_number = self.signal_number or number
        self.end()

    def end(self) -> list[int]:
        """End every build and everything it started, and wait for them; return the
        groups that could not be ended (none, unless SIGKILL itself failed)."""
        with self._lock:
            groups = list(self._running)
        return end_groups(groups, self.grace)

    def _record(self) -> None:
        if self._folder_lock:
            self._folder_lock.record(list(self._running))


@contextmanager
def stopping_on_signals(builds: Builds) -> Iterator[None]:
    """While inside, SIGTERM and Ctrl-C stop the builds (waiting for them); the work
    then ends with :class:`Interrupted` at its next build or :meth:`Builds.check`.

    The handler never raises: a build started in the same instant is registered
    before anyone looks, and ended with the others."""

    def on_signal(number: int, frame: FrameType | None) -> Any:
        if not builds.stopping:
            builds.stop(number)

    previous = {number: signal.signal(number, on_signal) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def building(folder: Path, command: str, report: Callable[[str], None]) -> Iterator[Builds]:
    """Hold ``folder``'s lock and stop cleanly on SIGTERM and Ctrl-C while inside; on the
    way out, whichever way, nothing that was started is left running.

    Raises :class:`BuildFolderBusy` when another command builds in ``folder``."""
    lock = BuildLock(folder, command)
    builds = Builds(lock)
    with stopping_on_signals(builds):
        for done in lock.acquire():
            report(done)
        try:
            yield builds
        finally:
            builds.end()
            lock.release()


class BuildLock:
    """``<build folder>/.reviewkit.lock``: held (``flock``) while a command builds there,
    holding its pid and its builds' process groups."""

    def __init__(self, folder: Path, command: str) -> None:
        self.folder = folder
        self.command = command
        self.path = folder / LOCK_NAME
        self._file: IO[str] | None = None

    def acquire(self) -> list[str]:
        """Take the lock; return what was done about a killed command's leftovers.

        Raises :class:`BuildFolderBusy` while another command holds it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner, _groups = parse_lock(handle.read())
            handle.close()
            who = f"pid {owner}" if owner else "another process"
            raise BuildFolderBusy(
                f"another {self.command} ({who}) is building in {self.folder}; "
                f"wait for it to end, or stop it (kill {owner or 'PID'}) and run this again"
            ) from None
        self._file = handle
        handle.seek(0)
        owner, groups = parse_lock(handle.read())
        try:
            done = self._take_over(owner, groups) if owner and owner != os.getpid() else []
        except BaseException:
            handle.close()  # unlocked, the record of the stuck builds kept for the next try
            self._file = None
            raise
        self.record([])
        return done

    def _take_over(self, owner: int, groups: list[int]) -> list[str]:
        """Stop the builds a killed command left running here, before they race ours."""
        done = [
            f"took over the lock of a {self.command} that ended without releasing it (pid {owner})"
        ]
        recorded = [group for group in groups if self._builds_here(group)]
        # a build started in the instant before the killed command recorded it
        left = sorted({*recorded, *self._unrecorded_builds()})
        if not left:
            return done
        pids = ", ".join(str(pid) for group in left for pid in sorted(members(group)))
        done.append(
            f"its builds were still running in {self.folder} (pids {pids}): "
            "stopping them before building"
        )
        if stuck := end_groups(left):
            raise BuildFolderBusy(
                f"builds of an earlier {self.command} could not be stopped (process groups "
                f"{', '.join(map(str, stuck))}); stop them and run this again"
            )
        return done

    def _unrecorded_builds(self) -> set[int]:
        """The process groups of Sphinx builds naming this folder that are not ours: a
        command killed between starting a build and recording it leaves one unrecorded."""
        proc = Path("/proc")
        if not proc.is_dir():
            return set()
        folder, ours = os.fsencode(self.folder), os.getpgrp()
        found = set()
        for entry in proc.iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended while we looked
            state, _parent, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
            if (
                folder in command
                and b" -m sphinx " in command
                and state not in ("Z", "X")
                and int(pgrp) != ours
            ):
                found.add(int(pgrp))
        return found

    def _builds_here(self, group: int) -> bool:
        """Whether a group still has processes building in this folder (a pid is reused
        by unrelated processes; a build names its folder on its command line)."""
        for pid in members(group):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                return bool(members(group))  # no /proc: trust the group
            if os.fsencode(self.folder) in command:
                return True
        return False

    def record(self, groups: list[int]) -> None:
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate()
        self._file.write(f"pid {os.getpid()}\n")
        self._file.writelines(f"group {group}\n" for group in groups)
        self._file.flush()

    def release(self) -> None:
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate()  # an empty lock: nothing left behind
        self._file.close()  # closing releases the flock
        self._file = None

    def __enter__(self) -> list[str]:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def parse_lock(text: str) -> tuple[int, list[int]]:
    """The owner's pid and the process groups recorded in a lock file (0 and none for an
    empty or unreadable one)."""
    owner, groups = 0, []
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if not value.strip().isdigit():
            continue
        if key == "pid":
            owner = int(value)
        elif key == "group":
            groups.append(int(value))
    return owner, groups


def side_by_side(work: list[Callable[[], T]], jobs: int) -> list[T]:
    """Run each piece of ``work`` in a thread, ``jobs`` at a time; their results in order."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(task) for task in work]
        pending = set(futures)
        while pending:
            # a short wait, so the main thread runs a stop's handler at once: the kernel
            # may give the signal to a thread waiting on its build, and Python runs the
            # handler only when the main thread next runs
            _done, pending = wait(pending, timeout=0.05)
        return [future.result() for future in futures]
