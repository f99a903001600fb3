"""The other reports of a statement: a claim's in `facts show`, and the statements in conflict."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facts.cli.query import open_store_index, open_store_statements

if TYPE_CHECKING:
    from facts.search.claim_index import ClaimIndex
    from facts.store.records import ClaimRecord


def corroborated_detail(index: ClaimIndex, claim: ClaimRecord, detail: dict[str, Any]) -> dict[str, Any]:
    """Add to a claim's `show` detail its reported_by and conflicts, and the other reports of its
    statement: source, date, speaker and the words of theirs that differ from this claim's."""
    from facts.search.statement_cache import reports
    from facts.search.statement_grouping import drift

    statements = open_store_statements(index.paths)
    try:
        members = statements.members([claim["id"]]).get(claim["id"], [])
    finally:
        statements.close()
    others = []
    for member in members:
        if member.claim == claim["id"]:
            continue
        other = index.claim(member.claim)
        entry: dict[str, Any] = {
            "id": other["id"],
            "text": other["text"],
            "kind": other["kind"],
            "date": other["date"],
            "speaker": {"id": other["speaker"]["id"], "name": other["speaker"]["name"]},
            "source": {"file": other["source"]["file"], "title": other["source"]["title"]},
        }
        # Quotations drift most visibly, but reported words that differ are worth seeing too.
        entry["differing"] = [p.strip() for p, changed in drift(claim["text"], other["text"]) if changed]
        others.append(entry)
    return {**detail, **reports(claim["id"], claim["speaker"]["id"], members), "other_reports": others}


CONFLICT_COLUMNS = ["statement", "sources", "reason", "id", "speaker", "source", "date", "kind", "text"]


def find_conflicts(store: Path | None, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """Return the statements credited to different speakers, or quoted in different words by
    sources naming the same one, most widely reported first, and whether limit cut the list."""
    index = open_store_index(store)
    statements = open_store_statements(index.paths)
    try:
        found = statements.conflicts()
    finally:
        statements.close()
    cut = bool(limit) and len(found) > limit
    listed = []
    for number, statement in enumerate(found[:limit] if limit else found, 1):
        claims = [index.claim(m.claim) for m in statement.members]
        listed.append(
            {
                "statement": number,
                "sources": statement.sources,
                "reason": "speakers" if statement.speakers > 1 else "wording",
                "speakers": sorted({m.speaker for m in statement.members}),
                "claims": claims,
            }
        )
    return listed, cut


def conflict_rows(conflicts: Sequence[dict[str, Any]]) -> list[tuple[object, ...]]:
    """Flatten conflicts into CONFLICT_COLUMNS rows: one a claim."""
    return [
        (
            s["statement"],
            s["sources"],
            s["reason"],
            c["id"],
            c["speaker"]["id"],
            c["source"]["file"],
            c["date"],
            c["kind"],
            c["text"],
        )
        for s in conflicts
        for c in s["claims"]
    ]
