"""Group claims that report the same statement, across sources and within one.

The rule that two claims report the same statement is statement_rule's. Statements are the
connected groups of that relation (union-find), so a statement is kept together even when its
shortest and longest reports do not meet a test directly.

Comparing every pair would cost n squared, so only claims filed under a common key
(statement_rule.sample_keys) are compared, and claims with the same words are joined at once,
however many; a key with more than MAX_POSTING claims (counting each wording once) is boilerplate
and is skipped. Pairs of claims negated differently can only meet rule 2, which then needs a
clause break: the pairs in which neither claim has one are never looked at. The keys are the
claim's own, so adding claims later files and finds them as a build from scratch would. The order
in which claims come and pairs are checked changes nothing; pairs are always compared in claim id
order.

How a build holds all this in bounded memory (the words, keys and pairs spilled to files and
read back a part at a time) is statement_finder's. Nothing here reads or writes the store:
callers pass plain tuples and get ids back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

from facts.search.statement_finder import MAX_POSTING, StatementFinder, spill_folder
from facts.search.statement_rule import PreparedWords, contained_prepared, words

__all__ = ["MAX_POSTING", "ClaimText", "Report", "distinct_reports", "drift", "group_statements"]


class ClaimText(NamedTuple):
    """What the grouping needs of one claim."""

    id: str
    text: str
    speaker: str
    source: str


def group_statements(claims: Iterable[ClaimText]) -> list[list[str]]:
    """Return the statements reported by more than one claim: lists of claim ids, each sorted.

    The list is ordered by its first claim id. A claim alone in its statement is left out.
    """
    with spill_folder(None) as folder:
        finder = StatementFinder(folder, 0)
        try:
            for claim in claims:
                finder.add(claim.id, claim.text, 0)
            groups = finder.finish(_discard, _discard)
            found = [sorted(finder.record(i)[0] for i in group) for group in groups]
        finally:
            finder.close()
    return sorted(found, key=lambda g: g[0])


def _discard(rows: Iterable[object]) -> None:
    for _ in rows:  # the samples' rows come as the pairs are found: each must be read
        pass


class Report(NamedTuple):
    """What telling a statement's conflicts needs of one of its claims."""

    speaker: str
    source: str
    start: int  # its span in its source
    end: int
    quoted: str | None  # its normalised words (space-joined) if it is a quotation, else None


# Past this many quoted wordings in one statement, they are counted as they are: folding the cut
# ones compares every pair.
_MAX_FOLDED_WORDINGS = 200


def distinct_reports(reports: Sequence[Report]) -> tuple[int, int]:
    """Return how many speakers and quoted wordings a statement has once nested spans and cut
    quotations are not counted apart: what makes it a conflict.

    A claim whose span lies inside another claim's span in the same source is the same words
    extracted twice; a quoted wording contained in a longer one (rule 2) is that quotation cut.
    """
    kept: list[Report] = []
    by_source: dict[str, list[Report]] = {}
    for report in reports:
        by_source.setdefault(report.source, []).append(report)
    for spans in by_source.values():
        spans.sort(key=lambda r: (r.start, -r.end))
        reach = -1
        for report in spans:
            if report.end > reach:  # not inside an earlier (or equal) span
                kept.append(report)
                reach = report.end
    quoted = sorted({r.quoted for r in kept if r.quoted is not None}, key=len, reverse=True)
    wordings = len(quoted)
    if wordings <= _MAX_FOLDED_WORDINGS:
        found: list[PreparedWords] = []
        for text in quoted:  # longest first: a cut one meets the longer ones it may be cut from
            one = PreparedWords(text.split())
            if not any(contained_prepared(one, longer) for longer in found):
                found.append(one)
        wordings = len(found)
    return len({r.speaker for r in kept}), wordings


_PIECE = re.compile(r"\S+\s*|\s+")


def drift(reference: str, other: str) -> list[tuple[str, bool]]:
    """Split a quotation into pieces that together are its text, each marked when its words are
    not in the reference quotation (compared normalised, in order): the words that drifted."""
    pieces = _PIECE.findall(other)
    keys = [" ".join(words(p)) for p in pieces]
    reference_keys = [" ".join(words(p)) for p in _PIECE.findall(reference)]
    same = [False] * len(pieces)
    matcher = SequenceMatcher(None, reference_keys, keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.b, block.b + block.size):
            same[k] = True
    # A piece with no words (a dash, a quote mark alone) never counts as a difference.
    return [(p, not (same[k] or not keys[k])) for k, p in enumerate(pieces)]
