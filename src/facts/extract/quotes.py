"""Quotations: where their words are and where their marks are, in every quote style.

Styles: curly and straight double quotes, curly and straight single quotes (British style, told
apart from apostrophes), doubled apostrophes ('' ... '') and ``...'' as some newspapers and archives
print them, guillemets « » and German „...“.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from facts.extract.text import Paragraph

# Every quotation mark becomes this character in the masked narration, so later stages read one style.
MARK = '"'
# Opening marks, longest first, with the marks that may close each.
_STYLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("``", ("''", "”", '"')),
    ("''", ("''", "”", '"')),
    ("“", ("”", '"', "''")),
    ('"', ('"', "”", "''")),
    ("„", ("“", "”")),
    ("«", ("»",)),
    ("‹", ("›",)),
    ("‘", ("’",)),
    ("'", ("'",)),
)
_OPENERS = frozenset(opener[0] for opener, _ in _STYLES)
# What may stand before an opening straight or single mark: a space, a bracket, a dash, another mark.
_BEFORE_OPENING = frozenset("([{—–-:/“\"‘'«„")
_SINGLE = ("‘", "'")
MAX_SINGLE_QUOTE = 3000  # characters


class Quote(NamedTuple):
    """A quotation: where its words are (marks excluded) and where its marks are."""

    start: int
    end: int
    outer_start: int  # the opening mark
    outer_end: int  # just past the closing mark, or the paragraph's end if it runs on
    runs_on: bool  # the next paragraph continues it (no closing mark before the paragraph break)


def opening_at(text: str, i: int, start: int) -> str | None:
    """Return the opening mark at i (one or two characters), or None if no quotation opens there."""
    if text[i] not in _OPENERS:
        return None
    before = text[i - 1] if i > start else " "
    for opener, _ in _STYLES:
        if not text.startswith(opener, i):
            continue
        after = text[i + len(opener)] if i + len(opener) < len(text) else " "
        if opener in ("“", "„", "«", "``"):
            return opener if not after.isspace() or opener == "“" else None
        if not (before.isspace() or before in _BEFORE_OPENING):
            return None  # inside a word: an apostrophe, or inches (5'10")
        if opener in _SINGLE and (after.isspace() or after.isdigit()):
            return None  # "'90s", or a mark standing alone
        if opener == "''" and after == "'":
            return None
        return opener
    return None


def _closing_mark(
    text: str, start: int, end: int, closers: tuple[str, ...], single: bool
) -> tuple[int, str] | None:
    """Return where the first fitting closing mark is between start and end, and the mark.

    A single mark after an "s" and before a lower-case word ("the families' names") is a plural
    possessive when a later mark can close the quotation.
    """
    first = _first_closing_mark(text, start, end, closers, single)
    while single and first is not None and _possessive(text, first[0], end):
        later = _first_closing_mark(text, first[0] + 1, end, closers, single)
        if later is None:
            break
        first = later
    return first


def _possessive(text: str, j: int, end: int) -> bool:
    return text[j - 1] == "s" and re.match(r" [a-z]", text[j + 1 : min(end, j + 3)]) is not None


def _first_closing_mark(
    text: str, start: int, end: int, closers: tuple[str, ...], single: bool
) -> tuple[int, str] | None:
    j = start
    while j < end:
        char = text[j]
        for closer in closers:
            if not text.startswith(closer, j):
                continue
            after = text[j + len(closer)] if j + len(closer) < end else " "
            if single:
                # An apostrophe sits inside a word ("don't", "Jones'"); a closing mark ends one before a
                # space or punctuation, after a word or punctuation.
                if after.isalnum() or text[j - 1].isspace():
                    break
            elif closer == "''" and after == "'":
                break
            return j, closer
        if single and char in '“"':
            return None  # a single quotation does not run past a double mark
        j += 1
    return None


def find_quotes(text: str, paras: Sequence[Paragraph]) -> list[Quote]:
    """Find every quotation, with quotations that run over paragraphs split at the paragraph breaks."""
    quotes = []
    closers_of = dict(_STYLES)
    for number, para in enumerate(paras):
        i = para.start
        while i < para.end:
            opener = opening_at(text, i, para.start)
            if opener is None:
                i += 1
                continue
            single = opener in _SINGLE
            # A single mark's partner is looked for nearby only, so that a text of stray apostrophes
            # stays linear; a quotation in single marks longer than this is not told from apostrophes.
            stop = min(para.end, i + MAX_SINGLE_QUOTE) if single else para.end
            close = _closing_mark(text, i + len(opener), stop, closers_of[opener], single)
            if close is None:
                if single:  # an apostrophe-like mark with no partner: not a quotation
                    i += 1
                    continue
                following = paras[number + 1].start if number + 1 < len(paras) else None
                runs_on = following is not None and opening_at(text, following, following) is not None
                quotes.append(_trimmed(text, i, len(opener), para.end, para.end, runs_on))
                break
            at, closer = close
            quotes.append(_trimmed(text, i, len(opener), at, at + len(closer), False))
            i = at + len(closer)
    return [q for q in quotes if q.end > q.start]


def _trimmed(text: str, mark: int, width: int, stop: int, outer_end: int, runs_on: bool) -> Quote:
    """Take a quotation's words without the marks, outer spaces and a trailing comma."""
    start, end = mark + width, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Quote(start, end, mark, outer_end, runs_on)
