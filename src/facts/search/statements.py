"""Group claims that report the same statement, across sources and within one.

The rule, applied to every pair of claims filed under a common key (see below):

* Words are the claim's text after Unicode NFKC, case folding, joining apostrophes inside words
  ("don't" -> "dont") and dotted abbreviations ("U.S." -> "us"), and dropping every other
  punctuation and quote mark; whitespace is ignored.
* A claim with fewer than MIN_WORDS words is never grouped: "No" or "Not withdrawing" says too
  little to tell one statement from another.
* Two claims report the same statement when any one of these holds:
  1. the same words (Quotebank's rule);
  2. the shorter one, of at least MIN_CONTAINED_WORDS words, is a cut of the longer one (a
     quotation cut shorter by one outlet): its words appear in the longer one in order, together
     or in two pieces of at least MIN_PIECE_WORDS words with words left out between (an
     ellipsis), and the cut keeps the sense: the words left out negate nothing (an even number of
     negations), and no negation of the longer one outside the cut reaches it, which one does
     unless a clause break ("but", "though", "however"...) stands between;
  3. the two word sequences are near-identical: difflib's ratio (2 * matching words / all
     words) is at least NEAR_RATIO, which lets one word in seven differ;
  4. their content words (words not in a short list of function words) largely overlap:
     Jaccard at least OVERLAP_JACCARD, with at least MIN_CONTENT_WORDS content words each.
* Except for rules 1 and 2, two claims of which only one is negated (an odd number of "not",
  "no", "never", "don't"...) are different statements: "has no plans to send troops" is not
  "plans to send troops". ("I don't have numbers, but I think our footprint is changing" and
  "our footprint is changing" are one statement by rule 2.)
* Statements are the connected groups of that relation (union-find), so a statement is kept
  together even when its shortest and longest reports do not meet a test directly.

Comparing every pair would cost n squared, so pairs are found as a near-duplicate index does
(MinHash's bottom-k sketch, with an inverted index for its locality-sensitive hashing):

* a claim's shingles are its pairs of consecutive content words; each has a value, a stable
  hash of its two words in order, and the claim is filed under the SAMPLES smallest of its
  shingles' values (all of them when it has no more), and under the smallest of every WINDOW
  shingles in a row (winnowing);
* only claims filed under a common key are compared, and claims with the same words are joined
  at once, however many; a key with more than MAX_POSTING claims (counting each wording once) is
  boilerplate and is skipped.

Two reports of a statement share most shingles, and they share a key unless SAMPLES of one's
shingles that the other lacks all come before every shingle they share: never when each has
fewer than SAMPLES shingles of its own (a changed word changes at most two). The smallest
SAMPLES alone find a short quotation cut out of a long one only when one of the long one's
samples falls in the cut (with the cut holding a share p of the long one's shingles, with
probability about 1 - (1 - p) ** SAMPLES). Winnowing makes it certain: any WINDOW shingles in a
row that two claims share have one smallest, which both are filed under, so a cut of WINDOW + 1
content words in a row or more always meets the claim it was cut from (unless that key is
boilerplate); each piece of a cut with words left out counts alone. It adds keys only to claims
of SAMPLES + WINDOW shingles or more (in a shorter one, a cut of WINDOW shingles leaves fewer than
SAMPLES others, so one of its own is a sample), about two in WINDOW + 1 of their shingles. Unlike filing every
shingle, this keeps the pairs compared near the number of claims on real text, where most word
pairs are rare and many are shared by a few unrelated claims. Pairs of claims negated
differently can only meet rule 2, which then needs a clause break: the pairs in which neither
claim has one are never looked at. The keys are the claim's own, so adding claims later files
and finds them as a build from scratch would. The order in which claims come and pairs are checked changes
nothing; pairs are always compared in claim id order.

Nothing here reads or writes the store: callers pass plain tuples and get ids back.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from difflib import SequenceMatcher
from itertools import combinations, filterfalse, repeat
from operator import xor
from typing import NamedTuple

MIN_WORDS = 4
MIN_CONTAINED_WORDS = 5
NEAR_RATIO = 0.85
OVERLAP_JACCARD = 0.6
MIN_CONTENT_WORDS = 4
MAX_POSTING = 16
SAMPLES = 6
WINDOW = 4
MIN_PIECE_WORDS = 3

# Function words say little about which statement a claim reports; they are left out of the
# overlap test and of the shingles (but not of the word sequence, so a quotation's words count).
_FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into about than that this these
    those it its is are was were be been being has have had do does did will would shall should can
    could may might must not no so such there their they them he she his her we our us you your i
    me my which who whom what when where while also very""".split()
)
_NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor cannot dont doesnt didnt isnt arent wasnt werent "
    "wont wouldnt cant couldnt shouldnt hasnt havent hadnt mustnt".split()
)
# Words that open a new clause: a negation before one of them does not reach the words after it
# ("I don't have numbers, but I think ..."), so a quotation cut after it keeps its sense.
_CLAUSE_BREAKS = frozenset("but however although though yet whereas nonetheless nevertheless".split())
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_WORD = re.compile(r"\w+")
_ABBREVIATION = re.compile(r"\b(?:\w\.){2,}")
# For ASCII text, \w is [A-Za-z0-9_]: one bytes.translate lowers those and blanks every other
# byte, which is what casefold and findall(\w+) do, several times faster.
_ASCII_WORDS = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() or c == 95 else 32 for c in range(256)
)
# Claims kept in the pair checks' cache of prepared words: enough for the postings in flight.
_PREPARED_CACHE = 4_096

Key = int  # a shingle's value (see sample_keys)


class ClaimText(NamedTuple):
    """What the grouping needs of one claim."""

    id: str
    text: str
    speaker: str
    source: str


def word_list(text: str) -> list[str]:
    """Return a claim's normalised words as a list (see words)."""
    if text.isascii():
        # Each step only when it can change something: this runs once a claim, a million times.
        if "." in text:
            text = _ABBREVIATION.sub(_without_dots, text)
        if "'" in text:
            text = _INNER_APOSTROPHE.sub("", text)
        return text.encode().translate(_ASCII_WORDS).decode().split()
    folded = unicodedata.normalize("NFKC", text).casefold()
    if "." in folded:
        folded = _ABBREVIATION.sub(_without_dots, folded)
    if "'" in folded or "\u2019" in folded or "\u02bc" in folded:
        folded = _INNER_APOSTROPHE.sub("", folded)
    return _WORD.findall(folded)


def words(text: str) -> tuple[str, ...]:
    """Return a claim's normalised words: case, punctuation, quote marks and spacing ignored."""
    return tuple(map(sys.intern, word_list(text)))


def _without_dots(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def content_words(tokens: Sequence[str]) -> frozenset[str]:
    """Return the words of a claim that are not function words."""
    return frozenset(filterfalse(_FUNCTION_WORDS.__contains__, tokens))


def same_statement(a: Sequence[str], b: Sequence[str]) -> bool:
    """Say whether two claims' normalised words report the same statement (the rule above)."""
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return False
    if tuple(a) == tuple(b):
        return True
    if _negated(a) != _negated(b):
        return contained(a, b)
    return _Prepared(a).same(_Prepared(b))


def _negated(tokens: Iterable[str]) -> bool:
    return sum(map(_NEGATIONS.__contains__, tokens)) % 2 == 1


class _Prepared:
    """One claim's words with what the pair checks ask of them, worked out once."""

    __slots__ = ("tokens", "padded", "content", "vocabulary")

    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = tokens
        self.padded = f" {' '.join(tokens)} "
        self.vocabulary = frozenset(tokens)
        self.content = self.vocabulary - _FUNCTION_WORDS

    def same(self, other: _Prepared) -> bool:
        """Apply rules 2-4 to two claims negated alike, with self as the first of the pair."""
        if _contained_prepared(self, other):
            return True
        ca, cb = self.content, other.content
        shared = len(ca & cb)
        if len(ca) >= MIN_CONTENT_WORDS and len(cb) >= MIN_CONTENT_WORDS:
            if shared / (len(ca) + len(cb) - shared) >= OVERLAP_JACCARD:
                return True
        # difflib's own upper bounds, computed without building its matcher (which indexes b):
        # the same numbers, so the same answers, and most candidate pairs stop at one of them.
        a, b = self.tokens, other.tokens
        total = len(a) + len(b)
        if 2.0 * min(len(a), len(b)) / total < NEAR_RATIO:
            return False
        # No content word that one has and the other lacks can match: a bound from the sets above.
        if 2.0 * min(len(a) - len(ca), len(b) - len(cb)) + 2.0 * shared < NEAR_RATIO * total:
            return False
        # Matching words are at most a's words found in b at all: a bound cheaper than quick_ratio's.
        if 2.0 * sum(map(other.vocabulary.__contains__, a)) / total < NEAR_RATIO:
            return False
        if 2.0 * sum((Counter(a) & Counter(b)).values()) / total < NEAR_RATIO:
            return False
        return SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_RATIO


class _WordValues(dict[str, int]):
    """Each word's value, a stable 63-bit hash, worked out once a process: a build meets the
    same words a million times."""

    def __missing__(self, word: str) -> int:
        import hashlib  # builds and additions only

        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        value = self[word] = int.from_bytes(digest, "big") & _VALUE_MASK
        return value


_VALUE_MASK = (1 << 63) - 1  # values fit SQLite's signed 64-bit integers
_PAIR_MULTIPLIER = 0x205B33031F0B9745  # odd: a pair's value depends on the order of its words
_word_values = _WordValues()


def contained(a: Sequence[str], b: Sequence[str]) -> bool:
    """Say whether the shorter claim's words are a quotation cut out of the longer one (rule 2)."""
    return _contained_prepared(_Prepared(a), _Prepared(b))


def _may_be_cut(a: str, b: str) -> bool:
    """Whether the shorter of two claims' words (space-joined) starts and ends with words of the
    longer one: what rule 2 needs, tested on the strings alone."""
    short, long = (a, b) if a.count(" ") <= b.count(" ") else (b, a)
    if short.count(" ") + 1 < MIN_CONTAINED_WORDS:
        return False
    padded = f" {long} "
    head = short.split(" ", MIN_PIECE_WORDS)[:MIN_PIECE_WORDS]
    tail = short.rsplit(" ", MIN_PIECE_WORDS)[-MIN_PIECE_WORDS:]
    return f" {' '.join(head)} " in padded and f" {' '.join(tail)} " in padded


def _contained_prepared(a: _Prepared, b: _Prepared) -> bool:
    short, long = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if len(short.tokens) < MIN_CONTAINED_WORDS or not short.vocabulary <= long.vocabulary:
        return False
    run = _run_in(short, long)
    return run is not None and _keeps_sense(short.tokens, long.tokens, *run)


def _run_in(short: _Prepared, long: _Prepared) -> tuple[int, int] | None:
    """Return where (first word, past the last) the short claim's words run inside the long one:
    together, or in two pieces of at least MIN_PIECE_WORDS words with words left out between."""
    at = long.padded.find(short.padded)
    if at >= 0:
        start = long.padded.count(" ", 0, at)
        return start, start + len(short.tokens)
    tokens = short.tokens
    for cut in range(MIN_PIECE_WORDS, len(tokens) - MIN_PIECE_WORDS + 1):
        head = f" {' '.join(tokens[:cut])} "
        tail = f" {' '.join(tokens[cut:])} "
        first = long.padded.find(head)
        if first < 0:
            continue
        second = long.padded.find(tail, first + len(head) - 1)
        if second >= 0:
            start = long.padded.count(" ", 0, first)
            return start, long.padded.count(" ", 0, second) + len(tokens) - cut
    return None


def _keeps_sense(short: Sequence[str], long: Sequence[str], start: int, end: int) -> bool:
    """Whether a cut keeps the long claim's sense: the words left out inside the run negate nothing,
    and no negation outside it reaches it (one does unless a clause break stands between)."""
    if _negated(short) != _negated(long[start:end]):
        return False
    for word in reversed(long[:start]):
        if word in _CLAUSE_BREAKS:
            break
        if word in _NEGATIONS:
            return False
    for word in long[end:]:
        if word in _CLAUSE_BREAKS:
            break
        if word in _NEGATIONS:
            return False
    return True


def sample_keys(tokens: Sequence[str]) -> list[int]:
    """Return the keys a claim is filed under: the SAMPLES smallest values of its shingles, and the
    smallest of every WINDOW shingles in a row.

    A shingle is two consecutive content words; its value is a stable hash of the two, in order.
    """
    values = list(map(_word_values.__getitem__, filterfalse(_FUNCTION_WORDS.__contains__, tokens)))
    # In C: first * multiplier XOR second, cut to 63 bits, for each pair of neighbours.
    shingles = list(map(_VALUE_MASK.__and__, map(xor, map(_PAIR_MULTIPLIER.__mul__, values), values[1:])))
    keys = sorted(set(shingles))
    if len(keys) < SAMPLES + WINDOW:
        # A cut of WINDOW shingles leaves fewer than SAMPLES others: one of its own is a sample.
        return keys[:SAMPLES]
    # Winnowing: two claims that share WINDOW shingles in a row share the smallest of them, a key
    # of both; a quotation cut out of a longer one is found whatever the longer one's samples.
    chosen = set(keys[:SAMPLES])
    chosen.update(_window_minima(shingles))
    return sorted(chosen)


def _window_minima(values: list[int]) -> Iterable[int]:
    """Return the smallest of every WINDOW values in a row, in C: the smallest of runs of doubling
    width up to half the window or more, then of two such runs that together cover it."""
    minima, width = values, 1
    while width * 2 <= WINDOW:
        minima = list(map(min, minima, minima[width:]))
        width *= 2
    return map(min, minima, minima[WINDOW - width :])


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
        self._breaks = bytearray()  # whether it has a clause break (see _keeps_sense)
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
        breaks = not _CLAUSE_BREAKS.isdisjoint(vocabulary)
        self._shape(len(tokens), len(vocabulary - _FUNCTION_WORDS), _negated(tokens), breaks)
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
        prepared: dict[int, _Prepared] = {}

        def prepare(i: int) -> _Prepared:
            found = prepared.get(i)
            if found is None:
                if len(prepared) >= _PREPARED_CACHE:
                    prepared.clear()
                found = prepared[i] = _Prepared((all_words[i] or "").split())
            return found

        def check(i: int, j: int, near: bool) -> None:
            # difflib's ratio can depend on which sequence comes first: id order, always.
            a, b = (i, j) if ids[i] < ids[j] else (j, i)
            if near:
                same = prepare(a).same(prepare(b))
            else:  # rules 3 and 4 cannot hold: only containment is left to test
                same = _may_be_cut(all_words[a] or "", all_words[b] or "") and _contained_prepared(
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
                    if _may_be_cut(all_words[i] or "", all_words[j] or "") and root(i) != root(j):
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
        found: list[_Prepared] = []
        for text in quoted:  # longest first: a cut one meets the longer ones it may be cut from
            one = _Prepared(text.split())
            if not any(_contained_prepared(one, longer) for longer in found):
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
