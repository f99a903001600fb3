"""Check quotations against a primary source: the same words, words left out, or words changed.

A quotation is the same statement as a primary passage (a transcript's turn) when most of its
words appear in the passage in order. It is then `exact` (a run of the passage's words),
`shortened` (words of the passage left out, with where) or `altered` (words changed or added, with
the difference). Words are compared folded (case, accents, curly quotes), so punctuation and
capitals never count as a change; an ellipsis ("…", "...") marks words the quoter left out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from facts.names import fold
from facts.search.claim_index import ClaimIndex
from facts.search.query import Filters
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord

MIN_SHARED_WORDS = 4  # fewer shared words than this is a coincidence, not the same statement
MIN_SHARED_SHARE = 0.6  # of the quotation's words that the passage must carry, in order
_WORD = re.compile(r"[\w’'-]+|…|\.\.\.")


class Departure(NamedTuple):
    """How a quotation differs from its primary passage."""

    verdict: str  # "exact", "shortened" or "altered"
    left_out: list[str]  # runs of the passage's words the quotation leaves out, inside what it quotes
    changed: list[tuple[str, str]]  # (the passage's words, the quotation's words) for each change
    shared: int  # words the two have in common, in order


class Checked(NamedTuple):
    """A quotation's check: the primary claim it was matched to (if any) and how it departs."""

    claim: str
    primary: str | None
    departure: Departure | None

    @property
    def verdict(self) -> str:
        """Say `exact`, `shortened`, `altered`, or `none` when no primary passage matched."""
        return self.departure.verdict if self.departure else "none"


def _words(text: str) -> list[str]:
    return [fold(w).replace("’", "'").strip("'-") for w in _WORD.findall(text)]


def compare(quoted: str, passage: str) -> Departure | None:
    """Compare a quotation with a primary passage; None when they are not the same statement."""
    quote_words = _words(quoted)
    ellipses = {i for i, w in enumerate(quote_words) if w in ("…", "...")}
    quote_words = [w for i, w in enumerate(quote_words) if i not in ellipses]
    source_words = _words(passage)
    if not quote_words:
        return None
    matcher = difflib.SequenceMatcher(None, source_words, quote_words, autojunk=False)
    ops = matcher.get_opcodes()
    shared = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    if shared < min(MIN_SHARED_WORDS, len(quote_words)) or shared < MIN_SHARED_SHARE * len(quote_words):
        return None
    # Words of the passage before and after the quoted part are context, not cuts.
    while ops and ops[0][0] == "delete":
        ops = ops[1:]
    while ops and ops[-1][0] == "delete":
        ops = ops[:-1]
    if ops and ops[-1][0] == "replace":  # "until Sunday" for "until Friday while the storm ...":
        tag, i1, i2, j1, j2 = ops[-1]  # the passage's words past the quote's length are context
        ops[-1] = (tag, i1, min(i2, i1 + (j2 - j1)), j1, j2)
    if ops and ops[0][0] == "replace":
        tag, i1, i2, j1, j2 = ops[0]
        ops[0] = (tag, max(i1, i2 - (j2 - j1)), i2, j1, j2)
    left_out = [" ".join(source_words[i1:i2]) for tag, i1, i2, _, _ in ops if tag == "delete"]
    changed = [
        (" ".join(source_words[i1:i2]), " ".join(quote_words[j1:j2]))
        for tag, i1, i2, j1, j2 in ops
        if tag in ("replace", "insert")
    ]
    verdict = "altered" if changed else "shortened" if left_out else "exact"
    return Departure(verdict, left_out, changed, shared)


def check_quotations(
    quotations: Iterable[tuple[str, str, str]], primaries: Sequence[tuple[str, str, str]]
) -> list[Checked]:
    """Check (id, speaker, text) quotations against the same speakers' primary (id, speaker, text) claims.

    A quotation that spans several paragraphs of a turn is compared with each paragraph, and
    the best-matching passage (the most shared words) is its primary passage.
    """
    by_speaker: dict[str, list[tuple[str, str]]] = {}
    for claim_id, speaker, text in primaries:
        by_speaker.setdefault(speaker, []).append((claim_id, text))
    checked = []
    for claim_id, speaker, text in quotations:
        best: tuple[str, Departure] | None = None
        for primary_id, passage in by_speaker.get(speaker, []):
            departure = compare(text, passage)
            if departure and (best is None or departure.shared > best[1].shared):
                best = (primary_id, departure)
        checked.append(Checked(claim_id, best[0] if best else None, best[1] if best else None))
    return checked


def most_altered_first(checked: Iterable[Checked]) -> list[Checked]:
    """Order checks for a report: altered (most changed words first), shortened, then unmatched."""
    rank = {"altered": 0, "shortened": 1, "none": 2, "exact": 3}

    def key(item: Checked) -> tuple[int, int]:
        d = item.departure
        size = sum(len(a.split()) + len(b.split()) for a, b in d.changed) if d else 0
        return rank[item.verdict], -size

    return sorted(checked, key=key)


def check_store(paths: StorePaths, *, everything: bool = False) -> list[dict[str, Any]]:
    """Check a store's quotations against its primary sources' claims by the same speaker.

    Returns one record a quotation of a speaker who has a primary source, departures first
    (altered, most changed first; shortened; matched to no passage), exact ones only when asked.
    """
    from facts.store.reader import load_store

    manifest, stream = load_store(paths)
    primary_sources = {s.file for s in manifest.sources if s.primary}
    claims = list(stream)
    primaries = [(c.id, c.speaker, c.text) for c in claims if c.source in primary_sources]
    speakers = {speaker for _, speaker, _ in primaries}
    quotations = [
        c for c in claims if c.source not in primary_sources and c.kind == "quote" and c.speaker in speakers
    ]
    texts = {c.id: c.text for c in claims}
    sources = {c.id: c.source for c in claims}
    checked = check_quotations(((c.id, c.speaker, c.text) for c in quotations), primaries)
    speaker_of = {c.id: c.speaker for c in quotations}
    return [
        {
            "claim": item.claim,
            "speaker": speaker_of[item.claim],
            "source": sources[item.claim],
            "text": texts[item.claim],
            "verdict": item.verdict,
            "primary": item.primary,
            "primary_text": texts[item.primary] if item.primary else None,
            "left_out": item.departure.left_out if item.departure else [],
            "changed": [{"primary": a, "quoted": b} for a, b in item.departure.changed]
            if item.departure
            else [],
        }
        for item in most_altered_first(checked)
        if everything or item.verdict != "exact"
    ]


def difference(record: Mapping[str, Any]) -> str:
    """Say in a few words how a checked quotation departs from its primary passage."""
    if record["verdict"] == "none":
        return "matches no passage of the speaker's primary sources"
    parts = [
        f"“{c['quoted']}” for “{c['primary']}”" if c["primary"] else f"adds “{c['quoted']}”"
        for c in record["changed"]
    ]
    parts += [f"leaves out “{words}”" for words in record["left_out"]]
    return "; ".join(parts) or "the same words"


def primary_check(index: ClaimIndex, claim: ClaimRecord) -> dict[str, Any] | None:
    """Check one quotation against its speaker's primary passages; None when there are none."""
    if claim["kind"] != "quote":
        return None
    primary_files = index.primary_files()
    if not primary_files or claim["source"]["file"] in primary_files:
        return None
    speaker = claim["speaker"]["id"]
    found = index.claims(Filters(speaker_ids=frozenset({speaker}), source_files=primary_files), None)
    passages = [(c["id"], speaker, c["text"]) for c in found.claims]
    if not passages:
        return None
    [item] = check_quotations([(claim["id"], speaker, claim["text"])], passages)
    texts = {claim_id: text for claim_id, _, text in passages}
    departure = item.departure
    return {
        "verdict": item.verdict,
        "primary": item.primary,
        "primary_text": texts[item.primary] if item.primary else None,
        "left_out": departure.left_out if departure else [],
        "changed": [{"primary": a, "quoted": b} for a, b in departure.changed] if departure else [],
    }
