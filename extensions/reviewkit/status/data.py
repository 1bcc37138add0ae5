"""``status.json``: the Board's decisions and the implementation, as data (SPEC section 10).

Each recommendation is named as the final report's export names it (number, label,
title, link), in the report's order, so a reader of the data finds it in the report;
the same export and files give the same bytes. The schema ships beside the package as
``schema/status.schema.json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..export import to_json
from .model import Status

SCHEMA_VERSION = 1
JSON_NAME = "status.json"
SCHEMA_NAME = "status.schema.json"
SCHEMA = Path(__file__).parent.parent / "schema" / SCHEMA_NAME


def pdf_name(slug: str) -> str:
    """The status PDF's name: ``ssr2-status.pdf`` beside the report's ``ssr2.pdf``."""
    return f"{slug}-status.pdf"


def status_data(
    exported: Sequence[Mapping[str, Any]], status: Status, base: str = ""
) -> dict[str, Any]:
    """status.json's content: ``exported`` is the export's recommendations, in the same
    order as ``status.recommendations``; ``base`` goes before each link, which the export
    writes relative to the report's folder (``../final/`` from a status folder beside it)."""
    recommendations = []
    for entry, found in zip(exported, status.recommendations, strict=True):
        recommendations.append(
            {
                "number": entry["number"],
                "label": entry["label"],
                "title": entry["title"],
                "url": base + entry["url"],
                "decision": found.decision,
                "decisions": [
                    {"date": d.date, "decision": d.decision, "note": d.note}
                    for d in found.decisions
                ],
                "status": found.status,
                "priority": found.priority,
                "implementation": [
                    {
                        "date": p.date,
                        "status": p.status,
                        "priority": p.priority or None,
                        "note": p.note,
                        "evidence": p.evidence,
                    }
                    for p in found.implementation
                ],
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": status.as_of,
        "board_actions": [
            {"date": a.date, "resolution": a.resolution, "url": a.url, "counts": a.counts}
            for a in status.board_actions
        ],
        "recommendations": recommendations,
    }


def status_json(data: dict[str, Any]) -> str:
    """One object per line, as the export writes its own: a diff shows what changed."""
    return to_json(data)
