"""``python -m reviewkit.changes.baseline``: the draft's export to compare the final report with.

    python -m reviewkit.changes.baseline --since REF_OR_FILE [-c CONF] [-s SRC] --out FILE

``--since`` is either a ``recommendations.json`` (the draft's export as published),
which is checked and copied, or a git reference (a tag such as ``draft-2020``, a
commit): the sources at that reference are checked out in a temporary worktree and
their draft edition is built, and its export is the baseline. ``reviewkit changes``
then builds the report with ``-D reviewkit_baseline=FILE``.

The baseline is checked as the build checks it (``reviewkit.changes.load_baseline``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..command.project import sources_of
from ..editions import DRAFT, tags
from ..export import write_atomically
from .comparison import BaselineError, load_baseline


class SinceError(Exception):
    """``--since`` cannot give a baseline: ``status`` 2 when it names nothing to build
    (a usage error), 1 when the draft it names did not build."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def from_git(ref: str, confdir: Path, srcdir: Path) -> dict[str, Any]:
    """Build the draft edition of the sources at ``ref`` and return its export."""
    top = git(["rev-parse", "--show-toplevel"], confdir).strip()
    if not top:
        raise SinceError(
            f"{confdir} is not in a git repository; give --since a recommendations.json"
        )
    commit = git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], Path(top)).strip()
    if not commit:
        raise SinceError(
            f"{ref!r} is neither a file nor a git reference of {top}; give a tag, a commit or "
            f"the path of the draft's recommendations.json"
        )
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        git(["worktree", "add", "--detach", "--quiet", str(tree), commit], Path(top))
        try:
            conf = tree / confdir.resolve().relative_to(top)
            src = tree / srcdir.resolve().relative_to(top)
            out = Path(folder) / "html"
            command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", *tags(DRAFT)]
            command += ["-c", str(conf), "-d", str(Path(folder) / "doctrees"), str(src), str(out)]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                tail = "\n".join(result.stderr.strip().splitlines()[-10:])
                raise SinceError(f"the draft edition at {ref} did not build:\n{tail}", 1)
            try:
                return load_baseline(out / "recommendations.json")
            except BaselineError as error:
                problems = "\n".join(p.message for p in error.problems)
                what = f"the export of the draft edition at {ref} cannot be compared with"
                raise SinceError(f"{what}:\n{problems}", 1) from None
        finally:
            git(["worktree", "remove", "--force", str(tree)], Path(top))


def git(args: list[str], where: Path) -> str:
    if shutil.which("git") is None:
        raise SinceError("git is not installed; give --since the draft's recommendations.json")
    result = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


def main(argv: list[str] | None = None, prog: str = "python -m reviewkit.changes.baseline") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--since", required=True, help="a git reference or a recommendations.json")
    parser.add_argument("-c", dest="confdir", type=Path, default=Path("."))
    parser.add_argument(
        "-s", dest="srcdir", type=Path, help="default: reviewkit_sources in conf.py"
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.srcdir is None:
        args.srcdir = sources_of(args.confdir)
    given = Path(args.since)
    try:
        if given.exists():  # a file, or a folder given by mistake: named as such
            data = load_baseline(given)
            source = str(given)
        else:
            data = from_git(args.since, args.confdir, args.srcdir)
            source = f"the draft edition at {args.since}"
    except BaselineError as error:
        print("\n".join(error.lines()), file=sys.stderr)
        return 1
    except SinceError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return error.status
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(args.out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except OSError as error:
        print(
            f"{args.out}: cannot be written ({error.strerror}); give --out a file in a folder "
            f"you can write to",
            file=sys.stderr,
        )
        return 2
    print(f"{args.out}: {len(data['recommendations'])} recommendations from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
