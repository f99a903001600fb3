"""The columns and flat rows of speakers and sources, and a claim's date as precisely as it is known."""

from __future__ import annotations

from collections.abc import Sequence

from facts.store.records import ClaimRecord, SourceRecord, SpeakerRecord

SPEAKER_COLUMNS = ["id", "name", "claims", "role", "organization", "aliases"]


SOURCE_COLUMNS = ["file", "published", "claims", "title", "outlet", "author", "url"]


def speaker_rows(speakers: Sequence[SpeakerRecord]) -> list[tuple[object, ...]]:
    """Return speakers as flat rows in SPEAKER_COLUMNS order, for TSV and CSV."""
    return [
        (s["id"], s["name"], s["claims"], s["role"], s["organization"], "; ".join(s["aliases"]))
        for s in speakers
    ]


def source_rows(sources: Sequence[SourceRecord]) -> list[tuple[object, ...]]:
    """Return sources as flat rows in SOURCE_COLUMNS order, for TSV and CSV."""
    return [
        (s["file"], s["published"], s["claims"], s["title"], s["outlet"], s["author"], s["url"])
        for s in sources
    ]


def shown_kind(claim: ClaimRecord, joint: str = " · ") -> str:
    """Return a claim's kind, and its stance when the speaker denied or asked rather than asserted."""
    stance = claim.get("stance", "asserts")
    return claim["kind"] if stance == "asserts" else f"{claim['kind']}{joint}{stance}"


def shown_date(claim: ClaimRecord) -> str:
    """Return the claim's date to the precision it is known: 2024-09-27, 2024-01 or 2024."""
    if claim["date"] is None:
        return "undated"
    cut = {"day": 10, "month": 7, "year": 4}.get(claim["date_precision"] or "day", 10)
    return claim["date"][:cut]
