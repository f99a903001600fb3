"""Pydantic models of the on-disk store: speakers, sources and claims."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)

from facts.store.records import ClaimKind, Stance  # plain enums, which queries use without pydantic

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120),
    Field(description="Stable identifier: lower-case letters, digits and hyphens."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

# Format 1 listed speakers and sources in store.json; format 2 keeps them in speakers.jsonl and
# sources.jsonl, one per line, so that an addition appends instead of rewriting a growing file.
FORMAT_VERSION = 2


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpeakerKind(StrEnum):
    """Whether a speaker is a named person, an unnamed source or an institution."""

    PERSON = "person"
    UNNAMED = "unnamed"
    INSTITUTION = "institution"


class DatePrecision(StrEnum):
    """How much of a claim's date is known; the date's finer parts are then 1."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Span(_Model):
    """Character offsets of a claim in its decoded source text, end exclusive."""

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset just past the last character.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Span:
        if self.end <= self.start:
            raise ValueError("span end must be greater than span start")
        return self


class Speaker(_Model):
    """One entity that makes claims, named once with all the names it goes by."""

    id: Slug
    name: NonEmpty = Field(description="Canonical name, e.g. 'Sabrina Singh'.")
    kind: SpeakerKind = Field(description="Person, unnamed source or institution.")
    role: str | None = Field(
        default=None, description="Title or role, e.g. 'Deputy Pentagon Press Secretary'."
    )
    organization: str | None = Field(default=None, description="Employer or body.")
    aliases: tuple[NonEmpty, ...] = Field(
        default=(), description="Other names the sources use for this speaker."
    )


class Original(_Model):
    """The document as it came, kept byte for byte in originals/ when the text was derived from it."""

    file: Annotated[str, StringConstraints(pattern=r"^[^/\\]+$")] = Field(
        description="File name inside originals/."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the original's bytes; validation checks it."
    )
    media_type: Literal[
        "text/plain",
        "text/html",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "message/rfc822",
        "application/mbox",
    ] = Field(description="What the original is.")
    encoding: str | None = Field(
        default=None, description="The character encoding its bytes were read with, where known."
    )
    derived_by: str = Field(
        description="How the source text was made from it, e.g. 'trafilatura 2.3.1 (htmldate 1.11.0)'."
    )


class Source(_Model):
    """A source document shipped in the store's sources/ folder, as UTF-8 text."""

    # One name inside sources/: no folder part, no control characters (NUL ends a path), and not
    # `.` or `..` (checked below), so a store cannot name a file outside itself.
    file: Annotated[str, StringConstraints(pattern=r"^[^/\\\x00-\x1f\x7f]+$")] = Field(
        description="File name inside sources/."
    )
    title: NonEmpty = Field(description="The document's title.")
    outlet: str | None = Field(default=None, description="Publisher, where known.")
    url: str | None = Field(default=None, description="Where it was published, where known.")
    published: dt.date | None = Field(default=None, description="Publication date, where known.")
    published_note: str | None = Field(
        default=None, description="How the publication date is known, or why it is not."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the file's bytes; loading checks it."
    )
    # Added in format 1 without a version bump: both are optional, so older stores stay valid.
    author: str | None = Field(default=None, description="Who wrote it, where known.")
    original: Original | None = Field(
        default=None,
        description="The document it was derived from (a web page, or text in another encoding), if any.",
    )
    primary: bool | None = Field(
        default=None,
        description="Whether it is a primary source (a transcript, a statement's own text) that "
        "quotations of the same speaker are checked against.",
    )

    @model_serializer(mode="wrap")
    def _without_unknown_additions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Leave out the fields added to format 1 when they are unknown, so a store that does not
        # use them is written as before and older versions of facts can still read it.
        data: dict[str, Any] = handler(self)
        for key in ("author", "original", "primary"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @field_validator("file")
    @classmethod
    def _not_a_folder(cls, file: str) -> str:
        if file in (".", ".."):
            raise ValueError("a source file cannot be named . or ..")
        return file


class Claim(_Model):
    """One attributed statement: the source's exact words, who said them and when."""

    id: Slug
    text: NonEmpty = Field(description="Exactly the source's characters at span.")
    kind: ClaimKind
    speaker: Slug = Field(description="Id of a speaker in the store.")
    date: dt.date = Field(description="When the claim was made.")
    date_precision: DatePrecision = Field(
        default=DatePrecision.DAY, description="How much of the date is known."
    )
    date_basis: str | None = Field(
        default=None, description="How the date was determined when the text does not print it."
    )
    source: str = Field(description="File name of the source, as in sources[].file.")
    # Whether text fits span is checked against the source by store.py, which can then show the
    # claim's text beside the source's.
    span: Span
    # Added in format 1 without a version bump: a claim without them asserts, by an unknown cue.
    stance: Stance = Field(
        default=Stance.ASSERTS, description="Whether the speaker asserts, denies or asks the text."
    )
    cue: str | None = Field(
        default=None, description="The words of attribution as written, e.g. 'denied' or 'according to'."
    )
    cue_lemma: str | None = Field(
        default=None, description="The cue's dictionary form, e.g. 'deny' or 'according to'."
    )

    page: int | None = Field(
        default=None, ge=1, description="The page of the original (a PDF) the claim starts on, where known."
    )

    @model_serializer(mode="wrap")
    def _without_defaults_added(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Leave out the added fields at their defaults, so a store that does not use them is
        # written as before and older versions of facts can still read it.
        data: dict[str, Any] = handler(self)
        if data.get("stance") == Stance.ASSERTS.value:
            data.pop("stance")
        for key in ("cue", "cue_lemma", "page"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class _Retired(_Model):
    # Ids stay retired so that an id a script once printed never names another claim or speaker.
    retired_claims: tuple[Slug, ...] = Field(
        default=(), description="Ids of removed claims; no claim may take them again."
    )
    retired_speakers: tuple[Slug, ...] = Field(
        default=(), description="Ids of removed or merged speakers; no speaker may take them again."
    )


class StoreHeader(_Retired):
    """store.json in format 2: the format and the retired ids (the records have files of their own)."""

    format: Literal[2] = Field(description="Store format version.")


class StoreManifest(_Retired):
    """The store's format version, speakers, sources and retired ids (claims live in claims.jsonl).

    Format 1 keeps all of it in store.json; format 2 keeps speakers and sources in their own files.
    """

    format: Literal[1, 2] = Field(description="Store format version.")
    speakers: tuple[Speaker, ...]
    sources: tuple[Source, ...]
