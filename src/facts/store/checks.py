"""Checks of a store's records: one claim, one document, an addition, the lists of store.json."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from facts.store.files import MAX_DOCUMENT_BYTES, open_inside, read_bounded
from facts.store.models import Claim, Source
from facts.store.paths import StorePaths, os_error_message

# Sources are read when their first claim is checked; keep a few decoded so a store sorted by
# source reads each file once, without holding a million-claim store's texts in memory.
_SOURCE_CACHE_SIZE = 64


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a store, with where it is."""

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        """Return the problem as a JSON-ready object."""
        return {"file": self.file, "location": self.location, "message": self.message}


def manifest_problems(manifest: _Listing, name: str) -> Iterator[Problem]:
    """Yield what is wrong across the lists of a store.json: repeated or retired ids, repeated files."""
    # Ids are a store's only keys. Names and aliases are labels: any number of speakers may share
    # one ("the statement", "officials", two people called Smith), and a lookup by a shared one
    # lists the speakers it names (see docs/store.md), so no name or alias ever blocks a change.
    ids: set[str] = set()
    for i, speaker in enumerate(manifest.speakers):
        if speaker.id in ids:
            yield Problem(name, f"speakers[{i}].id", f"duplicate speaker id {speaker.id!r}")
        ids.add(speaker.id)
    retired = set(manifest.retired_speakers)
    for i, speaker in enumerate(manifest.speakers):
        if speaker.id in retired:
            yield Problem(
                name, f"speakers[{i}].id", f"speaker id {speaker.id!r} was retired and cannot be reused"
            )
    seen_files: set[str] = set()
    seen_originals: set[str] = set()
    for i, source in enumerate(manifest.sources):
        if source.file in seen_files:
            yield Problem(name, f"sources[{i}].file", f"duplicate source {source.file!r}")
        seen_files.add(source.file)
        if source.original is not None:
            if source.original.file in seen_originals:
                yield Problem(
                    name, f"sources[{i}].original.file", f"duplicate original {source.original.file!r}"
                )
            seen_originals.add(source.original.file)


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...


class _Filed(Protocol):
    @property
    def file(self) -> str: ...


class Sourced(Protocol):
    """A source as the checks of its claims read it: a model, or the view of one."""

    @property
    def file(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def published(self) -> date | None: ...
    @property
    def original(self) -> _Filed | None: ...


class _Listing(Protocol):
    """What the checks across a store.json's records read: a manifest, or the view of one."""

    # A protocol, not facts.store.manifest.StoreView: that view falls back on the reader, which
    # uses these checks.

    @property
    def speakers(self) -> Sequence[_Named]: ...
    @property
    def sources(self) -> Sequence[Sourced]: ...
    @property
    def retired_speakers(self) -> Sequence[str]: ...


class SeenIds(Protocol):
    """The claim ids a check has read so far."""

    def first_time(self, claim_id: str) -> bool:
        """Record an id; return whether it was new."""
        ...


class IdsInMemory:
    """Seen ids in a set: fast, and the memory grows with the store."""

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def first_time(self, claim_id: str) -> bool:
        """Record an id; return whether it was new."""
        if claim_id in self._ids:
            return False
        self._ids.add(claim_id)
        return True


class IdsOnDisk:
    """Seen ids in a temporary SQLite file with a small page cache: memory stays flat."""

    def __init__(self) -> None:
        import sqlite3
        import tempfile

        self._folder = tempfile.TemporaryDirectory(prefix="facts-ids-")
        # Nothing here needs to survive a crash: no journal, no syncs.
        self._db = sqlite3.connect(Path(self._folder.name) / "ids.sqlite3", isolation_level=None)
        self._db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;"
            "CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID; BEGIN;"
        )

    def first_time(self, claim_id: str) -> bool:
        """Record an id; return whether it was new."""
        return self._db.execute("INSERT OR IGNORE INTO ids VALUES (?)", (claim_id,)).rowcount == 1

    def close(self) -> None:
        """Remove the file."""
        self._db.close()
        self._folder.cleanup()


def addition_problems(
    paths: StorePaths, manifest: _Listing, claims: Sequence[Claim], new_files: Mapping[str, bytes]
) -> Iterator[Problem]:
    """Yield the problems of adding claims to a store, checking only what the addition touches.

    manifest is (the view of) the store.json the addition would write; new_files are the bytes of
    the sources it adds. The caller has already left out claims whose ids the store has.
    """
    yield from manifest_problems(manifest, paths.manifest.name)
    speakers = {speaker.id for speaker in manifest.speakers}
    sources = {source.file: source for source in manifest.sources}
    texts = SourceTexts(paths, sources, new_files)
    seen_ids = IdsInMemory()
    reported: set[str] = set()
    for number, claim in enumerate(claims, start=1):
        yield from claim_problems(
            claim, paths.claims.name, f"new claim {number}", speakers, sources, texts, seen_ids, reported
        )


def document_problems(source: Source, claims: Sequence[Claim], data: bytes) -> Iterator[Problem]:
    """Yield what is wrong with one new document's claims on their own: ids, dates and texts.

    Checked before an addition is written, so that a batch can skip one bad document and add the rest.
    """
    texts = SourceTexts(StorePaths(Path(".")), {source.file: source}, {source.file: data})
    speakers = {claim.speaker for claim in claims}  # whether they exist is the store's to say
    seen_ids = IdsInMemory()
    for number, claim in enumerate(claims, start=1):
        yield from claim_problems(
            claim, source.file, f"claim {number}", speakers, {source.file: source}, texts, seen_ids, set()
        )


def claim_problems(
    claim: Claim,
    name: str,
    where: str,
    speakers: set[str],
    sources: Mapping[str, Sourced],
    texts: SourceTexts,
    seen_ids: SeenIds,
    reported_sources: set[str],
) -> Iterator[Problem]:
    """Yield what is wrong with one claim: its id, speaker, source, date and text."""
    if not seen_ids.first_time(claim.id):
        yield Problem(name, f"{where}: id", f"duplicate claim id {claim.id!r}")
    if claim.speaker not in speakers:
        yield Problem(name, f"{where}: speaker", f"unknown speaker {claim.speaker!r}")
    source = sources.get(claim.source)
    if source is None:
        yield Problem(name, f"{where}: source", f"unknown source {claim.source!r}")
        return
    if source.published is not None and claim.date > source.published:
        yield Problem(
            name,
            f"{where}: date",
            f"claim {claim.id!r} is dated {claim.date}, after its source was published on {source.published}",
        )
    text = texts.get(claim.source)
    if isinstance(text, Problem):
        if claim.source not in reported_sources:  # one changed source is one problem
            reported_sources.add(claim.source)
            yield text
        return
    actual = text[claim.span.start : claim.span.end]
    if actual != claim.text:
        yield Problem(
            name,
            f"{where}: text",
            f"claim {claim.id!r} text does not match {claim.source} at "
            f"{claim.span.start}-{claim.span.end}: the claim says {claim.text!r}, "
            f"the source says {actual!r}",
        )


class SourceTexts:
    """Decoded source texts, each hash-checked once, with a small cache."""

    def __init__(
        self,
        paths: StorePaths,
        sources: Mapping[str, Sourced],
        new_files: Mapping[str, bytes] | None = None,
    ) -> None:
        self._paths = paths
        self._new_files = new_files or {}  # sources about to be written, not yet on disk
        self._sources = sources
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._failed: dict[str, Problem] = {}

    def get(self, file: str) -> str | Problem:
        if file in self._failed:
            return self._failed[file]
        if file in self._cache:
            self._cache.move_to_end(file)
            return self._cache[file]
        text = self._read(file)
        if isinstance(text, Problem):
            self._failed[file] = text
            return text
        self._cache[file] = text
        if len(self._cache) > _SOURCE_CACHE_SIZE:
            self._cache.popitem(last=False)
        return text

    def _read(self, file: str) -> str | Problem:
        where = f"sources/{file}"
        try:
            data = self._new_files.get(file) or read_bounded(
                open_inside(self._paths.sources_dir, file), MAX_DOCUMENT_BYTES, where
            )
        except OSError as err:
            return Problem(where, "-", os_error_message(err))
        digest = hashlib.sha256(data).hexdigest()
        if digest != self._sources[file].sha256:
            return Problem(
                where,
                "-",
                f"the file was changed: its SHA-256 is {digest}, the store expects "
                f"{self._sources[file].sha256}",
            )
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            return Problem(where, f"byte {err.start}", "not valid UTF-8")


def describe(err: ValidationError) -> Iterator[tuple[str, str]]:
    """Turn pydantic's errors into (JSON path, message) pairs a person can act on."""
    for detail in err.errors(include_url=False):
        location = ""
        for part in detail["loc"]:
            location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else str(part))
        yield location or "$", detail["msg"]
