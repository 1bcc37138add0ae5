"""The authors' directives: the four objects and the two parts of a recommendation.

Directives only build doctree nodes from what the author wrote, keeping option
values raw. Validation waits until every document is read (``checks.py``), so
that each problem can name the object's number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import nodes as rk_nodes
from .model import GROUP, LABEL_PATTERN, RECOMMENDATION

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: options every object takes
COMMON_OPTIONS = {"label": directives.unchanged}
RECOMMENDATION_OPTIONS = {
    **COMMON_OPTIONS,
    "owners": directives.unchanged,
    "priority": directives.unchanged,
    "findings": directives.unchanged,
    "consensus": directives.unchanged,
}


class ObjectDirective(SphinxDirective):
    """A numbered object: a title argument, a ``:label:`` and a body."""

    kind: ClassVar[str]
    has_content = True
    required_arguments = 0  # an empty title gets reviewkit's own message, not docutils'
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = COMMON_OPTIONS

    def run(self) -> list[nodes.Node]:
        node = rk_nodes.OBJECT_NODES[self.kind]()
        self.set_source_info(node)
        node["kind"] = self.kind
        for name in self.option_spec:
            node[name] = self.options.get(name, "").strip()
        node["duplicate_options"] = self._duplicate_options()
        label = node["label"]
        if LABEL_PATTERN.match(label) and label not in self.state.document.ids:
            node["ids"].append(label)
            self.state.document.ids[label] = node

        title = self.arguments[0].strip() if self.arguments else ""
        title_nodes, messages = self.parse_inline(title, lineno=self.lineno) if title else ([], [])
        title_node = rk_nodes.object_title(title, "", *title_nodes)
        self.set_source_info(title_node)
        node += title_node
        node += messages
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]

    def _duplicate_options(self) -> list[str]:
        """Option names written more than once in the directive block.

        docutils rejects a repeated option in reStructuredText itself; MyST keeps the
        last one silently, so the block text is read again here.
        """
        seen: set[str] = set()
        repeated: list[str] = []
        for line in self.block_text.splitlines()[1:]:
            stripped = line.strip()
            if not stripped:
                break
            if not stripped.startswith(":"):
                continue
            name = stripped[1:].partition(":")[0].strip()
            if name in self.option_spec:
                if name in seen and name not in repeated:
                    repeated.append(name)
                seen.add(name)
        return repeated


class GroupDirective(ObjectDirective):
    kind = GROUP


class RecommendationDirective(ObjectDirective):
    kind = RECOMMENDATION
    option_spec: ClassVar[dict] = RECOMMENDATION_OPTIONS


class FindingDirective(ObjectDirective):
    kind = "finding"


class SuggestionDirective(ObjectDirective):
    kind = "suggestion"


class PartDirective(SphinxDirective):
    """``measures`` and ``rationale``: required parts of a recommendation."""

    part: ClassVar[str]
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = rk_nodes.object_part(part=self.part)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class MeasuresDirective(PartDirective):
    part = "measures"


class RationaleDirective(PartDirective):
    part = "rationale"


def setup(app: Sphinx) -> None:
    app.add_directive("recommendation-group", GroupDirective)
    app.add_directive("recommendation", RecommendationDirective)
    app.add_directive("finding", FindingDirective)
    app.add_directive("suggestion", SuggestionDirective)
    app.add_directive("measures", MeasuresDirective)
    app.add_directive("rationale", RationaleDirective)
