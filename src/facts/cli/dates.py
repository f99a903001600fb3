"""Dates given on the command line: the query filters' YYYY[-MM[-DD]], and a document's publication date.

A claim's --date (`facts edit`) is read by the store's corrections, which plan the edit.
"""

from __future__ import annotations

from datetime import date

from facts.errors import QueryError
from facts.store.date_shape import DATE_SHAPE


def parse_date(value: str | None, option: str, end: bool) -> date | None:
    """Read YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first or last day."""
    if value is None:
        return None
    import calendar

    parts = value.strip().split("-")
    if DATE_SHAPE.fullmatch(value.strip()) is not None:
        numbers = [int(p) for p in parts]
        try:
            if len(numbers) == 3:
                return date(*numbers)
            if len(numbers) == 2:
                year, month = numbers
                day = calendar.monthrange(year, month)[1] if end else 1
                return date(year, month, day)
            return date(numbers[0], 12, 31) if end else date(numbers[0], 1, 1)
        except ValueError:
            # The shape is right, so the date itself is impossible: say so rather than "format".
            raise QueryError(f"{option}: {value.strip()} is not a date.") from None
    raise QueryError(f"{option} takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}.")


def parse_published(value: str | None) -> date | None:
    """Read --published, a full date (date.fromisoformat, as it always took)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"--published takes a date as YYYY-MM-DD, not {value!r}.") from None
