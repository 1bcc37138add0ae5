"""``reviewkit``: a review team's every job on its report, in any project.

The project is the current folder, or ``-C DIR``: the folder of ``conf.py``. Exit
status: 0 done; 1 problems found or a build failed; 2 a usage or configuration error.
Arguments after ``--`` go to sphinx-build (check, build html|pdf, changes).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys
from pathlib import Path
from typing import TextIO

from ..editions import EDITIONS
from .project import OUTPUTS, Project, UsageError

EXAMPLES = {
    "new": "reviewkit new my-review --title 'Report of the Example Review' --slug my-review",
    "check": "reviewkit check                 # both editions, the catalogs, their coverage\n"
    "  reviewkit check --edition draft",
    "build": "reviewkit build html\n  reviewkit build pdf --edition draft\n"
    "  reviewkit build summaries --language fr",
    "serve": "reviewkit serve                 # then open http://127.0.0.1:8000/\n"
    "  reviewkit serve --port 8001 --edition draft",
    "gettext": "reviewkit gettext               # after the English sources changed",
    "coverage": "reviewkit coverage --json _build/coverage.json",
    "publish": "reviewkit publish               # the final edition into public/\n"
    "  reviewkit publish --edition draft\n"
    "  reviewkit publish --assemble-only   # after reviewkit build html, pdf, summaries",
    "changes": "reviewkit changes --since draft-2020    # a git tag of the draft\n"
    "  reviewkit changes --since draft-recommendations.json",
}

SUMMARIES = {
    "new": "start a new report project that checks and publishes as it stands",
    "check": "every check: objects, links, comments, baseline, catalogs; all problems at once",
    "build": "one output under _build/: the HTML report, the PDF or the summaries",
    "serve": "live preview on 127.0.0.1, rebuilt on every save, with the problems shown",
    "gettext": "extract the messages and update every language's catalogs",
    "coverage": "translation coverage per language",
    "publish": "check, then build everything into public/ (left as it was if anything fails)",
    "changes": "the final edition with the changes since the draft (a git ref or an export)",
}


def subcommand(commands: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=SUMMARIES[name],
        description=SUMMARIES[name][0].upper() + SUMMARIES[name][1:] + ".",
        epilog=f"example:\n  {EXAMPLES[name]}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def edition_option(parser: argparse.ArgumentParser, default: str | None = "final") -> None:
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default=default,
        help="the draft edition (built with -t draft) or the final one"
        + (f" (default: {default})" if default else " (default: both)"),
    )


def version() -> str:
    try:
        return importlib.metadata.version("reviewkit")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        return "(not installed)"


def port(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number, e.g. 8001") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port (1 to 65535), e.g. 8001")
    return number


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="reviewkit",
        description=__doc__.split("\n")[0].replace("``", ""),
        epilog="reviewkit COMMAND --help shows each command's options with an example.",
    )
    main_parser.add_argument(
        "-C",
        dest="directory",
        type=Path,
        metavar="DIR",
        help="the project's folder, which holds conf.py (default: the current folder)",
    )
    main_parser.add_argument("--version", action="version", version=f"reviewkit {version()}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    main_parser.commands = commands.choices  # type: ignore[attr-defined]

    new = subcommand(commands, "new")
    new.add_argument("target", type=Path, metavar="DIR", help="the folder to create")
    new.add_argument("--title", help="the review's name, as the report's title says it")
    new.add_argument("--slug", help="names the downloads: lowercase letters, digits, hyphens")
    new.add_argument("--force", action="store_true", help="write into a folder that has files")

    edition_option(subcommand(commands, "check"), default=None)

    build = subcommand(commands, "build")
    build.add_argument("output", choices=OUTPUTS, help="what to build")
    edition_option(build)
    build.add_argument(
        "--language",
        dest="languages",
        action="append",
        default=[],
        metavar="TAG",
        help="summaries: only this language (repeatable), e.g. --language fr",
    )

    serve = subcommand(commands, "serve")
    serve.add_argument("--port", type=port, default=8000, help="default: 8000")
    edition_option(serve)

    subcommand(commands, "gettext")
    subcommand(commands, "coverage").add_argument(
        "--json", type=Path, metavar="FILE", help="also write the figures as JSON"
    )
    publish = subcommand(commands, "publish")
    edition_option(publish)
    publish.add_argument(
        "--assemble-only",
        action="store_true",
        help="assemble the site from the outputs reviewkit build left under _build/ "
        "(as a CI matrix builds them), instead of building everything anew",
    )
    subcommand(commands, "changes").add_argument(
        "--since",
        required=True,
        metavar="REF|FILE",
        help="the draft: a git reference (tag, commit) or its recommendations.json",
    )
    return main_parser


#: the commands that pass what follows ``--`` to sphinx-build
SPHINX_ARGS = ("check", "build", "changes")


class ReaderMayLeave:
    """Standard output that outlives its reader: when whoever reads it stops
    (``reviewkit check | head``), the work goes on to its end, its output discarded,
    rather than stopping half-way through writing a project or a site."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self.discard()
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            self.discard()

    def discard(self) -> None:
        """Send what follows, and what Python flushes at exit, nowhere."""
        os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def main(argv: list[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    sphinx_args: list[str] = []
    if "--" in words:
        at = words.index("--")
        words, sphinx_args = words[:at], words[at + 1 :]
    the_parser = parser()
    sys.stdout = ReaderMayLeave(sys.stdout)
    args, unknown = the_parser.parse_known_args(words)  # a usage error exits 2
    if unknown:  # shown with the usage of the command it was given to
        the_parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    if sphinx_args and args.command not in SPHINX_ARGS:
        the_parser.error(f"reviewkit {args.command} passes nothing to sphinx-build after --")
    try:
        # the whole Sphinx stack: a Ctrl-C while it loads ends the command like any other
        from ..i18n.catalogs import CatalogError, CatalogToolError
        from . import jobs  # noqa: F401
    except KeyboardInterrupt:
        print(f"reviewkit {args.command}: interrupted", file=sys.stderr)
        return 130
    try:
        return run(args, sphinx_args)
    except UsageError as error:
        print(f"reviewkit {args.command}: error: {error}", file=sys.stderr)
        return 2
    except CatalogToolError as error:
        print(f"reviewkit {args.command}: error: {error}", file=sys.stderr)
        return 1
    except CatalogError as error:  # already file:line: what is wrong; what to change
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"reviewkit {args.command}: interrupted", file=sys.stderr)
        return 130


def run(args: argparse.Namespace, sphinx_args: list[str]) -> int:
    from ..pdf.cache import kept_under
    from .project import find

    if args.command == "new":
        from .new import new

        return new(args.target, title=args.title, slug=args.slug, force=args.force)
    project = find(args.directory)
    with kept_under(project.build):
        return dispatch(args, project, sphinx_args)


def dispatch(args: argparse.Namespace, project: Project, sphinx_args: list[str]) -> int:
    from . import jobs

    if args.command == "check":
        editions = (args.edition,) if args.edition else EDITIONS
        return jobs.check(project, editions, sphinx_args)
    if args.command == "build":
        return jobs.build(project, args.output, args.edition, args.languages, sphinx_args)
    if args.command == "serve":
        from .serve import serve

        return serve(project, args.port, args.edition)
    if args.command == "gettext":
        return jobs.gettext(project)
    if args.command == "coverage":
        return jobs.coverage(project, args.json)
    if args.command == "publish":
        return jobs.publish(project, args.edition, assemble_only=args.assemble_only)
    return jobs.changes(project, args.since, sphinx_args)
