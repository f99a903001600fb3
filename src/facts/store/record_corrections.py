"""Plan corrections that add or remove speakers, give a claim to a new speaker, or edit a source.

Planners as in corrections.py: each reads a StoreContents and returns a Plan; rewrite.py applies it
through the safe writer, whose validation of the whole store decides what names may be shared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from facts.errors import FactsError, QueryError
from facts.names import fold
from facts.store.corrections import (
    ClaimDict,
    Plan,
    StoreContents,
    plan_edit_claim,
    resolve_source,
    resolve_speaker,
)
from facts.store.models import Source, Speaker, SpeakerKind, StoreManifest

# How the extractor words a date taken from the publication date (or the date printed at the top,
# which it then records as the publication date); a claim with such a basis follows a corrected date.
PUBLICATION_BASES = ("the publication date, ", "the date printed at the top of the text, ")
_SLUG_WORD = re.compile(r"[a-z0-9]+")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def find_speakers(manifest: StoreManifest, wanted: str) -> list[Speaker]:
    """Return the speakers this id, name or alias (any case) names, as resolve_speaker reads it."""
    exact = [s for s in manifest.speakers if s.id == wanted]
    if exact:
        return exact
    key = fold(wanted.strip())
    return [s for s in manifest.speakers if key in {fold(n) for n in (s.name, *s.aliases)}]


def _new_id(manifest: StoreManifest, name: str) -> str:
    """Make a speaker id from a name that no speaker, present or retired, has had."""
    base = "-".join(_SLUG_WORD.findall(fold(name)))[:60].strip("-") or "speaker"
    taken = {s.id for s in manifest.speakers} | set(manifest.retired_speakers)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _kind(value: str) -> SpeakerKind:
    kinds = [k.value for k in SpeakerKind]
    if value.strip().lower() not in kinds:
        raise QueryError(f"--kind takes one of {', '.join(kinds)}, not {value!r}.")
    return SpeakerKind(value.strip().lower())


def plan_add_speaker(
    view: StoreContents,
    name: str,
    *,
    role: str | None = None,
    organization: str | None = None,
    kind: str = "person",
    aliases: Sequence[str] = (),
) -> Plan:
    """Add a speaker with a new id made from its name; refuse a name that already names one."""
    name = name.strip()
    if not name:
        raise QueryError("A speaker needs a name.")
    already = find_speakers(view.manifest, name)
    if already:
        raise FactsError(
            f"{name!r} already names speaker {already[0].id} ({already[0].name}).",
            hint="Give that speaker the claims with `facts edit ID --speaker`, or choose another name.",
        )
    kept: list[str] = []
    for alias in (a.strip() for a in aliases):
        if alias and fold(alias) not in {fold(n) for n in (name, *kept)}:
            kept.append(alias)
    try:
        speaker = Speaker(
            id=_new_id(view.manifest, name),
            name=name,
            kind=_kind(kind),
            role=(role or "").strip() or None,
            organization=(organization or "").strip() or None,
            aliases=tuple(kept),
        )
    except ValidationError as err:
        raise QueryError(f"The speaker would not be valid: {err.errors()[0]['msg']}.") from None
    details = ", ".join(x for x in (speaker.kind.value, speaker.role, speaker.organization) if x) + (
        f"; aliases {'; '.join(kept)}" if kept else ""
    )
    manifest = view.manifest.model_copy(update={"speakers": (*view.manifest.speakers, speaker)})
    return Plan(changes=[f"add speaker {speaker.id} ({speaker.name}, {details})"], manifest=manifest)


def plan_edit_claim_to_new_speaker(view: StoreContents, wanted: str, speaker: str, **edit: Any) -> Plan:
    """Edit a claim as plan_edit_claim does, first adding the speaker when nothing names it yet."""
    if find_speakers(view.manifest, speaker):
        return plan_edit_claim(view, wanted, speaker=speaker, **edit)
    added = plan_add_speaker(view, speaker)
    new_id = added.manifest.speakers[-1].id
    edited = plan_edit_claim(view._replace(manifest=added.manifest), wanted, speaker=new_id, **edit)
    note = f"{added.changes[0]}: no speaker had this id, name or alias"
    return edited._replace(changes=[note, *edited.changes])


def plan_remove_speaker(view: StoreContents, wanted: str, reassign: str | None = None) -> Plan:
    """Remove a speaker that has no claims, or give its claims to another speaker first; retire its id."""
    manifest = view.manifest
    speaker = resolve_speaker(manifest, wanted)
    target = resolve_speaker(manifest, reassign) if reassign is not None else None
    if target is not None and target.id == speaker.id:
        raise QueryError(f"--reassign names {speaker.id}, the speaker being removed.")
    count = sum(1 for c in view.claims() if c["speaker"] == speaker.id)
    if count and target is None:
        raise FactsError(
            f"Speaker {speaker.id} ({speaker.name}) has {_plural(count, 'claim')}.",
            hint="Pass --reassign OTHER to give them to another speaker, "
            "or merge it with `facts speakers merge OTHER " + speaker.id + "` to keep its names.",
        )
    changes = [f"remove speaker {speaker.id} ({speaker.name})"]
    if target is not None and count:
        changes.append(f"  its {_plural(count, 'claim')} go to {target.id} ({target.name})")
    updated = manifest.model_copy(
        update={
            "speakers": tuple(s for s in manifest.speakers if s.id != speaker.id),
            "retired_speakers": (*manifest.retired_speakers, speaker.id),
        }
    )
    to = target.id if target is not None else speaker.id

    def edit(claim: ClaimDict) -> ClaimDict:
        return {**claim, "speaker": to} if claim["speaker"] == speaker.id else claim

    return Plan(changes=changes, manifest=updated, edit_claim=edit, touches_claims=bool(count))


def plan_prune_speakers(view: StoreContents) -> Plan:
    """Remove every speaker no claim points to; retire their ids."""
    manifest = view.manifest
    used = Counter(c["speaker"] for c in view.claims())
    idle = [s for s in manifest.speakers if not used[s.id]]
    gone = {s.id for s in idle}
    updated = manifest.model_copy(
        update={
            "speakers": tuple(s for s in manifest.speakers if s.id not in gone),
            "retired_speakers": (*manifest.retired_speakers, *(s.id for s in idle)),
        }
    )
    return Plan(changes=[f"remove speaker {s.id} ({s.name}): no claims" for s in idle], manifest=updated)


def _parse_published(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"--published takes a date as YYYY-MM-DD, not {value!r}.") from None


def _follows(claim: ClaimDict, old: dt.date | None) -> bool:
    """Tell whether a claim's date was taken from its source's publication date."""
    basis = claim.get("date_basis") or ""
    return old is not None and claim["date"] == old.isoformat() and basis.startswith(PUBLICATION_BASES)


def plan_edit_source(view: StoreContents, file: str, **fields: str | None) -> Plan:
    """Change a source's title, publication date, author, outlet or URL; claims dated from the date follow.

    fields are title, published, author, outlet and url: None leaves one as it is, "" clears it.
    """
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise QueryError("Nothing to change: give --title, --published, --author, --outlet or --url.")
    source = resolve_source(view.manifest, file)  # the stored name or the name it was added under
    file = source.file
    update: dict[str, Any] = {k: (v.strip() or None) for k, v in given.items() if k != "published"}
    if "title" in update and update["title"] is None:
        raise QueryError("--title cannot be empty.")
    if "published" in given:
        update["published"] = _parse_published(given["published"] or "")
        update["published_note"] = None if update["published"] else "Cleared by hand with facts sources edit."
    changes = [
        f"source {file}: {key} {getattr(source, key)} → {update[key]}"
        for key in ("title", "published", "author", "outlet", "url")
        if key in update and update[key] != getattr(source, key)
    ]
    try:
        updated = Source.model_validate({**source.model_dump(), **update})
    except ValidationError as err:
        raise QueryError(f"Source {file} would not be valid: {err.errors()[0]['msg']}.") from None
    moved: dict[str, ClaimDict] = {}
    new = updated.published
    if new is not None and new != source.published:
        moved = _follow_date(view, file, source.published, new, changes)
    sources = tuple(updated if s.file == file else s for s in view.manifest.sources)
    return Plan(
        changes=changes,
        manifest=view.manifest.model_copy(update={"sources": sources}),
        edit_claim=lambda c: moved.get(c["id"], c),
        touches_claims=bool(moved),
    )


def _follow_date(
    view: StoreContents, file: str, old: dt.date | None, new: dt.date, changes: list[str]
) -> dict[str, ClaimDict]:
    """Move the claims dated from the old publication date to the new one; refuse a claim left after it."""
    moved: dict[str, ClaimDict] = {}
    late: list[str] = []
    for claim in view.claims():
        if claim["source"] != file:
            continue
        if _follows(claim, old):
            basis = f"the publication date, {new} (corrected with facts sources edit)"
            moved[claim["id"]] = {**claim, "date": new.isoformat(), "date_basis": basis}
            changes.append(
                f"  claim {claim['id']}: date {claim['date']} → {new} (dated from the publication date)"
            )
        elif claim["date"] > new.isoformat():
            late.append(claim["id"])
        elif old is not None and old.isoformat() in (claim.get("date_basis") or ""):
            # "on Friday", counted from the old date: the extractor's reading, which a person should check.
            changes.append(
                f"  claim {claim['id']} keeps {claim['date']}, dated from the text counted from {old}:"
                f" check it (facts edit {claim['id']} --date)"
            )
    if late:
        shown = ", ".join(late[:3]) + (f" and {len(late) - 3} more" if len(late) > 3 else "")
        raise FactsError(
            f"{_plural(len(late), 'claim')} of {file} would be dated after its publication"
            f" on {new}: {shown}.",
            hint="Correct their dates first with `facts edit ID --date`.",
        )
    return moved
