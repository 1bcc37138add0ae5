"""The benchmark's own parts: the synthetic reports, the edit it times, its measures, its chart."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))

from run import FIGURES, insert_group

from generate import ONE_X, generate, scaled
from growth import chart
from measure import BuildError, run


def build(src: Path, out: Path) -> dict:
    assert build_main(["-b", "html", "-q", "-W", str(src), str(out)]) == 0
    return json.loads((out / "recommendations.json").read_text())


@pytest.fixture(scope="module")
def one_x(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench")
    for variant in ("reviewkit", "baseline", "needs"):
        generate(root / variant, variant, **scaled(1))
    return root


@pytest.mark.slow  # generates and builds a report the size of the real one
def test_one_x_is_the_size_of_the_real_report(one_x, tmp_path):
    export = build(one_x / "reviewkit", tmp_path)
    counts = {name: len(export[name]) for name in ("groups", "recommendations", "findings")}
    assert counts == {"groups": 24, "recommendations": 63, "findings": 100}
    assert len(export["suggestions"]) == ONE_X["suggestions"]
    assert len(list((one_x / "reviewkit").glob("chapter-*.md"))) == 10
    assert scaled(10)["recommendations"] == 630


def test_the_same_seed_writes_the_same_report(one_x, tmp_path):
    generate(tmp_path, "reviewkit", **scaled(1))
    for path in (one_x / "reviewkit").glob("*.md"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


def test_the_three_variants_carry_the_same_text_in_their_own_markup(one_x):
    def sentences(variant: str) -> list[str]:
        text = (one_x / variant / "chapter-03.md").read_text()
        return re.findall(r"^ICANN org should .*$|^The review team found .*$", text, re.M)

    assert sentences("reviewkit")
    assert sentences("reviewkit") == sentences("baseline") == sentences("needs")
    needs = "".join(p.read_text() for p in (one_x / "needs").glob("chapter-*.md"))
    recommendations = re.findall(r"^:{5}\{recommendation\} .*\n:id: .*\n:owners: .*\n", needs, re.M)
    assert len(recommendations) == 63
    assert needs.count(":links: ") == 63 and "{rec}" not in needs
    assert "```{needtable}" in (one_x / "needs" / "summary.md").read_text()
    baseline = "".join(p.read_text() for p in (one_x / "baseline").glob("*.md"))
    assert "{recommendation" not in baseline and "{rec}" not in baseline
    assert "reviewkit" not in (one_x / "baseline" / "conf.py").read_text()


@pytest.mark.slow  # generates and builds a report the size of the real one
def test_a_group_inserted_first_shifts_every_later_number(one_x, tmp_path):
    src = tmp_path / "src"
    generate(src, "reviewkit", **scaled(1))
    before = build(src, tmp_path / "out")
    chapter = src / "chapter-01.md"
    insert_group(chapter, chapter.read_text())
    after = build(src, tmp_path / "out")
    assert len(after["groups"]) == len(before["groups"]) + 1
    assert after["groups"][0]["label"] == "inserted-group"
    numbers = {g["label"]: g["number"] for g in after["groups"]}
    assert all(numbers[g["label"]] == str(int(g["number"]) + 1) for g in before["groups"])


def test_a_measure_gives_cpu_wall_and_the_peak_memory_of_its_own_process():
    grown = run(
        [sys.executable, "-c", "x = bytearray(200_000_000); x[::4096] = b'1' * len(x[::4096])"]
    )
    small = run([sys.executable, "-c", "pass"])
    assert grown.peak_mb > 190 > small.peak_mb  # each its own peak, not the largest so far
    assert grown.cpu > 0 and grown.wall >= grown.cpu / 4


def test_a_failed_build_stops_the_benchmark_with_its_last_lines():
    with pytest.raises(BuildError, match=r"(?s)exit 3.*the reason"):
        run([sys.executable, "-c", "import sys; print('the reason'); sys.exit(3)"])


def test_the_growth_chart_names_every_curve_and_the_linear_reference():
    results = {
        factor: {
            "seconds": {name: factor * (1.0 + index / 10) for index, name in enumerate(FIGURES)}
        }
        for factor in (1, 3, 10)
    }
    svg = ET.fromstring(chart(results, FIGURES))
    texts = [element.text or "" for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    for what, _ in FIGURES.values():
        assert any(text.startswith(what) for text in texts), what
    assert "linear growth" in texts
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}polyline"))) == len(FIGURES)
