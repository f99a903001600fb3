"""The claim shape every command prints: plain dicts, so queries need no pydantic."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple, NotRequired, TypedDict


class ClaimKind(StrEnum):
    """How the source carries the claim."""

    QUOTE = "quote"  # words inside quotation marks
    REPORTED = "reported"  # reported speech: "X said that ..."
    CAPTION = "caption"  # the text of a photo caption
    TRANSCRIPT = "transcript"  # a speaker's turn in a transcript, in the speaker's own words


class Stance(StrEnum):
    """What the speaker did with the claim's words: stated them, denied them, or asked them."""

    ASSERTS = "asserts"  # "X said that Y": X claims Y
    DENIES = "denies"  # "X denied that Y": X says Y is not so
    ASKS = "asks"  # "X asked whether Y": a question, not a claim


class SpeakerRef(TypedDict):
    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None


class SourceRef(TypedDict):
    file: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    author: NotRequired[str | None]  # given when known; older candidates files have none
    primary: NotRequired[bool]  # a primary source (a transcript), whose claims quotations are checked against


class SpanRecord(TypedDict):
    start: int
    end: int


class ClaimRecord(TypedDict):
    """One claim as printed by --json: the public contract documented in the README."""

    id: str
    text: str
    kind: str
    speaker: SpeakerRef
    date: str | None  # None only in a proposal from a document that prints no date
    date_precision: str | None
    date_basis: str | None
    source: SourceRef
    span: SpanRecord
    stance: str  # "asserts", "denies" or "asks"
    cue: str | None  # the words of attribution as written: "denied", "according to"
    cue_lemma: str | None  # their dictionary form: "deny"
    page: NotRequired[int]  # the page of a PDF the claim starts on; absent for a document without pages


class SpeakerRecord(TypedDict):
    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None
    aliases: list[str]
    claims: int


class SourceRecord(TypedDict):
    file: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    published_note: str | None
    sha256: str
    author: str | None
    original: str | None  # the file in originals/ the text was derived from, if any
    claims: int


class Results(NamedTuple):
    """Claims found by a query, best first, and whether --limit cut the list short."""

    claims: Iterable[ClaimRecord]  # a list, or a stream when there is no limit
    truncated: bool = False
    # claim id -> its text with matched words between \x02 and \x03, for tables (search only)
    marked: dict[str, str] | None = None
    # claim id -> the fields a search matched (text, speaker, source), each with its marked words
    matched: dict[str, dict[str, str]] | None = None
