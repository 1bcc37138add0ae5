"""The growth curves as SVG: each figure's time over its time at the smallest size.

Both axes are logarithmic, so linear growth is the diagonal drawn as a reference;
a curve above it grows faster than the report. Curves are told apart by their
dash pattern and marker and named at their right end, so the chart reads in black
and white.
"""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 760, 460
LEFT, RIGHT, TOP, BOTTOM = 60, 250, 30, 50
DASHES = ["", "6 3", "2 3", "8 3 2 3", "12 4", "1 2", "4 2 1 2", "10 2 2 2 2 2"]
MARKERS = ["circle", "square", "triangle"]


def chart(results: dict[int, dict], figures: dict[str, tuple[str, str]]) -> str:
    scales = sorted(results)
    low, high = scales[0], scales[-1]
    curves = {
        name: [results[s]["seconds"][name] / results[low]["seconds"][name] for s in scales]
        for name in figures
    }
    top = max(max(max(values) for values in curves.values()), high) * 1.15
    bottom = min(min(min(values) for values in curves.values()), 1.0) / 1.15

    def x(scale: float) -> float:
        span = math.log(high / low) or 1.0
        return LEFT + (WIDTH - LEFT - RIGHT) * math.log(scale / low) / span

    def y(value: float) -> float:
        span = math.log(top / bottom)
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - math.log(value / bottom) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>Growth of each figure from {low}x to {high}x the real report</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for tick in _ticks(bottom, top):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#dddddd"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    for scale in scales:
        parts.append(
            f'<line x1="{x(scale):.1f}" x2="{x(scale):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            'stroke="#dddddd"/>'
            f'<text x="{x(scale):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
            f"{scale}x</text>"
        )
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle">'
        "size of the report (multiples of the real one)</text>"
        f'<text x="14" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2})">'
        f"time / time at {low}x</text>"
    )
    # linear growth, for reference
    parts.append(
        f'<line x1="{x(low):.1f}" y1="{y(1):.1f}" x2="{x(high):.1f}" y2="{y(high / low):.1f}" '
        'stroke="#999999" stroke-width="6" stroke-opacity="0.35"/>'
    )
    labels = [(y(high / low), "linear growth", None)]
    for index, (name, values) in enumerate(curves.items()):
        dash = DASHES[index % len(DASHES)]
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in zip(scales, values, strict=True))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#000000" stroke-width="1.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        marker = MARKERS[index % len(MARKERS)]
        parts += [_marker(marker, x(s), y(v)) for s, v in zip(scales, values, strict=True)]
        labels.append((y(values[-1]), f"{figures[name][0]} ({values[-1]:.1f})", marker))
    parts += _labels(labels, WIDTH - RIGHT + 10)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _ticks(bottom: float, top: float) -> list[float]:
    ticks = []
    for exponent in range(math.floor(math.log10(bottom)), math.ceil(math.log10(top)) + 1):
        for base in (1, 2, 5):
            value = base * 10**exponent
            if bottom <= value <= top:
                ticks.append(value)
    return ticks


def _marker(kind: str, cx: float, cy: float) -> str:
    if kind == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="#000000"/>'
    if kind == "square":
        return (
            f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" '
            'fill="#ffffff" stroke="#000000"/>'
        )
    corners = f"{cx:.1f},{cy - 4.5:.1f} {cx - 4:.1f},{cy + 3:.1f} {cx + 4:.1f},{cy + 3:.1f}"
    return f'<polygon points="{corners}" fill="#000000"/>'


def _labels(labels: list[tuple[float, str, str | None]], left: float) -> list[str]:
    """Names at the curves' ends, moved apart where they would overlap."""
    placed: list[str] = []
    last = -math.inf
    for target, text, marker in sorted(labels):
        where = max(target, last + 14)
        last = where
        if marker:
            placed.append(_marker(marker, left + 4, where - 4))
        placed.append(f'<text x="{left + 14}" y="{where:.1f}">{escape(text)}</text>')
    return placed
