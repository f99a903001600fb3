"""Read a whole store for `facts export`, one claim at a time (formats/ writes it).

The store is read and checked as it streams (load_store), so an export never holds all claims in
memory and never exports a claim whose text does not match its source.
"""

from __future__ import annotations

from collections.abc import Iterator

from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord, SourceRef, SpeakerRef


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
