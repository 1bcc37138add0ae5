"""The authors' directives: the four objects and the two parts of a recommendation.

Directives only build doctree nodes from what the author wrote, keeping option
values raw. Validation waits until every document is read (``checks.py``), so
that each problem can name the object's number.
"""

from __future__ import annotations

import itertools
from collections.abc import Container, Iterable
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import nodes as rk_nodes
from .collect import repeated_values
from .model import GROUP, LABEL_PATTERN, RECOMMENDATION, own_anchor

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
        written = written_options(self.block_text, self.lineno, self.option_spec)
        # docutils rejects a repeated option in reStructuredText itself; MyST keeps the
        # last one silently, so the block text is read again
        node["duplicate_options"] = repeated_values(tuple(name for name, _line in written))
        node["option_lines"] = dict(written)  # the last line of each: the one used
        node["anchor"] = self._claim_anchor(node)

        title = self.arguments[0].strip() if self.arguments else ""
        title_nodes, messages = self.parse_inline(title, lineno=self.lineno) if title else ([], [])
        title_node = rk_nodes.object_title(title, "", *title_nodes)
        self.set_source_info(title_node)
        node += title_node
        node += messages
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]

    def _claim_anchor(self, node: nodes.Element) -> str:
        """Give the object an id of its own: its label, or one that nothing else can hold.

        The label is taken when it is free in the document. When a heading, target or
        footnote before the object already has it as its id, the object gets its own
        (``own_anchor``), so that no link meant for the object leads there instead; so does
        an object without a valid label, so that its links lead somewhere. A heading or
        target after the object finds the label taken and gets another id from docutils,
        as a second heading with the same title does.
        """
        document = self.state.document
        label = node["label"]
        anchor = label
        if not LABEL_PATTERN.match(label) or label in document.ids:
            anchor = free_anchor(document.ids, own_anchor(self.kind, label))
        node["ids"].append(anchor)
        document.ids[anchor] = node
        return anchor


def free_anchor(ids: Container[str], base: str) -> str:
    """``base``, or the first of its numbered forms that no element of the document has.

    A base ending in "_" (an object without a valid label) is always numbered: "rec_1".
    """
    if base.endswith("_"):
        candidates: Iterable[str] = (f"{base}{n}" for n in itertools.count(1))
    else:
        candidates = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
    return next(candidate for candidate in candidates if candidate not in ids)


def written_options(block_text: str, lineno: int, names: Iterable[str]) -> list[tuple[str, int]]:
    """Each ``:name:`` option line of a directive block, in order, with its source line.

    Options given otherwise (MyST's YAML block) are not found; problems with them are
    then reported at the directive's own line.
    """
    wanted = set(names)
    written: list[tuple[str, int]] = []
    for offset, line in enumerate(block_text.splitlines()[1:], 1):
        stripped = line.strip()
        if not stripped:
            break
        if stripped.startswith(":"):
            name = stripped[1:].partition(":")[0].strip()
            if name in wanted:
                written.append((name, lineno + offset))
    return written


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
