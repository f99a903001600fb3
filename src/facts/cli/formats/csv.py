"""CSV: a header row, then one row a record, nested fields flattened."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from facts.cli.formats.interface import Writable
from facts.store.records import ClaimRecord

TERMINAL_SAFE = False  # data for a program: exact, so a terminal is given a filter in front


# Every field of the JSON contract, flattened, in the contract's order.
CSV_COLUMNS = [
    "id",
    "text",
    "kind",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "speaker_role",
    "speaker_organization",
    "date",
    "date_precision",
    "date_basis",
    "source_file",
    "source_title",
    "source_outlet",
    "source_url",
    "source_published",
    "span_start",
    "span_end",
    "stance",
    "cue",
    "cue_lemma",
]


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as CSV under a header row; None becomes an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def claim_row(c: ClaimRecord) -> tuple[object, ...]:
    """Flatten a claim into CSV_COLUMNS order."""
    speaker, source = c["speaker"], c["source"]
    return (
        c["id"],
        c["text"],
        c["kind"],
        speaker["id"],
        speaker["name"],
        speaker["kind"],
        speaker["role"],
        speaker["organization"],
        c["date"],
        c["date_precision"],
        c["date_basis"],
        source["file"],
        source["title"],
        source["outlet"],
        source["url"],
        source["published"],
        c["span"]["start"],
        c["span"]["end"],
        c["stance"],
        c["cue"],
        c["cue_lemma"],
    )


def claims_csv(claims: Sequence[ClaimRecord]) -> str:
    """Render claims as CSV with a header row, nested fields flattened."""
    return to_csv(CSV_COLUMNS, [claim_row(c) for c in claims])


def write_claims(claims: Iterable[ClaimRecord], out: Writable, header: bool = False) -> None:
    """Write claims as CSV with a header row, nested fields flattened, one at a time."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(claim_row(c) for c in claims)


def records(
    found: Sequence[Mapping[str, Any]], columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> str:
    """Return rows as CSV under a header row of columns."""
    return to_csv(columns, rows)


def detail(shown: Mapping[str, Any], claim: ClaimRecord) -> str:
    """Return one claim as CSV: the header and its row (the detail's extra fields have no column)."""
    return claims_csv([claim])


def export_claims(claims: Iterator[ClaimRecord], out: Writable) -> int:
    """Write every claim of a store as CSV, lines ending CRLF; return how many."""
    count = 0
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets expect
    writer.writerow(CSV_COLUMNS)
    for claim in claims:
        writer.writerow(["" if v is None else v for v in claim_row(claim)])
        count += 1
    return count
