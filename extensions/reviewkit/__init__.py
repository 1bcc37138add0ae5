"""reviewkit: numbered recommendations, findings and suggestions for review reports.

``setup`` only wires the rooms together; each module owns one concern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    # imported here, not when the package is: the reviewkit command starts without the
    # whole Sphinx stack (its --help, its usage errors, Ctrl-C while it starts)
    from . import (  # i18n before pdf: the PDF builder and i18n import each other
        changes,
        chart,
        checks,
        collect,
        comment_period,
        comments,
        config,
        directives,
        domain,
        editions,
        export,
        features,
        figures,
        i18n,
        nodes,
        pdf,
        render,
        rewrite,
        search,
        sources,
        status,
        tables,
        theme,
        vocabulary,
    )

    for module in (
        features,
        config,
        vocabulary,
        nodes,
        domain,
        directives,
        sources,
        tables,
        chart,
        figures,
        collect,
        render,
        rewrite,
        checks,
        comments,
        changes,
        status,
        export,
        editions,
        comment_period,
        pdf,
        i18n,
        search,
        theme,
    ):
        module.setup(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
