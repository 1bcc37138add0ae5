"""The editors' and translators' jobs on a project: check, build, gettext, coverage,
publish, changes. Each returns the command's exit status (SPEC section 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..i18n import __main__ as translators
from ..i18n.build import build_summaries, plan, tell
from ..i18n.build import extraction as extraction_command
from ..i18n.catalogcheck import problems as catalog_problems
from ..i18n.languages import LANGUAGES, SOURCE, summary_pdf_name
from ..i18n.project import Settings, published, settings
from ..processes import BuildFolderBusy, Builds, Interrupted, building, progress, side_by_side
from .project import Project, UsageError

JOBS = os.cpu_count() or 1


def say(command: str, message: str) -> None:
    progress(f"{command}: {message}")


@dataclass(frozen=True)
class Step:
    """One build of a job: its name in progress lines and its sphinx-build command."""

    name: str
    command: list[str]
    #: its warnings shown only when it fails (they repeat another step's)
    quiet: bool = False


@dataclass(frozen=True)
class Done:
    step: Step
    seconds: float
    result: subprocess.CompletedProcess[str]

    @property
    def failed(self) -> bool:
        return self.result.returncode != 0

    @property
    def output(self) -> str:
        return "\n".join(
            part.strip() for part in (self.result.stdout, self.result.stderr) if part.strip()
        )


def run_steps(job: str, steps: list[Step], builds: Builds, jobs: int = JOBS) -> list[Done]:
    """Run the steps side by side, ``jobs`` at a time; each reported when it ends, its
    warnings printed whole, never interleaved with another's, and each only once."""

    shown: set[str] = set()
    seen = threading.Lock()

    def run(step: Step) -> Done:
        say(job, f"{step.name}: started")
        started = time.perf_counter()
        result = builds.run(step.command)
        done = Done(step, time.perf_counter() - started, result)
        if done.output and (done.failed or not step.quiet):
            with seen:  # a problem both editions have is shown once
                lines = [line for line in done.output.splitlines() if line not in shown]
                shown.update(lines)
            if lines:
                progress("\n".join(lines), sys.stderr)
        verdict = "failed" if done.failed else "done"
        say(job, f"{step.name}: {verdict} in {done.seconds:.1f} s")
        return done

    return side_by_side([partial(run, step) for step in steps], jobs)


def extraction(project: Project, folder: Path) -> Step:
    """The message templates of the sources, into ``folder/templates``."""
    return Step(
        "messages of the sources", extraction_command(project.root, project.sources, folder)
    )


def translation_settings(project: Project) -> Settings:
    """The project's translation settings; its languages must have their catalogs."""
    missing = project.missing_catalogs()
    if missing:
        folders = ", ".join(str(project.locale / code / "LC_MESSAGES") for code in missing)
        raise UsageError(
            f"reviewkit_translations names {', '.join(missing)}, with no catalogs in {folders}; "
            "run reviewkit gettext to create them"
        )
    return settings(project.root, project.sources)


def translation_problems(config: Settings, templates: Path) -> list[str]:
    """Every problem of the catalogs: behind the sources, or failing the translators'
    checks (markup, roles, links, numbers), each ``file:line: what; what to change``."""
    return translators.current_problems(config, templates) + catalog_problems(config.locale_dirs)


def locked(job: str, folder: Path, work: Callable[[Builds], int]) -> int:
    """Run ``work`` holding ``folder``'s lock; a stop ends every build it started."""
    try:
        with building(folder, job, partial(say, job)) as builds:
            return work(builds)
    except Interrupted as stop:
        say(job, "interrupted; every build it started has ended")
        return stop.status
    except BuildFolderBusy as busy:
        print(f"reviewkit {job}: error: {busy}", file=sys.stderr)
        return 1


def check(project: Project, editions: tuple[str, ...], sphinx_args: list[str]) -> int:
    """Every check, all problems in one run: each edition's objects, links, comments and
    baseline (a Sphinx build that fails on any warning), then the catalogs."""
    folder = project.build / "check"
    config = translation_settings(project) if project.summary and project.languages else None

    def work(builds: Builds) -> int:
        steps = [
            Step(
                f"report ({edition} edition)",
                project.sphinx(
                    "dummy",
                    edition,
                    folder / edition,
                    "-E",
                    "-W",
                    "--keep-going",
                    "-n",
                    "-q",
                    *sphinx_args,
                    doctrees=folder / edition / "doctrees",
                ),
            )
            for edition in editions
        ]
        if config:
            steps.append(extraction(project, folder / "gettext"))
        done = run_steps("check", steps, builds)
        failed = [item.step.name for item in done if item.failed]
        if config and not any(item.failed for item in done if item.step is steps[-1]):
            found = translation_problems(config, folder / "gettext" / "templates")
            for problem in found:
                print(problem, file=sys.stderr)
            say("check", f"catalogs: {len(found)} problem(s)" if found else "catalogs: done")
            if found:
                failed.append("catalogs")
            translators.run_coverage(config, project.build / "translations" / "coverage.json")
        if failed:
            say("check", f"problems found in: {', '.join(failed)}")
            return 1
        say("check", "no problems")
        return 0

    return locked("check", folder, work)


def build(
    project: Project, output: str, edition: str, languages: list[str], sphinx_args: list[str]
) -> int:
    """One output under ``_build/<edition>/``."""
    if output == "summaries":
        return summaries(project, edition, languages)
    if languages:
        raise UsageError(
            f"--language is for the summaries; the {output} report is built in the sources' "
            f"language: reviewkit build summaries --language {languages[0]}"
        )
    outdir = project.build / edition / output
    args = ["-q", *(["-j", "auto"] if output == "html" else []), *sphinx_args]

    def work(builds: Builds) -> int:
        step = Step(f"{output} ({edition} edition)", project.sphinx(output, edition, outdir, *args))
        if run_steps("build", [step], builds)[0].failed:
            return 1
        if output == "html":
            say("build", f"{outdir / 'index.html'}")
        else:
            say("build", f"{outdir / f'{project.slug}-{edition}.pdf'}")
        return 0

    return locked("build", project.build / edition, work)


def summaries(project: Project, edition: str, languages: list[str]) -> int:
    if not project.summary:
        raise UsageError(
            f"{project.conf} names no executive summary; add reviewkit_summary = 'summary' "
            "(the document's name, without its suffix)"
        )
    config = translation_settings(project)
    codes = [SOURCE, *published(config)]
    unknown = [code for code in languages if code not in codes]
    if unknown:
        # below the threshold: published() has said what is missing
        added = [code for code in unknown if code in LANGUAGES and code not in config.languages]
        hint = (
            f"; to translate it, add {', '.join(repr(code) for code in added)} to "
            f"reviewkit_translations in {project.conf} and run reviewkit gettext"
            if added
            else ""
        )
        raise UsageError(
            f"no summary is published in {', '.join(unknown)}; "
            f"give --language with one of: {', '.join(codes)}{hint}"
        )
    codes = [c for c in codes if not languages or c in languages]
    # each language starts from the English read of reviewkit build html, where it matches
    items = plan(project.build, edition, codes, seed=project.build / edition / "doctrees")

    def work(builds: Builds) -> int:
        outcomes = build_summaries(
            items,
            project.root,
            project.sources,
            edition,
            JOBS,
            builds.run,
            partial(say, "build"),
        )
        failed = tell(outcomes)
        for item in items:
            pdf = item.pdf / summary_pdf_name(project.slug, edition, item.code)
            say("build", f"{item.code}: {item.html / 'index.html'}, {pdf}")
        return 1 if failed else 0

    return locked("build", project.build / f"summaries-{edition}", work)


def gettext(project: Project) -> int:
    """Extract the messages and update (or create) every language's catalogs."""
    if not project.summary:
        raise UsageError(
            f"{project.conf} names no executive summary to translate; add "
            "reviewkit_summary = 'summary' (the document's name, without its suffix)"
        )
    if not project.languages:
        raise UsageError(
            f"{project.conf} names no language to translate into; add e.g. "
            'reviewkit_translations = ["fr"]'
        )
    config = settings(project.root, project.sources)
    folder = project.build / "gettext"

    def work(builds: Builds) -> int:
        if run_steps("gettext", [extraction(project, folder)], builds)[0].failed:
            return 1
        return translators.run_update(config, folder / "templates")

    return locked("gettext", folder, work)


def coverage(project: Project, json_path: Path | None) -> int:
    if not project.summary or not project.languages:
        raise UsageError(
            f"{project.conf} names no translation: reviewkit_summary and "
            "reviewkit_translations say what is translated, and into which languages"
        )
    return translators.run_coverage(translation_settings(project), json_path)


def publish(project: Project, edition: str, *, assemble_only: bool = False) -> int:
    """SPEC section 7, only after every check has passed. ``assemble_only``: from the
    outputs under ``_build/<edition>/`` that ``build`` wrote, not built anew."""
    from ..publish import __main__ as publisher

    if project.summary and project.languages:
        translation_settings(project)  # a language without catalogs: exit 2, nothing built
    return publisher.main(
        [
            "-c",
            str(project.root),
            "-s",
            str(project.sources),
            "--edition",
            edition,
            "--build",
            str(project.build if assemble_only else project.build / "publish"),
            "--public",
            str(project.public),
            *(["--assemble-only"] if assemble_only else []),
        ]
    )


def changes(project: Project, since: str, sphinx_args: list[str]) -> int:
    """The final edition with its appendix of changes since the draft (HTML and PDF)."""
    from ..changes import baseline

    file = project.build / "changes" / "baseline.json"
    status = baseline.main(
        ["--since", since, "-c", str(project.root), "-s", str(project.sources), "--out", str(file)],
        prog="reviewkit changes",
    )
    if status:
        return status

    def work(builds: Builds) -> int:
        steps = [
            Step(
                f"{output} (final edition, changes since {since})",
                project.sphinx(
                    output,
                    "final",
                    project.build / "final" / output,
                    "-D",
                    f"reviewkit_baseline={file}",
                    *sphinx_args,
                ),
            )
            for output in ("html", "pdf")
        ]
        done = run_steps("changes", steps, builds, jobs=1)
        if any(item.failed for item in done):
            return 1
        html = project.build / "final" / "html"
        say("changes", f"{html / 'index.html'}, {html / 'changes.json'}")
        return 0

    return locked("changes", project.build / "final", work)
