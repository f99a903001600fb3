"""Where a claim sits in its text: the sentence around it, its cue and the speaker phrase, for review."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

from facts.extract.text import Paragraph, sentences

Span = tuple[int, int]


class ClaimContext(NamedTuple):
    """Character offsets in the document's text of what a reviewer needs to judge a claim."""

    sentence: Span  # the sentence or sentences that hold the claim and its attribution
    cue: Span | None  # the attribution's words ("said", "according to"), if any
    phrase: Span | None  # the speaker as the text names them ("the company"), if any


class ContextFinder:
    """Find claims' contexts in one text, splitting each paragraph into sentences once."""

    def __init__(self, text: str, narration: str, paras: Sequence[Paragraph]) -> None:
        self.text = text
        self.narration = narration
        self.paras = paras
        self.para_starts = [p.start for p in paras]
        self.split: dict[int, tuple[list[Span], list[int]]] = {}  # paragraph -> sentences, their ends

    def context(self, claim: Span, cue: Span | None, phrase: Span | None) -> ClaimContext:
        """Return the sentences of the claim's paragraph that hold it, its cue and its speaker phrase."""
        at = bisect.bisect_right(self.para_starts, claim[0]) - 1
        para = self.paras[at] if at >= 0 else Paragraph(0, len(self.text))
        inside = [s for s in (cue, phrase) if s is not None and para.start <= s[0] and s[1] <= para.end]
        low = min([claim[0], *(s[0] for s in inside)])
        high = max([claim[1], *(s[1] for s in inside)])
        if at not in self.split:
            found = sentences(self.narration, para)
            self.split[at] = (found, [e for _, e in found])
        found, ends = self.split[at]
        first = last = bisect.bisect_right(ends, low)  # the first sentence that ends after low
        while last < len(found) and found[last][0] < high:
            last += 1
        sentence = (
            (min(found[first][0], low), max(found[last - 1][1], high))
            if last > first
            else (para.start, para.end)
        )
        if cue is not None and phrase is not None and cue[0] < phrase[0] < cue[1]:
            cue = (cue[0], phrase[0])  # "according to port officials": the cue is "according to"
        return ClaimContext(sentence, _trimmed(self.text, cue), _trimmed(self.text, phrase))


def _trimmed(text: str, span: Span | None) -> Span | None:
    """Drop spaces and punctuation at either end of a span; None if nothing is left."""
    if span is None:
        return None
    start, end = span
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if end > start else None
