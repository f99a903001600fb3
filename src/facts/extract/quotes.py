"""Quotations: where their words are and where their marks are, in every quote style.

Styles: curly and straight double quotes, curly and straight single quotes (British style, told
apart from apostrophes), doubled apostrophes ('' ... '') and ``...'' as some newspapers and archives
print them, guillemets « » and German „...“.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol


class Paragraph(Protocol):
    """A paragraph's place in the text (text.Paragraph, which imports this module, is one)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


# Every quotation mark becomes this character in the masked narration, so later stages read one style.
MARK = '"'
# Opening marks, longest first, with the marks that may close each.
_STYLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("``", ("''", "”", '"')),
    ("''", ("''", "”", '"')),
    ("“", ("”", '"', "''", "“")),  # a second “ closes too: a typo common enough in the wild
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
MAX_POSSESSIVES = 3  # possessive-looking marks a single quotation may hold


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


def _closing_mark(text: str, start: int, end: int, closers: tuple[str, ...]) -> tuple[int, str] | None:
    """Return where the first closing mark of a double quotation is between start and end, and the mark."""
    for j in range(start, end):
        for closer in closers:
            if text.startswith(closer, j) and not (closer == "''" and text.startswith("'", j + 2)):
                return j, closer
    return None


class _SingleMarks:
    """The closing single marks of a paragraph, found once, so that each opening mark finds its partner
    by a binary search and a text of stray apostrophes stays linear."""

    def __init__(self, text: str, para: Paragraph) -> None:
        self.text = text
        self.closers: dict[str, list[int]] = {"'": [], "’": []}
        self.barriers: list[int] = []  # double marks, which a single quotation does not run past
        for match in re.finditer(r"['’“\"]", text[para.start : para.end]):
            j = para.start + match.start()
            char = text[j]
            if char in '“"':
                self.barriers.append(j)
                continue
            after = text[j + 1] if j + 1 < para.end else " "
            # An apostrophe sits inside a word ("don't", "Jones'"); a closing mark ends one before a space
            # or punctuation, after a word or punctuation.
            if not after.isalnum() and j > para.start and not text[j - 1].isspace():
                self.closers[char].append(j)

    def close(self, start: int, end: int, closer: str) -> tuple[int, str] | None:
        """Return the closing mark after start; a mark after an "s" and before a lower-case word ("the
        families' names") is a plural possessive when a later mark can close the quotation."""
        first_barrier = bisect.bisect_left(self.barriers, start)
        marks = self.closers[closer]
        at = bisect.bisect_left(marks, start)
        found = None
        for j in marks[at : at + MAX_POSSESSIVES + 1]:
            if j >= end:
                break
            # Double marks inside must pair up: 'He told us, "It is fixed", and we believed him,' is one
            # quotation; a single mark past an unpaired double one closes nothing.
            if (bisect.bisect_left(self.barriers, j) - first_barrier) % 2:
                break
            found = (j, closer)
            if not (self.text[j - 1] == "s" and re.match(r" [a-z]", self.text[j + 1 : j + 3])):
                break
        return found


def find_quotes(text: str, paras: Sequence[Paragraph]) -> list[Quote]:
    """Find every quotation, with quotations that run over paragraphs split at the paragraph breaks."""
    quotes = []
    closers_of = dict(_STYLES)
    for number, para in enumerate(paras):
        i = para.start
        singles: _SingleMarks | None = None
        while i < para.end:
            opener = opening_at(text, i, para.start)
            if opener is None:
                i += 1
                continue
            single = opener in _SINGLE
            if single:
                singles = singles or _SingleMarks(text, para)
                close = singles.close(i + 1, para.end, closers_of[opener][0])
            else:
                close = _closing_mark(text, i + len(opener), para.end, closers_of[opener])
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
