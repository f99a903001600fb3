"""Write a whole store as JSON Lines, JSON, CSV or schema.org JSON-LD, one claim at a time.

The SQLite format is written by export_sqlite.py, to a file.

The store is read and checked as it streams (load_store), so an export never holds all claims in
memory and never exports a claim whose text does not match its source.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum
from typing import Any, TextIO

from facts.cli.terminal import escape_json
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord, SourceRef, SpeakerRef


class ExportFormat(StrEnum):
    """The formats `facts export` writes."""

    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    jsonld = "jsonld"
    sqlite = "sqlite"  # a database file for Datasette and sqlite-utils: export_sqlite.py


def store_claims(paths: StorePaths) -> Iterator[ClaimRecord]:
    """Yield every claim of the store in file order, in the shape of the JSON contract.

    The store is read under the readers' lock, as queries read it: a writer in progress is
    waited for and a killed one's change undone, so an export is the old store or the new one.
    """
    from facts.store.reader import load_store
    from facts.store.transaction import reading

    with reading(paths):
        manifest, claims = load_store(paths)
        speakers = {
            s.id: SpeakerRef(
                id=s.id, name=s.name, kind=s.kind.value, role=s.role, organization=s.organization
            )
            for s in manifest.speakers
        }
        sources = {
            s.file: SourceRef(
                file=s.file,
                title=s.title,
                outlet=s.outlet,
                url=s.url,
                published=s.published.isoformat() if s.published else None,
                author=s.author,
            )
            for s in manifest.sources
        }
        for claim in claims:
            record = ClaimRecord(
                id=claim.id,
                text=claim.text,
                kind=claim.kind.value,
                speaker=speakers[claim.speaker],
                date=claim.date.isoformat(),
                date_precision=claim.date_precision.value,
                date_basis=claim.date_basis,
                source=sources[claim.source],
                span={"start": claim.span.start, "end": claim.span.end},
                stance=claim.stance.value,
                cue=claim.cue,
                cue_lemma=claim.cue_lemma,
            )
            if claim.page is not None:
                record["page"] = claim.page
            yield record


def write_export(claims: Iterator[ClaimRecord], fmt: ExportFormat, out: TextIO) -> int:
    """Write claims to out in a format; return how many were written."""
    count = 0
    if fmt is ExportFormat.csv:
        import csv

        from facts.cli.render import CSV_COLUMNS, claim_row

        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets expect
        writer.writerow(CSV_COLUMNS)
        for claim in claims:
            writer.writerow(["" if v is None else v for v in claim_row(claim)])
            count += 1
        return count
    if fmt is ExportFormat.jsonl:
        for claim in claims:
            out.write(escape_json(json.dumps(claim, ensure_ascii=False)) + "\n")
            count += 1
        return count
    items: Iterator[Any] = claims if fmt is ExportFormat.json else map(claim_jsonld, claims)
    if fmt is ExportFormat.jsonld:
        out.write('{"@context": "https://schema.org", "@graph": [')
    else:
        out.write("[")
    for item in items:
        out.write(("," if count else "") + "\n  " + escape_json(json.dumps(item, ensure_ascii=False)))
        count += 1
    out.write(("\n" if count else "") + ("]}\n" if fmt is ExportFormat.jsonld else "]\n"))
    return count


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
