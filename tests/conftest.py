"""Fixtures: Sphinx's own test apps over small roots, and a writer for one-off sources."""

from __future__ import annotations

import io
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sphinx.locale
from playwright.sync_api import Browser
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures", "publishing", "installed")

ROOTS = Path(__file__).parent / "roots"

CONF = """\
extensions = ["myst_parser", "reviewkit"]
myst_enable_extensions = ["colon_fence"]
reviewkit_owners = {"board": "The Board", "org": "The Organisation", "community": "Community"}
reviewkit_recommendation_label = "Recommendation"
reviewkit_date = "2021-01-25"
"""


@pytest.fixture(autouse=True)
def _forget_translations():
    """Sphinx keeps the message catalogs of a build for the whole process (as its own
    test suite knows); a build in French must not leave French words to the next test."""
    yield
    sphinx.locale.translators.clear()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def write_project(srcdir: Path, files: dict[str, str], conf: str = CONF) -> Path:
    """Write a small Sphinx project: conf.py plus the given documents (dedented)."""
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(conf)
    for name, text in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return srcdir


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str], conf: str = CONF) -> Path:
        return write_project(tmp_path / "src", files, conf)

    return make


@pytest.fixture
def build(project: Callable[..., Path], tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """Build one-off sources with HTML; returns the finished app (warnings in app._warning)."""
    apps: list[SphinxTestApp] = []

    def run(
        files: dict[str, str], conf: str = CONF, buildername: str = "html", **kwargs: object
    ) -> SphinxTestApp:
        srcdir = project(files, conf)
        app = SphinxTestApp(
            buildername,
            srcdir=srcdir,
            builddir=tmp_path / "out",
            status=io.StringIO(),
            warning=io.StringIO(),
            **kwargs,
        )
        apps.append(app)
        app.build()
        return app

    yield run
    for app in apps:
        app.cleanup()


def warnings_of(app: SphinxTestApp) -> str:
    return app._warning.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Callable[..., tuple[int, str]]:
    """Run the real ``sphinx-build`` command line; returns (exit status, stderr)."""

    def run(srcdir: Path, *args: str, builder: str = "html") -> tuple[int, str]:
        try:
            status = build_main(
                ["-b", builder, "-q", "--no-color", *args, str(srcdir), str(tmp_path / "cli-out")]
            )
        except SystemExit as stop:  # as the sphinx-build process would end
            status = stop.code
        return status, capsys.readouterr().err

    return run


#: Chromium without its calls home: this machine, like CI, has no network
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright: once for each test module that
    reads pages as a reader's browser shows them."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail(
            "the browser tests need Debian's Chromium: run sudo apt-get install chromium "
            "(nox -s tests installs it as root)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
