"""JSON: an indented array of records, and the compact array `facts export` streams."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from facts.cli.formats.interface import Reported, Writable
from facts.cli.formats.jsonl import reports_suffix
from facts.cli.terminal import escape_json
from facts.search.claim_lines import batched, indented_claim
from facts.search.statement_cache import reports
from facts.store.records import ClaimRecord

TERMINAL_SAFE = True  # escape_json escapes what could act on a terminal


def to_json(records: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> str:
    """Render records (or one record) as indented JSON, ending with a newline."""
    return escape_json(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"


def write_json(records: Iterable[Mapping[str, Any]], out: Writable) -> None:
    """Write records as an indented JSON array one at a time: the text to_json makes, in constant memory."""
    first = True
    for record in records:
        out.write("[\n" if first else ",\n")
        # JSON strings hold no raw newlines, so each line of the dump is one line of the array.
        lines = escape_json(json.dumps(record, ensure_ascii=False, indent=2)).split("\n")
        out.write("\n".join("  " + line for line in lines))
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_claims(claims: Iterable[ClaimRecord], out: Writable, header: bool = False) -> None:
    """Write claims as an indented JSON array, one at a time."""
    write_json(claims, out)


def records(
    found: Sequence[Mapping[str, Any]], columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> str:
    """Return records as an indented JSON array."""
    return to_json(found)


def detail(shown: Mapping[str, Any], claim: ClaimRecord) -> str:
    """Return one claim in full as a JSON object."""
    return to_json(shown)


def export_items(items: Iterator[Any], out: Writable, opening: str = "[", closing: str = "]") -> int:
    """Write items as a JSON array, one compact item a line (in a wrapper, for JSON-LD); return how many."""
    count = 0
    out.write(opening)
    for item in items:
        out.write(("," if count else "") + "\n  " + escape_json(json.dumps(item, ensure_ascii=False)))
        count += 1
    out.write(("\n" if count else "") + closing + "\n")
    return count


def indented_suffix(shared: Mapping[str, Any] | None) -> str:
    """Return what follows an indented claim's last field: its reported_by and conflicts, and its '}'."""
    if shared is None:
        return _ALONE
    inner = escape_json(json.dumps(shared, ensure_ascii=False, indent=2)).split("\n")[1:-1]
    return ",\n" + "\n".join("  " + line for line in inner) + "\n  }"


_ALONE = indented_suffix(reports("", "", []))  # a claim no other reports


def write_lines(lines: Iterable[Reported], out: Writable) -> int:
    """Write stored lines as an indented JSON array, each with its claim's reports; return how many.

    The text is write_json's for the same records.
    """
    count = 0
    for batch in batched(lines, 1_000):  # a write a batch: a call a claim costs
        items = ",\n".join(indented_claim(c.line)[:-4] + indented_suffix(shared) for c, shared in batch)
        out.write(("[\n" if not count else ",\n") + items)
        count += len(batch)
    out.write("\n]\n" if count else "[]\n")
    return count


def export_lines(lines: Iterable[Reported], out: Writable) -> int:
    """Write stored lines as export_claims does, each with its claim's reports; return how many."""
    count = 0
    out.write("[")
    for batch in batched(lines, 1_000):  # a write a batch: a call a claim costs
        items = ",".join("\n  " + claim.line[:-1] + reports_suffix(shared) for claim, shared in batch)
        out.write(("," if count else "") + items)
        count += len(batch)
    out.write(("\n" if count else "") + "]\n")
    return count


def export_claims(claims: Iterator[ClaimRecord], out: Writable) -> int:
    """Write every claim of a store as a JSON array; return how many."""
    return export_items(claims, out)
