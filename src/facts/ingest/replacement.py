"""Plan `facts add --replace`: documents the store has under their names, replaced in one correction.

A replaced document's claims are matched with the new text: a claim whose words are still in it
(at its span, or found once elsewhere) keeps its id and the fields corrected by hand (those that
differ from what the extractor proposes for the old document, and a date set by `facts edit`),
and takes the others from the new proposal at its span (a corrected publication date moves the
dates that followed it); a claim whose words are gone, or that the new reading no longer makes
and nobody corrected, is removed (its id retired); proposals no kept claim covers are added.
Details the new reading does not give (an outlet given once with --outlet) keep their old values.
The plan is a corrections.Plan, written by rewrite.apply as one transaction with the new
sources, originals and claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from facts.errors import FactsError
from facts.ingest.documents import Document
from facts.ingest.planning import Accepted, plan_batch
from facts.store.corrections import HAND_DATE_BASIS, ClaimDict, Plan, StoreContents
from facts.store.manifest import view_of
from facts.store.models import Claim, Source
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord
from facts.store.writer import record_line

_DETAILS = ("title", "outlet", "url", "author", "published")


class Replaced(NamedTuple):
    """What replacing one document does to its claims."""

    before: list[ClaimDict]  # the document's claims as the store has them
    kept: dict[str, ClaimDict]  # old id -> the claim afterwards
    removed: list[str]  # ids of old claims whose words are gone
    added: list[Claim]  # proposals no kept claim covers


class Replacement:
    """A planner of `facts add --replace` over accepted documents; it remembers its last plan's failures."""

    def __init__(self, documents: Sequence[Accepted], before: Mapping[str, Proposed] | None = None) -> None:
        self.documents = list(documents)
        self.before = before or {}  # by source name: what the extractor proposes for the stored document
        self.failed: list[tuple[str, str]] = []

    def __call__(self, view: StoreContents) -> Plan:
        """Plan the replacement against the store as the view shows it."""
        manifest = view.manifest
        names = {a.document.name for a in self.documents}
        old_sources = {s.file: s for s in manifest.sources if s.file in names}
        old_claims: dict[str, list[ClaimDict]] = {file: [] for file in old_sources}
        taken = set(manifest.retired_claims)
        for claim in view.claims():
            taken.add(claim["id"])
            if claim["source"] in old_claims:
                old_claims[claim["source"]].append(claim)
        batch = plan_batch(view_of(manifest), self.documents)
        self.failed = batch.failed
        edits = _Edits({s.file: s for s in manifest.sources})
        for source, document in batch.sources:
            proposals = [c for c in batch.claims if c.source == source.file]
            old = old_sources.get(source.file)
            if old is None:
                edits.add(source, document, proposals)
            else:
                edits.replace(
                    old,
                    source,
                    document,
                    match_claims(old_claims[old.file], proposals, document.text, self.before.get(old.file)),
                )
        new_claims = _fresh(edits.new_claims, taken)
        used = {c.speaker for c in new_claims} | {c["speaker"] for c in edits.kept.values()}
        speakers = [s for s in batch.speakers if s.id in used]
        edits.changes += [f"add speaker {s.id} ({s.name})" for s in speakers]
        gone = set(edits.retired)
        replaced = {c["id"] for claims in old_claims.values() for c in claims}
        kept = edits.kept
        return Plan(
            changes=edits.changes,
            manifest=manifest.model_copy(
                update={
                    "speakers": (*manifest.speakers, *speakers),
                    "sources": tuple(edits.sources.values()),
                    "retired_claims": (*manifest.retired_claims, *edits.retired),
                }
            ),
            edit_claim=lambda c: (None if c["id"] in gone else kept[c["id"]]) if c["id"] in replaced else c,
            touches_claims=bool(kept or gone),
            write_sources=tuple((s.file, d.text_bytes()) for s, d in edits.writes),
            write_originals=tuple(
                (d.original.file, d.data) for _, d in edits.writes if d.original is not None
            ),
            delete_originals=tuple(edits.drop_originals),
            append_claims=tuple(record_line(c) for c in new_claims),
        )


class _Edits:
    """What a replacement changes, gathered document by document."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources  # the store's sources afterwards, by name, in the store's order
        self.changes: list[str] = []
        self.kept: dict[str, ClaimDict] = {}
        self.retired: list[str] = []
        self.new_claims: list[Claim] = []
        self.writes: list[tuple[Source, Document]] = []
        self.drop_originals: list[str] = []

    def add(self, source: Source, document: Document, claims: list[Claim]) -> None:
        """Add a document the store does not have."""
        self.changes.append(f"add source {source.file} ({source.title}): {_plural(len(claims), 'claim')}")
        self.new_claims.extend(claims)
        self.sources[source.file] = source
        self.writes.append((source, document))

    def replace(self, old: Source, source: Source, document: Document, done: Replaced) -> None:
        """Replace a document the store has under this name; an identical reading changes nothing."""
        source = _with_old_details(source, old)
        if source == old and not done.removed and not done.added and _same(done.kept, done.before):
            return
        self.changes += _describe(old, source, done)
        self.kept.update(done.kept)
        self.retired += done.removed
        self.new_claims.extend(done.added)
        self.sources[source.file] = source
        self.writes.append((source, document))
        if old.original is not None and (
            source.original is None or source.original.file != old.original.file
        ):
            self.drop_originals.append(old.original.file)


Proposed = Mapping[tuple[int, int], ClaimRecord]  # what the extractor proposes at each span


def match_claims(
    old: Sequence[ClaimDict], proposals: Sequence[Claim], text: str, before: Proposed | None = None
) -> Replaced:
    """Match a document's stored claims with the new text and the proposals made from it.

    `before` is what the extractor proposes for the old document: a stored field that differs
    from it (or any field of a claim it does not propose at all) was corrected by hand, and stays.
    Without it every field of a kept claim counts as corrected.
    """
    at_span = {(c.span.start, c.span.end): c for c in proposals}
    kept: dict[str, ClaimDict] = {}
    removed: list[str] = []
    for claim in old:
        where = _find(claim, text)
        proposal = at_span.pop(where, None) if where is not None else None
        corrected = _corrected(claim, before)
        if where is None or (proposal is None and not corrected):
            removed.append(claim["id"])  # its words are gone, or the new reading makes no such claim
            continue
        after = {**claim, "span": {"start": where[0], "end": where[1]}}
        if proposal is not None:
            fresh = proposal.model_dump(mode="json")
            for field, keys in _FIELDS.items():
                if field not in corrected:
                    after.update({key: fresh[key] for key in keys})
        kept[claim["id"]] = {k: v for k, v in after.items() if v is not None or k in claim}
    return Replaced(list(old), kept, removed, list(at_span.values()))


_FIELDS = {"speaker": ("speaker",), "kind": ("kind",), "date": ("date", "date_precision", "date_basis")}


def _corrected(claim: ClaimDict, before: Proposed | None) -> set[str]:
    """The fields of a stored claim that differ from what the extractor proposes for it."""
    start, end = claim["span"]["start"], claim["span"]["end"]
    proposed = before.get((start, end)) if before is not None else None
    if proposed is None:
        return set(_FIELDS)
    fields = set()
    if claim["speaker"] != proposed["speaker"]["id"]:
        fields.add("speaker")
    if claim["kind"] != proposed["kind"]:
        fields.add("kind")
    dated = (claim["date"], claim["date_precision"]) != (proposed["date"], proposed["date_precision"])
    if dated or claim.get("date_basis") == HAND_DATE_BASIS:
        fields.add("date")
    return fields


def stored_proposals(paths: StorePaths, names: Iterable[str]) -> dict[str, Proposed]:
    """Propose again the claims of stored documents as they were added: the measure of hand corrections.

    Each document is read back from the store (its original if it has one) and extracted with
    the details its source records. A document that cannot be read back gets no entry, and its
    claims' fields then all count as corrected: they are kept rather than lost.
    """
    from facts.ingest.documents import Details, parse_document
    from facts.ingest.proposals import propose_claims
    from facts.store.files import MAX_DOCUMENT_BYTES, open_inside, read_bounded
    from facts.store.manifest import view_of
    from facts.store.reader import read_manifest

    manifest = read_manifest(paths)
    speakers = view_of(manifest).speakers
    proposed: dict[str, Proposed] = {}
    for source in (s for s in manifest.sources if s.file in set(names)):
        folder, file = (
            (paths.sources_dir, source.file)
            if source.original is None
            else (paths.originals_dir, source.original.file)
        )
        try:
            data = read_bounded(open_inside(folder, file), MAX_DOCUMENT_BYTES, folder / file)
            document = parse_document(data, file)
            given = Details(source.title, source.published, source.author, source.outlet, source.url)
            claims = propose_claims(document, given=given, store_speakers=speakers).claims
        except (OSError, FactsError):
            continue
        proposed[source.file] = {(c["span"]["start"], c["span"]["end"]): c for c in claims}
    return proposed


def _find(claim: ClaimDict, text: str) -> tuple[int, int] | None:
    """Where a claim's words are in the new text: at its span, else their one place, else nowhere."""
    start, end, words = claim["span"]["start"], claim["span"]["end"], claim["text"]
    if text[start:end] == words:
        return start, end
    first = text.find(words)
    if first < 0 or text.find(words, first + 1) >= 0:
        return None  # gone, or in several places: which one the claim meant is not known
    return first, first + len(words)


def _with_old_details(source: Source, old: Source) -> Source:
    """Keep the details of the old source that the new reading does not give."""
    update = {
        f: getattr(old, f) for f in _DETAILS if getattr(source, f) is None and getattr(old, f) is not None
    }
    if "published" in update:
        update["published_note"] = old.published_note
    return source.model_copy(update=update) if update else source


def _same(kept: dict[str, ClaimDict], old: Sequence[ClaimDict]) -> bool:
    return all(kept.get(c["id"]) == c for c in old)


def _describe(old: Source, new: Source, done: Replaced) -> Iterator[str]:
    """Say what replacing one document changes, one line each."""
    yield (
        f"replace source {old.file}: {_plural(len(done.kept), 'claim')} kept, "
        f"{len(done.removed)} removed, {len(done.added)} new"
        + ("" if new.sha256 == old.sha256 else " (the document changed)")
    )
    for field in _DETAILS:
        if getattr(old, field) != getattr(new, field):
            yield f"  {field} {getattr(old, field)} → {getattr(new, field)}"
    for claim in done.before:
        after = done.kept.get(claim["id"])
        if after is not None and after["date"] != claim["date"]:
            yield f"  claim {claim['id']}: date {claim['date']} → {after['date']}"


def _fresh(claims: list[Claim], taken: set[str]) -> list[Claim]:
    """Give new claims whose ids the store uses or retired fresh ids (the first free -N)."""
    from facts.ingest.planning import fresh_ids

    return fresh_ids(claims, taken)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
