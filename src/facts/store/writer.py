"""Change a store safely, under a lock: whole files are renamed into place, additions are one transaction."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from facts.errors import StoreError
from facts.store.atomic import replace_many, replacing
from facts.store.checks import addition_problems
from facts.store.files import MAX_DOCUMENT_BYTES, open_inside, read_bounded
from facts.store.manifest import ViewSource, ViewSpeaker, read_view, source_view, speaker_view
from facts.store.models import FORMAT_VERSION, Claim, Source, Speaker, StoreManifest
from facts.store.paths import StorePaths, check_store_files, os_error_message
from facts.store.reader import read_manifest
from facts.store.rematch import rematch
from facts.store.transaction import append, begin, commit, recover
from facts.store.transaction import store_lock as _store_lock


class WriterCaches(Protocol):
    """The caches built from a store that a writer keeps in step with it (the search index, the statements).

    The store never imports the search code that owns them: the caller passes them in.
    """

    def stamp(self, paths: StorePaths) -> str:
        """Return the fingerprint of the store's files now, which the caches are stamped with."""
        ...

    def known(
        self, paths: StorePaths, claim_ids: Sequence[str], files: Collection[str]
    ) -> tuple[set[str], dict[str, ViewSource]]:
        """Return which of these claim ids the store has, and its sources among these file names.

        The caller holds the store's lock. A stale index is rebuilt here through the full check
        of the store: it is what vouches for the files the writer then reads without their models.
        """
        ...

    def added(
        self,
        paths: StorePaths,
        before: str,
        speakers: Sequence[Speaker],
        sources: Sequence[Source],
        claims: Sequence[Claim],
    ) -> None:
        """Add what was just written to each cache that was fresh at the stamp before."""
        ...


@contextlib.contextmanager
def store_lock(paths: StorePaths, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the store's write lock, with the change of a writer killed before us undone first.

    on_wait is called if another writer holds it for over a second; after lock_timeout()
    seconds the wait ends with StoreError.
    """
    with _store_lock(paths, on_wait):
        recover(paths)
        yield


def replace_file(target: Path, chunks: Iterable[bytes | memoryview]) -> None:
    """Write chunks beside target and rename the result into place."""
    with replacing(target) as temp, open(temp, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def header_bytes(manifest: StoreManifest) -> bytes:
    """Serialise store.json in the current format: its version and the retired ids, if any."""
    data: dict[str, object] = {"format": FORMAT_VERSION}
    for key in ("retired_claims", "retired_speakers"):  # stores that never retired an id stay as they were
        ids = getattr(manifest, key)
        if ids:
            data[key] = list(ids)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def record_line(record: Claim | Speaker | Source) -> bytes:
    """Serialise one record as a line of claims.jsonl, speakers.jsonl or sources.jsonl."""
    return (json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n").encode("utf-8")


def write_manifest(paths: StorePaths, manifest: StoreManifest) -> None:
    """Write store.json, speakers.jsonl and sources.jsonl whole, in the current format.

    The caller holds the lock in a transaction that keeps the old files (a format 1 store.json
    is written anew in format 2: this is how a store is migrated).
    """
    replace_file(paths.speakers_list, map(record_line, manifest.speakers))
    replace_file(paths.sources_list, map(record_line, manifest.sources))
    replace_file(paths.manifest, [header_bytes(manifest)])


def write_store(paths: StorePaths, manifest: StoreManifest, claims: Iterable[Claim]) -> None:
    """Write a whole new store (sources must already be in place); the caller holds the lock."""
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.sources_dir.mkdir(exist_ok=True)
    replace_file(paths.claims, map(record_line, claims))
    write_manifest(paths, manifest)


def migrate(paths: StorePaths, caches: WriterCaches, on_wait: Callable[[], None] | None = None) -> bool:
    """Write a store of an older format in the current one, as one transaction; return whether it was older.

    The records stay the same, so caches that were fresh stay fresh: they take the new stamp.
    """
    with store_lock(paths, on_wait):
        check_store_files(paths)
        if read_view(paths).format == FORMAT_VERSION:
            return False
        before = caches.stamp(paths)
        manifest = read_manifest(paths)  # checked in full: the last time its store.json lists them all
        with _undone_if_it_fails(paths):
            begin(paths, [], rewritten=_manifest_files(paths))
            write_manifest(paths, manifest)
            commit(paths)
        caches.added(paths, before, [], [], [])
        return True


def _manifest_files(paths: StorePaths) -> tuple[Path, ...]:
    """The files write_manifest replaces whole."""
    return (paths.manifest, paths.speakers_list, paths.sources_list)


def add_to_store(
    paths: StorePaths,
    speakers: Iterable[Speaker],
    sources: Iterable[tuple[Source, bytes]],
    claims: Iterable[Claim],
    originals: Iterable[tuple[str, bytes]] = (),
    on_wait: Callable[[], None] | None = None,
    planned_with: Collection[str] | None = None,
    *,
    caches: WriterCaches,
) -> int:
    """Add speakers, sources (with their bytes) and claims to a store; return how many claims were new.

    `originals` are the documents (file name in originals/, bytes) that new sources' texts were
    derived from; they are written with the sources. planned_with are the ids of the speakers
    the store had when the addition was planned: new speakers are matched again, under the
    lock, against those added since (see facts.store.rematch).

    Everything already in the store (by id, or by file for sources) is left as it is. Only the
    addition is checked (its ids, speakers, sources, dates and texts), it is appended to
    claims.jsonl, speakers.jsonl and sources.jsonl (a store of format 1 is migrated by the same
    write), and the caches (the index, the statements) gain the new records. The change is
    one transaction (see facts.store.transaction): a refused addition writes nothing, and a
    killed, failed or full-disk write leaves the old store.
    """
    with store_lock(paths, on_wait):
        check_store_files(paths)  # sources/ must not be a symlink to somewhere else
        claims = list(claims)
        sources = list(sources)
        before = caches.stamp(paths)
        # The index first: a store changed outside facts has a stale one, rebuilt through the
        # full check; a fresh one vouches for the files, read then without building their models.
        files = {s.file for s, _ in sources} | {c.source for c in claims}
        existing, stored = caches.known(paths, [c.id for c in claims], files)
        view = read_view(paths)  # read under the lock: another writer may just have added
        if planned_with is not None:
            added_since = [s for s in view.speakers if s.id not in planned_with]
            speakers, claims = rematch(list(speakers), claims, added_since)
        known_speakers = {s.id for s in view.speakers}
        new_speakers = [s for s in speakers if s.id not in known_speakers]
        new_sources = [(s, data) for s, data in sources if s.file not in stored]
        new_claims = [c for c in claims if c.id not in existing]
        if not new_claims and not new_speakers and not new_sources:
            return 0
        to_write, originals_to_write = _files_to_write(paths, new_sources, originals)
        addition = _Addition(
            (*view.speakers, *map(speaker_view, new_speakers)),
            (*stored.values(), *(source_view(s) for s, _ in new_sources)),
            view.retired_speakers,
        )
        new_files = {s.file: data for s, data in new_sources}
        problem = next(addition_problems(paths, addition, new_claims, new_files), None)
        if problem is not None:
            raise StoreError(
                f"The new claims would break the store: {problem}.", hint="Nothing was added to the store."
            )
        _write_addition(
            paths,
            to_write,
            originals_to_write,
            new_claims,
            new_speakers,
            [s for s, _ in new_sources],
            migrate=view.format != FORMAT_VERSION,
        )
        caches.added(paths, before, new_speakers, [s for s, _ in new_sources], new_claims)
        return len(new_claims)


class _Addition(NamedTuple):
    """What the checks of an addition read: every speaker, the sources it touches, the retired ids."""

    speakers: tuple[ViewSpeaker, ...]
    sources: tuple[ViewSource, ...]
    retired_speakers: tuple[str, ...]


Files = list[tuple[Path, bytes]]  # where a new file goes, its bytes


def _files_to_write(
    paths: StorePaths, new_sources: Sequence[tuple[Source, bytes]], originals: Iterable[tuple[str, bytes]]
) -> tuple[Files, Files]:
    """Return the new sources' and originals' files not on disk yet; raise if one is there, different."""
    to_write = []
    for source, data in new_sources:
        target = paths.sources_dir / source.file
        if os.path.lexists(target):
            if _read_source(paths, source.file) != data:
                raise StoreError(f"{target} exists with other contents; the store does not list it.")
        else:
            to_write.append((target, data))
    kept = {s.original.file for s, _ in new_sources if s.original is not None}
    originals_to_write = []
    for name, data in originals:
        target = paths.originals_dir / name
        if name not in kept:
            continue
        if os.path.islink(paths.originals_dir):
            raise StoreError(
                f"{paths.originals_dir} is a symbolic link; facts writes only in its own folders."
            )
        if os.path.lexists(target):
            if os.path.islink(target) or target.read_bytes() != data:
                raise StoreError(f"{target} exists with other contents; the store does not list it.")
        else:
            originals_to_write.append((target, data))
    return to_write, originals_to_write


def _write_addition(
    paths: StorePaths,
    to_write: Files,
    originals_to_write: Files,
    new_claims: Sequence[Claim],
    new_speakers: Sequence[Speaker],
    new_sources: Sequence[Source],
    *,
    migrate: bool,
) -> None:
    """Write a checked addition as one transaction; a failed write is undone (the caller holds the lock).

    The lists are appended to. A store of an older format (migrate) is written in the current
    one in the same transaction: its store.json, speakers and sources whole, with the addition.
    """
    with _undone_if_it_fails(paths):
        begin(
            paths,
            [t.name for t, _ in to_write],
            [t.name for t, _ in originals_to_write],
            rewritten=_manifest_files(paths) if migrate else (),
        )
        if originals_to_write:
            paths.originals_dir.mkdir(exist_ok=True)
        # All new files are written, then flushed with one sync of the file system (a batch of
        # a thousand documents would otherwise pay a thousand fsyncs), then renamed into place.
        replace_many([*to_write, *originals_to_write])
        append(paths.claims, [record_line(c) for c in new_claims])
        if migrate:
            old = read_manifest(paths)  # checked in full: the last time its store.json lists them all
            lists = {"speakers": (*old.speakers, *new_speakers), "sources": (*old.sources, *new_sources)}
            write_manifest(paths, old.model_copy(update=lists))
        else:
            append(paths.speakers_list, [record_line(s) for s in new_speakers])
            append(paths.sources_list, [record_line(s) for s in new_sources])
        commit(paths)


@contextlib.contextmanager
def _undone_if_it_fails(paths: StorePaths) -> Iterator[None]:
    """Run a change begun with begin(): a failed or full-disk write is undone and said in one sentence."""
    try:
        yield
    except OSError as err:
        with contextlib.suppress(OSError, StoreError):
            recover(paths)
        raise StoreError(
            f"Cannot write to the store at {paths.root}: {os_error_message(err)}.",
            hint="The store is as it was before.",
        ) from None


def _read_source(paths: StorePaths, file: str) -> bytes:
    try:
        return read_bounded(open_inside(paths.sources_dir, file), MAX_DOCUMENT_BYTES, file)
    except OSError as err:
        raise StoreError(f"Cannot use {paths.sources_dir / file}: {os_error_message(err)}.") from None
