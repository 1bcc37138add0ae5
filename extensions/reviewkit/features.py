"""Features register themselves; the core collects, fingerprints and resolves what they
register without naming any of them.

A feature (the comments appendix, the changes since the draft, the tables, the chart) is
one module whose ``setup`` declares its placeholder nodes here: what a page holding one
shows of the report (so that exactly the pages whose placeholders would read otherwise
are written again) and how the placeholder becomes content when its page is resolved.
It may add a fact to every recommendation block the same way. What a feature derives
from the whole report (comments by target, the comparison with the draft) it attaches to
the :class:`~reviewkit.model.ReportView` when the report is sealed
(:data:`REPORT_SEALED`), once per build.

The registry lives on the application, so a second application in the same process
(a test, ``reviewkit serve``) starts with its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from .model import Numbered, ReportView

#: emitted with the unsealed view once the report is numbered: features attach to it
REPORT_SEALED = "reviewkit-report-sealed"

#: what a page holding the placeholder shows of the report: any value that compares equal
#: exactly when the rewritten placeholder would read the same
Shows = Callable[["ReportView"], Hashable]
#: turns a page's placeholders of one kind into content: (app, doctree, docname, placeholders)
Resolve = Callable[["Sphinx", "nodes.document", str, "list[nodes.Element]"], None]
#: what one recommendation's block shows of a fact: equal exactly when the fact would
#: read the same on that recommendation, so only the pages whose facts changed are written
FactShows = Callable[["ReportView", "Numbered"], Hashable]
#: one fact of a recommendation block, (term, content), or None where it has none
MakeFact = Callable[
    ["Sphinx", "ReportView", "Numbered", str], "tuple[str, list[nodes.Node]] | None"
]


@dataclass(frozen=True)
class Placeholder:
    """A node a directive leaves where a feature's content goes."""

    node_class: type[nodes.Element]
    shows: Shows
    resolve: Resolve

    @property
    def name(self) -> str:
        """How collected documents name it: a plain string pickles with the environment."""
        return self.node_class.__name__


@dataclass(frozen=True)
class Fact:
    """A line a feature adds to the facts of every recommendation block."""

    shows: FactShows
    make: MakeFact


@dataclass
class Features:
    """Every feature's placeholders and facts, in the order the features registered them."""

    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)


def features(app: Sphinx) -> Features:
    """The application's registry (made by this module's ``setup``)."""
    return app.reviewkit_features  # type: ignore[attr-defined]


def register_placeholder(
    app: Sphinx, node_class: type[nodes.Element], *, shows: Shows, resolve: Resolve
) -> None:
    """Declare a feature's placeholder node: what its page shows, and how it resolves."""
    app.add_node(node_class)
    placeholder = Placeholder(node_class, shows, resolve)
    features(app).placeholders[placeholder.name] = placeholder


def register_fact(app: Sphinx, *, shows: FactShows, make: MakeFact) -> None:
    """Declare a fact every recommendation block shows, and what it shows of the report
    on each recommendation."""
    features(app).facts.append(Fact(shows, make))


def setup(app: Sphinx) -> None:
    app.reviewkit_features = Features()  # type: ignore[attr-defined]
    app.add_event(REPORT_SEALED)
