"""Generate a large synthetic review report, with reviewkit or as plain MyST admonitions.

Both variants carry the same text in the same documents; only the markup differs, so
their build times compare what reviewkit costs. The output is the same on every run.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

VARIANTS = ("baseline", "reviewkit")
OWNERS = {
    "icann-board": "ICANN Board",
    "icann-org": "ICANN org",
    "gnso": "Generic Names Supporting Organization (GNSO)",
    "ccnso": "Country Code Names Supporting Organization (ccNSO)",
    "ssac": "Security and Stability Advisory Committee (SSAC)",
    "rssac": "Root Server System Advisory Committee (RSSAC)",
    "gac": "Governmental Advisory Committee (GAC)",
    "alac": "At-Large Advisory Committee (ALAC)",
}
PRIORITIES = {"high": "High", "medium": "Medium", "low": "Low"}
CONSENSUS = {"full": "Full consensus", "consensus": "Consensus", "divergence": "Divergence"}
TOPICS = [
    "Implementation of earlier recommendations", "Risk management", "Business continuity",
    "Security operations", "Contractual compliance", "DNS abuse", "Root server system",
    "Key signing key rollover", "Name collisions", "Emerging identifier technologies",
    "Budget transparency", "Vendor management", "Incident response", "Registration data",
    "Internal audits", "Staff training", "Security metrics", "Community outreach",
    "Global public interest", "Future reviews",
]
ACTIONS = ["publish", "document", "review", "fund", "audit", "define", "adopt", "strengthen"]
OBJECTS = [
    "the incident response process", "the key rollover plan", "abuse reports per registrar",
    "its business continuity plans", "the corporate risk register", "name collision data",
    "the budget for security work", "the root zone change process", "its vendor contracts",
    "the security awareness programme", "its disaster recovery tests", "compliance audits",
]
PURPOSES = [
    "so that the community can follow its progress", "before the next review begins",
    "in a form that can be compared over time", "with clear owners and deadlines",
    "and share the results with the community", "using recognised industry standards",
]
OBSERVATIONS = [
    "does not track {obj} consistently", "has no written procedure for {obj}",
    "reported {obj} as complete without evidence", "does not publish {obj}",
    "reviews {obj} only when a problem occurs", "gave no single team responsibility for {obj}",
]
SOURCES = [
    "The review team found that ICANN org", "Interviews with staff showed that ICANN org",
    "The public record suggests that ICANN org", "Several community members said that ICANN org",
]
FREQUENCIES = ["every quarter", "once a year", "twice a year", "every month"]


@dataclass
class Finding:
    label: str
    title: str
    text: list[str]


@dataclass
class Recommendation:
    label: str
    title: str
    owners: list[str]
    priority: str
    consensus: str
    findings: list[str]
    text: list[str]
    measures: list[str]
    rationale: str


@dataclass
class Group:
    label: str
    title: str
    intro: str
    members: list[Recommendation]


@dataclass
class Chapter:
    name: str
    title: str
    intro: str
    findings: list[Finding]
    groups: list[Group]
    suggestions: list[Finding]


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal counts."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def group_sizes(count: int, rng: random.Random) -> list[int]:
    sizes = []
    while count > 0:
        size = count if count <= 3 else 2 if count == 4 else rng.choice((2, 3))
        sizes.append(size)
        count -= size
    return sizes


def cap(text: str) -> str:
    return text[0].upper() + text[1:]


def rec_label(chapter: int, n: int) -> str:
    return f"c{chapter:02d}-r{n:02d}"


def other_rec(chapter: int, counts: list[int], rng: random.Random) -> str | None:
    """A {rec} reference to a recommendation in another chapter, if there is one."""
    others = [c for c, n in enumerate(counts, 1) if c != chapter and n]
    if not others:
        return None
    target = rng.choice(others)
    return f"{{rec}}`{rec_label(target, rng.randint(1, counts[target - 1]))}`"


def make_finding(label: str, rng: random.Random) -> Finding:
    obj = rng.choice(OBJECTS)
    observation = rng.choice(OBSERVATIONS).format(obj=obj)
    return Finding(label, cap(observation.replace("ICANN org ", "")), [
        f"{rng.choice(SOURCES)} {observation}.",
        f"As a result, nobody can tell whether {rng.choice(OBJECTS)} works as intended.",
    ])


def cite(findings: list[str], count: int, rng: random.Random) -> list[list[str]]:
    """Findings cited by each of ``count`` recommendations: 1-3 each, every finding once or more."""
    shuffled = rng.sample(findings, len(findings))
    cited: list[list[str]] = [[] for _ in range(count)]
    for index, label in enumerate(shuffled):
        cited[index % count].append(label)
    for labels in cited:
        extra = [f for f in findings if f not in labels]
        while len(labels) < rng.randint(1, 3) and extra:
            labels.append(extra.pop(rng.randrange(len(extra))))
    return [sorted(labels) for labels in cited]


def make_recommendation(label: str, findings: list[str], rng: random.Random) -> Recommendation:
    action, obj = rng.choice(ACTIONS), rng.choice(OBJECTS)
    owners = rng.sample(sorted(OWNERS), rng.randint(1, 2))
    text = [
        f"{cap(OWNERS[owners[0]])} should {action} {obj} {rng.choice(PURPOSES)}.",
        f"This work should involve the teams that depend on {rng.choice(OBJECTS)}.",
    ]
    if rng.random() < 0.5:
        text.append(f"Progress should be reported {rng.choice(FREQUENCIES)}.")
    return Recommendation(
        label=label,
        title=cap(f"{action} {obj}"),
        owners=owners,
        priority=rng.choice(sorted(PRIORITIES)),
        consensus=rng.choice(["", *sorted(CONSENSUS)]),
        findings=findings,
        text=text,
        measures=[
            f"{cap(obj)} is published and updated {rng.choice(FREQUENCIES)}.",
            f"The community reviews {rng.choice(OBJECTS)} {rng.choice(FREQUENCIES)}.",
        ],
        rationale=f"Without this step the problem described in {{finding}}`{findings[0]}` "
                  f"will remain, and {rng.choice(OBJECTS)} cannot be trusted.",
    )
