"""The range of every numeric option, defined once for the Typer CLI and its fast path."""

from __future__ import annotations

from typing import NamedTuple


class OptionRange(NamedTuple):
    """The smallest and largest value a numeric option takes."""

    least: int
    most: int

    def parse(self, text: str) -> int | None:
        """Return the number text spells if it is in range, else None (the caller reports it)."""
        # The length first: int() of thousands of digits is refused by Python, and slow before that.
        if not text.isascii() or not text.isdigit() or len(text) > len(str(self.most)):
            return None
        value = int(text)
        return value if self.least <= value <= self.most else None


# A million claims a page is beyond any screen or script; 0 already means all of them.
LIMIT = OptionRange(0, 1_000_000)
CORROBORATED = OptionRange(1, 1_000_000)
JOBS = OptionRange(1, 1_024)
