"""JSON-LD: each claim described as a schema.org Claim, for `facts export`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from facts.cli.formats.interface import Writable
from facts.cli.formats.json import export_items
from facts.store.records import ClaimRecord

TERMINAL_SAFE = True  # JSON escapes what could act on a terminal


def claim_jsonld(claim: ClaimRecord) -> dict[str, Any]:
    """Describe a claim as a schema.org Claim: its text, author, date and where it appeared."""
    speaker, source = claim["speaker"], claim["source"]
    author: dict[str, Any] = {
        "@type": "Person" if speaker["kind"] == "person" else "Organization",
        "name": speaker["name"],
        "identifier": speaker["id"],
    }
    if speaker["kind"] == "person":
        if speaker["role"]:
            author["jobTitle"] = speaker["role"]
        if speaker["organization"]:
            author["worksFor"] = {"@type": "Organization", "name": speaker["organization"]}
    elif speaker["role"]:
        author["description"] = speaker["role"]
    appearance: dict[str, Any] = {
        "@type": "CreativeWork",
        "headline": source["title"],
        "name": source["file"],
    }
    if source["url"]:
        appearance["url"] = source["url"]
    if source["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": source["outlet"]}
    if source["published"]:
        appearance["datePublished"] = source["published"]
    if source.get("author"):  # the writer of the article, not the speaker of the claim
        appearance["author"] = {"@type": "Person", "name": source.get("author")}
    return {
        "@type": "Claim",
        "identifier": claim["id"],
        "text": claim["text"],
        "author": author,
        "datePublished": claim["date"],
        "appearance": appearance,
    }


def export_claims(claims: Iterator[ClaimRecord], out: Writable) -> int:
    """Write every claim of a store as a schema.org JSON-LD graph; return how many."""
    return export_items(
        map(claim_jsonld, claims), out, '{"@context": "https://schema.org", "@graph": [', "]}"
    )
