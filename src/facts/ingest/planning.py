"""Plan additions: turn accepted claims of one document, or of many, into store records."""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from pydantic import ValidationError

from facts.errors import FactsError
from facts.extract import NewSpeaker
from facts.extract.mentions import surname
from facts.ingest.documents import Document
from facts.names import fold
from facts.store.checks import document_problems
from facts.store.manifest import StoreView, ViewSpeaker
from facts.store.models import Claim, Source, Speaker
from facts.store.records import ClaimRecord


def sentence(err: FactsError) -> str:
    """Return an error as the one sentence a batch reports for a document."""
    return err.message + (f" {err.hint}" if err.hint else "")


class Accepted(NamedTuple):
    """One document to add, with the claims accepted for it and its new speakers as proposed."""

    shown: str
    document: Document
    claims: list[ClaimRecord]
    drafts: list[NewSpeaker]


class BatchPlan(NamedTuple):
    """Everything one write adds, and the documents that could not be planned."""

    sources: list[tuple[Source, Document]]
    speakers: list[Speaker]
    claims: list[Claim]
    failed: list[tuple[str, str]]  # (path, one sentence)
    planned_with: frozenset[str] | None = None  # the store's speaker ids when planned


def plan_batch(manifest: StoreView, documents: Iterable[Accepted]) -> BatchPlan:
    """Turn accepted documents into store records, merging speakers two documents both introduce.

    Documents are extracted apart, so a person new to the store who is named in two of them is
    proposed twice, with two ids; the second takes the first's id (or that of the speaker one of
    whose aliases is its name), as adding them one by one would.
    """
    book = SpeakerBook.of(manifest)
    # The store's names were checked as each document was read (facts.ingest.batch.Task), and
    # the writer refuses a name it has; here, two documents of the batch must not share one.
    names: set[str] = set()
    claim_ids: set[str] = set()
    plan = BatchPlan([], [], [], [], frozenset(s.id for s in manifest.speakers))
    for item in documents:
        name = item.document.name
        try:
            if name in names:
                raise FactsError(f"Another document in this batch is also named {name}.")
            claims = [_merged(c, book) for c in item.claims]
            clash = next((c["id"] for c in claims if c["id"] in claim_ids), None)
            if clash is not None:
                raise FactsError(f"Its claim id {clash} is another document's in this batch.")
            one = plan_document(book, item.document, name, claims, item.drafts)
        except FactsError as err:
            plan.failed.append((item.shown, sentence(err)))
            continue
        names.add(name)
        claim_ids.update(c.id for c in one.claims)
        plan.sources.append((one.source, item.document))
        plan.speakers.extend(one.speakers)
        plan.claims.extend(one.claims)
    return plan


def _merged(claim: ClaimRecord, book: SpeakerBook) -> ClaimRecord:
    ref = claim["speaker"]
    # Unnamed sources and lower-case names ("the statement") name someone only within a document.
    if ref["id"] in book.ids or ref["kind"] == "unnamed" or ref["name"].islower():
        return claim
    same = book.names.get(fold(ref["name"]))
    return claim if same is None else {**claim, "speaker": {**ref, "id": same}}


class SpeakerBook:
    """The speakers a store has, and those an addition makes: their ids and the names they go by."""

    def __init__(self, speakers: Iterable[Speaker | ViewSpeaker], manifest: StoreView | None = None) -> None:
        self.ids: set[str] = set()
        self.names: dict[str, str] = {}  # folded name or alias -> the first speaker it names
        # Ids removed or merged away by corrections are never given out again.
        self.retired_speakers: set[str] = set(manifest.retired_speakers) if manifest else set()
        self.retired_claims: set[str] = set(manifest.retired_claims) if manifest else set()
        for speaker in speakers:
            self.enter(speaker)

    @classmethod
    def of(cls, manifest: StoreView) -> SpeakerBook:
        """Return the book of a store's speakers and retired ids."""
        return cls(manifest.speakers, manifest)

    def enter(self, speaker: Speaker | ViewSpeaker) -> None:
        """Record a speaker as present."""
        self.ids.add(speaker.id)
        for name in (speaker.name, *speaker.aliases):
            self.names.setdefault(fold(name), speaker.id)


class DocumentPlan(NamedTuple):
    """What adding one document writes: its source record, the speakers it adds and its new claims."""

    source: Source
    speakers: list[Speaker]
    claims: list[Claim]


def plan_document(
    book: SpeakerBook,
    document: Document,
    name: str,
    claims: Sequence[ClaimRecord],
    drafts: Sequence[NewSpeaker] = (),
    known_spans: Container[tuple[int, int, str]] = frozenset(),
) -> DocumentPlan:
    """Turn a document's accepted claims into store records; enter its new speakers in the book."""
    if any(c["date"] is None for c in claims):
        raise FactsError(
            f"{name} prints no date near its top, so its claims cannot be dated.",
            hint="Pass --published YYYY-MM-DD.",
        )
    source = _source(document, name, claims)
    records = [
        _claim(c, name, document.text)
        for c in claims
        if (c["span"]["start"], c["span"]["end"], c["speaker"]["id"]) not in known_spans
    ]
    records, speakers = _unretired(records, _new_speakers(book, claims, drafts), book)
    problem = next(document_problems(source, records, document.text_bytes()), None)
    if problem is not None:
        raise FactsError(f"{name}: {problem.location}: {problem.message}.")
    used = {c.speaker for c in records}
    speakers = [s for s in speakers if s.id in used]
    for speaker in speakers:
        book.enter(speaker)
    return DocumentPlan(source, speakers, records)


def _unretired(
    records: list[Claim], speakers: list[Speaker], book: SpeakerBook
) -> tuple[list[Claim], list[Speaker]]:
    """Give claims and new speakers whose ids were retired (removed or merged) fresh ones.

    Ids are never reused, so a document removed and added again gets ids like `…-2`.
    """
    renamed_speakers = fresh_ids(speakers, book.retired_speakers | book.ids)
    new_speaker_id = {old.id: new.id for old, new in zip(speakers, renamed_speakers, strict=True)}
    records = [
        c.model_copy(update={"speaker": new_speaker_id[c.speaker]}) if c.speaker in new_speaker_id else c
        for c in records
    ]
    return fresh_ids(records, book.retired_claims), renamed_speakers


_Identified = TypeVar("_Identified", Claim, Speaker)


def fresh_ids(items: list[_Identified], taken_already: set[str]) -> list[_Identified]:
    """Return items with any id in taken_already replaced by the id with the first free -N suffix."""
    retired = {item.id for item in items} & taken_already
    if not retired:
        return items
    taken = taken_already | {item.id for item in items}
    renamed = []
    for item in items:
        if item.id in retired:
            number = 2
            while f"{item.id}-{number}" in taken:
                number += 1
            taken.add(f"{item.id}-{number}")
            item = item.model_copy(update={"id": f"{item.id}-{number}"})
        renamed.append(item)
    return renamed


def digest(document: Document) -> str:
    """Return the SHA-256 of a document's text as the store keeps it."""
    return hashlib.sha256(document.text_bytes()).hexdigest()


def _source(document: Document, name: str, claims: Sequence[ClaimRecord]) -> Source:
    ref: Mapping[str, Any] = claims[0]["source"] if claims else {}
    details = document.details
    published = ref.get("published") or details.published
    try:
        return Source(
            file=name,
            title=ref.get("title") or details.title or document.text.strip().splitlines()[0][:200],
            outlet=ref.get("outlet") or details.outlet,
            url=ref.get("url") or details.url,
            author=ref.get("author") or details.author,
            published=published,
            published_note=None if published else "Not given when the document was added.",
            sha256=digest(document),
            original=document.original,
            primary=ref.get("primary") or None,
        )
    except ValidationError as err:
        raise FactsError(f"The source of {name} is not valid: {first_error(err)}.") from None


def _new_speakers(
    book: SpeakerBook, claims: Sequence[ClaimRecord], drafts: Sequence[NewSpeaker]
) -> list[Speaker]:
    """Make the speakers the store lacks, each with every alias it was proposed with.

    Other speakers may share an alias: names are labels, not keys (see docs/store.md).
    """
    from facts.store.corrections import with_aliases

    known = book.ids
    by_id = {d["id"]: d for d in drafts}
    made: dict[str, Speaker] = {}
    for claim in claims:
        ref = claim["speaker"]
        if ref["id"] in known or ref["id"] in made:
            continue
        draft = by_id.get(ref["id"])
        aliases = (
            list(draft["aliases"])
            if draft
            else ([surname(ref["name"])] if ref.get("kind") == "person" else [])
        )
        try:
            speaker = Speaker(
                id=ref["id"],
                name=ref["name"],
                kind=ref["kind"],
                role=ref.get("role"),
                organization=ref.get("organization"),
            )
            made[ref["id"]] = speaker.model_copy(update={"aliases": with_aliases(speaker, aliases)})
        except ValidationError as err:
            raise FactsError(f"Speaker {ref['id']!r} is not valid: {first_error(err)}.") from None
    return list(made.values())


def _claim(record: ClaimRecord, source: str, text: str) -> Claim:
    span = record["span"]
    if text[span["start"] : span["end"]] != record["text"]:
        raise FactsError(
            f"Claim {record['id']!r} does not match its source: its text is not the slice at its span.",
            hint="Run facts extract again on the document you are adding.",
        )
    try:
        return Claim(
            id=record["id"],
            text=record["text"],
            kind=record["kind"],
            speaker=record["speaker"]["id"],
            date=record["date"],
            date_precision=record["date_precision"],
            date_basis=record.get("date_basis"),
            source=source,
            span=span,
            stance=record.get("stance", "asserts"),
            cue=record.get("cue"),
            cue_lemma=record.get("cue_lemma"),
            page=record.get("page"),
        )
    except ValidationError as err:
        raise FactsError(f"Claim {record['id']!r} is not valid: {first_error(err)}.") from None


def first_error(err: ValidationError) -> str:
    """Return pydantic's first complaint about a record as `field: message`."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
