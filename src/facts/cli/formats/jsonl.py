"""JSON Lines: one compact object a line, claims written by hand for speed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

from facts.cli.formats.interface import Writable
from facts.cli.terminal import escape_json
from facts.store.records import ClaimRecord

TERMINAL_SAFE = True  # escape_json escapes what could act on a terminal


def to_jsonl(records: Sequence[Mapping[str, Any]]) -> str:
    """Render records as JSON Lines: one compact object per line."""
    return "".join(escape_json(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def claim_json_line(c: ClaimRecord) -> str:
    """Return json.dumps(c, ensure_ascii=False) of a claim record, about twice as fast.

    Listing a million claims spends most of its time here; the strings are escaped by json's
    own C function, and a test checks the result equals json.dumps for arbitrary claims.
    """
    speaker, source, span = c["speaker"], c["source"], c["span"]
    return (
        f'{{"id": {_q(c["id"])}, "text": {_q(c["text"])}, "kind": {_q(c["kind"])}, '
        f'"speaker": {{"id": {_q(speaker["id"])}, "name": {_q(speaker["name"])}, '
        f'"kind": {_q(speaker["kind"])}, "role": {_q(speaker["role"])}, '
        f'"organization": {_q(speaker["organization"])}}}, '
        f'"date": {_q(c["date"])}, "date_precision": {_q(c["date_precision"])}, '
        f'"date_basis": {_q(c["date_basis"])}, '
        f'"source": {{{_fields(source)}}}, '
        f'"span": {{"start": {int(span["start"])}, "end": {int(span["end"])}}}, '
        f'"stance": {_q(c["stance"])}, "cue": {_q(c["cue"])}, "cue_lemma": {_q(c["cue_lemma"])}'
        + (f', "page": {int(c["page"])}}}' if "page" in c else "}")
    )


def _fields(record: Mapping[str, Any]) -> str:
    # Every field of a claim's source is text or null; its keys are the contract's (and "author").
    return ", ".join(f"{_q(key)}: {_q(value)}" for key, value in record.items())


def _q(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


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


def export_claims(claims: Iterator[ClaimRecord], out: Writable) -> int:
    """Write every claim of a store as JSON Lines; return how many."""
    count = 0
    for claim in claims:
        out.write(escape_json(json.dumps(claim, ensure_ascii=False)) + "\n")
        count += 1
    return count
