"""The machine-readable list of recommendations (SPEC section 4): JSON and CSV.

Written at the root of every HTML build's output from the numbered report, the
same model the pages show. Files are written whole or not at all, and the same
sources give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import vocabulary
from .dates import report_date
from .domain import get_domain
from .editions import edition
from .model import Recommendation, Report, ReviewObject, Text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

SCHEMA_VERSION = 1
JSON_NAME = "recommendations.json"
CSV_NAME = "recommendations.csv"
CSV_FIELDS = (
    "number",
    "label",
    "group",
    "title",
    "text",
    "owners",
    "owner_keys",
    "priority",
    "priority_key",
    "consensus",
    "consensus_key",
    "measures",
    "rationale",
    "findings",
    "source_file",
    "source_line",
    "url",
)


class Exporter:
    def __init__(self, app: Sphinx, builder: Builder, report: Report) -> None:
        self.app = app
        self.config = app.config
        self.builder = builder
        self.report = report
        self._source_files: dict[str, str] = {}

    def text(self, text: Text) -> str:
        return vocabulary.shown_text(self.config, self.report, text)

    def title(self, obj: ReviewObject) -> str:
        return vocabulary.shown_title(self.config, self.report, obj)

    def url(self, docname: str, anchor: str) -> str:
        return f"{self.builder.get_target_uri(docname)}#{anchor}"

    def source(self, obj: ReviewObject) -> dict[str, Any]:
        return {"file": self.source_file(obj.location.docname), "line": obj.location.line}

    def source_file(self, docname: str) -> str:
        """The document's path as the team sees it: from the folder of conf.py; worked out
        once per document by this exporter."""
        if docname not in self._source_files:
            self._source_files[docname] = self._relative_source(docname)
        return self._source_files[docname]

    def _relative_source(self, docname: str) -> str:
        path = Path(self.app.env.doc2path(docname))
        try:
            return path.relative_to(self.app.confdir).as_posix()
        except ValueError:
            return path.relative_to(self.app.srcdir).as_posix()

    def data(self) -> dict[str, Any]:
        report, config = self.report, self.config
        groups = [
            {
                "number": group.number,
                "label": group.label,
                "title": self.title(group.obj),
                "url": self.url(group.docname, group.anchor),
                "recommendations": [r.number for r in report.members.get(group.obj.key, [])],
            }
            for group in report.groups
        ]
        recommendations = []
        for numbered in report.recommendations:
            rec = numbered.obj
            assert isinstance(rec, Recommendation)
            group = report.group_of(numbered)
            recommendations.append(
                {
                    "number": numbered.number,
                    "label": rec.label,
                    "group": group.number if group is not None else None,
                    "title": self.title(rec),
                    "text": self.text(rec.text),
                    "owners": [
                        {"key": key, "name": name}
                        for key, name in zip(
                            rec.owners, vocabulary.owner_names(config, rec.owners), strict=True
                        )
                    ],
                    "priority": {
                        "key": rec.priority,
                        "name": vocabulary.priority_name(config, rec.priority),
                    },
                    "consensus": (
                        {
                            "key": rec.consensus,
                            "name": vocabulary.consensus_name(config, rec.consensus),
                        }
                        if rec.consensus
                        else None
                    ),
                    "measures": [self.text(m) for m in rec.measures or ()],
                    "rationale": self.text(rec.rationale or ()),
                    "findings": list(rec.findings),
                    "source": self.source(rec),
                    "url": self.url(numbered.docname, numbered.anchor),
                }
            )
        findings = [
            {
                "number": finding.number,
                "label": finding.label,
                "title": self.title(finding.obj),
                "text": self.text(finding.obj.text),
                "recommendations": [r.number for r in report.cited_by.get(finding.label, [])],
                "source": self.source(finding.obj),
                "url": self.url(finding.docname, finding.anchor),
            }
            for finding in report.findings
        ]
        suggestions = [
            {
                "number": suggestion.number,
                "label": suggestion.label,
                "title": self.title(suggestion.obj),
                "text": self.text(suggestion.obj.text),
                "url": self.url(suggestion.docname, suggestion.anchor),
            }
            for suggestion in report.suggestions
        ]
        return {
            "schema_version": SCHEMA_VERSION,
            "report": {
                "title": config.reviewkit_title or config.project,
                "edition": edition(self.app),
                "language": config.language or "en",
                "date": report_date(config),
            },
            "groups": groups,
            "recommendations": recommendations,
            "findings": findings,
            "suggestions": suggestions,
        }


def to_json(data: dict[str, Any]) -> str:
    """JSON with one object per line: quick to write, and a diff shows what changed."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    for index, (key, value) in enumerate(data.items()):
        comma = "," if index < len(data) - 1 else ""
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {dump(item)}" for item in value)
            lines.append(f"  {dump(key)}: [\n{items}\n  ]{comma}")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): these first,
#: after any spaces, or their full-width forms, which some spreadsheets read the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: ... or these very first, which a spreadsheet skips before looking for a formula.
FORMULA_LEADS = ("\t", "\r")


def spreadsheet_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs.

    A cell that would start a formula gets a leading single quote, which spreadsheets
    take as "this is text"; every other cell is written as it is. Only the CSV does
    this: the JSON is data and keeps every text exactly.
    """
    text = str(value)
    if text.startswith(FORMULA_LEADS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_rows(data: dict[str, Any]) -> Iterator[dict[str, object]]:
    """One row per recommendation, its lists joined with "; "."""
    for rec in data["recommendations"]:
        consensus = rec["consensus"] or {"key": "", "name": ""}
        yield {
            "number": rec["number"],
            "label": rec["label"],
            "group": rec["group"] or "",
            "title": rec["title"],
            "text": rec["text"],
            "owners": "; ".join(o["name"] for o in rec["owners"]),
            "owner_keys": "; ".join(o["key"] for o in rec["owners"]),
            "priority": rec["priority"]["name"],
            "priority_key": rec["priority"]["key"],
            "consensus": consensus["name"],
            "consensus_key": consensus["key"],
            "measures": "; ".join(rec["measures"]),
            "rationale": rec["rationale"],
            "findings": "; ".join(rec["findings"]),
            "source_file": rec["source"]["file"],
            "source_line": rec["source"]["line"],
            "url": rec["url"],
        }


def to_csv(data: dict[str, Any]) -> str:
    """The CSV, every cell safe to open in a spreadsheet; rows end in "\n".

    Each row is formatted as RFC 4180 ends it, with "\r\n", because only then does the
    csv module quote a cell holding a carriage return (with "\n", such a cell would split
    its row in two); the row's own "\r\n" is then written as "\n".
    """
    lines = []
    row = io.StringIO()
    writer = csv.writer(row, lineterminator="\r\n")
    for values in [CSV_FIELDS, *([rec[name] for name in CSV_FIELDS] for rec in csv_rows(data))]:
        row.seek(0)
        row.truncate()
        writer.writerow([spreadsheet_cell(value) for value in values])
        lines.append(row.getvalue().removesuffix("\r\n") + "\n")
    return "".join(lines)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write the whole file or leave the old one: readers never see half an export."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if (
        exception is not None
        or app.builder.format != "html"
        or not getattr(app.builder, "reviewkit_export", True)
    ):
        return
    domain = get_domain(app.env)
    outdir = Path(app.outdir)
    stamp = Path(app.doctreedir) / f"reviewkit-export-{app.builder.name}.sha256"
    digest = export_digest(app, domain.data["report_digest"])
    exported = (outdir / JSON_NAME).is_file() and (outdir / CSV_NAME).is_file()
    if exported and stamp.is_file() and stamp.read_text() == digest:
        return  # the files already hold exactly this export
    data = Exporter(app, app.builder, domain.report).data()
    write_atomically(outdir / JSON_NAME, to_json(data))
    write_atomically(outdir / CSV_NAME, to_csv(data))
    write_atomically(stamp, digest)


def export_digest(app: Sphinx, report_digest: str) -> str:
    """What the export depends on: the report, and the settings it shows beside it."""
    config = app.config
    context = (
        report_digest,
        SCHEMA_VERSION,
        edition(app),
        str(app.outdir),
        config.language,
        config.reviewkit_title or config.project,
        report_date(config),
        sorted(config.reviewkit_owners.items()),
        sorted(config.reviewkit_priorities.items()),
        sorted(config.reviewkit_consensus_levels.items()),
        config.reviewkit_recommendation_label,
    )
    return hashlib.sha256(repr(context).encode()).hexdigest()


def setup(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
