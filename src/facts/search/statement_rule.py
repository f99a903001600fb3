"""Say when two claims report the same statement, and file claims so that such pairs meet.

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

Comparing every pair would cost n squared, so pairs are found as a near-duplicate index does
(MinHash's bottom-k sketch, with an inverted index for its locality-sensitive hashing; the index
itself is statement_grouping's): a claim's shingles are its pairs of consecutive content words;
each has a value, a stable hash of its two words in order, and the claim is filed under the
SAMPLES smallest of its shingles' values (all of them when it has no more), and under the
smallest of every WINDOW shingles in a row (winnowing).

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
SAMPLES others, so one of its own is a sample), about two in WINDOW + 1 of their shingles.
Unlike filing every shingle, this keeps the pairs compared near the number of claims on real
text, where most word pairs are rare and many are shared by a few unrelated claims.

Nothing here reads or writes the store: callers pass words and get answers back.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from itertools import filterfalse
from operator import xor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

MIN_WORDS = 4
MIN_CONTAINED_WORDS = 5
NEAR_RATIO = 0.85
OVERLAP_JACCARD = 0.6
MIN_CONTENT_WORDS = 4
SAMPLES = 6
WINDOW = 4
MIN_PIECE_WORDS = 3

# Function words say little about which statement a claim reports; they are left out of the
# overlap test and of the shingles (but not of the word sequence, so a quotation's words count).
FUNCTION_WORDS = frozenset(
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
CLAUSE_BREAKS = frozenset("but however although though yet whereas nonetheless nevertheless".split())
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_WORD = re.compile(r"\w+")
_ABBREVIATION = re.compile(r"\b(?:\w\.){2,}")
# For ASCII text, \w is [A-Za-z0-9_]: one bytes.translate lowers those and blanks every other
# byte, which is what casefold and findall(\w+) do, several times faster.
_ASCII_WORDS = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() or c == 95 else 32 for c in range(256)
)

Key = int  # a shingle's value (see sample_keys)


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
    return frozenset(filterfalse(FUNCTION_WORDS.__contains__, tokens))


def same_statement(a: Sequence[str], b: Sequence[str]) -> bool:
    """Say whether two claims' normalised words report the same statement (the rule above)."""
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return False
    if tuple(a) == tuple(b):
        return True
    if is_negated(a) != is_negated(b):
        return contained(a, b)
    return PreparedWords(a).same(PreparedWords(b))


def is_negated(tokens: Iterable[str]) -> bool:
    """Say whether a claim's words hold an odd number of negations."""
    return sum(map(_NEGATIONS.__contains__, tokens)) % 2 == 1


class PreparedWords:
    """One claim's words with what the pair checks ask of them, worked out once."""

    __slots__ = ("tokens", "padded", "content", "vocabulary")

    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = tokens
        self.padded = f" {' '.join(tokens)} "
        self.vocabulary = frozenset(tokens)
        self.content = self.vocabulary - FUNCTION_WORDS

    def same(self, other: PreparedWords) -> bool:
        """Apply rules 2-4 to two claims negated alike, with self as the first of the pair."""
        if contained_prepared(self, other):
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
    return contained_prepared(PreparedWords(a), PreparedWords(b))


def may_be_cut(a: str, b: str) -> bool:
    """Whether the shorter of two claims' words (space-joined) starts and ends with words of the
    longer one: what rule 2 needs, tested on the strings alone."""
    short, long = (a, b) if a.count(" ") <= b.count(" ") else (b, a)
    if short.count(" ") + 1 < MIN_CONTAINED_WORDS:
        return False
    padded = f" {long} "
    head = short.split(" ", MIN_PIECE_WORDS)[:MIN_PIECE_WORDS]
    tail = short.rsplit(" ", MIN_PIECE_WORDS)[-MIN_PIECE_WORDS:]
    return f" {' '.join(head)} " in padded and f" {' '.join(tail)} " in padded


def contained_prepared(a: PreparedWords, b: PreparedWords) -> bool:
    """Say whether the shorter of two prepared claims is a quotation cut out of the longer one."""
    short, long = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if len(short.tokens) < MIN_CONTAINED_WORDS or not short.vocabulary <= long.vocabulary:
        return False
    run = _run_in(short, long)
    return run is not None and _keeps_sense(short.tokens, long.tokens, *run)


def _run_in(short: PreparedWords, long: PreparedWords) -> tuple[int, int] | None:
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
    if is_negated(short) != is_negated(long[start:end]):
        return False
    for word in reversed(long[:start]):
        if word in CLAUSE_BREAKS:
            break
        if word in _NEGATIONS:
            return False
    for word in long[end:]:
        if word in CLAUSE_BREAKS:
            break
        if word in _NEGATIONS:
            return False
    return True


def words_key(joined: str) -> int:
    """Return a wording's 64-bit key (signed, as SQLite stores integers): its space-joined words hashed."""
    import hashlib  # builds and additions only

    return int.from_bytes(hashlib.blake2b(joined.encode(), digest_size=8).digest(), "big", signed=True)


def sample_keys(tokens: Sequence[str]) -> list[int]:
    """Return the keys a claim is filed under: the SAMPLES smallest values of its shingles, and the
    smallest of every WINDOW shingles in a row.

    A shingle is two consecutive content words; its value is a stable hash of the two, in order.
    """
    values = list(map(_word_values.__getitem__, filterfalse(FUNCTION_WORDS.__contains__, tokens)))
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


def content_values(tokens: Sequence[str]) -> list[int]:
    """Return the values of a claim's content words, in order: what its shingles are made of."""
    return list(map(_word_values.__getitem__, filterfalse(FUNCTION_WORDS.__contains__, tokens)))


def many_sample_keys(
    values: Sequence[int], counts: Sequence[int]
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """Return the keys of many claims at once, in NumPy: (claim, key) rows, claims numbered from 0
    in the order given, a key possibly twice. values are the claims' content_values one after the
    other, counts how many each has; the keys are sample_keys' exactly."""
    import numpy as np  # builds only

    count = np.asarray(counts, dtype=np.int64)
    value = np.asarray(values, dtype=np.uint64)
    claim = np.repeat(np.arange(len(count)), count)
    # A shingle for each value but a claim's last: first * multiplier XOR second, cut to 63 bits.
    pair = np.flatnonzero(claim[:-1] == claim[1:])
    shingle = ((value[pair] * np.uint64(_PAIR_MULTIPLIER)) ^ value[pair + 1]) & np.uint64(_VALUE_MASK)
    owner = claim[pair]
    # Each claim's distinct shingles in order, ranked from 0.
    order = np.lexsort((shingle, owner))
    shingle_sorted, owner_sorted = shingle[order], owner[order]
    fresh = np.ones(len(order), dtype=bool)
    fresh[1:] = (shingle_sorted[1:] != shingle_sorted[:-1]) | (owner_sorted[1:] != owner_sorted[:-1])
    distinct, distinct_owner = shingle_sorted[fresh], owner_sorted[fresh]
    distinct_count = np.bincount(distinct_owner, minlength=len(count))
    rank = np.arange(len(distinct)) - np.repeat(np.cumsum(distinct_count) - distinct_count, distinct_count)
    sampled = rank < SAMPLES
    rows_claim, rows_key = [distinct_owner[sampled]], [distinct[sampled]]
    if len(shingle) >= WINDOW:
        # Winnowing, for the claims of SAMPLES + WINDOW distinct shingles or more: the smallest of
        # every WINDOW shingles in a row of one claim.
        windows = np.lib.stride_tricks.sliding_window_view(shingle, WINDOW).min(axis=1)
        start_owner = owner[: len(windows)]
        whole = (start_owner == owner[WINDOW - 1 :]) & (distinct_count[start_owner] >= SAMPLES + WINDOW)
        # A smallest value is often the smallest of the next windows too: written once.
        whole[1:] &= (windows[1:] != windows[:-1]) | (start_owner[1:] != start_owner[:-1])
        rows_claim.append(start_owner[whole])
        rows_key.append(windows[whole])
    return np.concatenate(rows_claim), np.concatenate(rows_key).astype(np.int64)


def _window_minima(values: list[int]) -> Iterable[int]:
    """Return the smallest of every WINDOW values in a row, in C: the smallest of runs of doubling
    width up to half the window or more, then of two such runs that together cover it."""
    minima, width = values, 1
    while width * 2 <= WINDOW:
        minima = list(map(min, minima, minima[width:]))
        width *= 2
    return map(min, minima, minima[WINDOW - width :])
