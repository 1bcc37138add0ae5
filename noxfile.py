"""Every job an editor runs on the report: ``nox -s <job>``.

Builds take ``-- --edition draft`` or ``-- --edition final`` (default final);
anything else after ``--`` goes to sphinx-build (or pytest, for ``tests``).
Every session installs the locked versions in requirements/constraints.txt.
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
BUILD = ROOT / "_build"
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


def split_edition(
    session: nox.Session, default: tuple[str, ...] = ("final",)
) -> tuple[tuple[str, ...], list[str]]:
    """The editions asked for with ``--edition``, and the arguments left for the tool."""
    parser = argparse.ArgumentParser(prog=f"nox -s {session.name} --", add_help=False)
    parser.add_argument("--edition", choices=EDITIONS)
    known, rest = parser.parse_known_args(session.posargs)
    return ((known.edition,) if known.edition else default), rest


def sphinx(session: nox.Session, builder: str, edition: str, *args: str) -> Path:
    """Build the report with one builder for one edition; return the output folder."""
    outdir = BUILD / edition / builder
    tags = ("-t", "draft") if edition == "draft" else ()
    session.run(
        "sphinx-build",
        "-b",
        builder,
        "-c",
        str(ROOT),
        "-d",
        str(BUILD / edition / "doctrees"),
        *tags,
        *args,
        str(ROOT / "report"),
        str(outdir),
    )
    return outdir


@nox.session
def html(session: nox.Session) -> None:
    """The full report as HTML, with recommendations.json and .csv beside it."""
    install(session)
    editions, args = split_edition(session)
    for edition in editions:
        outdir = sphinx(session, "html", edition, "-j", "auto", *args)
        session.log(f"{edition} edition: {outdir / 'index.html'}")


@nox.session
def pdf(session: nox.Session) -> None:
    """The full report as one PDF: _build/<edition>/pdf/<slug>-<edition>.pdf."""
    system_packages(session)
    install(session)
    editions, args = split_edition(session)
    for edition in editions:
        sphinx(session, "pdf", edition, *args)


def toolchain(session: nox.Session, module: str, *args: str) -> None:
    """``python -m reviewkit.<module>`` on this report: conf.py here, the sources in report/."""
    session.run(
        "python",
        "-m",
        f"reviewkit.{module}",
        "-c",
        str(ROOT),
        "-s",
        str(ROOT / "report"),
        *args,
        # on Ctrl-C, time for the tool to end and wait for its builds (nox's default
        # kills it after half a second, which would orphan them)
        interrupt_timeout=STOP_SECONDS,
    )


def extract_messages(session: nox.Session, pot_dir: Path) -> Path:
    """The message templates of the English sources, as translators' catalogs need them."""
    session.run(
        "sphinx-build",
        "-b",
        "gettext",
        "-q",
        "-E",
        "-c",
        str(ROOT),
        "-D",
        "language=en",
        str(ROOT / "report"),
        str(pot_dir),
    )
    return pot_dir


@nox.session
def gettext(session: nox.Session) -> None:
    """Extract the messages (language en) and update every language's summary catalogs,
    and the toolchain's own catalogs in extensions/reviewkit/locale."""
    system_packages(session, ("gettext",))  # msgmerge
    # editable: the toolchain's catalogs are updated in place, not in the virtualenv's copy
    session.install(*CONSTRAINTS, "-e", ".")
    pot_dir = extract_messages(session, BUILD / "gettext")
    toolchain(session, "i18n", "update", str(pot_dir))
    toolchain(session, "i18n", "toolchain")


@nox.session
def summaries(session: nox.Session) -> None:
    """The executive summary as HTML and PDF in English and every published translation."""
    system_packages(session)
    install(session)
    editions, args = split_edition(session)
    for edition in editions:
        toolchain(
            session,
            "i18n",
            "summaries",
            "--edition",
            edition,
            "--build",
            str(BUILD),
            *args,
        )


@nox.session
def publish(session: nox.Session) -> None:
    """Everything into public/: the HTML report with its export, the full PDF, the summary
    in every published language, a landing page and SHA256SUMS. Editions already in
    public/ stay; a failed or interrupted publish leaves public/ as it was."""
    system_packages(session)
    install(session)
    editions, args = split_edition(session)
    for edition in editions:
        toolchain(
            session,
            "publish",
            "--edition",
            edition,
            "--build",
            str(BUILD / "publish"),
            "--public",
            str(ROOT / "public"),
            *args,
        )


@nox.session
def changes(session: nox.Session) -> None:
    """The final edition with its appendix of changes since the draft (HTML, PDF and
    changes.json), compared with -- --since <git ref or the draft's recommendations.json>."""
    system_packages(session)
    install(session)
    parser = argparse.ArgumentParser(prog="nox -s changes --")
    parser.add_argument("--since", required=True, help="a git reference or a recommendations.json")
    known, args = parser.parse_known_args(session.posargs)
    baseline = BUILD / "changes" / "baseline.json"
    toolchain(session, "baseline", "--since", known.since, "--out", str(baseline))
    for builder in ("html", "pdf"):
        outdir = sphinx(session, builder, "final", "-D", f"reviewkit_baseline={baseline}", *args)
        session.log(f"{builder}: {outdir}")


@nox.session
def check(session: nox.Session) -> None:
    """Every check: the report (both editions unless --edition says one), the catalogs
    and their coverage; fails on any problem."""
    system_packages(session, ("gettext",))
    install(session)
    editions, args = split_edition(session, default=EDITIONS)
    for edition in editions:
        sphinx(session, "dummy", edition, "-E", "-W", "--keep-going", "-n", "-q", *args)
    pot_dir = extract_messages(session, BUILD / "check-gettext")
    toolchain(session, "i18n", "current", str(pot_dir))
    session.run(
        "python",
        "-m",
        "reviewkit.i18n.catalogcheck",
        str(ROOT / "locale"),
        str(ROOT / "extensions" / "reviewkit" / "locale"),
    )
    toolchain(session, "i18n", "coverage", "--json", str(BUILD / "translations" / "coverage.json"))


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
