"""The same recommendation in MyST colon fences, MyST backtick fences and reStructuredText
renders the same HTML, kept as a stored expectation."""

from __future__ import annotations

import io
import re

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import CONF, write_project

COLON = """\
# Report

:::{finding} Status is unknown
:label: f-status

Nobody knows.
:::

::::::{recommendation-group} Finish the work
:label: finish

:::::{recommendation} Publish a *status* page
:label: status-page
:owners: org, board
:priority: high
:consensus: full
:findings: f-status

The Organisation should publish it; see {finding}`f-status`.

::::{measures}
- A page exists.
- It is updated.
::::

::::{rationale}
Readers cannot see progress.
::::
:::::
::::::
"""

BACKTICK = """\
# Report

```{finding} Status is unknown
:label: f-status

Nobody knows.
```

``````{recommendation-group} Finish the work
:label: finish

`````{recommendation} Publish a *status* page
:label: status-page
:owners: org, board
:priority: high
:consensus: full
:findings: f-status

The Organisation should publish it; see {finding}`f-status`.

````{measures}
- A page exists.
- It is updated.
````

````{rationale}
Readers cannot see progress.
````
`````
``````
"""

REST = """\
Report
======

.. finding:: Status is unknown
   :label: f-status

   Nobody knows.

.. recommendation-group:: Finish the work
   :label: finish

   .. recommendation:: Publish a *status* page
      :label: status-page
      :owners: org, board
      :priority: high
      :consensus: full
      :findings: f-status

      The Organisation should publish it; see :finding:`f-status`.

      .. measures::

         - A page exists.
         - It is updated.

      .. rationale::

         Readers cannot see progress.
"""


def body_of(app) -> str:
    html = (app.outdir / "index.html").read_text()
    start = html.index('<section id="report">')
    end = html.index("</section>\n\n\n", start)
    return re.sub(r"\n+", "\n", html[start:end])


@pytest.fixture
def rendered(tmp_path):
    def render(name: str, text: str) -> str:
        srcdir = write_project(tmp_path / name.replace(".", "-"), {name: text}, CONF)
        app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
        assert app._warning.getvalue() == ""
        return body_of(app)

    return render


def test_colon_fences_render_as_expected(rendered, file_regression):
    file_regression.check(rendered("index.md", COLON), extension=".html")


@pytest.mark.parametrize(
    ("name", "text"),
    [("index.md", BACKTICK), ("index.rst", REST)],
    ids=["myst-backticks", "restructuredtext"],
)
def test_other_syntaxes_render_the_same(rendered, name, text):
    colon = rendered("index.md", COLON)
    assert rendered(name, text) == colon
