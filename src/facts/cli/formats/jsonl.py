"""JSON Lines: one compact object a line, claims written by hand for speed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from facts.cli.formats.interface import Reported, Writable
from facts.cli.terminal import escape_json
from facts.search.claim_lines import batched, claim_json_line
from facts.search.statement_cache import reports
from facts.store.records import ClaimRecord

TERMINAL_SAFE = True  # escape_json escapes what could act on a terminal


def to_jsonl(records: Sequence[Mapping[str, Any]]) -> str:
    """Render records as JSON Lines: one compact object per line."""
    return "".join(escape_json(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


_CLAIM_KEYS = tuple(ClaimRecord.__annotations__)


_CORROBORATED_KEYS = (*_CLAIM_KEYS, "reported_by", "conflicts")


def write_claims(claims: Iterable[ClaimRecord], out: Writable, header: bool = False) -> None:
    """Write claims as JSON Lines, one at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for claim in claims:
        # A record with other keys, or in another order, goes through json itself.
        keys = tuple(claim)
        if keys == _CLAIM_KEYS:
            line = claim_json_line(claim)
        elif keys == _CORROBORATED_KEYS:  # the contract's fields, then reported_by and conflicts
            extra = {"reported_by": claim["reported_by"], "conflicts": claim["conflicts"]}  # type: ignore[typeddict-item]
            line = claim_json_line(claim)[:-1] + ", " + encode(extra)[1:]
        else:
            line = encode(claim)
        out.write(escape_json(line) + "\n")


def write_jsonl(records: Iterable[Mapping[str, Any]], out: Writable) -> None:
    """Write records as JSON Lines, one at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: dumps makes one per call
    for record in records:
        out.write(escape_json(encode(record)) + "\n")


def records(
    found: Sequence[Mapping[str, Any]], columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> str:
    """Return records as JSON Lines."""
    return to_jsonl(found)


def detail(shown: Mapping[str, Any], claim: ClaimRecord) -> str:
    """Return one claim in full as one JSON line."""
    return to_jsonl([shown])


def reports_suffix(reports: Mapping[str, Any] | None) -> str:
    """Return what follows a stored line's last field: a claim's reported_by and conflicts, and its '}'."""
    if reports is None:
        return _ALONE
    return escape_json(", " + json.dumps(reports, ensure_ascii=False)[1:])


_ALONE = ", " + json.dumps(reports("", "", []), ensure_ascii=False)[1:]  # a claim no other reports


def write_lines(lines: Iterable[Reported], out: Writable) -> int:
    """Write stored lines as JSON Lines, each with its claim's reports; return how many."""
    count = 0
    for batch in batched(lines, 1_000):  # a write a batch: a call a claim costs
        out.write("".join(claim.line[:-1] + reports_suffix(shared) + "\n" for claim, shared in batch))
        count += len(batch)
    return count


export_lines = write_lines  # an export is the same lines


def export_claims(claims: Iterator[ClaimRecord], out: Writable) -> int:
    """Write every claim of a store as JSON Lines; return how many."""
    count = 0
    for claim in claims:
        out.write(escape_json(json.dumps(claim, ensure_ascii=False)) + "\n")
        count += 1
    return count
