"""An Atom feed (RFC 4287) of what became of the recommendations: one entry per change.

A change is a Board decision that differs from the recommendation's decision before it,
or an implementation status that differs from its status before. Entries are newest
first; each is dated by the files' own dates (never the clock) and named by a ``tag:``
URI (RFC 4151) made of the report's slug and date, the label and the change's date, so
the same data gives the same bytes and a feed reader sees each change once, however
often the feed is written again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .. import vocabulary
from ..model import RECOMMENDATION
from .model import Status

FEED_NAME = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"

#: characters XML 1.0 does not allow, which a pasted spreadsheet cell may hold
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    """One change of one recommendation."""

    id: str
    title: str
    date: str
    link: str
    summary: str
    #: where it sorts among the entries of its date: report order, the Board's first
    order: tuple[int, int]


def feed_xml(
    exported: Sequence[Mapping[str, Any]],
    status: Status,
    *,
    report: Mapping[str, str],
    slug: str,
    words: Any,
    base: str = "",
) -> str:
    """The feed: ``exported`` and ``report`` are the final report's export (its
    recommendations and its ``report`` object), ``words`` the project's settings that name
    a recommendation (``reviewkit_words``, ``reviewkit_recommendation_label``)."""
    authority = f"tag:{slug},{report['date']}:"
    entries = sorted(
        changes(exported, status, authority, words, base),
        key=lambda entry: (reversed_date(entry.date), entry.order),
    )
    updated = status.as_of or report["date"]
    title = vocabulary.FEED_TITLE.format(title=report["title"])
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang={quoteattr(report["language"])}>',
        f"  <id>{authority}status</id>",
        f"  <title>{text(title)}</title>",
        f"  <updated>{timestamp(updated)}</updated>",
        f"  <author><name>{text(report['title'])}</name></author>",
        '  <link rel="alternate" type="text/html" href="index.html"/>',
    ]
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <id>{entry.id}</id>",
            f"    <title>{text(entry.title)}</title>",
            f"    <updated>{timestamp(entry.date)}</updated>",
            f"    <link href={quoteattr(clean(entry.link))}/>",
            f"    <summary>{text(entry.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def changes(
    exported: Sequence[Mapping[str, Any]], status: Status, authority: str, words: Any, base: str
) -> list[Entry]:
    """Every change of every recommendation, in no particular order."""
    entries = []
    for position, (entry, found) in enumerate(zip(exported, status.recommendations, strict=True)):
        name = str(vocabulary.object_name(words, RECOMMENDATION, entry["number"]))
        link, about = base + entry["url"], f"{authority}recommendation/{entry['label']}/"
        before = "awaiting"
        for decision in found.decisions:
            if decision.decision != before:
                word = str(vocabulary.DECISION_WORDS[decision.decision])
                entries.append(
                    Entry(
                        f"{about}board/{decision.date}",
                        vocabulary.BOARD_CHANGE.format(
                            name=name, decision=word, date=decision.date
                        ),
                        decision.date,
                        link,
                        summary(entry["title"], decision.note),
                        (position, 0),
                    )
                )
            before = decision.decision
        previous = None
        for progress in found.implementation:
            if progress.status != previous:
                word = str(vocabulary.STATUS_WORDS[progress.status])
                entries.append(
                    Entry(
                        f"{about}implementation/{progress.date}",
                        vocabulary.IMPLEMENTATION_CHANGE.format(
                            name=name, status=word, date=progress.date
                        ),
                        progress.date,
                        link,
                        summary(entry["title"], progress.note, progress.evidence),
                        (position, 1),
                    )
                )
            previous = progress.status
    return entries


def summary(*parts: str) -> str:
    return " — ".join(" ".join(part.split()) for part in parts if part.strip())


def reversed_date(date: str) -> tuple[int, ...]:
    """Newest first, and the entries of one date in report order."""
    return tuple(-int(part) for part in date.split("-"))


def timestamp(date: str) -> str:
    """The start of the day, in UTC: the files say which day, not when on it."""
    return f"{date}T00:00:00Z"


def clean(value: str) -> str:
    return NOT_XML.sub("", value)


def text(value: str) -> str:
    return escape(clean(value))
