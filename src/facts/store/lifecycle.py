"""Say which store is in use and why, what it holds and where its index is; make an empty store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facts.errors import StoreError
from facts.store import bounded
from facts.store.models import FORMAT_VERSION, StoreManifest
from facts.store.paths import (
    MANIFEST_NAME,
    StorePaths,
    is_demo,
    os_error_message,
    resolve_store,
    user_store,
)

# Why a store is the one in use, as `facts store` reports it.
FROM_OPTION = "the --store option"
FROM_ENVIRONMENT = "the FACTS_STORE environment variable"
FROM_USER = "your store, which `facts add` and the corrections write"
FROM_BUNDLED = "the demo store that ships with facts (read-only; read until you have a store of your own)"
FROM_DEMO = "the demo store that ships with facts, named by --store demo (read-only)"


def chosen_store(path: Path | None, from_environment: bool) -> tuple[StorePaths, str]:
    """Return the store a command reads, with the reason it is that one."""
    if path is not None:
        paths = resolve_store(path)
        if is_demo(paths):
            return paths, FROM_DEMO
        return paths, FROM_ENVIRONMENT if from_environment else FROM_OPTION
    paths = resolve_store(None)
    return paths, FROM_BUNDLED if is_demo(paths) else FROM_USER


def describe_store(paths: StorePaths, reason: str, index: Path) -> dict[str, Any]:
    """Return what `facts store` prints: where the store is, why, its counts and its index (at index)."""
    from facts.store.reader import read_manifest

    manifest = read_manifest(paths)
    with open(paths.claims, "rb") as handle:
        claims = sum(1 for _, line in bounded.numbered_lines(handle) if line is None or line.strip())
    return {
        "path": str(paths.root),
        "reason": reason,
        "writable": not is_demo(paths),
        "format": manifest.format,
        "claims": claims,
        "speakers": len(manifest.speakers),
        "sources": len(manifest.sources),
        "retired_claims": len(manifest.retired_claims),
        "retired_speakers": len(manifest.retired_speakers),
        "index": str(index),
        "index_built": index.is_file(),
        "user_store": str(user_store()),
    }


def init_store(path: Path) -> StorePaths:
    """Make an empty store at path (a new or empty folder); raise StoreError if something is there."""
    from facts.store.writer import store_lock, write_store

    path = path.expanduser()
    if (path / MANIFEST_NAME).exists():
        raise StoreError(f"{path} is already a store.")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise StoreError(f"{path} exists and is not an empty folder.", hint="Give a new or empty folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
        paths = StorePaths(path.resolve())
        with store_lock(paths):
            write_store(paths, StoreManifest(format=FORMAT_VERSION, speakers=(), sources=()), [])
    except OSError as err:
        raise StoreError(f"Cannot make a store at {path}: {os_error_message(err)}.") from None
    return paths
