"""Draw claims as dots on a time axis, one lane per kind or per source, as a self-contained SVG.

No JavaScript and nothing fetched: the web view works offline, and the picture is plain markup
that a test can read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import NamedTuple

# One colour per claim kind, told apart by people with the common colour blindnesses.
KIND_COLOURS = {"quote": "#0072b2", "reported": "#e69f00", "caption": "#009e73"}
OTHER_COLOUR = "#999999"

WIDTH = 960
LANE_HEIGHT = 30
LABEL_WIDTH = 240
TOP = 34  # room for the legend
AXIS_HEIGHT = 30
RADIUS = 6


class Point(NamedTuple):
    """One claim on the chart."""

    day: dt.date
    lane: str  # the row it is drawn in
    kind: str  # sets its colour
    label: str  # shown on hover
    href: str  # where clicking it goes


def dot_chart(points: Sequence[Point], lanes: Sequence[str], title: str) -> str:
    """Return an SVG with each point at its date in its lane, coloured by kind, linked to its page."""
    height = TOP + LANE_HEIGHT * max(len(lanes), 1) + AXIS_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" class="facts-chart" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    parts += _legend()
    first, last = _range([p.day for p in points])
    x = _scale(first, last)
    row = {lane: i for i, lane in enumerate(lanes)}
    for i, lane in enumerate(lanes):
        y = TOP + LANE_HEIGHT * i + LANE_HEIGHT // 2
        shown = lane if len(lane) <= 34 else lane[:33] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 4}" text-anchor="end"><title>{escape(lane)}</title>'
            f"{escape(shown)}</text>"
            f'<line x1="{LABEL_WIDTH}" x2="{WIDTH - 20}" y1="{y}" y2="{y}" stroke="#ddd"/>'
        )
    axis_y = TOP + LANE_HEIGHT * max(len(lanes), 1)
    parts.append(f'<line x1="{LABEL_WIDTH}" x2="{WIDTH - 20}" y1="{axis_y}" y2="{axis_y}" stroke="#333"/>')
    for day, text in _ticks(first, last):
        parts.append(
            f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{axis_y}" y2="{axis_y + 5}" stroke="#333"/>'
            f'<text x="{x(day):.1f}" y="{axis_y + 18}" text-anchor="middle">{text}</text>'
        )
    seen: Counter[tuple[str, dt.date]] = Counter()
    for p in points:
        # Claims of one day in one lane are spread up and down, then sideways, so each shows.
        k = seen[p.lane, p.day]
        seen[p.lane, p.day] += 1
        y = TOP + LANE_HEIGHT * row[p.lane] + LANE_HEIGHT // 2 + (0, -8, 8)[k % 3]
        cx = x(p.day) + (k // 3) * RADIUS
        colour = KIND_COLOURS.get(p.kind, OTHER_COLOUR)
        parts.append(
            f'<a href="{escape(p.href)}"><circle class="claim" cx="{cx:.1f}" cy="{y}" r="{RADIUS}" '
            f'fill="{colour}" fill-opacity="0.75" stroke="#fff"><title>{escape(p.label)}</title></circle></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> list[str]:
    parts = []
    for i, (kind, colour) in enumerate(KIND_COLOURS.items()):
        left = LABEL_WIDTH + i * 110
        parts.append(
            f'<circle cx="{left + RADIUS}" cy="14" r="{RADIUS}" fill="{colour}"/>'
            f'<text x="{left + 2 * RADIUS + 6}" y="18">{kind}</text>'
        )
    return parts


def _range(days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    if not days:
        today = dt.date.today()
        return today, today + dt.timedelta(days=1)
    first, last = min(days), max(days)
    pad = max((last - first).days // 20, 1)  # dots at the ends stay inside the plot
    return first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)


def _scale(first: dt.date, last: dt.date) -> _Scale:
    return _Scale(first, (WIDTH - 20 - LABEL_WIDTH) / max((last - first).days, 1))


class _Scale(NamedTuple):
    first: dt.date
    per_day: float

    def __call__(self, day: dt.date) -> float:
        return LABEL_WIDTH + (day - self.first).days * self.per_day


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Label years when the range spans several, else months, else days; about ten labels at most."""
    span = (last - first).days
    if span > 3 * 365:
        starts = [dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
        step = max(len(starts) // 10, 1)
        return [(d, str(d.year)) for d in starts[::step]]
    if span > 60:
        months = []
        year, month = first.year, first.month
        while True:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            day = dt.date(year, month, 1)
            if day > last:
                break
            months.append(day)
        step = max(len(months) // 10, 1)
        return [(d, d.strftime("%Y-%m")) for d in months[::step]]
    days = [first + dt.timedelta(days=n) for n in range(1, span)]
    step = max(len(days) // 8, 1)
    return [(d, d.isoformat()) for d in days[::step]]
