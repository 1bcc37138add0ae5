"""ARCHITECTURE.md names every module of the package: the map stays true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "extensions" / "reviewkit"


def modules() -> list[str]:
    return sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "skeleton" not in path.parts
    )


def test_the_architecture_names_every_module_and_no_other() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([a-z_0-9/]+\.py)` \|", text, re.MULTILINE))
    assert "domain.py" in named and "i18n/catalogs.py" in named
    assert sorted(set(modules()) - named) == [], "modules ARCHITECTURE.md does not name"
    assert sorted(named - set(modules())) == [], "ARCHITECTURE.md names modules that are gone"
