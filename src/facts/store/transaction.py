"""One change of a store as one transaction: a rollback journal, its recovery, and the readers' lock.

A writer, holding the store's lock, keeps the old store.json as a hard link (and the old
claims.jsonl, if it rewrites it), keeps every file of sources/ and originals/ it will overwrite or
delete as a hard link in .store.replaced/, then writes a journal naming what it is about to change
(the old length of claims.jsonl, the files it creates, the files it kept). Then it writes sources,
appends or rewrites claims and replaces store.json. Deleting the journal is the commit.
Whoever takes the lock next and finds a journal undoes the change: a killed writer leaves the old
store or the new one, never a third. This module imports no pydantic, so queries can use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from facts.errors import StoreError
from facts.store.atomic import acquire_shared, lock_timeout, locked, replacing
from facts.store.paths import StorePaths, os_error_message

LOCK_NAME = ".store.lock"
JOURNAL_NAME = ".store.journal"
BACKUP_NAME = ".store.json.old"
CLAIMS_BACKUP_NAME = ".claims.jsonl.old"  # kept only by a change that rewrites claims.jsonl
KEPT_NAME = ".store.replaced"  # kept/sources/NAME, kept/originals/NAME: files a change overwrites or deletes
_FOLDERS = ("sources", "originals")  # as StorePaths names them


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
def reading(paths: StorePaths) -> Iterator[None]:
    """Read the store's files in one piece: wait for a writer, and undo a killed one's change first.

    A store no `facts` writer has touched has no lock file; then there is nothing to wait for.
    """
    try:
        handle = open(paths.root / LOCK_NAME, "rb")  # noqa: SIM115 - closed below
    except OSError:
        if _interrupted(paths):
            _recover_elsewhere(paths)
        yield
        return
    with handle:
        acquire_shared(handle.fileno(), paths.root / LOCK_NAME)
        if _interrupted(paths):
            fcntl.flock(handle, fcntl.LOCK_UN)
            _recover_elsewhere(paths)
            acquire_shared(handle.fileno(), paths.root / LOCK_NAME)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _interrupted(paths: StorePaths) -> bool:
    """Whether a writer was killed with its change, or the cleanup after its commit, unfinished."""
    return (
        journal_path(paths).exists()
        or (paths.root / BACKUP_NAME).exists()
        or (paths.root / CLAIMS_BACKUP_NAME).exists()
        or os.path.lexists(paths.root / KEPT_NAME)
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
    backup = paths.root / BACKUP_NAME
    try:
        entry = json.loads(journal.read_bytes())
        claims_size = int(entry["claims_size"])
        created = {
            "sources": [str(name) for name in entry["new_sources"]],
            "originals": [str(name) for name in entry.get("new_originals", [])],
        }
        kept = {folder: [str(name) for name in entry.get(f"kept_{folder}", [])] for folder in _FOLDERS}
    except FileNotFoundError:
        entry = None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StoreError(f"{journal} is not a journal this version of facts wrote: {err}.") from None
    claims_backup = paths.root / CLAIMS_BACKUP_NAME
    if entry is not None:
        if backup.exists():
            os.replace(backup, paths.manifest)
        if claims_backup.exists():  # a rewrite (a correction): the old file comes back whole
            os.replace(claims_backup, paths.claims)
        else:  # an addition: the appended lines go
            with open(paths.claims, "rb+") as handle:
                handle.truncate(claims_size)
                os.fsync(handle.fileno())
        for folder in _FOLDERS:
            _undo_files(paths.root / folder, paths.root / KEPT_NAME / folder, created[folder], kept[folder])
        _sync_folder(paths.root)
        journal.unlink()
        _sync_folder(paths.root)
    _remove_leftovers(paths)
    return entry is not None


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


def _remove_leftovers(paths: StorePaths) -> None:
    """Remove the files of a writer killed before its journal existed, or after its commit."""
    for kept in (paths.root / BACKUP_NAME, paths.root / CLAIMS_BACKUP_NAME):
        with contextlib.suppress(FileNotFoundError):
            kept.unlink()
    kept_files = paths.root / KEPT_NAME
    if os.path.lexists(kept_files):
        if kept_files.is_dir() and not kept_files.is_symlink():
            import shutil  # only a recovery needs it; queries start quicker without it

            shutil.rmtree(kept_files, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                kept_files.unlink()
    for name in (paths.manifest.name, paths.claims.name, JOURNAL_NAME, BACKUP_NAME, CLAIMS_BACKUP_NAME):
        for leftover in paths.root.glob(f".{name}.*.tmp"):  # as atomic.replacing names them
            with contextlib.suppress(OSError):
                leftover.unlink()
    for folder in (paths.sources_dir, paths.originals_dir):
        if folder.is_dir() and not folder.is_symlink():
            for leftover in folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def begin(
    paths: StorePaths,
    new_sources: Sequence[str],
    new_originals: Sequence[str] = (),
    rewrite: bool = False,
    kept_sources: Sequence[str] = (),
    kept_originals: Sequence[str] = (),
) -> None:
    """Start a change: keep the old store.json and write the journal; the caller holds the lock.

    A change that rewrites claims.jsonl (rather than appending to it) keeps the old one too.
    Files of sources/ and originals/ the change will overwrite or delete (kept_*) are kept as
    they are; new_* name the files it writes, the kept ones among them or not.
    """
    _keep(paths.manifest, paths.root / BACKUP_NAME)
    if rewrite:
        _keep(paths.claims, paths.root / CLAIMS_BACKUP_NAME)
    for folder, names in zip(_FOLDERS, (kept_sources, kept_originals), strict=True):
        if names:
            (paths.root / KEPT_NAME / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            _keep(paths.root / folder / name, paths.root / KEPT_NAME / folder / name)
    size = paths.claims.stat().st_size
    entry = json.dumps(
        {
            "claims_size": size,
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
    for kept in (BACKUP_NAME, CLAIMS_BACKUP_NAME):
        with contextlib.suppress(FileNotFoundError):
            (paths.root / kept).unlink()
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
