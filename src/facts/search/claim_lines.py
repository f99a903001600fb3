"""A claim's finished JSON line, as the index keeps it, and its indented form for `--json`.

Printing a million claims as JSON spent most of its time building each claim's dict and
encoding it. The index keeps each claim's line instead, written once when the claim is indexed
(the bytes `json.dumps(record, ensure_ascii=False)` gives, made safe for a terminal), so bulk
output writes stored lines and adds only what can change: the claim's reported_by and
conflicts, which depend on the other claims of the store.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from facts.store.records import ClaimRecord, SourceRef, SpeakerRef

if TYPE_CHECKING:  # pydantic's models: a query that prints stored lines never loads them
    from facts.store.models import Claim, Source, Speaker

# C1 controls and DEL, and the invisible characters that change the direction of text: ALM,
# LRM, RLM, the embeddings and overrides, and the isolates (json.dumps escapes C0 itself).
BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that take no room and could hide text or make two names look alike: the zero-width
# space, word joiner and invisible operators, the BOM, the Mongolian vowel separator, the Hangul
# fillers and the tag characters (which can carry a whole hidden sentence).
HIDING = "\u200b\u2060-\u2064\ufeff\u180e\u115f\u1160\u3164\uffa0\U000e0000-\U000e007f"
# The zero-width joiner and non-joiner shape Arabic, Persian, Indic scripts and emoji: they are
# shown only beside an ASCII character, where they shape nothing and can only hide.
JOINER_BY_ASCII = "[\u200c\u200d](?=[\x00-\x7f])|(?<=[\x00-\x7f])[\u200c\u200d]"
T = TypeVar("T")
_UNSAFE_IN_JSON = re.compile(f"[{BEYOND_C0}{HIDING}]|{JOINER_BY_ASCII}")
# Every character _UNSAFE_IN_JSON can match, joiners alone: a search for one of them is several
# times quicker than the substitution's alternatives, and most text holds none.
_MAYBE_UNSAFE = re.compile(f"[{BEYOND_C0}{HIDING}\u200c\u200d]")


def escape_json(text: str) -> str:
    """Escape in JSON text the characters json.dumps leaves raw that could act on a terminal.

    The result decodes to the same strings: a script reading it sees exactly what is stored.
    """
    if text.isascii() and "\x7f" not in text:  # isascii costs nothing: a flag of the string
        return text
    if _MAYBE_UNSAFE.search(text) is None:
        return text
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON spells a character beyond the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def claim_json_line(c: ClaimRecord) -> str:
    """Return json.dumps(c, ensure_ascii=False) of a claim record, about twice as fast.

    The strings are escaped by json's own C function, and a test checks the result equals
    json.dumps for arbitrary claims.
    """
    span = c["span"]
    return _line(
        (c["id"], c["text"], c["kind"]),
        speaker_json(c["speaker"]),
        (c["date"], c["date_precision"], c["date_basis"]),
        source_json(c["source"]),
        (span["start"], span["end"]),
        (c["stance"], c["cue"], c["cue_lemma"]),
        c["page"] if "page" in c else None,
    )


def speaker_json(speaker: SpeakerRef) -> str:
    """Return a claim's speaker as json.dumps writes it in the claim's line."""
    return (
        f'{{"id": {_q(speaker["id"])}, "name": {_q(speaker["name"])}, "kind": {_q(speaker["kind"])}, '
        f'"role": {_q(speaker["role"])}, "organization": {_q(speaker["organization"])}}}'
    )


def source_json(source: SourceRef) -> str:
    """Return a claim's source as json.dumps writes it in the claim's line."""
    return f"{{{_fields(source)}}}"


def _line(
    what: tuple[str, str, str],
    speaker: str,
    when: tuple[str | None, str | None, str | None],
    source: str,
    span: tuple[int, int],
    how: tuple[str, str | None, str | None],
    page: int | None,
) -> str:
    # The claim's line around its speaker's and source's JSON, which a build makes once each.
    return (
        f'{{"id": {_q(what[0])}, "text": {_q(what[1])}, "kind": {_q(what[2])}, "speaker": {speaker}, '
        f'"date": {_q(when[0])}, "date_precision": {_q(when[1])}, "date_basis": {_q(when[2])}, '
        f'"source": {source}, "span": {{"start": {int(span[0])}, "end": {int(span[1])}}}, '
        f'"stance": {_q(how[0])}, "cue": {_q(how[1])}, "cue_lemma": {_q(how[2])}'
        + (f', "page": {int(page)}}}' if page is not None else "}")
    )


def _fields(record: Mapping[str, Any]) -> str:
    # Every field of a claim's source is text or null; its keys are the contract's (and "author").
    return ", ".join(f"{_q(key)}: {_q(value)}" for key, value in record.items())


def _q(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def stored_line(record: ClaimRecord) -> str:
    """Return the line the index keeps for a claim: its JSON, safe for a terminal."""
    return escape_json(claim_json_line(record))


def stored_claim_line(claim: Claim, speaker: str, source: str) -> str:
    """Return stored_line of a store's claim, given its speaker_json and source_json."""
    when = (claim.date.isoformat(), claim.date_precision.value, claim.date_basis)
    how = (claim.stance.value, claim.cue, claim.cue_lemma)
    span = (claim.span.start, claim.span.end)
    return escape_json(
        _line((claim.id, claim.text, claim.kind.value), speaker, when, source, span, how, claim.page)
    )


def claim_as_record(claim: Claim, speaker: SpeakerRef, source: SourceRef) -> ClaimRecord:
    """Return a store's claim in the shape of the JSON contract."""
    record: ClaimRecord = {
        "id": claim.id,
        "text": claim.text,
        "kind": claim.kind.value,
        "speaker": speaker,
        "date": claim.date.isoformat(),
        "date_precision": claim.date_precision.value,
        "date_basis": claim.date_basis,
        "source": source,
        "span": {"start": claim.span.start, "end": claim.span.end},
        "stance": claim.stance.value,
        "cue": claim.cue,
        "cue_lemma": claim.cue_lemma,
    }
    if claim.page is not None:
        record["page"] = claim.page
    return record


def speaker_ref(speaker: Speaker) -> SpeakerRef:
    """Return a store's speaker as a claim names it."""
    return SpeakerRef(
        id=speaker.id,
        name=speaker.name,
        kind=speaker.kind.value,
        role=speaker.role,
        organization=speaker.organization,
    )


def source_ref(source: Source) -> SourceRef:
    """Return a store's source as a claim names it."""
    return SourceRef(
        file=source.file,
        title=source.title,
        outlet=source.outlet,
        url=source.url,
        published=source.published.isoformat() if source.published else None,
        author=source.author,
    )


class ClaimLine(NamedTuple):
    """One claim as bulk output reads it from the index: what its reports need, and its line."""

    id: str
    source: str  # the source's file
    line: str  # stored_line of the claim


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of up to size items in turn (itertools.batched, which Python 3.11 lacks)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


class LineResults(NamedTuple):
    """The lines of the claims a query found (a stream without a limit), and whether a limit cut them."""

    claims: Iterable[ClaimLine]  # named as Results' field, so one query path takes either
    truncated: bool = False


# The chunks of a stored line split at ', "' (which JSON text holds only before a member's key,
# but for a string ending in ', '), and where the nested objects open and close.
_CHUNKS = 22  # a claim without a page; one with a page has one more
_OPENS = (3, 11, 17)  # speaker, source, span: each chunk holds its key, '{' and the first member
_CLOSES = (7, 16, 18)  # the last member of each, then '}'


def _indented_template(chunks: int) -> str:
    # json.dumps(record, indent=2) of the claim, each line indented by two more, as an item of
    # an indented array; each %s is a chunk, its nested object's '{' or '}' already indented.
    parts = ["  {\n    %s"]
    inside = False
    for n in range(1, chunks):
        inside = (inside or n - 1 in _OPENS) and n - 1 not in _CLOSES
        parts.append(",\n" + " " * (6 if inside else 4) + '"%s')
    return "".join(parts) + "\n  }"


_INDENTED = {n: _indented_template(n) for n in (_CHUNKS, _CHUNKS + 1)}


def indented_claim(line: str) -> str:
    """Return a stored line as json.dumps(record, indent=2) gives it, as an item of an indented array."""
    # ': {"' opens a nested object and '}, "' closes one, ', "' starts a member. JSON text holds
    # them inside a string only at its end, where the closing quote reads as an opening one but
    # is followed by ',' or '}', never by a key: a split there makes a chunk more (an empty one,
    # or one more than a claim has), and a '{' there is looked for.
    if '{",' in line or '{"}' in line:
        return _indented_by_json(line)
    nested = line[1:-1].replace(': {"', ': {\n      "').replace('}, "', '\n    }, "')
    chunks = nested.split(', "')
    if len(chunks) != (_CHUNKS + 1 if line[-2].isdigit() else _CHUNKS) or "" in chunks:
        return _indented_by_json(line)  # a string ends like a member, or not a claim of the contract
    return _INDENTED[len(chunks)] % tuple(chunks)


def _indented_by_json(line: str) -> str:
    dumped = json.dumps(json.loads(line), ensure_ascii=False, indent=2)
    return escape_json("\n".join("  " + part for part in dumped.split("\n")))
