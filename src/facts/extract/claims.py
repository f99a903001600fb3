"""Assemble the claims of one article: ids, dates, speakers new to the store, and the source."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple, TypedDict

from facts.extract.context import ClaimContext, ContextFinder
from facts.extract.dateline import printed_date
from facts.extract.dates import DatedCue, full_dates, resolve_cue
from facts.extract.document import DocumentReader, Found
from facts.extract.entities import Entity, StoreSpeaker, has_capital
from facts.extract.mentions import strip_article, surname
from facts.extract.stance import read_cue
from facts.extract.text import Paragraph, title_paragraph
from facts.names import fold
from facts.store.records import ClaimRecord, SourceRef

# Why a claim has no date: the document prints none, and none was given.
UNDATED = "not dated: the document prints no date near its top; pass --published YYYY-MM-DD to date it"
# Where a statement is made, so that one dated there dates the others: "told the court".
_SETTING = re.compile(
    r"(?i)\b(?:court|hearing|trial|jury|inquiry|tribunal|committee|summit|conference|rally|briefing)\b"
)
MAX_GIST = 30  # characters; with the file's (40) and the speaker's (40) parts an id stays under 120
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset("the a an of to in on and or that is are was were be for with it its at by".split())


class NewSpeaker(TypedDict):
    """A speaker the store does not have yet, as `facts add` will write it."""

    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None
    aliases: list[str]


class Extraction(NamedTuple):
    """What `facts extract` proposes for one document: its claims and the speakers new to the store."""

    source: SourceRef
    claims: list[ClaimRecord]
    new_speakers: list[NewSpeaker]
    contexts: dict[str, ClaimContext]  # claim id -> where it sits in the text, for review


def slug(text: str, most: int = 60) -> str:
    """Make an id part from text: lower-case ASCII words joined by hyphens."""
    words = _SLUG_WORD.findall(fold(text).replace("’", "").replace("'", ""))
    return "-".join(words)[:most].strip("-") or "x"


def extract_claims(
    text: str,
    *,
    file: str,
    title: str | None = None,
    published: date | None = None,
    store_speakers: Sequence[StoreSpeaker] = (),
    same_source: Iterable[str] = (),
) -> Extraction:
    """Propose the claims of one article, each with its speaker, date and exact span."""
    extractor = DocumentReader(text, store_speakers, set(same_source))
    heading = title_paragraph(text, extractor.paras)
    found = extractor.run(heading)
    if title is None:
        title = (
            text[extractor.paras[heading].start : extractor.paras[heading].end]
            if heading is not None
            else file
        )
    reference, basis = _reference_date(text, extractor.paras, published)
    source: SourceRef = {
        "file": file,
        "title": title.strip() or file,
        "outlet": None,
        "url": None,
        # the date given, or the one the dateline prints; None for a document that prints none
        "published": reference.isoformat() if reference else None,
    }
    stem = slug(file.rsplit(".", 1)[0], 40)
    ids = _Ids()
    claims: list[ClaimRecord] = []
    contexts: dict[str, ClaimContext] = {}
    finder = ContextFinder(text, extractor.narration, extractor.paras)
    unique = sorted(
        {(f.start, f.end, id(f.entity)): f for f in found}.values(), key=lambda f: (f.start, f.end)
    )
    own_cues, cues = _time_cues(unique, reference)
    new_ids = _speaker_ids(extractor.book.entities, stem, store_speakers)
    for item in unique:
        entity = item.entity
        dated: DatedCue | None = (
            _claim_date(item, own_cues[id(item)], reference, basis, cues.get(id(entity), []), text)
            if reference is not None
            else None
        )
        speaker_id = entity.store_id or new_ids[id(entity)]
        claim_id = ids.new(f"{stem}-{_id_word(entity)}-{_gist(text[item.start : item.end])}")
        contexts[claim_id] = finder.context((item.start, item.end), item.cue_at, item.phrase)
        claims.append(_claim_record(text, item, claim_id, speaker_id, dated, basis, source))
    speakers = _new_speakers(extractor.book.entities, unique, new_ids)
    return Extraction(source, claims, speakers, contexts)


def _claim_record(
    text: str,
    item: Found,
    claim_id: str,
    speaker_id: str,
    dated: DatedCue | None,
    basis: str,
    source: SourceRef,
) -> ClaimRecord:
    """Return the proposed claim of one thing found, as the store will write it."""
    entity = item.entity
    how = read_cue(item.cue, text[item.start : item.end])
    return {
        "id": claim_id,
        "text": text[item.start : item.end],
        "kind": item.kind,
        "speaker": {
            "id": speaker_id,
            "name": entity.name,
            "kind": entity.kind,
            "role": entity.role,
            "organization": entity.organization,
        },
        "date": dated.date.isoformat() if dated else None,
        "date_precision": dated.precision if dated else None,
        "date_basis": dated.basis if dated else basis,
        "source": source,
        "span": {"start": item.start, "end": item.end},
        "stance": how.stance,
        "cue": how.text,
        "cue_lemma": how.lemma,
    }


def _new_speakers(
    entities: Sequence[Entity], found: Sequence[Found], new_ids: dict[int, str]
) -> list[NewSpeaker]:
    """Return the speakers of the claims found that the store does not have yet."""
    used = {id(f.entity) for f in found}
    return [
        {
            "id": new_ids[id(e)],
            "name": e.name,
            "kind": e.kind,
            "role": e.role,
            "organization": e.organization,
            "aliases": _aliases(e),
        }
        for e in entities
        if e.store_id is None and id(e) in used
    ]


def _reference_date(text: str, paras: Sequence[Paragraph], published: date | None) -> tuple[date | None, str]:
    """Return the date a document's cues count from and how it is known: given, printed, or none."""
    if published is not None:
        return published, f"the publication date, {published}"
    if (printed := printed_date(text, paras)) is not None:
        return printed, f"the date printed at the top of the text, {printed}"
    return None, UNDATED


def _time_cues(
    found: Sequence[Found], reference: date | None
) -> tuple[dict[int, DatedCue | None], dict[int, list[tuple[int, DatedCue]]]]:
    """Resolve each claim's own time cue, and list each speaker's dated attributions (where, cue)."""
    own: dict[int, DatedCue | None] = {}
    by_speaker: dict[int, list[tuple[int, DatedCue]]] = {}
    settings: dict[str, DatedCue] = {}  # "court" -> the date the text gives the hearing
    for item in sorted(found, key=lambda f: f.at):
        cue = resolve_cue(item.cue_text, reference) if item.kind != "caption" and reference else None
        cue = own[id(item)] = _set_at(item, cue, settings)
        if cue is not None:
            by_speaker.setdefault(id(item.entity), []).append((item.at, cue))
    return own, by_speaker


def _aliases(entity: Entity) -> list[str]:
    names = {fold(entity.name)}
    aliases = []
    candidates = [*entity.aliases]
    if entity.kind == "person" and " " in entity.name:
        candidates.append(surname(entity.name))
    for alias in candidates:
        alias = alias.strip()
        if alias and fold(alias) not in names and alias.lower() not in ("he", "she"):
            names.add(fold(alias))
            aliases.append(alias)
    return aliases


def _speaker_ids(
    entities: Sequence[Entity], stem: str, store_speakers: Sequence[StoreSpeaker]
) -> dict[int, str]:
    """Give each new speaker an id; unnamed and generic speakers are scoped to their document."""
    taken = _Ids(s.id for s in store_speakers)
    ids = {}
    for entity in entities:
        if entity.store_id:
            continue
        base = slug(strip_article(entity.name), 60)
        if entity.kind == "unnamed" or not has_capital(entity.name):
            base = f"{base}-{stem}"[:110]
        ids[id(entity)] = taken.new(base)
    return ids


class _Ids:
    """Hand out ids that are not taken: base, else base-2, base-3, ..."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.next_suffix: dict[str, int] = {}

    def new(self, base: str) -> str:
        candidate = base
        while candidate in self.taken:
            suffix = self.next_suffix.get(base, 2)
            self.next_suffix[base] = suffix + 1
            candidate = f"{base}-{suffix}"
        self.taken.add(candidate)
        return candidate


def _id_word(entity: Entity) -> str:
    """Name a speaker in a claim id: a person's surname, else the head of the phrase ("official")."""
    if entity.kind == "person":
        return slug(surname(entity.name), 24)
    if entity.kind == "unnamed" and entity.head:
        return slug(entity.head, 24)
    return "-".join(slug(strip_article(entity.name), 40).split("-")[:3])


def _gist(text: str) -> str:
    """Name a claim in its id by its first words, bounded so that every id stays under the store's limit."""
    words = [
        w for w in _SLUG_WORD.findall(fold(text).replace("’", "").replace("'", "")) if w not in _STOP_WORDS
    ]
    return "-".join(words[:4])[:MAX_GIST].strip("-") or "claim"


def _set_at(item: Found, cue: DatedCue | None, settings: dict[str, DatedCue]) -> DatedCue | None:
    """Date a statement made at an event the text dated before: "told the court" of a hearing "yesterday".

    An attribution that names a setting (a court, a hearing, a meeting) and a time records the
    setting's date; a later one that names the same setting and no time takes it.
    """
    setting = _SETTING.search(item.cue_text)
    if setting is None:
        return cue
    key = setting.group().lower()
    if cue is not None:
        settings[key] = cue
        return cue
    if key in settings:
        earlier = settings[key]
        return earlier._replace(basis=f"the date the text gives the {key} it was said at: {earlier.basis}")
    return None


def _claim_date(
    item: Found,
    own: DatedCue | None,
    reference: date,
    basis: str,
    cues: list[tuple[int, DatedCue]],
    text: str,
) -> DatedCue:
    """Date a claim: its caption's date, a cue in its attribution, the speaker's last cue, or publication."""
    if item.kind == "caption":
        para_end = text.find("\n", item.start)
        printed = full_dates(text[item.start : para_end if para_end >= 0 else len(text)])
        para_start = text.rfind("\n", 0, item.start) + 1
        printed = printed or full_dates(text[para_start : para_end if para_end >= 0 else len(text)])
        if printed:
            return DatedCue(printed[0][2], "day", "the date printed in the photo caption")
        return DatedCue(reference, "day", basis)
    if own is not None:
        return own
    earlier = [cue for at, cue in cues if at <= item.at]
    if earlier:
        cue = earlier[-1]
        return cue._replace(basis=f"the same speaker's earlier attribution in this text: {cue.basis}")
    return DatedCue(reference, "day", basis)
