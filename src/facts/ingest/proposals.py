"""Propose the claims of one document: a pure function, so it runs in any process or on any worker."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from facts.errors import FactsError
from facts.extract import Extraction, StoreSpeaker, extract_claims
from facts.extract.transcript import is_transcript, transcript_claims
from facts.ingest.documents import NO_DETAILS, Details, Document
from facts.store.records import ClaimRecord, SourceRef

# Extraction's time follows how many quotations and cues a text holds: about 9 s a million
# characters when every sentence is a quotation, on one core here. This keeps any document under
# about 20 s; it is some 300,000 words, longer than any article, transcript or report of a hearing.
MAX_TEXT_CHARS = 2_000_000


def propose_claims(
    document: Document,
    *,
    given: Details = NO_DETAILS,
    store_speakers: Sequence[StoreSpeaker] = (),
    same_source: Iterable[str] = (),
) -> Extraction:
    """Propose a document's claims, with the source's details from the page overridden by `given`.

    Nothing is read or written: the same document, details and speakers always give the same
    proposals. Raises FactsError when the document cannot be dated.
    """
    if len(document.text) > MAX_TEXT_CHARS:
        raise FactsError(
            f"{document.name} has {len(document.text):,} characters of text; facts extracts documents "
            f"of up to {MAX_TEXT_CHARS:,}.",
            hint="Split it into parts (by chapter or by day), then extract or add those.",
        )
    details = document.details.overridden_by(given)
    if is_transcript(document.text):  # by its layout, whatever the file is called
        extraction = transcript_claims(
            document.text,
            file=document.name,
            title=details.title,
            published=details.published,
            store_speakers=store_speakers,
        )
    else:
        extraction = extract_claims(
            document.text,
            file=document.name,
            title=details.title,
            published=details.published,
            store_speakers=store_speakers,
            same_source=same_source,
        )
    source: SourceRef = {
        **extraction.source,
        "outlet": details.outlet or extraction.source.get("outlet"),
        "url": details.url or extraction.source.get("url"),
        "author": details.author or extraction.source.get("author"),
    }
    if details.published is not None:
        source["published"] = details.published.isoformat()
    claims: list[ClaimRecord] = [{**claim, "source": source} for claim in extraction.claims]
    if document.pages:
        for claim in claims:
            claim["page"] = page_of(document.pages, claim["span"]["start"])
    return Extraction(source, claims, extraction.new_speakers, extraction.contexts)


def page_of(pages: Sequence[int], offset: int) -> int:
    """Return the page (counted from 1) that a text offset falls on, given where each page starts."""
    return max(1, bisect.bisect_right(pages, offset))
