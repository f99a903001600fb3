"""Group claims that report the same statement, across sources and within one.

The rule, applied to every pair of claims that share a candidate key (see below):

* Words are the claim's text after Unicode NFKC, case folding, joining apostrophes inside words
  ("don't" -> "dont") and dotted abbreviations ("U.S." -> "us"), and dropping every other
  punctuation and quote mark; whitespace is ignored.
* A claim with fewer than MIN_WORDS words is never grouped: "No" or "Not withdrawing" says too
  little to tell one statement from another.
* Two claims report the same statement when any one of these holds:
  1. the same words (Quotebank's rule);
  2. the shorter one's words appear, in order and together, inside the longer one (a quotation
     cut shorter by one outlet), and the shorter one has at least MIN_CONTAINED_WORDS words;
  3. the two word sequences are near-identical: difflib's ratio (2 * matching words / all
     words) is at least NEAR_RATIO, which lets one word in seven differ;
  4. their content words (words not in a short list of function words) largely overlap:
     Jaccard at least OVERLAP_JACCARD, with at least MIN_CONTENT_WORDS content words each.
* Except for rule 1, two claims of which only one is negated (an odd number of "not", "no",
  "never", "don't"...) are different statements: "has no plans to send troops" is not "plans to
  send troops".
* Statements are the connected groups of that relation (union-find), so a statement is kept
  together even when its shortest and longest reports do not meet a test directly.

Comparing every pair would cost n squared, so pairs are found as a near-duplicate index does:
an inverted index from each pair of consecutive content words (a shingle) to the claims that hold
it, and claims with the same words are joined at once. Only claims that share a key are compared. A shingle
held by more than MAX_POSTING claims is boilerplate and is skipped, which keeps the cost linear in
the number of claims. Everything is ordered by claim id, so the result is deterministic.

Nothing here reads or writes the store: callers pass plain tuples and get ids back.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

MIN_WORDS = 4
MIN_CONTAINED_WORDS = 5
NEAR_RATIO = 0.85
OVERLAP_JACCARD = 0.6
MIN_CONTENT_WORDS = 4
MAX_POSTING = 64

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
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_WORD = re.compile(r"\w+")
_ABBREVIATION = re.compile(r"\b(?:\w\.){2,}")


class ClaimText(NamedTuple):
    """What the grouping needs of one claim."""

    id: str
    text: str
    speaker: str
    source: str


def words(text: str) -> tuple[str, ...]:
    """Return a claim's normalised words: case, punctuation, quote marks and spacing ignored."""
    # Each step only when it can change something: this runs once a claim, a million times.
    folded = text.casefold() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()
    if "." in folded:
        folded = _ABBREVIATION.sub(_without_dots, folded)
    if "'" in folded or "\u2019" in folded or "\u02bc" in folded:
        folded = _INNER_APOSTROPHE.sub("", folded)
    # Interned: a million claims repeat the same few hundred thousand words.
    return tuple(map(sys.intern, _WORD.findall(folded)))


def _without_dots(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def content_words(tokens: Sequence[str]) -> frozenset[str]:
    """Return the words of a claim that are not function words."""
    return frozenset(t for t in tokens if t not in _FUNCTION_WORDS)


def same_statement(a: Sequence[str], b: Sequence[str]) -> bool:
    """Say whether two claims' normalised words report the same statement (the rule above)."""
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return False
    if a == b:
        return True
    if _negated(a) != _negated(b):
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= MIN_CONTAINED_WORDS and _contains(long, short):
        return True
    ca, cb = content_words(a), content_words(b)
    if len(ca) >= MIN_CONTENT_WORDS and len(cb) >= MIN_CONTENT_WORDS:
        if len(ca & cb) / len(ca | cb) >= OVERLAP_JACCARD:
            return True
    # The cheap upper bounds first: most candidate pairs fail them.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= NEAR_RATIO
        and matcher.quick_ratio() >= NEAR_RATIO
        and matcher.ratio() >= NEAR_RATIO
    )


def _negated(tokens: Sequence[str]) -> bool:
    return sum(t in _NEGATIONS for t in tokens) % 2 == 1


def _contains(long: Sequence[str], short: Sequence[str]) -> bool:
    # Joined with spaces and padded, a substring match is a match of whole words in order.
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def _shingles(tokens: tuple[str, ...]) -> set[str]:
    content = [t for t in tokens if t not in _FUNCTION_WORDS]
    return {f"{x} {y}" for x, y in zip(content, content[1:], strict=False)}


def group_statements(claims: Iterable[ClaimText]) -> list[list[str]]:
    """Return the statements reported by more than one claim: lists of claim ids, each sorted.

    The list is ordered by its first claim id. A claim alone in its statement is left out.
    """
    ordered = sorted(claims, key=lambda c: c.id)
    tokens = [words(c.text) for c in ordered]
    parent = list(range(len(ordered)))
    # The same words are one statement however many claims carry them: joined directly.
    first_with: dict[tuple[str, ...], int] = {}
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        if len(toks) < MIN_WORDS:
            continue
        if toks in first_with:
            parent[i] = first_with[toks]
            continue
        first_with[toks] = i
        for key in _shingles(toks):
            postings[key].append(i)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    checked: set[tuple[int, int]] = set()
    for held in postings.values():
        if len(held) < 2 or len(held) > MAX_POSTING:
            continue
        for n, i in enumerate(held):
            for j in held[n + 1 :]:
                ri, rj = root(i), root(j)
                if ri == rj or (i, j) in checked:
                    continue
                checked.add((i, j))
                if same_statement(tokens[i], tokens[j]):
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[str]] = {}
    for i, claim in enumerate(ordered):
        groups.setdefault(root(i), []).append(claim.id)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


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
