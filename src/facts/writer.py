"""Change a store safely: every file is written beside its target and renamed into place, under a lock."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from facts.atomic import lock_timeout, locked, replace_many, replacement_mode, replacing
from facts.errors import StoreError
from facts.files import MAX_DOCUMENT_BYTES, open_inside, read_bounded
from facts.models import Claim, Source, Speaker, StoreManifest
from facts.paths import StorePaths, check_store_files, os_error_message
from facts.store import find_problems, read_manifest

LOCK_NAME = ".store.lock"


def store_lock(
    paths: StorePaths, on_wait: Callable[[], None] | None = None
) -> contextlib.AbstractContextManager[None]:
    """Hold the store's write lock, so two writers never lose each other's work.

    on_wait is called if another writer holds it for over a second; after lock_timeout()
    seconds the wait ends with StoreError.
    """
    return locked(paths.root / LOCK_NAME, on_wait, lock_timeout())


def replace_file(target: Path, chunks: Iterable[bytes]) -> None:
    """Write chunks beside target and rename the result into place."""
    with replacing(target) as temp, open(temp, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def manifest_bytes(manifest: StoreManifest) -> bytes:
    """Serialise store.json the way people read and diff it."""
    data = manifest.model_dump(mode="json")
    for key in ("retired_claims", "retired_speakers"):  # stores that never retired an id stay as they were
        if not data[key]:
            del data[key]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def claim_line(claim: Claim) -> bytes:
    """Serialise one claim as a line of claims.jsonl."""
    return (json.dumps(claim.model_dump(mode="json"), ensure_ascii=False) + "\n").encode("utf-8")


def write_store(paths: StorePaths, manifest: StoreManifest, claims: Iterable[Claim]) -> None:
    """Write a whole new store (sources must already be in place); the caller holds the lock."""
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.sources_dir.mkdir(exist_ok=True)
    replace_file(paths.manifest, [manifest_bytes(manifest)])
    replace_file(paths.claims, (claim_line(claim) for claim in claims))


def add_to_store(
    paths: StorePaths,
    speakers: Iterable[Speaker],
    sources: Iterable[tuple[Source, bytes]],
    claims: Iterable[Claim],
    originals: Iterable[tuple[str, bytes]] = (),
    on_wait: Callable[[], None] | None = None,
) -> int:
    """Add speakers, sources (with their bytes) and claims to a store; return how many claims were new.

    `originals` are the documents (file name in originals/, bytes) that new sources' texts were
    derived from; they are written with the sources.

    Everything already in the store (by id, or by file for sources) is left as it is. The files
    are replaced in an order that keeps every intermediate state a valid store: new source files
    first, then store.json (speakers and sources only grow), then claims.jsonl. The result is
    validated before the last rename, so a bad addition leaves the store unchanged.
    """
    with store_lock(paths, on_wait):
        check_store_files(paths)  # sources/ must not be a symlink to somewhere else
        manifest = read_manifest(paths)  # read under the lock: another writer may just have added
        known_speakers = {s.id for s in manifest.speakers}
        known_sources = {s.file for s in manifest.sources}
        new_speakers = [s for s in speakers if s.id not in known_speakers]
        new_sources = [(s, data) for s, data in sources if s.file not in known_sources]
        existing = _claim_ids(paths)
        new_claims = [c for c in claims if c.id not in existing]
        if not new_claims and not new_speakers and not new_sources:
            return 0
        kept = {s.original.file for s, _ in new_sources if s.original is not None}
        files = [(paths.sources_dir / s.file, data) for s, data in new_sources]
        for source, data in new_sources:
            target = paths.sources_dir / source.file
            if os.path.lexists(target) and _read_source(paths, source.file) != data:
                raise StoreError(f"{target} exists with other contents; the store does not list it.")
        originals_kept = [(paths.originals_dir / name, data) for name, data in originals if name in kept]
        if originals_kept:
            if os.path.islink(paths.originals_dir):
                raise StoreError(
                    f"{paths.originals_dir} is a symbolic link; facts writes only in its own folders."
                )
            paths.originals_dir.mkdir(exist_ok=True)
        for target, data in originals_kept:
            if os.path.lexists(target) and (os.path.islink(target) or target.read_bytes() != data):
                raise StoreError(f"{target} exists with other contents; the store does not list it.")
        replace_many([*files, *originals_kept])
        updated = manifest.model_copy(  # a copy keeps the other fields, such as the retired ids
            update={
                "speakers": (*manifest.speakers, *new_speakers),
                "sources": (*manifest.sources, *(s for s, _ in new_sources)),
            }
        )
        replace_file(paths.manifest, [manifest_bytes(updated)])
        candidate = StorePaths(paths.root, f".{paths.claims.name}.candidate")
        with open(paths.claims, "rb") as old:
            replace_file(candidate.claims, [*old, *(claim_line(c) for c in new_claims)])
        problem = next(find_problems(candidate), None)
        if problem is not None:
            candidate.claims.unlink()
            raise StoreError(
                f"The new claims would break the store: {problem}.",
                hint="Nothing was added to claims.jsonl.",
            )
        os.chmod(candidate.claims, replacement_mode(paths.claims))
        os.replace(candidate.claims, paths.claims)
        return len(new_claims)


def _read_source(paths: StorePaths, file: str) -> bytes:
    try:
        return read_bounded(open_inside(paths.sources_dir, file), MAX_DOCUMENT_BYTES, file)
    except OSError as err:
        raise StoreError(f"Cannot use {paths.sources_dir / file}: {os_error_message(err)}.") from None


def _claim_ids(paths: StorePaths) -> set[str]:
    ids = set()
    with open(paths.claims, "rb") as handle:
        for line in handle:
            if line.strip():
                ids.add(json.loads(line)["id"])
    return ids
