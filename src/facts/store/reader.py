"""Read a store from disk and check it: schema, references, hashes and provenance."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from facts.errors import StoreError
from facts.store import bounded
from facts.store.files import MAX_DOCUMENT_BYTES, open_inside, open_regular, read_bounded
from facts.store.manifest import StoreView, ViewSource
from facts.store.models import Claim, Source, StoreManifest
from facts.store.paths import ORIGINALS_DIR_NAME, SOURCES_DIR_NAME, StorePaths, os_error_message

# Sources are read when their first claim is checked; keep a few decoded so a store sorted by
# source reads each file once, without holding a million-claim store's texts in memory.
_SOURCE_CACHE_SIZE = 64
_PROGRESS_EVERY = 2_000  # lines between progress reports

Progress = Callable[[int, int], None]  # (bytes of claims.jsonl read, its size)


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


def load_store(paths: StorePaths, progress: Progress | None = None) -> tuple[StoreManifest, Iterator[Claim]]:
    """Read the manifest and return it with a stream of checked claims; raise on the first problem."""
    manifest = read_manifest(paths)

    def claims() -> Iterator[Claim]:
        for item in scan_claims(paths, manifest, progress):
            if isinstance(item, Problem):
                raise StoreError(
                    f"The store has a problem: {item}.",
                    hint=validate_hint(paths),
                )
            yield item

    return manifest, claims()


def validate_hint(paths: StorePaths) -> str:
    """Return the hint to run `facts validate` on this store, with --store unless it is the default."""
    from facts.store.paths import default_store

    if paths.root == default_store().resolve():
        return "Run `facts validate` to list every problem."
    import shlex

    return f"Run `facts validate --store {shlex.quote(str(paths.root))}` to list every problem."


def find_problems(paths: StorePaths) -> Iterator[Problem]:
    """Yield every problem in the store, not only the first.

    It reads the store as a reader does: after a writer in progress, with a killed one's change undone.
    """
    from facts.store.transaction import reading

    with reading(paths):
        try:
            manifest = read_manifest(paths)
        except _ManifestProblems as bad:
            yield from bad.problems
            return
        yield from _original_problems(paths, manifest)
        yield from _unlisted_files(paths, manifest)
        # The ids of a million claims would take a hundred megabytes in a set: keep them on disk.
        with contextlib.closing(IdsOnDisk()) as seen_ids:
            for item in scan_claims(paths, manifest, seen_ids=seen_ids):
                if isinstance(item, Problem):
                    yield item


def find_candidate_problems(paths: StorePaths, manifest: StoreManifest) -> Iterator[Problem]:
    """Yield every problem a store would have with this manifest and the claims file at paths."""
    yield from _manifest_problems(manifest, paths.manifest.name)
    for item in scan_claims(paths, manifest):
        if isinstance(item, Problem):
            yield item


def _original_problems(paths: StorePaths, manifest: StoreManifest) -> Iterator[Problem]:
    """Check that each document a source's text was derived from is kept, byte for byte."""
    for source in manifest.sources:
        if source.original is None:
            continue
        where = f"originals/{source.original.file}"
        try:
            digest = _file_sha256(paths.originals_dir / source.original.file)
        except OSError as err:
            yield Problem(where, "-", f"the original of {source.file}: {os_error_message(err)}")
            continue
        if digest != source.original.sha256:
            yield Problem(
                where,
                "-",
                f"the file was changed: its SHA-256 is {digest}, the store expects {source.original.sha256}",
            )


def _unlisted_files(paths: StorePaths, manifest: StoreManifest) -> Iterator[Problem]:
    """Report files in sources/ or originals/ that no source lists (hidden files are a writer's own)."""
    listed = {
        SOURCES_DIR_NAME: {s.file for s in manifest.sources},
        ORIGINALS_DIR_NAME: {s.original.file for s in manifest.sources if s.original is not None},
    }
    for folder, names in listed.items():
        try:
            entries = sorted(e.name for e in os.scandir(paths.root / folder) if not e.name.startswith("."))
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as err:
            yield Problem(f"{folder}/", "-", os_error_message(err))
            continue
        for name in entries:
            if name not in names:
                yield Problem(f"{folder}/{name}", "-", "no source lists this file")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _ManifestProblems(StoreError):
    """store.json cannot be used; carries each problem found in it."""

    def __init__(self, problems: list[Problem], paths: StorePaths) -> None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"The store has a problem: {first}{more}.", hint=validate_hint(paths))
        self.problems = problems


# The last store.json read, by its file's state: one command reads it several times, and at a
# million claims it takes a third of a second to parse and check.
_last_manifest: tuple[tuple[object, ...], StoreManifest] | None = None


def read_manifest(paths: StorePaths) -> StoreManifest:
    """Parse and check store.json (speakers and sources); raise StoreError if it is unusable."""
    global _last_manifest
    try:
        st = paths.manifest.stat()
        key: tuple[object, ...] = (str(paths.manifest), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        key = ()
    if key and _last_manifest is not None and _last_manifest[0] == key:
        return _last_manifest[1]
    manifest = _parse_manifest(paths)
    _last_manifest = (key, manifest) if key else None
    return manifest


def _parse_manifest(paths: StorePaths) -> StoreManifest:
    name = paths.manifest.name
    raw = _read_text(paths.manifest)
    try:
        data = bounded.loads(raw)
    except json.JSONDecodeError as err:
        raise _ManifestProblems(
            [Problem(name, f"line {err.lineno} column {err.colno}", f"invalid JSON: {err.msg}")], paths
        ) from None
    except RecursionError:
        raise _ManifestProblems([Problem(name, "$", "JSON is nested too deeply")], paths) from None
    try:
        manifest = StoreManifest.model_validate(data)
    except ValidationError as err:
        raise _ManifestProblems(
            [Problem(name, location, message) for location, message in _describe(err)], paths
        ) from None
    problems = list(_manifest_problems(manifest, name))
    if problems:
        raise _ManifestProblems(problems, paths)
    return manifest


def _manifest_problems(manifest: _Listing, name: str) -> Iterator[Problem]:
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


def scan_claims(
    paths: StorePaths,
    manifest: StoreManifest,
    progress: Progress | None = None,
    seen_ids: SeenIds | None = None,
) -> Iterator[Claim | Problem]:
    """Stream claims.jsonl, yielding each valid claim and each problem found, in file order.

    seen_ids keeps the claim ids read so far, to find a repeated one; by default in memory.
    """
    speakers = {speaker.id for speaker in manifest.speakers}
    sources = {source.file: source for source in manifest.sources}
    texts = _SourceTexts(paths, sources)
    if seen_ids is None:
        seen_ids = IdsInMemory()
    reported_sources: set[str] = set()
    name = paths.claims.name
    try:
        handle = open_regular(paths.claims, follow_symlinks=False)
    except OSError as err:
        yield Problem(name, "-", os_error_message(err))
        return
    with handle:
        total = os.fstat(handle.fileno()).st_size
        done = 0
        for number, line in bounded.numbered_lines(handle):
            where = f"line {number}"
            if line is None:
                yield Problem(name, where, bounded.too_long())
                continue
            done += len(line)
            if progress is not None and number % _PROGRESS_EVERY == 0:
                progress(done, total)
            if not line.strip():
                continue
            try:
                claim = Claim.model_validate_json(line)
            except ValidationError as err:
                for location, message in _describe(err):
                    yield Problem(name, f"{where}: {location}", message)
                continue
            problems = list(
                _claim_problems(claim, name, where, speakers, sources, texts, seen_ids, reported_sources)
            )
            if problems:
                yield from problems
                continue
            yield claim
        if progress is not None:
            progress(total, total)


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


class _Sourced(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def original(self) -> _Filed | None: ...


class _Listing(Protocol):
    """What the checks across a store.json's records read: a manifest, or the view of one."""

    @property
    def speakers(self) -> Sequence[_Named]: ...
    @property
    def sources(self) -> Sequence[_Sourced]: ...
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
    paths: StorePaths, manifest: StoreView, claims: Sequence[Claim], new_files: Mapping[str, bytes]
) -> Iterator[Problem]:
    """Yield the problems of adding claims to a store, checking only what the addition touches.

    manifest is (the view of) the store.json the addition would write; new_files are the bytes of
    the sources it adds. The caller has already left out claims whose ids the store has.
    """
    yield from _manifest_problems(manifest, paths.manifest.name)
    speakers = {speaker.id for speaker in manifest.speakers}
    sources = {source.file: source for source in manifest.sources}
    texts = _SourceTexts(paths, sources, new_files)
    seen_ids = IdsInMemory()
    reported: set[str] = set()
    for number, claim in enumerate(claims, start=1):
        yield from _claim_problems(
            claim, paths.claims.name, f"new claim {number}", speakers, sources, texts, seen_ids, reported
        )


def document_problems(source: Source, claims: Sequence[Claim], data: bytes) -> Iterator[Problem]:
    """Yield what is wrong with one new document's claims on their own: ids, dates and texts.

    Checked before an addition is written, so that a batch can skip one bad document and add the rest.
    """
    texts = _SourceTexts(StorePaths(Path(".")), {source.file: source}, {source.file: data})
    speakers = {claim.speaker for claim in claims}  # whether they exist is the store's to say
    seen_ids = IdsInMemory()
    for number, claim in enumerate(claims, start=1):
        yield from _claim_problems(
            claim, source.file, f"claim {number}", speakers, {source.file: source}, texts, seen_ids, set()
        )


def _claim_problems(
    claim: Claim,
    name: str,
    where: str,
    speakers: set[str],
    sources: Mapping[str, Source | ViewSource],
    texts: _SourceTexts,
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


class _SourceTexts:
    """Decoded source texts, each hash-checked once, with a small cache."""

    def __init__(
        self,
        paths: StorePaths,
        sources: Mapping[str, Source | ViewSource],
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


def _read_text(path: Path) -> str:
    try:
        with open_regular(path, follow_symlinks=False) as handle:
            data = handle.read()
    except OSError as err:
        raise StoreError(f"Cannot read {path}: {os_error_message(err)}.") from None
    if not data.strip():
        raise StoreError(f"{path} is empty.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise StoreError(f"{path} is not UTF-8 text (bad byte at offset {err.start}).") from None


def _describe(err: ValidationError) -> Iterator[tuple[str, str]]:
    """Turn pydantic's errors into (JSON path, message) pairs a person can act on."""
    for detail in err.errors(include_url=False):
        location = ""
        for part in detail["loc"]:
            location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else str(part))
        yield location or "$", detail["msg"]
