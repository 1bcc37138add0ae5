"""Every job an editor runs on the report: ``nox -s <job>``.

Each session runs the ``reviewkit`` command on this report (``reviewkit -C . <job>``),
exactly as another review team runs it on its own, with the locked versions of
requirements/constraints.txt installed. Builds take ``-- --edition draft`` or
``-- --edition final`` (default final); anything else after ``--`` goes to
sphinx-build (or pytest, for ``tests``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["check", "tests", "lint"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
CONSTRAINTS = ("-c", "requirements/constraints.txt")
EDITIONS = ("draft", "final")
#: Debian packages the PDF needs: the fonts its stylesheet names, HarfBuzz subsetting,
#: fontconfig to find the fonts, and poppler for the tests that read PDFs back
SYSTEM_PACKAGES = (
    "fonts-noto-core",
    "fonts-noto-cjk",
    "libharfbuzz-subset0",
    "libpango-1.0-0",
    "fontconfig",
    "poppler-utils",
    "gettext",  # msgmerge and msgfmt: the catalogs' updates and checks
)
#: how long a tool that builds has to stop on Ctrl-C: reviewkit.processes' grace period
#: for SIGTERM and again for SIGKILL, with time to spare
STOP_SECONDS = 15.0
#: and for the tests: the browser that reads the published site
TEST_PACKAGES = (*SYSTEM_PACKAGES, "chromium")


def install(session: nox.Session, *extras: str) -> None:
    target = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, target)


def system_packages(session: nox.Session, packages: tuple[str, ...] = SYSTEM_PACKAGES) -> None:
    """Install the Debian packages the session needs, or stop with the line to run."""
    if not shutil.which("dpkg-query"):
        session.warn(f"not a Debian system: make sure these are installed: {' '.join(packages)}")
        return
    missing = [
        package
        for package in packages
        if "install ok installed"
        not in subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        ).stdout
    ]
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0:
        session.error(f"missing Debian packages; run: sudo {' '.join(command)}")
    session.log(f"installing {' '.join(missing)}")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-q", external=True, env=env, silent=True)
    session.run(*command, "-q", external=True, env=env, silent=True)


def reviewkit(session: nox.Session, *args: str) -> None:
    """The ``reviewkit`` command on this report, as any review team runs it on its own."""
    session.run(
        "reviewkit",
        "-C",
        str(ROOT),
        *args,
        # on Ctrl-C, time for the command to end and wait for its builds (nox's default
        # kills it after half a second, which would orphan them)
        interrupt_timeout=STOP_SECONDS,
    )


def editions(session: nox.Session, default: tuple[str, ...] = ("final",)) -> tuple[list[str], ...]:
    """``reviewkit`` arguments for each edition asked for (``-- --edition E``), the rest of
    the session's arguments after them."""
    parser = argparse.ArgumentParser(prog=f"nox -s {session.name} --", add_help=False)
    parser.add_argument("--edition", choices=EDITIONS)
    known, rest = parser.parse_known_args(session.posargs)
    return tuple(
        ["--edition", edition, *rest]
        for edition in ((known.edition,) if known.edition else default)
    )


def with_sphinx_args(args: list[str]) -> list[str]:
    """Arguments that are not reviewkit's go to sphinx-build, after ``--``."""
    own, rest = args[:2], args[2:]
    return [*own, "--", *rest] if rest else own


@nox.session
def html(session: nox.Session) -> None:
    """The full report as HTML, with recommendations.json and .csv beside it."""
    install(session)
    for args in editions(session):
        reviewkit(session, "build", "html", *with_sphinx_args(args))


@nox.session
def pdf(session: nox.Session) -> None:
    """The full report as one PDF: _build/<edition>/pdf/<slug>-<edition>.pdf."""
    system_packages(session)
    install(session)
    for args in editions(session):
        reviewkit(session, "build", "pdf", *with_sphinx_args(args))


@nox.session
def gettext(session: nox.Session) -> None:
    """Extract the messages and update every language's catalogs (reviewkit gettext), and
    the toolchain's own catalogs in extensions/reviewkit/locale."""
    system_packages(session, ("gettext",))  # msgmerge
    # editable: the toolchain's catalogs are updated in place, not in the virtualenv's copy
    session.install(*CONSTRAINTS, "-e", ".")
    reviewkit(session, "gettext")
    session.run(
        "python", "-m", "reviewkit.i18n", "-c", str(ROOT), "-s", str(ROOT / "report"), "toolchain"
    )


@nox.session
def summaries(session: nox.Session) -> None:
    """The executive summary as HTML and PDF in English and every published translation
    (-- --language fr: one language)."""
    system_packages(session)
    install(session)
    for args in editions(session):
        reviewkit(session, "build", "summaries", *args)


@nox.session
def publish(session: nox.Session) -> None:
    """Every check, then everything into public/: the HTML report with its export, the
    full PDF, the summary in every published language, a landing page and SHA256SUMS.
    Editions already in public/ stay; a failed or interrupted publish leaves public/ as
    it was."""
    system_packages(session)
    install(session)
    for args in editions(session):
        reviewkit(session, "publish", *args)


@nox.session
def changes(session: nox.Session) -> None:
    """The final edition with its appendix of changes since the draft (HTML, PDF and
    changes.json), compared with -- --since <git ref or the draft's recommendations.json>."""
    system_packages(session)
    install(session)
    reviewkit(session, "changes", *session.posargs)


@nox.session
def check(session: nox.Session) -> None:
    """Every check: the report (both editions unless --edition says one), the catalogs
    and their coverage; fails on any problem."""
    system_packages(session, ("gettext",))
    install(session)
    parser = argparse.ArgumentParser(prog="nox -s check --", add_help=False)
    parser.add_argument("--edition", choices=EDITIONS)
    known, rest = parser.parse_known_args(session.posargs)
    edition = ["--edition", known.edition] if known.edition else []
    reviewkit(session, "check", *edition, *(["--", *rest] if rest else []))


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, the published site's end-to-end tests in Debian's Chromium included."""
    system_packages(session, TEST_PACKAGES)
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over the toolchain, the tests and the configuration."""
    session.install(*CONSTRAINTS, "ruff")
    session.run(
        "ruff", "check", "extensions", "tests", "bench", "noxfile.py", "conf.py", *session.posargs
    )
    session.run(
        "ruff", "format", "--check", "extensions", "tests", "bench", "noxfile.py", "conf.py"
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks on synthetic reports of 1x, 3x and 10x the real one: reviewkit against a
    plain-MyST baseline, bare WeasyPrint and sphinx-needs in the same run (-- --quick: one
    run per figure)."""
    system_packages(session)
    install(session, "bench")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def lock(session: nox.Session) -> None:
    """Re-resolve requirements/constraints.txt after a change of dependencies."""
    session.install("uv")
    session.run(
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "test",
        "--extra",
        "lint",
        "--extra",
        "bench",
        "--python-version",
        "3.11",
        "--no-header",
        "-o",
        "requirements/constraints.txt",
    )
