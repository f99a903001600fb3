"""Plan corrections to a store: remove claims or a document, edit a claim, merge or edit speakers.

Each planner reads the store through a StoreContents and returns a Plan: the lines that describe the
change for a person, the new store.json, and what happens to each claim. Nothing is written here;
rewrite.py applies a plan through the safe writer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from facts.errors import NotFoundError, QueryError
from facts.names import fold
from facts.store.date_shape import DATE_SHAPE
from facts.store.models import Source, Speaker, SpeakerKind, StoreManifest
from facts.store.records import ClaimKind

ClaimDict = dict[str, Any]  # one line of claims.jsonl, as parsed
ClaimEdit = Callable[
    [ClaimDict], ClaimDict | None
]  # the claim afterwards (the same object if unchanged), or None
HAND_DATE_BASIS = "set by hand with facts edit"


def _unchanged(claim: ClaimDict) -> ClaimDict | None:
    return claim


class StoreContents(NamedTuple):
    """What a planner may read: the manifest, a fresh pass over the claims, and a source's text."""

    manifest: StoreManifest
    claims: Callable[[], Iterator[ClaimDict]]
    source_text: Callable[[str], str]


class Plan(NamedTuple):
    """One correction, ready to show and to apply."""

    changes: list[str]  # what changes, one line each, for the preview and --dry-run
    manifest: StoreManifest  # store.json afterwards
    edit_claim: ClaimEdit = _unchanged
    touches_claims: bool = False  # whether claims.jsonl must be rewritten
    delete_sources: tuple[str, ...] = ()  # files of sources/ nothing refers to any more
    # What a replacement (`facts add --replace`) also writes, in the same transaction:
    write_sources: tuple[tuple[str, bytes], ...] = ()  # (name in sources/, bytes), new or overwritten
    write_originals: tuple[tuple[str, bytes], ...] = ()  # (name in originals/, bytes)
    delete_originals: tuple[str, ...] = ()  # files of originals/ nothing refers to any more
    append_claims: tuple[bytes, ...] = ()  # lines of claims.jsonl added after the others


def resolve_claim_id(ids: Sequence[str], wanted: str) -> str:
    """Return the claim id that is wanted or the only one it starts; raise if none or several."""
    if wanted in ids:
        return wanted
    starting = sorted(i for i in ids if i.startswith(wanted)) if wanted else []
    if len(starting) == 1:
        return starting[0]
    if starting:
        shown = ", ".join(starting[:3]) + (f" and {len(starting) - 3} more" if len(starting) > 3 else "")
        raise NotFoundError(
            f"{wanted!r} starts {len(starting)} claim ids: {shown}.", hint="Give more of the id."
        )
    raise NotFoundError(f"No claim has the id {wanted!r}.", hint="Run `facts list` to see ids.")


def resolve_speaker(manifest: StoreManifest, wanted: str) -> Speaker:
    """Return the speaker with this id, or the one whose name or alias (any case) this is."""
    for speaker in manifest.speakers:
        if speaker.id == wanted:
            return speaker
    key = fold(wanted.strip())
    found = [s for s in manifest.speakers if key in {fold(n) for n in (s.name, *s.aliases)}]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(s.id for s in found)
        raise NotFoundError(f"{wanted!r} names {len(found)} speakers: {ids}.", hint="Give the speaker's id.")
    raise NotFoundError(
        f"No speaker has the id, name or alias {wanted!r}.", hint="Run `facts speakers` to see them."
    )


def resolve_source(manifest: StoreManifest, wanted: str) -> Source:
    """Return the source stored under this name, or the one added from a file of this name.

    A web page added as page.html is stored as page.html.txt, its page kept in originals/: either
    name finds it. A path finds the source named by its last part.
    """
    name = wanted.strip().replace("\\", "/").rsplit("/", 1)[-1]
    for key in (wanted, name):
        found = next((s for s in manifest.sources if s.file == key), None)
        if found is not None:
            return found
    added_as = [s for s in manifest.sources if s.original is not None and s.original.file == name]
    if len(added_as) == 1:
        return added_as[0]
    raise NotFoundError(
        f"No source has the file name {wanted!r}, and none was added from a file of that name.",
        hint="Run `facts sources` to see them.",
    )


# ASCII digits, at most 18 of them, for the same reasons as DATE_SHAPE.
_SPAN_SHAPE = re.compile(r"(\d{1,18})\s*:\s*(\d{1,18})", re.ASCII)


def parse_claim_date(value: str) -> tuple[dt.date, str]:
    """Read YYYY, YYYY-MM or YYYY-MM-DD as a claim's date and precision; name an impossible date."""
    if DATE_SHAPE.fullmatch(value.strip()) is None:
        raise QueryError(f"--date takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}.")
    parts = value.strip().split("-")
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        day = dt.date(*numbers)
    except ValueError:
        raise QueryError(f"{value.strip()} is not a date.") from None
    return day, ("year", "month", "day")[len(parts) - 1]


def parse_span(value: str) -> tuple[int, int]:
    """Read START:END character offsets."""
    found = _SPAN_SHAPE.fullmatch(value.strip())
    if found is None:
        raise QueryError(f"--text-span takes START:END character offsets, not {value!r}.")
    start, end = found.groups()
    if int(end) <= int(start):
        raise QueryError(f"--text-span {value}: the end must be after the start.")
    return int(start), int(end)


def _find_claims(view: StoreContents, wanted: Sequence[str]) -> list[ClaimDict]:
    """Return the claims wanted (by id or unique start of one), in the order asked, in one pass."""
    ids: list[str] = []
    candidates: dict[str, ClaimDict] = {}
    for claim in view.claims():
        ids.append(claim["id"])
        if any(claim["id"].startswith(w) for w in wanted):
            candidates[claim["id"]] = claim
    chosen = dict.fromkeys(resolve_claim_id(ids, w) for w in wanted)
    return [candidates[i] for i in chosen]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _short(text: str, most: int = 70) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def plan_remove_claims(view: StoreContents, wanted: Sequence[str]) -> Plan:
    """Remove claims by id (or unique id prefix); their ids stay retired."""
    found = _find_claims(view, wanted)
    chosen = [c["id"] for c in found]
    gone = set(chosen)
    texts = {c["id"]: c["text"] for c in found}
    manifest = view.manifest.model_copy(update={"retired_claims": (*view.manifest.retired_claims, *chosen)})
    return Plan(
        changes=[f"remove claim {i}: “{_short(texts[i])}”" for i in chosen],
        manifest=manifest,
        edit_claim=lambda c: None if c["id"] in gone else c,
        touches_claims=True,
    )


def plan_remove_source(view: StoreContents, file: str, keep_speakers: bool) -> Plan:
    """Remove a document and all its claims, and the speakers left with no claim unless keep_speakers."""
    manifest = view.manifest
    source = resolve_source(manifest, file)
    file = source.file
    removed: list[str] = []
    everywhere: Counter[str] = Counter()
    here: Counter[str] = Counter()
    for claim in view.claims():
        everywhere[claim["speaker"]] += 1
        if claim["source"] == file:
            removed.append(claim["id"])
            here[claim["speaker"]] += 1
    orphans = set() if keep_speakers else {s for s, n in here.items() if everywhere[s] == n}
    gone = set(removed)
    changes = [f"remove source {file} ({source.title}) and its {_plural(len(removed), 'claim')}"]
    changes += [
        f"remove speaker {s.id} ({s.name}): no claim left" for s in manifest.speakers if s.id in orphans
    ]
    updated = manifest.model_copy(
        update={
            "sources": tuple(s for s in manifest.sources if s.file != file),
            "speakers": tuple(s for s in manifest.speakers if s.id not in orphans),
            "retired_claims": (*manifest.retired_claims, *removed),
            "retired_speakers": (
                *manifest.retired_speakers,
                *(s.id for s in manifest.speakers if s.id in orphans),
            ),
        }
    )
    return Plan(
        changes=changes,
        manifest=updated,
        edit_claim=lambda c: None if c["id"] in gone else c,
        touches_claims=True,
        delete_sources=(file,),
        delete_originals=(source.original.file,) if source.original is not None else (),
    )


def plan_edit_claim(
    view: StoreContents,
    wanted: str,
    *,
    speaker: str | None = None,
    date: str | None = None,
    kind: str | None = None,
    span: str | None = None,
) -> Plan:
    """Change a claim's speaker, date, kind or span; the text follows the span, as the source has it."""
    if speaker is None and date is None and kind is None and span is None:
        raise QueryError("Nothing to change: give --speaker, --date, --kind or --text-span.")
    old = _find_claims(view, [wanted])[0]
    claim_id = old["id"]
    new = dict(old)
    changes: list[str] = []
    if speaker is not None:
        who = resolve_speaker(view.manifest, speaker)
        new["speaker"] = who.id
        changes.append(f"claim {claim_id}: speaker {old['speaker']} → {who.id} ({who.name})")
    if date is not None:
        day, precision = parse_claim_date(date)
        new.update(date=day.isoformat(), date_precision=precision, date_basis=HAND_DATE_BASIS)
        changes.append(f"claim {claim_id}: date {old['date']} → {day.isoformat()} ({precision})")
    if kind is not None:
        new["kind"] = parse_kind(kind)
        changes.append(f"claim {claim_id}: kind {old['kind']} → {new['kind']}")
    if span is not None:
        start, end = parse_span(span)
        text = view.source_text(old["source"])
        if end > len(text):
            raise QueryError(
                f"--text-span {span} runs past the end of {old['source']} ({len(text)} characters)."
            )
        new.update(span={"start": start, "end": end}, text=text[start:end])
        changes.append(f"claim {claim_id}: span {old['span']['start']}:{old['span']['end']} → {start}:{end}")
        changes.append(f"  text “{_short(old['text'])}” → “{_short(new['text'])}”")
    return Plan(
        changes=changes,
        manifest=view.manifest,
        edit_claim=lambda c: new if c["id"] == claim_id else c,
        touches_claims=True,
    )


def parse_kind(value: str) -> str:
    """Read a claim kind in any case."""
    kinds = [k.value for k in ClaimKind]
    if value.strip().lower() not in kinds:
        raise QueryError(f"--kind takes one of {', '.join(kinds)}, not {value!r}.")
    return value.strip().lower()


def with_aliases(speaker: Speaker, names: Sequence[str]) -> tuple[str, ...]:
    """Return the speaker's aliases with names added, without repeats or its own name."""
    aliases = list(speaker.aliases)
    seen = {fold(n) for n in (speaker.name, *aliases)}
    for name in names:
        if fold(name) not in seen:
            seen.add(fold(name))
            aliases.append(name)
    return tuple(aliases)


def plan_merge_speakers(view: StoreContents, keep: str, others: Sequence[str]) -> Plan:
    """Move the claims and names of other speakers to keep; their ids stay as aliases of keep."""
    manifest = view.manifest
    kept = resolve_speaker(manifest, keep)
    merged: list[Speaker] = []
    for wanted in others:
        other = resolve_speaker(manifest, wanted)
        if other.id == kept.id:
            raise QueryError(
                f"{wanted!r} is {kept.id}, the speaker to keep: it cannot be merged into itself."
            )
        if other not in merged:
            merged.append(other)
    gone = {s.id for s in merged}
    counts = Counter(c["speaker"] for c in view.claims() if c["speaker"] in gone)
    # The merged speakers' ids become aliases too, so a script that still names one resolves.
    names = [n for s in merged for n in (s.name, *s.aliases, s.id)]
    role = kept.role or next((s.role for s in merged if s.role), None)
    organization = kept.organization or next((s.organization for s in merged if s.organization), None)
    updated = kept.model_copy(
        update={"aliases": with_aliases(kept, names), "role": role, "organization": organization}
    )
    changes = [
        f"merge speaker {s.id} ({s.name}, {_plural(counts[s.id], 'claim')}) into {kept.id} ({kept.name})"
        for s in merged
    ]
    added = updated.aliases[len(kept.aliases) :]
    if added:
        changes.append(f"speaker {kept.id}: new aliases {'; '.join(added)}")
    speakers = tuple(updated if s.id == kept.id else s for s in manifest.speakers if s.id not in gone)
    new_manifest = manifest.model_copy(
        update={
            "speakers": speakers,
            "retired_speakers": (*manifest.retired_speakers, *(s.id for s in merged)),
        }
    )
    return Plan(
        changes=changes,
        manifest=new_manifest,
        edit_claim=lambda c: {**c, "speaker": kept.id} if c["speaker"] in gone else c,
        touches_claims=bool(counts),
    )


def plan_edit_speaker(
    view: StoreContents,
    wanted: str,
    *,
    name: str | None = None,
    role: str | None = None,
    organization: str | None = None,
    kind: str | None = None,
    add_aliases: Sequence[str] = (),
    remove_aliases: Sequence[str] = (),
) -> Plan:
    """Change a speaker's name, role, organization, kind or aliases; its id stays. An empty value clears."""
    if (
        name is None
        and role is None
        and organization is None
        and kind is None
        and not add_aliases
        and not remove_aliases
    ):
        raise QueryError(
            "Nothing to change: give --name, --role, --organization, --kind, --add-alias or --remove-alias."
        )
    speaker = resolve_speaker(view.manifest, wanted)
    update: dict[str, Any] = {}
    changes: list[str] = []
    aliases = list(speaker.aliases)
    for alias in remove_aliases:
        match = [a for a in aliases if fold(a) == fold(alias)]
        if not match:
            raise NotFoundError(f"Speaker {speaker.id} has no alias {alias!r}.")
        aliases = [a for a in aliases if a not in match]
        changes.append(f"speaker {speaker.id}: remove alias {match[0]}")
    if name is not None and name.strip() != speaker.name:
        if not name.strip():
            raise QueryError("--name cannot be empty.")
        update["name"] = name.strip()
        changes.append(
            f"speaker {speaker.id}: name {speaker.name} → {name.strip()} (the old name becomes an alias)"
        )
        add_aliases = [speaker.name, *add_aliases]
    for field, value in (("role", role), ("organization", organization)):
        if value is not None:
            update[field] = value.strip() or None
            changes.append(f"speaker {speaker.id}: {field} {getattr(speaker, field)} → {update[field]}")
    if kind is not None:
        kinds = [k.value for k in SpeakerKind]
        if kind.strip().lower() not in kinds:
            raise QueryError(f"--kind takes one of {', '.join(kinds)}, not {kind!r}.")
        update["kind"] = kind.strip().lower()
        changes.append(f"speaker {speaker.id}: kind {speaker.kind.value} → {update['kind']}")
    new_name = update.get("name", speaker.name)
    kept = [a for a in aliases if fold(a) != fold(new_name)]
    stripped = speaker.model_copy(update={"aliases": tuple(kept), "name": new_name})
    update["aliases"] = with_aliases(stripped, [a.strip() for a in add_aliases if a.strip()])
    for alias in update["aliases"][len(kept) :]:
        if alias != speaker.name or name is None:
            changes.append(f"speaker {speaker.id}: add alias {alias}")
    try:
        updated = Speaker.model_validate({**speaker.model_dump(), **update})
    except ValidationError as err:
        raise QueryError(f"Speaker {speaker.id} would not be valid: {err.errors()[0]['msg']}.") from None
    speakers = tuple(updated if s.id == speaker.id else s for s in view.manifest.speakers)
    return Plan(changes=changes, manifest=view.manifest.model_copy(update={"speakers": speakers}))
