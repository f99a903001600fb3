"""One lifecycle for every cache of a store (its index, its statements).

A cache is a file in the cache folder stamped with the fingerprint of the store it was built
from. Opening one reads it if its stamp is the store's current fingerprint; otherwise it is
built under the cache's lock, after any writer of the store (the store's read lock), into a
file beside it that is renamed into place, so a killed build leaves the old cache or none,
never half of one. When the cache folder cannot be used (read-only, full, a file-size limit),
the cache is built in memory and the command carries on.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from facts.errors import StoreError
from facts.store.atomic import locked, replacing
from facts.store.paths import StorePaths
from facts.store.transaction import reading

Opened = TypeVar("Opened", covariant=True)


class CacheKind(Protocol[Opened]):
    """What one kind of cache knows: where it lives, how to open a fresh one and how to build one."""

    @property
    def target(self) -> Path: ...

    def open_fresh(self, wanted: str) -> Opened | None:
        """Open the cache file if it is readable and stamped with wanted, else return None."""
        ...

    def write(self, temporary: Path, wanted: str) -> None:
        """Build a complete cache stamped with wanted in the (empty) file temporary."""
        ...

    def written(self) -> None:
        """Tidy up after a new cache file was renamed into place."""
        ...

    def in_memory(self, wanted: str) -> Opened:
        """Build the cache in memory, for a cache folder that cannot be used."""
        ...

    def changed_while_built(self, wanted: str) -> Opened:
        """Answer when the store changed while its cache was being built."""
        ...


def open_cache(
    kind: CacheKind[Opened],
    paths: StorePaths,
    fingerprint: Callable[[], str],
    *,
    store_locked: bool = False,
    on_wait: Callable[[], None] | None = None,
    before_build: Callable[[], None] | None = None,
) -> Opened:
    """Open a fresh cache, building it first if it is missing or stale.

    A writer that holds the store's lock passes store_locked, so the build does not wait for it.
    on_wait is called when another process holds the store's or the cache's lock for a second or more;
    before_build just before a build into the cache folder starts.
    """
    found = kind.open_fresh(fingerprint())
    if found is not None:
        return found
    with contextlib.nullcontext() if store_locked else reading(paths, on_wait):
        wanted = fingerprint()  # again: a writer may have finished while we waited
        found = kind.open_fresh(wanted)
        if found is not None:
            return found
        lock = _cache_lock(kind.target, on_wait)
        if lock is None:
            return kind.in_memory(wanted)
        with lock:
            found = kind.open_fresh(wanted)  # another process may have built it while we waited
            if found is not None:
                return found
            if before_build is not None:
                before_build()
            try:
                _build_file(kind, wanted)
            except (OSError, sqlite3.Error):
                # A full disk or a file-size limit in the cache folder: answer from memory instead.
                return kind.in_memory(wanted)
    found = kind.open_fresh(wanted)
    return found if found is not None else kind.changed_while_built(wanted)


def rebuild_cache(
    kind: CacheKind[Opened],
    paths: StorePaths,
    fingerprint: Callable[[], str],
    *,
    before_build: Callable[[], None] | None = None,
) -> Opened:
    """Build a cache afresh, whatever the cache folder holds (before_build: see open_cache)."""
    with reading(paths):  # after any writer, with a killed one's change undone
        wanted = fingerprint()
        lock = _cache_lock(kind.target, None)
        if lock is None:
            return kind.in_memory(wanted)
        with lock:
            if before_build is not None:
                before_build()
            _build_file(kind, wanted)
    found = kind.open_fresh(fingerprint())
    return found if found is not None else kind.changed_while_built(wanted)


def building_prefix(target: Path) -> str:
    """Return how the names of a cache's unfinished builds begin."""
    return f".{target.name}.building-"


def _cache_lock(target: Path, on_wait: Callable[[], None] | None) -> contextlib.ExitStack | None:
    """Take a cache's lock, or return None if the cache folder cannot be used.

    The lock is taken here, not on entering the block, so that a lock file that cannot be
    opened (a read-only folder, a symlink, which is never followed) is a reason to build in memory.
    """
    _refuse_folder(target)
    _refuse_folder(target.with_suffix(".lock"))
    stack = contextlib.ExitStack()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        stack.enter_context(locked(target.with_suffix(".lock"), on_wait=on_wait))
    except OSError:
        return None
    return stack


def _refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise StoreError(
            f"The cache file {path} is a folder, not a file.",
            hint="Remove it, or set FACTS_CACHE_DIR to another folder.",
        )


def _build_file(kind: CacheKind[Opened], wanted: str) -> None:
    target = kind.target
    # The caller holds the lock, so any unfinished build of this target is a killed one.
    prefix = building_prefix(target)
    for leftover in target.parent.glob(prefix + "*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
    # A writer killed while updating the old file leaves its rollback journal; SQLite would
    # apply that journal to the new file, so it goes with the old one.
    for suffix in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{target}{suffix}").unlink()
    with replacing(target, prefix) as temporary:
        kind.write(temporary, wanted)
    kind.written()
