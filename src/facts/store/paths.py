"""Where stores, their files and the index cache live on disk, and reading a source file."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import NamedTuple

from facts.errors import StoreError
from facts.store.files import MAX_DOCUMENT_BYTES, check_real_folder, check_regular, open_inside, read_bounded

MANIFEST_NAME = "store.json"
CLAIMS_NAME = "claims.jsonl"
# Format 2 keeps speakers and sources one per line, so an addition appends to them (format 1
# listed them in store.json, which every addition rewrote whole).
SPEAKERS_NAME = "speakers.jsonl"
SOURCES_NAME = "sources.jsonl"
SOURCES_DIR_NAME = "sources"
ORIGINALS_DIR_NAME = "originals"  # documents as they came, when a source's text was derived from one


class StorePaths(NamedTuple):
    """The files of one store: store.json, the lists of speakers, sources and claims, and sources/."""

    root: Path
    claims_name: str = CLAIMS_NAME  # a writer validates a candidate claims file before renaming it

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST_NAME

    @property
    def claims(self) -> Path:
        return self.root / self.claims_name

    @property
    def speakers_list(self) -> Path:
        return self.root / SPEAKERS_NAME

    @property
    def sources_list(self) -> Path:
        return self.root / SOURCES_NAME

    @property
    def sources_dir(self) -> Path:
        return self.root / SOURCES_DIR_NAME

    @property
    def originals_dir(self) -> Path:
        return self.root / ORIGINALS_DIR_NAME


def bundled_store() -> Path:
    """Return the folder of the store that ships with the package."""
    package = Path(__file__).resolve().parent.parent  # src/facts, beside this store/ package
    installed = package / "data"  # where the wheel puts it
    if installed.is_dir():
        return installed
    return package.parent.parent / "facts"  # an editable install runs from the checkout


DEMO_STORE = "demo"  # the value of --store and FACTS_STORE that names the bundled store


def store_argument(value: str) -> Path:
    """Read a --store value: `demo` names the bundled store; anything else is a path (./demo a folder)."""
    return bundled_store() if value == DEMO_STORE else Path(value)


def is_demo(paths: StorePaths) -> bool:
    """Tell whether a store is the bundled demo store, which is never written."""
    return paths.root == bundled_store().resolve()


def user_store() -> Path:
    """Return the folder of the user's own store, which `facts add` writes: $XDG_DATA_HOME/facts/store."""
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "facts" / "store"


def default_store() -> Path:
    """Return the store read without --store: the user's store once it exists, else the bundled one."""
    mine = user_store()
    return mine if (mine / MANIFEST_NAME).is_file() else bundled_store()


def resolve_store(path: Path | None) -> StorePaths:
    """Turn a --store value (a store folder or its store.json) into the store's paths."""
    if path is None:
        return StorePaths(default_store())
    path = path.expanduser()
    if path.is_dir():
        root = path
    elif path.name == MANIFEST_NAME and path.is_file():
        root = path.parent
    elif path.exists():
        raise StoreError(f"{path} is not a store: give the store's folder or its {MANIFEST_NAME}.")
    else:
        raise StoreError(f"No store at {path}: no such file or folder.")
    paths = StorePaths(root.resolve())
    if paths.manifest.is_dir() or not paths.manifest.exists():
        raise StoreError(f"{root} is not a store: it has no {MANIFEST_NAME} file.")
    if paths.claims.is_dir() or not paths.claims.exists():
        raise StoreError(f"{root} is not a store: it has no {CLAIMS_NAME} file.")
    check_store_files(paths)
    return paths


def files_state(paths: StorePaths) -> tuple[object, ...]:
    """Return what a store's list files are now (inode, size, times): a key for what was read of them."""
    state: list[object] = [str(paths.root)]
    for path in (paths.manifest, paths.speakers_list, paths.sources_list):
        try:
            st = os.stat(path)
            state.append((st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
        except FileNotFoundError:
            state.append(None)
    return tuple(state)


def check_store_files(paths: StorePaths) -> None:
    """Refuse a store whose files are symlinks (which lead out of it) or FIFOs and devices (which block)."""
    try:
        check_regular(paths.manifest)
        check_regular(paths.claims)
        for listing in (paths.speakers_list, paths.sources_list):  # a format 1 store has neither
            if os.path.lexists(listing):
                check_regular(listing)
        if os.path.lexists(paths.sources_dir):
            check_real_folder(paths.sources_dir)
    except OSError as err:
        raise StoreError(f"Cannot use {err.filename}: {os_error_message(err)}.") from None


def cache_dir() -> Path:
    """Return the folder for index caches: $FACTS_CACHE_DIR, else the user's cache folder."""
    override = os.environ.get("FACTS_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "facts"


def source_text(paths: StorePaths, source_file: str) -> str:
    """Read one source's text as it is on disk, without loading the store."""
    path = paths.sources_dir / source_file
    try:
        return read_bounded(open_inside(paths.sources_dir, source_file), MAX_DOCUMENT_BYTES, path).decode()
    except (OSError, UnicodeDecodeError) as err:
        raise StoreError(f"Cannot read source {path}: {os_error_message(err)}.") from None


def os_error_message(err: Exception) -> str:
    """Say in a few words why a file could not be read or written."""
    if isinstance(err, IsADirectoryError):
        return "it is a directory, not a file"
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, UnicodeDecodeError):
        return "not valid UTF-8"
    if isinstance(err, OSError) and err.errno in _PLAIN_ERRNO:
        return _PLAIN_ERRNO[err.errno]
    return getattr(err, "strerror", None) or str(err)


_PLAIN_ERRNO = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EROFS: "the file system is read-only",
}
