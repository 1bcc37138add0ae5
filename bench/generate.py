"""Generate a synthetic review report in three markups: reviewkit, plain MyST, sphinx-needs.

The variants have the same documents and the same text, drawn from one seeded random
generator in the same order; only the markup differs, so comparing their build times
measures what the markup costs:

- ``reviewkit``: recommendation groups, recommendations, findings and suggestions as
  reviewkit directives, with their tables;
- ``baseline``: every directive a plain admonition, every role its label, and the
  tables as static tables with the same rows;
- ``needs``: every object a sphinx-needs ``need`` with the same options (owners,
  priority, consensus, the findings as links) and the tables as ``needtable``.

``scaled(factor)`` gives the sizes of a report ``factor`` times the real one (1x: 24
groups, 63 recommendations, 100 findings, 10 chapters). The same arguments always
give the same files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

VARIANTS = ("baseline", "reviewkit", "needs")
SEED = 2021
#: the real report's size: what 1x means
ONE_X = {"groups": 24, "recommendations": 63, "findings": 100, "chapters": 10, "suggestions": 8}


def scaled(factor: int) -> dict[str, int]:
    return {name: count * factor for name, count in ONE_X.items()}


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
    "Earlier recommendations",
    "Risk management",
    "Business continuity",
    "Security operations",
    "Contractual compliance",
    "DNS abuse",
    "Root server system",
    "Key signing key rollover",
    "Name collisions",
    "Emerging technologies",
    "Budget transparency",
    "Vendor management",
    "Incident response",
    "Registration data",
    "Internal audits",
    "Staff training",
    "Security metrics",
    "Community outreach",
    "Global public interest",
    "Future reviews",
]
ACTIONS = ["publish", "document", "review", "fund", "audit", "define", "adopt", "strengthen"]
OBJECTS = [
    "the incident response process",
    "the key rollover plan",
    "abuse reports per registrar",
    "its business continuity plans",
    "the corporate risk register",
    "name collision data",
    "the budget for security work",
    "the root zone change process",
    "its vendor contracts",
    "the security awareness programme",
    "its disaster recovery tests",
    "compliance audits",
]
PURPOSES = [
    "so that the community can follow its progress",
    "before the next review begins",
    "in a form that can be compared over time",
    "with clear owners and deadlines",
    "and share the results with the community",
    "using recognised industry standards",
]
OBSERVATIONS = [
    "does not track {} consistently",
    "has no written procedure for {}",
    "reported {} as complete without evidence",
    "does not publish {}",
    "reviews {} only when a problem occurs",
    "gave no single team responsibility for {}",
]
SOURCES = [
    "The review team found that ICANN org",
    "Interviews with staff showed that ICANN org",
    "The public record suggests that ICANN org",
    "Community members said that ICANN org",
]
FREQUENCIES = ["every quarter", "once a year", "twice a year", "every month"]
PART_TITLES = {"measures": "Measures of success", "rationale": "Rationale"}
ROLE = re.compile(r"\{(?:rec|finding|suggestion)\}`([^`]*)`")
#: sphinx-needs' directive for each reviewkit object
NEED_TYPES = {
    "recommendation-group": "recgroup",
    "recommendation": "recommendation",
    "finding": "finding",
    "suggestion": "suggestion",
}


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal counts."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def cite(findings: list[str], count: int, rng: random.Random) -> list[list[str]]:
    """The findings each of ``count`` recommendations cites: 1-3, every finding at least once."""
    cited: list[list[str]] = [[] for _ in range(count)]
    for index, label in enumerate(rng.sample(findings, len(findings))):
        cited[index % count].append(label)
    for labels in cited:
        wanted = rng.randint(1, 3)
        others = [label for label in findings if label not in labels]
        while len(labels) < wanted and others:
            labels.append(others.pop(rng.randrange(len(others))))
    return [sorted(labels) for labels in cited]


def rec_label(chapter: int, n: int) -> str:
    return f"c{chapter:02d}-r{n:02d}"


def other_rec(chapter: int, rec_counts: list[int], rng: random.Random) -> str:
    """A {rec} reference to a recommendation of another chapter (of this one if it is alone)."""
    others = [c for c, n in enumerate(rec_counts, 1) if n and c != chapter] or [chapter]
    target = rng.choice(others)
    return f"{{rec}}`{rec_label(target, rng.randint(1, rec_counts[target - 1]))}`"


def directive(
    colons: int, name: str, title: str, options: dict[str, str], body: list[str]
) -> list[str]:
    fence = ":" * colons
    head = [f"{fence}{{{name}}} {title}".rstrip()]
    head += [f":{key}: {value}" for key, value in options.items() if value]
    return [*head, "", *body, fence, ""]


def block(
    variant: str, colons: int, name: str, body: list[str], title: str = "", label: str = ""
) -> list[str]:
    """A reviewkit object or part; in the baseline an admonition with the same title, and
    for sphinx-needs a need (a part, which is no object, an admonition)."""
    if variant == "reviewkit":
        return directive(colons, name, title, {"label": label}, body)
    if variant == "needs" and name in NEED_TYPES:
        return directive(colons, NEED_TYPES[name], title, {"id": label}, body)
    return directive(colons, "admonition", title or PART_TITLES[name], {}, body)


def finding(variant: str, label: str, rng: random.Random) -> list[str]:
    observation = rng.choice(OBSERVATIONS).format(rng.choice(OBJECTS))
    text = [
        f"{rng.choice(SOURCES)} {observation}.",
        f"As a result, nobody can tell whether the work on {rng.choice(OBJECTS)} is effective.",
    ]
    return block(variant, 3, "finding", text, f"ICANN org {observation}", label)


def suggestion(variant: str, label: str, rng: random.Random) -> list[str]:
    action, obj = rng.choice(ACTIONS), rng.choice(OBJECTS)
    text = [f"ICANN org could {action} {obj} {rng.choice(PURPOSES)}."]
    return block(variant, 3, "suggestion", text, f"{action.capitalize()} {obj}", label)


def recommendation(variant: str, label: str, findings: list[str], rng: random.Random) -> list[str]:
    action, obj = rng.choice(ACTIONS), rng.choice(OBJECTS)
    owners = rng.sample(sorted(OWNERS), rng.randint(1, 2))
    priority, consensus = rng.choice(sorted(PRIORITIES)), rng.choice(["", *sorted(CONSENSUS)])
    text = [
        f"{OWNERS[owners[0]]} should {action} {obj} {rng.choice(PURPOSES)}.",
        f"This work should involve the teams that depend on {rng.choice(OBJECTS)}.",
    ]
    if rng.random() < 0.5:
        text.append(f"Progress should be reported {rng.choice(FREQUENCIES)}.")
    measures = [
        f"- Progress on {obj} is published {rng.choice(FREQUENCIES)}.",
        f"- The community reviews {rng.choice(OBJECTS)} {rng.choice(FREQUENCIES)}.",
    ]
    rationale = [
        f"Without this step the problem described in {{finding}}`{findings[0]}` "
        f"remains, and {rng.choice(OBJECTS)} cannot be relied on."
    ]
    body = [
        *text,
        "",
        *block(variant, 4, "measures", measures),
        *block(variant, 4, "rationale", rationale),
    ]
    title = f"{action.capitalize()} {obj}"
    if variant in ("reviewkit", "needs"):
        # the same options; sphinx-needs names the label "id" and the findings "links"
        names = ("label", "findings") if variant == "reviewkit" else ("id", "links")
        options = {
            names[0]: label,
            "owners": ", ".join(owners),
            "priority": priority,
            "consensus": consensus,
            names[1]: ", ".join(findings),
        }
        return directive(5, "recommendation", title, options, body)
    facts = [
        f"Owners: {', '.join(OWNERS[owner] for owner in owners)}",
        "",
        f"Priority: {PRIORITIES[priority]}",
        "",
    ]
    if consensus:
        facts += [f"Consensus: {CONSENSUS[consensus]}", ""]
    facts += [f"Findings: {', '.join(findings)}", ""]
    return directive(5, "admonition", title, {}, [*facts, *body])


def chapter(
    variant: str,
    number: int,
    sizes: tuple[int, int, int, int],
    rec_counts: list[int],
    rng: random.Random,
) -> list[str]:
    recs, groups, findings, suggestions = sizes
    prefix, topic = f"c{number:02d}", TOPICS[(number - 1) % len(TOPICS)]
    lines = [
        f"# {topic}",
        "",
        f"This chapter sets out what the review team found about {topic.lower()}.",
        f"It should be read with {other_rec(number, rec_counts, rng)}, on a related problem.",
        "",
        "## Findings",
        "",
    ]
    labels = [f"{prefix}-f{n:02d}" for n in range(1, findings + 1)]
    for label in labels:
        lines += finding(variant, label, rng)
    cited = cite(labels, recs, rng) if recs else []
    lines += ["## Recommendations", ""]
    done = 0
    for index, size in enumerate((n for n in spread(recs, groups) if n), 1):
        body = [f"The recommendations below address {rng.choice(OBJECTS)}."]
        if index % 3 == 0:
            body.append(f"They complement {other_rec(number, rec_counts, rng)}.")
        body.append("")
        for n in range(done, done + size):
            body += recommendation(variant, rec_label(number, n + 1), cited[n], rng)
        done += size
        lines += block(
            variant,
            6,
            "recommendation-group",
            body,
            f"Improve {rng.choice(OBJECTS)}",
            f"{prefix}-g{index:02d}",
        )
    lines += ["## Suggestions", ""] if suggestions else []
    for n in range(1, suggestions + 1):
        lines += suggestion(variant, f"{prefix}-s{n}", rng)
    return lines


TABLE_PLACEHOLDER = "(table {name})"


#: what a reviewkit table lists, as a needtable
NEEDTABLES = {
    "recommendation-table": ("recommendation", "id;title;owners;priority"),
    "traceability-table": ("finding", "id;title;links_back"),
}


def table(variant: str, name: str) -> list[str]:
    """The table directive; in the baseline a placeholder that ``static_tables`` fills."""
    if variant == "reviewkit":
        return [f"```{{{name}}}", "```", ""]
    if variant == "needs":
        types, columns = NEEDTABLES[name]
        return ["```{needtable}", f":types: {types}", f":columns: {columns}", "```", ""]
    return [TABLE_PLACEHOLDER.format(name=name), ""]


def static_table(title: str, header: list[str], rows: list[list[str]]) -> str:
    """A plain admonition holding a pipe table: what a table directive becomes.

    Pipe tables are the cheapest static table MyST parses, so the baseline pays as
    little as a hand-kept table can for the same rows.
    """
    lines = [
        f":::{{admonition}} {title}",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join([*lines, ":::"])


def static_tables(summary: Path, export: dict) -> None:
    """Fill the baseline's placeholders with the same rows reviewkit's tables show."""
    recommendations = [
        [r["number"], r["title"], ", ".join(o["name"] for o in r["owners"]), r["priority"]["name"]]
        for r in export["recommendations"]
    ]
    traceability = [
        [f"Finding {f['number']}", f["title"], ", ".join(f["recommendations"])]
        for f in export["findings"]
    ]
    text = summary.read_text(encoding="utf-8")
    for name, table_text in (
        (
            "recommendation-table",
            static_table(
                "All recommendations",
                ["Number", "Recommendations", "Owners", "Priority"],
                recommendations,
            ),
        ),
        (
            "traceability-table",
            static_table("Traceability", ["Finding", "Title", "Recommendations"], traceability),
        ),
    ):
        text = text.replace(TABLE_PLACEHOLDER.format(name=name), table_text)
    summary.write_text(text, encoding="utf-8")


def summary(variant: str, rec_counts: list[int]) -> list[str]:
    first, last = rec_label(1, 1), rec_label(len(rec_counts), rec_counts[-1])
    return [
        "# Executive summary",
        "",
        "The review team assessed how ICANN manages the security, stability and resiliency",
        f"of the DNS. Its recommendations run from {{rec}}`{first}` to {{rec}}`{last}`.",
        "",
        "## All recommendations",
        "",
        *table(variant, "recommendation-table"),
        "## Traceability",
        "",
        *table(variant, "traceability-table"),
    ]


def index(chapters: int) -> list[str]:
    return [
        "# Benchmark review report",
        "",
        "A synthetic report for measuring build times.",
        "",
        "```{toctree}",
        ":maxdepth: 2",
        "",
        "summary",
        *(f"chapter-{n:02d}" for n in range(1, chapters + 1)),
        "```",
    ]


#: the languages of the summary, as in the real report
TRANSLATIONS = ["ar", "es", "fr", "ru", "zh_CN"]


def conf_py(variant: str) -> str:
    lines = [
        'project = "Benchmark review report"',
        'author = "Benchmark Review Team"',
        'myst_enable_extensions = ["colon_fence"]',
    ]
    if variant == "baseline":
        return "\n".join([*lines, 'extensions = ["myst_parser"]']) + "\n"
    if variant == "needs":
        types = [
            {"directive": directive, "title": kind.replace("-", " ").capitalize(), "prefix": ""}
            for kind, directive in NEED_TYPES.items()
        ]
        lines += [
            'extensions = ["myst_parser", "sphinx_needs"]',
            'needs_id_regex = r"^[a-z0-9-]+$"',
            f"needs_types = {types!r}",
            'needs_fields = {name: {"nullable": True} for name in ("owners", "priority", '
            '"consensus")}',
        ]
        return "\n".join(lines) + "\n"
    lines += [
        'extensions = ["myst_parser", "reviewkit"]',
        f"reviewkit_owners = {OWNERS!r}",
        'reviewkit_recommendation_label = "SSR2 Recommendation"',
        'reviewkit_date = "2021-01-25"',
        'reviewkit_slug = "bench"',
        'reviewkit_summary = "summary"',
        f"reviewkit_translations = {TRANSLATIONS!r}",
        'locale_dirs = ["locale"]',
        "gettext_compact = False",
        "gettext_location = False",
        "gettext_uuid = False",
    ]
    return "\n".join(lines) + "\n"


def generate(
    root: Path,
    variant: str,
    recommendations: int = 63,
    groups: int = 24,
    findings: int = 100,
    chapters: int = 10,
    suggestions: int = 8,
) -> None:
    """Write a complete Sphinx project of this size and variant into ``root``."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    if not chapters <= groups <= recommendations:
        raise ValueError("give at least a group per chapter and a recommendation per group")
    rng = random.Random(SEED)
    rec_counts = spread(recommendations, chapters)
    sizes = zip(
        rec_counts,
        spread(groups, chapters),
        spread(findings, chapters),
        spread(suggestions, chapters),
        strict=True,
    )
    pages = {"index": index(chapters), "summary": summary(variant, rec_counts)}
    for number, size in enumerate(sizes, 1):
        pages[f"chapter-{number:02d}"] = chapter(variant, number, size, rec_counts, rng)
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf_py(variant), encoding="utf-8")
    for name, lines in pages.items():
        text = "\n".join(lines).rstrip("\n") + "\n"
        if variant == "baseline":
            text = ROLE.sub(r"\1", text)  # a role becomes its label
        elif variant == "needs":
            text = ROLE.sub(r"{need}`\1`", text)
        (root / f"{name}.md").write_text(text, encoding="utf-8")
