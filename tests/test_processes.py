"""The build-folder lock takes over from a command that was killed, and stops what it
left running, even a build it started but had not recorded yet."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from reviewkit import processes

#: stands for a Sphinx build of the folder: its command line names both, as a build's does
SLEEPER = "import time; time.sleep(60)"


def test_a_build_the_killed_command_never_recorded_is_stopped(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    folder.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-c", SLEEPER, "-m", "sphinx", str(folder / "final")],
        process_group=0,
    )
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    # the killed command's lock: its pid, and no group recorded yet
    (folder / processes.LOCK_NAME).write_text(f"pid {dead}\n")
    lock = processes.BuildLock(folder, "publish")
    try:
        done = lock.acquire()
        assert (
            done[0]
            == f"took over the lock of a publish that ended without releasing it (pid {dead})"
        )
        assert f"(pids {build.pid})" in done[1]
        deadline = time.monotonic() + 10
        while build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert build.poll() is not None, "the unrecorded build still runs"
    finally:
        lock.release()
        if build.poll() is None:
            build.kill()
        build.wait()


def test_a_process_that_only_names_the_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    folder.mkdir()
    bystander = subprocess.Popen([sys.executable, "-c", SLEEPER, str(folder)], process_group=0)
    (folder / processes.LOCK_NAME).write_text("pid 999999\n")
    lock = processes.BuildLock(folder, "publish")
    try:
        assert len(lock.acquire()) == 1  # the take-over, and nothing stopped
        assert bystander.poll() is None
    finally:
        lock.release()
        bystander.kill()
        bystander.wait()
