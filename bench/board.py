"""The status of the Board's decisions and the implementation (SPEC section 10).

On the 1x synthetic report's final export (63 recommendations), with five Board
actions, ``python -m reviewkit.status`` writes the page, the PDF, status.json and the
feed: once with a review's first years of quarterly reports (about 200 rows) and
once with 10,000 implementation rows, a review followed for decades. What it adds
to a publish is measured as the publish spends it: beside the report's PDF build
(which takes one core), as the PDF build's wall clock with and without it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pdf
from measure import Run, best, run

ACTIONS = ("2021-07-22", "2022-05-01", "2022-11-16", "2023-09-10", "2024-06-08")
#: what it may cost: seconds of wall clock
GOALS = {"added_to_publish": 1.0, "rows_10000": 5.0}


def board_csv(labels: list[str]) -> str:
    """Every recommendation decided at the first action, a third held pending; those
    decided over the next four actions."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("date", "resolution", "url", "recommendation", "decision", "note"))
    for index, label in enumerate(labels):
        first = ("approved", "pending", "rejected")[index % 3]
        row = (ACTIONS[0], "2021.07.22.13", "https://example.org/r1", label, first)
        writer.writerow((*row, "held for a cost estimate" if first == "pending" else ""))
        if first == "pending":
            later = ACTIONS[1 + index % 4]
            writer.writerow((later, f"r{later}", "", label, "approved", "costed"))
    return out.getvalue()


def implementation_csv(labels: list[str], rows: int) -> str:
    """``rows`` reports on the recommendations approved at the first action, one per
    recommendation a day after the last action, in progress until each one's last."""
    approved = labels[::3]
    start = datetime.date.fromisoformat(ACTIONS[-1]) + datetime.timedelta(days=1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("date", "recommendation", "status", "priority", "note", "evidence"))
    last = {label: n for n, label in ((n, approved[n % len(approved)]) for n in range(rows))}
    for n in range(rows):
        label = approved[n % len(approved)]
        day = (start + datetime.timedelta(days=n // len(approved))).isoformat()
        done = last[label] == n
        writer.writerow(
            (
                day,
                label,
                "complete" if done else "in-progress",
                f"P{1 + n % 4}",
                f"Quarterly report {n // len(approved) + 1} on {label}.",
                "https://example.org/evidence" if done else "",
            )
        )
    return out.getvalue()


def project(folder: Path, src: Path, export: Path, rows: int) -> Path:
    """The report's conf.py, naming the two files, beside them."""
    labels = [entry["label"] for entry in json.loads(export.read_text())["recommendations"]]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "board.csv").write_text(board_csv(labels), encoding="utf-8")
    (folder / "impl.csv").write_text(implementation_csv(labels, rows), encoding="utf-8")
    (folder / "conf.py").write_text(
        (src / "conf.py").read_text(encoding="utf-8")
        + '\nreviewkit_board_actions = "board.csv"\nreviewkit_implementation = "impl.csv"\n',
        encoding="utf-8",
    )
    return folder


def status_command(folder: Path, export: Path) -> list[str]:
    command = [sys.executable, "-m", "reviewkit.status", "-c", str(folder), "-s", str(folder)]
    return [*command, "--export", str(export), "--out", str(folder / "status")]


def beside(src: Path, out: Path, command: list[str]) -> Run:
    """The report's PDF build, with ``command`` running beside it as publish runs it."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        return pdf.build(src, out)
    finally:
        _, err = process.communicate()
        if process.returncode:
            raise SystemExit(f"the status beside the PDF failed:\n{err.decode()[-2000:]}")


def measure(work: Path, src: Path, export: Path, repeat: int) -> dict[str, float]:
    """The figures, each the best of ``repeat`` runs, interleaved."""
    small = project(work / "status-63", src, export, 200)
    large = project(work / "status-10000", src, export, 10_000)
    runs: dict[str, list[Run]] = {"small": [], "large": [], "pdf": [], "pdf_beside": []}
    for _ in range(repeat):
        runs["small"].append(run(status_command(small, export)))
        runs["large"].append(run(status_command(large, export)))
        runs["pdf"].append(pdf.build(src, work / "status-pdf"))
        runs["pdf_beside"].append(beside(src, work / "status-pdf", status_command(small, export)))
    found = {name: best(found) for name, found in runs.items()}
    return {
        "rows_200_cpu": found["small"].cpu,
        "rows_200_wall": found["small"].wall,
        "rows_10000_cpu": found["large"].cpu,
        "rows_10000": found["large"].wall,
        "pdf_wall": found["pdf"].wall,
        "pdf_beside_wall": found["pdf_beside"].wall,
        "added_to_publish": max(0.0, found["pdf_beside"].wall - found["pdf"].wall),
    }


def summary(figures: dict[str, float]) -> str:
    def verdict(key: str) -> str:
        return "met" if figures[key] <= GOALS[key] else "MISSED"

    return (
        "status of the Board's decisions and the implementation (63 recommendations, "
        "5 Board actions; page, PDF, status.json, feed):\n"
        f"  200 rows: {figures['rows_200_wall']:.2f} s wall, {figures['rows_200_cpu']:.2f} s CPU"
        f"; the report's PDF {figures['pdf_wall']:.2f} s wall alone, "
        f"{figures['pdf_beside_wall']:.2f} s with the status beside it\n"
        f"  {'added to publish':<44}{figures['added_to_publish']:9.3f}  goal <= "
        f"{GOALS['added_to_publish']:g}   {verdict('added_to_publish')}\n"
        f"  {'10,000 implementation rows (s wall)':<44}{figures['rows_10000']:9.3f}  goal <= "
        f"{GOALS['rows_10000']:g}   {verdict('rows_10000')}"
    )
