"""Read a whole store for `facts export`, one claim at a time (formats/ writes it).

The store is read and checked as it streams (load_store), so an export never holds all claims in
memory and never exports a claim whose text does not match its source.
"""

from __future__ import annotations

from collections.abc import Iterator

from facts.search.claim_lines import claim_as_record, source_ref, speaker_ref
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord


def store_claims(paths: StorePaths) -> Iterator[ClaimRecord]:
    """Yield every claim of the store in file order, in the shape of the JSON contract.

    The store is read under the readers' lock, as queries read it: a writer in progress is
    waited for and a killed one's change undone, so an export is the old store or the new one.
    """
    from facts.store.reader import load_store
    from facts.store.transaction import reading

    with reading(paths):
        manifest, claims = load_store(paths)
        speakers = {s.id: speaker_ref(s) for s in manifest.speakers}
        sources = {s.file: source_ref(s) for s in manifest.sources}
        for claim in claims:
            yield claim_as_record(claim, speakers[claim.speaker], sources[claim.source])
