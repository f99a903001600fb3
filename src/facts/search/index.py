"""The index of a store: where it lives, what it is stamped with, opening it (built when stale).

The index is SQLite tables of the store's records and a tantivy index of their words
(facts.search.build fills them; facts.search.claim_index queries them). Both are a cache, built
from the JSON store, stamped with its fingerprint and rebuilt when the store changes outside
facts; a writer of facts adds its new claims to both.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facts import __version__
from facts.errors import StoreError
from facts.search.build import INDEX_VERSION, Progress, add_rows, build_index
from facts.search.cache import open_cache, rebuild_cache
from facts.search.claim_index import ClaimIndex
from facts.search.textsearch import create_text_index, open_text_index
from facts.store.atomic import locked
from facts.store.paths import StorePaths, cache_dir

if TYPE_CHECKING:
    from facts.store.models import Claim, Source, Speaker

Alongside = Callable[[StorePaths], None]  # work started beside an index build


def fingerprint(paths: StorePaths) -> str:
    """Summarise what the store's files are now, cheaply: sizes, times and inodes.

    The change time (ctime) is in it because no one can set it back: an edit in place that keeps
    the size and restores the modification time (`touch -r`) still changes it.
    """
    parts: list[Any] = [INDEX_VERSION, __version__, str(paths.root)]
    for path in (paths.manifest, paths.speakers_list, paths.sources_list, paths.claims, paths.sources_dir):
        try:
            parts.append(_file_state(path.stat()))
        except OSError:
            parts.append(None)
    return json.dumps(parts)


def _file_state(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def index_path(paths: StorePaths) -> Path:
    """Return where the cached index of a store lives."""
    # zlib rather than hashlib keeps start-up short; the fingerprint inside the file names the
    # store, so two paths that share a key rebuild rather than mix their answers.
    name = str(paths.root).encode()
    return cache_dir() / f"index-{zlib.crc32(name):08x}{zlib.adler32(name):08x}.sqlite3"


def open_index(
    paths: StorePaths,
    progress: Progress | None = None,
    store_locked: bool = False,
    alongside: Alongside | None = None,
    on_wait: Callable[[], None] | None = None,
) -> ClaimIndex:
    """Open the store's cached index, building it first if it is missing or stale.

    A writer that holds the store's lock passes store_locked, so the build does not wait for it.
    on_wait is called if a build waits over a second for a writer or another build.
    alongside is called with the store's paths just before a build into the cache starts, under
    the store's read lock: work that can run in another process meanwhile.
    """
    return open_cache(
        _IndexCache(paths, progress),
        paths,
        lambda: fingerprint(paths),
        store_locked=store_locked,
        on_wait=on_wait,
        before_build=None if alongside is None else lambda: alongside(paths),
    )


def open_fresh_index(paths: StorePaths) -> ClaimIndex | None:
    """Open the store's cached index if it is fresh, without building it; else return None."""
    return _IndexCache(paths, None).open_fresh(fingerprint(paths))


def rebuild_index(
    paths: StorePaths, progress: Progress | None = None, alongside: Alongside | None = None
) -> ClaimIndex:
    """Build the store's index afresh, whatever the cache holds (alongside: see open_index)."""
    return rebuild_cache(
        _IndexCache(paths, progress),
        paths,
        lambda: fingerprint(paths),
        before_build=None if alongside is None else lambda: alongside(paths),
    )


class _IndexCache:
    """The index as a cache: an SQLite file naming the folder of its tantivy words."""

    def __init__(self, paths: StorePaths, progress: Progress | None) -> None:
        self.paths = paths
        self.progress = progress
        self.target = index_path(paths)
        self.text_name: str | None = None

    def open_fresh(self, wanted: str) -> ClaimIndex | None:
        if not self.target.is_file():
            return None
        try:
            connection = _connect_read_only(self.target)
            meta = dict(
                connection.execute("SELECT key, value FROM meta WHERE key IN ('fingerprint', 'text')")
            )
        except sqlite3.DatabaseError:
            return None  # unreadable or foreign file: rebuild over it
        if meta.get("fingerprint") != wanted or "text" not in meta:
            connection.close()
            return None
        try:
            text = open_text_index(self.target.parent / meta["text"])
        except (OSError, ValueError):
            connection.close()
            return None  # replaced by a build since this file was opened, or lost: rebuild
        return ClaimIndex(connection, text, self.paths)

    def write(self, temporary: Path, wanted: str) -> None:
        # Each build's words go to a folder of its own, named in the SQLite file: the file's rename
        # switches both at once, and a reader of the old file still finds the old folder.
        target = self.target
        self.text_name = f"{target.stem}.text-{os.urandom(6).hex()}"
        _remove_text_folders(target, keep=_text_folder_of(target))
        text_folder = target.parent / self.text_name
        text_folder.mkdir()
        try:
            connection = sqlite3.connect(temporary)
            try:
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                build_index(connection, create_text_index(text_folder), self.paths, self.progress)
                connection.execute("INSERT INTO meta VALUES ('text', ?)", [self.text_name])
                connection.execute("INSERT INTO meta VALUES ('fingerprint', ?)", [wanted])
                connection.commit()
            finally:
                connection.close()
        except BaseException:
            import shutil

            shutil.rmtree(text_folder, ignore_errors=True)
            raise

    def written(self) -> None:
        _remove_text_folders(self.target, keep=self.text_name)

    def in_memory(self, wanted: str) -> ClaimIndex:
        connection = sqlite3.connect(":memory:")
        text = create_text_index(None)
        build_index(connection, text, self.paths, self.progress)
        return ClaimIndex(connection, text, self.paths)

    def changed_while_built(self, wanted: str) -> ClaimIndex:
        raise StoreError(
            f"The store at {self.paths.root} changed while it was being indexed.",
            hint="Run the command again.",
        )


def _connect_read_only(path: Path | None) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _text_folder_of(target: Path) -> str | None:
    try:
        with contextlib.closing(_connect_read_only(target)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'text'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _remove_text_folders(target: Path, keep: str | None) -> None:
    """Remove the text folders of earlier or killed builds (the caller holds the index lock).

    A process still searching an old folder keeps its open files; one that opens it after this
    finds no folder and builds or opens the new index instead.
    """
    import shutil  # only builds need it; queries start quicker without it

    for folder in target.parent.glob(f"{target.stem}.text-*"):
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)


def add_to_index(
    paths: StorePaths,
    before: str,
    speakers: Sequence[Speaker],
    sources: Sequence[Source],
    claims: Sequence[Claim],
) -> bool:
    """Add what a writer just added to the store to its cached index, if that index was fresh.

    before is the store's fingerprint before the change; the caller holds the store's lock.
    Return whether the index was updated (otherwise the next query rebuilds it).
    """
    target = index_path(paths)
    if not target.is_file():
        return False
    try:
        with locked(target.with_suffix(".lock")), contextlib.closing(sqlite3.connect(target)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != before:
                return False
            text_folder = db.execute("SELECT value FROM meta WHERE key = 'text'").fetchone()
            if text_folder is None:
                return False
            add_rows(db, open_text_index(target.parent / text_folder[0]), paths, speakers, sources, claims)
            # The new state of the files, with every change of this writer made.
            db.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", [fingerprint(paths)])
            db.commit()
    except (OSError, ValueError, sqlite3.Error):
        return False  # the next query rebuilds it
    return True
