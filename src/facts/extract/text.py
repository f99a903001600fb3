"""The layout of an article: paragraphs, sentences, the headline, and narration with quotations masked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from facts.extract.quotes import MARK, Quote

MAX_SENTENCE = 2000  # characters; news sentences are far shorter
PLACEHOLDER = "\x00"  # what a quotation's words become in the masked text
_MARK_CHARACTERS = frozenset("\"'“”‘’„«»‹›`")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Cmdr|Adm|Brig|Pvt|Cpl|Spc|Sens?|Reps?|Govs?|Prof|Rev|St|Jr|Sr|No"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs|etc|approx|Mt|Ft)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])$"
)
_SENTENCE_END = re.compile(r"[.!?][”\"’)]{0,2}\s+(?=[“\"‘(]{0,2}[A-Z0-9\x00])")
# "KESWICK, March 14, 2023 — " or "WASHINGTON (AP) — " before a news story's first sentence.
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]+(?:,\s+[A-Z0-9][\w.’' -]*?)*(?:\s+\([A-Za-z ]+\))?(?:\s+/[\w .-]+/)?\s*[—–-]{1,2}\s+"
)
CAPTION_CREDIT = re.compile(r"\((?P<credit>[^()]*\b[Pp]hoto\b[^()]*)\)\s*$")


class Paragraph(NamedTuple):
    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs: its non-blank lines."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            found.append(Paragraph(start, match.end() - (len(match.group()) - len(match.group().rstrip()))))
    return found


def masked(text: str, quotes: Iterable[Quote]) -> str:
    """Blank out the words inside quotations (keeping offsets), so rules only read the narration.

    A final . ! or ? inside a quotation is kept, so that it still ends its sentence. Every quotation
    mark, whatever its style, becomes a straight double quote.
    """
    chars = list(text)
    for quote in quotes:
        for i in range(quote.start, quote.end):
            if not (i == quote.end - 1 and chars[i] in ".!?"):
                chars[i] = PLACEHOLDER
        for i in range(quote.outer_start, quote.start):
            if not chars[i].isspace():
                chars[i] = MARK
        if not quote.runs_on:
            i = quote.outer_end - 1
            while i >= quote.end and chars[i] in _MARK_CHARACTERS:
                chars[i] = MARK
                i -= 1
    return "".join(chars)


def sentences(narration: str, para: Paragraph) -> list[tuple[int, int]]:
    """Split a paragraph of masked text into sentences, not at abbreviations such as "Gen." or "U.S.".

    A run of text longer than any real sentence (no full stop in MAX_SENTENCE characters) is cut at a
    space, so that the work done per sentence stays bounded and the whole extraction linear.
    """
    found, start = [], para.start
    dateline = DATELINE.match(narration[para.start : min(para.end, para.start + 200)])
    if dateline:
        start += dateline.end()
    for match in _SENTENCE_END.finditer(narration, para.start, para.end):
        if narration[match.start()] == "." and _ABBREVIATION.search(
            narration[max(start, match.start() - 12) : match.start()]
        ):
            continue
        found.extend(_bounded(narration, start, match.start() + 1))
        start = match.end()
    found.extend(_bounded(narration, start, para.end))
    return [(s, e) for s, e in found if e > s]


def _bounded(narration: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than MAX_SENTENCE characters into pieces that end at a space."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = narration.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, end))
    return pieces


def title_paragraph(text: str, paras: Sequence[Paragraph]) -> int | None:
    """Return the index of the headline: the first short paragraph that does not end like a sentence."""
    for number, para in enumerate(paras[:3]):
        line = text[para.start : para.end]
        if len(line) <= 200 and not line.rstrip().endswith(
            (".", "?", "!", ")", ":", "”", '"', "'", "’", "»")
        ):
            return number
    return None


def count_words(text: str) -> int:
    """Count the words of a text."""
    return len(text.split())
