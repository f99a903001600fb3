"""`facts timeline`: a speaker's claims counted by day, month or year, drawn as bars coloured by kind."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from facts.store.records import ClaimRecord

if TYPE_CHECKING:  # rich is imported when a chart is drawn: `facts --help` loads this module
    from rich.table import Table

KINDS = ("quote", "reported", "caption", "transcript")
# The web view's colours (facts/web/chart.py), in the terminal's names.
KIND_STYLES = {"quote": "blue", "reported": "yellow", "caption": "green", "transcript": "magenta"}
# Each kind has its own shade too, so the bars read without colour (NO_COLOR, a printout).
KIND_MARKS = {"quote": "█", "reported": "▓", "caption": "░", "transcript": "▒"}
BAR_WIDTH = 50


class Period(StrEnum):
    """How long each bar of a timeline is."""

    auto = "auto"
    day = "day"
    month = "month"
    year = "year"


def count_by_period(claims: Iterable[ClaimRecord], period: Period) -> list[dict[str, Any]]:
    """Count claims by period and kind, every period from the first claim's to the last's included.

    With Period.auto, days for a span of up to 60 days, months up to three years, else years.
    """
    days: Counter[tuple[str, str]] = Counter()
    for claim in claims:
        if claim["date"] is not None:  # a stored claim always has one; a proposal may not
            days[claim["date"], claim["kind"]] += 1
    if not days:
        return []
    first = dt.date.fromisoformat(min(d for d, _ in days))
    last = dt.date.fromisoformat(max(d for d, _ in days))
    if period is Period.auto:
        span = (last - first).days
        period = Period.day if span <= 60 else Period.month if span <= 3 * 366 else Period.year
    width = {Period.day: 10, Period.month: 7, Period.year: 4}[period]
    counts: dict[str, Counter[str]] = {key: Counter() for key in _periods(first, last, period)}
    for (day, kind), n in days.items():
        counts[day[:width]][kind] += n
    return [
        {"period": key, "claims": sum(kinds.values()), **{k: kinds[k] for k in KINDS}}
        for key, kinds in counts.items()
    ]


def _periods(first: dt.date, last: dt.date, period: Period) -> list[str]:
    if period is Period.day:
        return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    if period is Period.year:
        return [str(year) for year in range(first.year, last.year + 1)]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_table(title: str, rows: list[dict[str, Any]]) -> Table:
    """Return a table of one bar per period, its parts coloured by kind, with the counts."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=None, show_header=False, pad_edge=False, title_justify="left")
    table.add_column("period", style="bold", no_wrap=True)
    table.add_column("bar", no_wrap=True)
    table.add_column("claims", justify="right")
    most = max((row["claims"] for row in rows), default=0)
    for row in rows:
        bar = Text()
        for kind in KINDS:
            # Every kind present gets at least one block, so a single caption still shows.
            blocks = round(row[kind] * BAR_WIDTH / most) if most else 0
            bar.append(KIND_MARKS[kind] * max(blocks, 1 if row[kind] else 0), style=KIND_STYLES[kind])
        table.add_row(row["period"], bar, str(row["claims"]) if row["claims"] else "")
    legend = Text()
    for kind in KINDS:
        legend.append(KIND_MARKS[kind], style=KIND_STYLES[kind]).append(f" {kind}  ")
    table.caption = legend
    table.caption_justify = "left"
    return table
