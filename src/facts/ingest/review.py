"""Give a proposed claim the speaker a reviewer names: one the store or the document has, or a new person."""

from __future__ import annotations

from collections.abc import Sequence

from facts.errors import NotFoundError
from facts.extract import NewSpeaker, slug
from facts.names import fold
from facts.store.manifest import StoreView, ViewSpeaker
from facts.store.records import SpeakerRef


def _ref(speaker: ViewSpeaker | NewSpeaker) -> SpeakerRef:
    if isinstance(speaker, ViewSpeaker):
        return {
            "id": speaker.id,
            "name": speaker.name,
            "kind": speaker.kind,
            "role": speaker.role,
            "organization": speaker.organization,
        }
    return {
        "id": speaker["id"],
        "name": speaker["name"],
        "kind": speaker["kind"],
        "role": speaker["role"],
        "organization": speaker["organization"],
    }


def speaker_named(name: str, store: StoreView, drafts: Sequence[NewSpeaker]) -> tuple[SpeakerRef, bool]:
    """Return the speaker this id, name or alias names, and whether it is a new person made for it.

    The store's speakers are looked at first, then those the document brings; a name that
    names none of them becomes a new person, with an id no speaker has had.
    """
    wanted = name.strip()
    if not wanted:
        raise NotFoundError("Give a speaker's id, name or alias.")
    key = fold(wanted)
    known = [s for s in store.speakers if s.id == wanted] or [
        s for s in store.speakers if key in {fold(n) for n in (s.name, *s.aliases)}
    ]
    if len(known) > 1:
        ids = ", ".join(s.id for s in known)
        raise NotFoundError(f"{wanted!r} names {len(known)} speakers: {ids}.", hint="Give the speaker's id.")
    if known:
        return _ref(known[0]), False
    for draft in drafts:
        if draft["id"] == wanted or key in {fold(n) for n in (draft["name"], *draft["aliases"])}:
            return _ref(draft), False
    taken = {s.id for s in store.speakers} | set(store.retired_speakers) | {d["id"] for d in drafts}
    base = slug(wanted, 60)
    new_id, n = base, 1
    while new_id in taken:
        n += 1
        new_id = f"{base}-{n}"
    return {"id": new_id, "name": wanted, "kind": "person", "role": None, "organization": None}, True
