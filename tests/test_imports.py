"""Every module of the package imports first, in an interpreter that has imported no other
part of it: no module works only because another was imported before it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

EXTENSIONS = Path(__file__).parent.parent / "extensions"

#: each module imported in a child forked from a parent that holds Sphinx and docutils
#: but nothing of reviewkit: as fresh as a new interpreter for reviewkit, and quick
CHILDREN = """
import os, sys, importlib, traceback
import sphinx.application, docutils.nodes, babel.messages
failed = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status:
        failed.append(name)
print("\\n".join(failed))
"""


def modules() -> list[str]:
    package = EXTENSIONS / "reviewkit"
    found = ["reviewkit"]
    for info in pkgutil.walk_packages([str(package)], prefix="reviewkit."):
        if not info.name.endswith("__main__"):
            found.append(info.name)
    return found


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    names = modules()
    assert "reviewkit.pdf.builder" in names and "reviewkit.command.jobs" in names
    result = subprocess.run(
        [sys.executable, "-c", CHILDREN, *names],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(EXTENSIONS), "PATH": "/usr/bin:/bin"},
    )
    failed = result.stdout.split()
    assert failed == [], result.stderr[-3000:]
