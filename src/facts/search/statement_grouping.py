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

Nothing here reads or writes the store: callers pass plain tuples and get ids back.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from difflib import SequenceMatcher
from itertools import combinations, repeat
from typing import NamedTuple

from facts.search.statement_rule import (
    CLAUSE_BREAKS,
    FUNCTION_WORDS,
    MIN_CONTENT_WORDS,
    MIN_WORDS,
    NEAR_RATIO,
    OVERLAP_JACCARD,
    Key,
    PreparedWords,
    contained_prepared,
    is_negated,
    may_be_cut,
    sample_keys,
    word_list,
    words,
)

MAX_POSTING = 16

# Claims kept in the pair checks' cache of prepared words: enough for the postings in flight.
_PREPARED_CACHE = 4_096


class ClaimText(NamedTuple):
    """What the grouping needs of one claim."""

    id: str
    text: str
    speaker: str
    source: str


class Grouping(NamedTuple):
    """What a build found: the statements, and what adding claims later needs."""

    groups: list[list[int]]  # numbers of the claims of each statement of more than one claim
    same_as: dict[int, int]  # a claim with the same words as an earlier one -> that claim
    postings: dict[int, list[int] | None]  # key -> its claims, None when over MAX_POSTING
    words: list[str | None]  # normalised words of each claim; None when too short to group


class StatementFinder:
    """Group claims given one at a time: their words and shingles now, the pair checks at the end.

    Memory per claim is its normalised words; shingle counts are kept per key, and a key's list of
    claims only while it has at most MAX_POSTING of them.
    """

    _CHUNK = 4_096

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._words: list[str | None] = []
        # Each claim's number of words, of distinct content words, and whether it is negated:
        # enough to rule out most candidate pairs without preparing their words (0 when not filed).
        self._lengths = array("H")
        self._content_sizes = array("H")
        self._negated = bytearray()
        self._breaks = bytearray()  # whether it has a clause break (see statement_rule)
        self._first_with: dict[str, int] = {}
        self._same_as: dict[int, int] = {}
        self._counts: dict[Key, int] = {}  # keys of at most MAX_POSTING claims so far
        self._boilerplate: set[Key] = set()  # the others, never counted again
        self._postings: dict[Key, list[int]] = {}
        # Keys are counted a chunk of claims at a time (Counter counts in C); only the keys
        # still under the bound get their claims listed, a set intersection away.
        self._chunk: list[tuple[int, set[Key]]] = []
        self._chunk_counts: Counter[Key] = Counter()

    def add(self, claim_id: str, text: str) -> int:
        """Take one claim; return its number (claims are numbered in the order given)."""
        number = len(self.ids)
        self.ids.append(claim_id)
        tokens = word_list(text)
        if len(tokens) < MIN_WORDS:
            self._words.append(None)
            self._shape(0, 0, 0, 0)
            return number
        key = " ".join(tokens)
        first = self._first_with.setdefault(key, number)
        if first != number:
            # The same words are one statement however many claims carry them: joined directly.
            self._same_as[number] = first
            self._words.append(self._words[first])  # the first one's string, not a copy
            self._shape(0, 0, 0, 0)
            return number
        self._words.append(key)
        vocabulary = set(tokens)
        breaks = not CLAUSE_BREAKS.isdisjoint(vocabulary)
        self._shape(len(tokens), len(vocabulary - FUNCTION_WORDS), is_negated(tokens), breaks)
        pairs = set(sample_keys(tokens))
        pairs -= self._boilerplate  # in C
        self._chunk_counts.update(pairs)
        self._chunk.append((number, pairs))
        if len(self._chunk) >= self._CHUNK:
            self._flush()
        return number

    def _shape(self, length: int, content_size: int, negated: int, breaks: int) -> None:
        # Sizes past 65,535 are kept as 65,535: the bounds they feed only get looser.
        self._lengths.append(min(length, 65_535))
        self._content_sizes.append(min(content_size, 65_535))
        self._negated.append(negated)
        self._breaks.append(breaks)

    def _flush(self) -> None:
        counts, postings = self._counts, self._postings
        open_keys = set()
        for key, n in self._chunk_counts.items():
            total = counts.get(key, 0) + n
            if total <= MAX_POSTING:
                counts[key] = total
                open_keys.add(key)
            else:
                counts.pop(key, None)
                self._boilerplate.add(key)
                postings.pop(key, None)
        for number, pairs in self._chunk:
            for key in pairs & open_keys:  # in C, over the smaller of the two sets
                postings.setdefault(key, []).append(number)
        self._chunk.clear()
        self._chunk_counts.clear()

    def _could_be_near(self, a: int, b: int) -> bool:
        """Whether rule 3 or 4 could hold, by the sizes alone: near-identical words need lengths
        within NEAR_RATIO, overlapping content words need content sizes within OVERLAP_JACCARD."""
        la, lb = self._lengths[a], self._lengths[b]
        if 2.0 * min(la, lb) >= NEAR_RATIO * (la + lb):
            return True
        ca, cb = self._content_sizes[a], self._content_sizes[b]
        return min(ca, cb) >= MIN_CONTENT_WORDS and min(ca, cb) >= OVERLAP_JACCARD * max(ca, cb)

    def finish(self) -> Grouping:
        """Check the candidate pairs and return the statements."""
        self._flush()
        parent = list(range(len(self.ids)))
        for number, first in self._same_as.items():
            parent[number] = first

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        ids, all_words, negated, breaks = self.ids, self._words, self._negated, self._breaks
        prepared: dict[int, PreparedWords] = {}

        def prepare(i: int) -> PreparedWords:
            found = prepared.get(i)
            if found is None:
                if len(prepared) >= _PREPARED_CACHE:
                    prepared.clear()
                found = prepared[i] = PreparedWords((all_words[i] or "").split())
            return found

        def check(i: int, j: int, near: bool) -> None:
            # difflib's ratio can depend on which sequence comes first: id order, always.
            a, b = (i, j) if ids[i] < ids[j] else (j, i)
            if near:
                same = prepare(a).same(prepare(b))
            else:  # rules 3 and 4 cannot hold: only containment is left to test
                same = may_be_cut(all_words[a] or "", all_words[b] or "") and contained_prepared(
                    prepare(a), prepare(b)
                )
            if same:
                ri, rj = root(i), root(j)
                parent[max(ri, rj)] = min(ri, rj)

        checked: set[tuple[int, int]] = set()
        for held in self._postings.values():
            if len(held) < 2:
                continue
            # Claims negated alike may meet any rule; claims negated differently only rule 2.
            sides: tuple[list[int], list[int]] = ([], [])
            for i in held:
                sides[negated[i]].append(i)
            for side in sides:
                # A claim's number grows with its place in the list, so pairs come as (smaller,
                # larger); the set arithmetic drops the pairs seen under another key, in C.
                fresh = set(combinations(side, 2))
                fresh -= checked
                checked |= fresh
                for i, j in fresh:
                    if root(i) != root(j):
                        check(i, j, self._could_be_near(i, j))
            # Across the sides, one is a cut of the other only if the longer one's negation outside
            # the cut stops at a clause break: pairs with no break are never looked at, and a
            # string test rules out nearly every other before anything is prepared or remembered.
            if sides[0] and sides[1]:
                for i, j in _across(sides, breaks):
                    if may_be_cut(all_words[i] or "", all_words[j] or "") and root(i) != root(j):
                        check(i, j, False)
        groups: dict[int, list[int]] = {}
        for i in range(len(ids)):
            groups.setdefault(root(i), []).append(i)
        postings: dict[int, list[int] | None] = dict.fromkeys(self._boilerplate)
        postings.update((key, self._postings[key]) for key in self._counts)
        return Grouping(
            [g for g in groups.values() if len(g) > 1], dict(self._same_as), postings, self._words
        )


def _across(sides: tuple[list[int], list[int]], breaks: bytearray) -> Iterator[tuple[int, int]]:
    """Yield the pairs of claims from the two sides of which at least one has a clause break."""
    for i in sides[0]:
        if breaks[i]:
            yield from zip(repeat(i), sides[1])
        else:
            yield from zip(repeat(i), filter(breaks.__getitem__, sides[1]))


def group_statements(claims: Iterable[ClaimText]) -> list[list[str]]:
    """Return the statements reported by more than one claim: lists of claim ids, each sorted.

    The list is ordered by its first claim id. A claim alone in its statement is left out.
    """
    finder = StatementFinder()
    for claim in claims:
        finder.add(claim.id, claim.text)
    ids = finder.ids
    found = [sorted(ids[i] for i in group) for group in finder.finish().groups]
    return sorted(found, key=lambda g: g[0])


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
