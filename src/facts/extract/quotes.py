"""Quotations: where their words are and where their marks are, in every quote style."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from facts.extract.text import Paragraph

QUOTE_OPEN = '“"‘'


class Quote(NamedTuple):
    """A quotation: where its words are (marks excluded) and where its marks are."""

    start: int
    end: int
    outer_start: int  # the opening mark
    outer_end: int  # just past the closing mark, or the paragraph's end if it runs on
    runs_on: bool  # the next paragraph continues it (no closing mark before the paragraph break)


def _is_opening(text: str, i: int, start: int) -> bool:
    """Tell whether the mark at i opens a quotation (straight quotes and ‘ depend on what is before)."""
    if text[i] == "“":
        return True
    before = text[i - 1] if i > start else " "
    if text[i] == "‘":
        return before.isspace() or before in '(“"—–-'
    return before.isspace() or before in "(—–-[:"


def find_quotes(text: str, paras: Sequence[Paragraph]) -> list[Quote]:
    """Find every quotation, with quotations that run over paragraphs split at the paragraph breaks."""
    quotes = []
    for number, para in enumerate(paras):
        i = para.start
        while i < para.end:
            char = text[i]
            if char in QUOTE_OPEN and _is_opening(text, i, para.start):
                closer = {"“": "”", '"': '"', "‘": "’"}[char]
                close = _closing_mark(text, i + 1, para.end, closer)
                if close is None:
                    if char == "‘":  # an apostrophe-like mark with no partner: not a quotation
                        i += 1
                        continue
                    runs_on = number + 1 < len(paras) and text[paras[number + 1].start] in '“"'
                    quotes.append(_trimmed(text, i, para.end, para.end, runs_on))
                    break
                quotes.append(_trimmed(text, i, close, close + 1, False))
                i = close + 1
                continue
            i += 1
    return [q for q in quotes if q.end > q.start]


def _closing_mark(text: str, start: int, end: int, closer: str) -> int | None:
    for j in range(start, end):
        if text[j] == closer and (closer != "’" or j + 1 >= end or not text[j + 1].isalpha()):
            return j
    return None


def _trimmed(text: str, mark: int, stop: int, outer_end: int, runs_on: bool) -> Quote:
    """Take a quotation's words without the marks, outer spaces and a trailing comma."""
    start, end = mark + 1, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Quote(start, end, mark, outer_end, runs_on)
