"""One change of a store as one transaction: a rollback journal, its recovery, and the readers' lock.

A writer, holding the store's lock, keeps each list file it will rewrite (store.json,
speakers.jsonl, sources.jsonl, claims.jsonl) as a hard link `.NAME.old`, keeps every file of
sources/ and originals/ it will overwrite or delete as a hard link in .store.replaced/, then writes
a journal naming what it is about to change: the old length of each list file it appends to (an
addition appends, so its undo is a truncation), the files it creates, the files it kept. Then it
writes sources, appends or rewrites the lists. Deleting the journal is the commit. Whoever takes
the lock next and finds a journal undoes the change: a killed writer leaves the old store or the
new one, never a third. This module imports no pydantic, so queries can use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from facts.errors import StoreError
from facts.store.atomic import acquire_shared, lock_timeout, locked, replacing
from facts.store.paths import StorePaths, os_error_message

LOCK_NAME = ".store.lock"
JOURNAL_NAME = ".store.journal"
KEPT_NAME = ".store.replaced"  # kept/sources/NAME, kept/originals/NAME: files a change overwrites or deletes
_FOLDERS = ("sources", "originals")  # as StorePaths names them


def list_files(paths: StorePaths) -> tuple[Path, ...]:
    """The files that list a store's records: each is appended to or rewritten whole."""
    return (paths.manifest, paths.speakers_list, paths.sources_list, paths.claims)


def _backup(path: Path) -> Path:
    """Where a change keeps a list file it rewrites (`.store.json.old`), until it commits."""
    return path.with_name(f".{path.name}.old")


def journal_path(paths: StorePaths) -> Path:
    return paths.root / JOURNAL_NAME


def store_lock(
    paths: StorePaths, on_wait: Callable[[], None] | None = None
) -> contextlib.AbstractContextManager[None]:
    """Hold the store's write lock, so two writers never lose each other's work.

    on_wait is called if another writer holds it for over a second; after lock_timeout()
    seconds the wait ends with StoreError.
    """
    return locked(paths.root / LOCK_NAME, on_wait, lock_timeout())


@contextlib.contextmanager
def reading(paths: StorePaths, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Read the store's files in one piece: wait for a writer, and undo a killed one's change first.

    A store no `facts` writer has touched has no lock file: it is made here, since a writer may be
    starting now (its first add migrates a format 1 store), unless the store cannot be written
    (the demo store, a read-only folder), which no writer changes. on_wait is called if a writer
    holds the store for over a second.
    """
    try:
        handle = _lock_file(paths)
    except OSError:
        if _interrupted(paths):
            _recover_elsewhere(paths)
        yield
        return
    with handle:
        acquire_shared(handle.fileno(), paths.root / LOCK_NAME, on_wait)
        if _interrupted(paths):
            fcntl.flock(handle, fcntl.LOCK_UN)
            _recover_elsewhere(paths)
            acquire_shared(handle.fileno(), paths.root / LOCK_NAME)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_file(paths: StorePaths) -> BinaryIO:
    """Open the store's lock file for a reader, making it if it is not there yet."""
    from facts.store.paths import is_demo

    lock = paths.root / LOCK_NAME
    if is_demo(paths):
        return open(lock, "rb")  # noqa: SIM115 - the caller closes it
    fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    return open(fd, "rb")


def _interrupted(paths: StorePaths) -> bool:
    """Whether a writer was killed with its change, or the cleanup after its commit, unfinished."""
    return (
        journal_path(paths).exists()
        or any(_backup(path).exists() for path in list_files(paths))
        or os.path.lexists(paths.root / KEPT_NAME)
        # An addition keeps no copy before its journal: one killed while writing it leaves this alone.
        or any(paths.root.glob(f".{JOURNAL_NAME}.*.tmp"))
    )


def _recover_elsewhere(paths: StorePaths) -> None:
    try:
        with store_lock(paths):
            recover(paths)
    except OSError as err:
        raise StoreError(
            f"A change of the store at {paths.root} was interrupted and cannot be undone: "
            f"{os_error_message(err)}.",
            hint="Run `facts add` on the store with write access to finish the repair.",
        ) from None


def recover(paths: StorePaths) -> bool:
    """Undo the change of a killed writer and remove its leftovers; the caller holds the lock.

    Return whether there was a change to undo. Undoing is idempotent: a recovery killed half way
    is finished by the next one.
    """
    journal = journal_path(paths)
    try:
        entry = json.loads(journal.read_bytes())
        # An older journal names only claims.jsonl's length (its store.json was always kept).
        sizes = entry["sizes"] if "sizes" in entry else {paths.claims.name: entry["claims_size"]}
        sizes = {str(name): None if size is None else int(size) for name, size in sizes.items()}
        created = {
            "sources": [str(name) for name in entry["new_sources"]],
            "originals": [str(name) for name in entry.get("new_originals", [])],
        }
        kept = {folder: [str(name) for name in entry.get(f"kept_{folder}", [])] for folder in _FOLDERS}
    except FileNotFoundError:
        entry = None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise StoreError(f"{journal} is not a journal this version of facts wrote: {err}.") from None
    if entry is not None:
        for path in list_files(paths):
            _undo_list(path, sizes)
        for folder in _FOLDERS:
            _undo_files(paths.root / folder, paths.root / KEPT_NAME / folder, created[folder], kept[folder])
        _sync_folder(paths.root)
        journal.unlink()
        _sync_folder(paths.root)
    _remove_leftovers(paths, in_folders=entry is not None)
    return entry is not None


def _undo_list(path: Path, sizes: dict[str, int | None]) -> None:
    """Put one list file back: its kept copy if it was rewritten, else cut what was appended.

    A list file the change created (its size before is None) is deleted.
    """
    if _backup(path).exists():
        os.replace(_backup(path), path)
    elif path.name in sizes:
        size = sizes[path.name]
        if size is None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return
        with open(path, "rb+") as handle:
            handle.truncate(size)
            os.fsync(handle.fileno())


def _undo_files(folder: Path, kept_folder: Path, created: Sequence[str], kept: Sequence[str]) -> None:
    """Put back the files a change overwrote or deleted, and delete the ones it created."""
    for name in kept:
        # A kept file whose copy is gone was put back by a recovery killed after doing so.
        with contextlib.suppress(FileNotFoundError):
            os.replace(kept_folder / name, folder / name)
    for name in set(created) - set(kept):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    if kept and folder.is_dir():
        _sync_folder(folder)


def _remove_leftovers(paths: StorePaths, in_folders: bool) -> None:
    """Remove the files of a writer killed before its journal existed, or after its commit.

    sources/ and originals/ are looked through (half a million files in a big store) only after
    undoing a change (in_folders): a writer writes there only once its journal is on disk.
    """
    for path in list_files(paths):
        with contextlib.suppress(FileNotFoundError):
            _backup(path).unlink()
    kept_files = paths.root / KEPT_NAME
    if os.path.lexists(kept_files):
        if kept_files.is_dir() and not kept_files.is_symlink():
            import shutil  # only a recovery needs it; queries start quicker without it

            shutil.rmtree(kept_files, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                kept_files.unlink()
    names = [path.name for path in list_files(paths)]
    for name in (*names, JOURNAL_NAME, *(_backup(paths.root / name).name for name in names)):
        for leftover in paths.root.glob(f".{name}.*.tmp"):  # as atomic.replacing names them
            with contextlib.suppress(OSError):
                leftover.unlink()
    for folder in (paths.sources_dir, paths.originals_dir) if in_folders else ():
        if folder.is_dir() and not folder.is_symlink():
            for leftover in folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def begin(
    paths: StorePaths,
    new_sources: Sequence[str],
    new_originals: Sequence[str] = (),
    rewritten: Collection[Path] = (),
    kept_sources: Sequence[str] = (),
    kept_originals: Sequence[str] = (),
) -> None:
    """Start a change: note what it will change in the journal; the caller holds the lock.

    The list files in rewritten are replaced whole (renamed into place): each is kept as it is.
    The others may only be appended to: their lengths are noted (or that they did not exist, so
    that one the change makes is deleted on undo). Files of sources/ and originals/ the change
    will overwrite or delete (kept_*) are kept as they are; new_* name the files it writes, the
    kept ones among them or not.
    """
    sizes: dict[str, int | None] = {}
    for path in list_files(paths):
        if not path.exists():  # made by this change (a format 1 store has no speakers.jsonl)
            sizes[path.name] = None
        elif path in rewritten:
            _keep(path, _backup(path))
        else:
            sizes[path.name] = path.stat().st_size
    for folder, names in zip(_FOLDERS, (kept_sources, kept_originals), strict=True):
        if names:
            (paths.root / KEPT_NAME / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            _keep(paths.root / folder / name, paths.root / KEPT_NAME / folder / name)
    entry = json.dumps(
        {
            "sizes": sizes,
            "new_sources": list(new_sources),
            "new_originals": list(new_originals),
            "kept_sources": list(kept_sources),
            "kept_originals": list(kept_originals),
        }
    )
    if kept_sources or kept_originals:
        _sync_folder(paths.root / KEPT_NAME)  # the kept links are on disk before the journal says so
    with replacing(journal_path(paths)) as temp:
        temp.write_text(entry, encoding="utf-8")


def commit(paths: StorePaths) -> None:
    """Finish a change: from here on the new store is the store."""
    journal_path(paths).unlink()
    _sync_folder(paths.root)
    for path in list_files(paths):
        with contextlib.suppress(FileNotFoundError):
            _backup(path).unlink()
    import shutil  # only writers need it; queries start quicker without it

    shutil.rmtree(paths.root / KEPT_NAME, ignore_errors=True)


def _keep(target: Path, backup: Path) -> None:
    """Keep a file's current content under another name, as a hard link (a copy where there are none)."""
    with contextlib.suppress(FileNotFoundError):
        backup.unlink()
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links: copy it instead
        with replacing(backup) as temp:
            temp.write_bytes(target.read_bytes())


def append(target: Path, chunks: Sequence[bytes]) -> None:
    """Append chunks to a file and make them durable, after a newline if its last line has none."""
    if not chunks:
        return
    with open(target, "rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        if end:
            handle.seek(end - 1)
            if handle.read(1) != b"\n":
                handle.write(b"\n")
        for chunk in chunks:
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
