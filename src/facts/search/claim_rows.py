"""A claim as the index holds it: the columns a query selects, and the record made from a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from facts.store.records import ClaimRecord

CLAIM_COLUMNS = """
    c.id, c.text, c.kind, c.date, c.date_precision, c.date_basis, c.span_start, c.span_end,
    s.id, s.name, s.kind, s.role, s.organization,
    src.file, src.title, src.outlet, src.url, src.published, src.author,
    c.stance, c.cue, c.cue_lemma, c.page
"""
ROWID_AT = CLAIM_COLUMNS.count(",") + 1  # c.rowid, read after the claim's columns
CLAIM_JOINS = """
    JOIN speakers s ON s.rowid = c.speaker JOIN sources src ON src.rowid = c.source
"""


def claim_record(row: Sequence[Any]) -> ClaimRecord:
    """Return the claim record of a row of CLAIM_COLUMNS."""
    record: ClaimRecord = {
        "id": row[0],
        "text": row[1],
        "kind": row[2],
        "speaker": {
            "id": row[8],
            "name": row[9],
            "kind": row[10],
            "role": row[11],
            "organization": row[12],
        },
        "date": row[3],
        "date_precision": row[4],
        "date_basis": row[5],
        "source": {
            "file": row[13],
            "title": row[14],
            "outlet": row[15],
            "url": row[16],
            "published": row[17],
            "author": row[18],
        },
        "span": {"start": row[6], "end": row[7]},
        "stance": row[19],
        "cue": row[20],
        "cue_lemma": row[21],
    }
    if row[22] is not None:
        record["page"] = row[22]
    return record
