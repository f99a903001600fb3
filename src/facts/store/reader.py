"""Read a store from disk and check all of it: schema, references, hashes and provenance."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import ValidationError

from facts.errors import StoreError
from facts.store import bounded
from facts.store.checks import (
    IdsInMemory,
    IdsOnDisk,
    Problem,
    SeenIds,
    Sourced,
    SourceTexts,
    claim_problems,
    describe,
    manifest_problems,
)
from facts.store.files import open_regular
from facts.store.models import FORMAT_VERSION, Claim, Source, Speaker, StoreHeader, StoreManifest
from facts.store.paths import ORIGINALS_DIR_NAME, SOURCES_DIR_NAME, StorePaths, files_state, os_error_message

_PROGRESS_EVERY = 2_000  # lines between progress reports

Progress = Callable[[int, int], None]  # (bytes of claims.jsonl read, its size)


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


class StreamedStore(NamedTuple):
    """A store read for one pass over it: its records, with the sources streamed rather than held."""

    manifest: StoreManifest  # speakers and retired ids; its sources are left out
    sources: Iterator[Source]  # each checked as it is read: StoreError at the first problem


def stream_store(paths: StorePaths) -> StreamedStore:
    """Read a store's speakers and retired ids, and stream its sources; raise on the first problem.

    Half a million sources as models take most of a gigabyte: a pass that needs each once (the
    index build) keeps what it needs of each instead.
    """
    name = paths.manifest.name
    header = _json_of(_read_text(paths.manifest), name, paths)
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION:
        manifest = read_manifest(paths)  # format 1 lists everything in store.json: read it whole
        return StreamedStore(manifest.model_copy(update={"sources": ()}), iter(manifest.sources))
    problems: list[Problem] = []
    speakers = _read_list(paths.speakers_list, Speaker, problems)
    try:
        manifest = StoreManifest.model_validate({**header, "speakers": speakers, "sources": ()})
    except ValidationError as err:
        problems += [Problem(name, location, message) for location, message in describe(err)]
    problems += manifest_problems(manifest, name) if not problems else []
    if problems:
        raise _ManifestProblems(problems, paths)
    return StreamedStore(manifest, _streamed_sources(paths))


def _streamed_sources(paths: StorePaths) -> Iterator[Source]:
    listing = paths.sources_list
    files: set[str] = set()
    originals: set[str] = set()
    with open_regular(listing, follow_symlinks=False) as handle:
        for number, line in bounded.numbered_lines(handle):
            problem = None
            if line is None:
                problem = Problem(listing.name, f"line {number}", bounded.too_long())
            elif not line.strip():
                continue
            else:
                try:
                    source = Source.model_validate_json(line)
                except ValidationError as err:
                    location, message = next(describe(err))
                    problem = Problem(listing.name, f"line {number}: {location}", message)
                else:
                    original = source.original.file if source.original else None
                    if source.file in files or original in originals:
                        what = f"source {source.file!r}" if source.file in files else f"original {original!r}"
                        problem = Problem(listing.name, f"line {number}", f"duplicate {what}")
                    files.add(source.file)
                    if original is not None:
                        originals.add(original)
            if problem is not None:
                raise StoreError(f"The store has a problem: {problem}.", hint=validate_hint(paths))
            yield source


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
    yield from manifest_problems(manifest, paths.manifest.name)
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


# The last manifest read, by its files' state: one command reads it several times, and at a
# million claims it takes a third of a second to parse and check.
_last_manifest: tuple[tuple[object, ...], StoreManifest] | None = None


def read_manifest(paths: StorePaths) -> StoreManifest:
    """Parse and check the store's speakers, sources and retired ids; raise StoreError if unusable."""
    global _last_manifest
    key = files_state(paths)
    if _last_manifest is not None and _last_manifest[0] == key:
        return _last_manifest[1]
    manifest = _parse_manifest(paths)
    _last_manifest = (key, manifest)
    return manifest


def _parse_manifest(paths: StorePaths) -> StoreManifest:
    name = paths.manifest.name
    data = _json_of(_read_text(paths.manifest), name, paths)
    if isinstance(data, dict) and data.get("format") == FORMAT_VERSION:
        try:
            StoreHeader.model_validate(data)  # format 2's store.json holds no lists
        except ValidationError as err:
            raise _ManifestProblems(
                [Problem(name, location, message) for location, message in describe(err)], paths
            ) from None
        problems: list[Problem] = []
        data = {
            **data,
            "speakers": _read_list(paths.speakers_list, Speaker, problems),
            "sources": _read_list(paths.sources_list, Source, problems),
        }
        if problems:
            raise _ManifestProblems(problems, paths)
    try:
        manifest = StoreManifest.model_validate(data)
    except ValidationError as err:
        raise _ManifestProblems(
            [Problem(name, location, message) for location, message in describe(err)], paths
        ) from None
    problems = list(manifest_problems(manifest, name))
    if problems:
        raise _ManifestProblems(problems, paths)
    return manifest


def _json_of(raw: str, name: str, paths: StorePaths) -> Any:
    try:
        return bounded.loads(raw)
    except json.JSONDecodeError as err:
        raise _ManifestProblems(
            [Problem(name, f"line {err.lineno} column {err.colno}", f"invalid JSON: {err.msg}")], paths
        ) from None
    except RecursionError:
        raise _ManifestProblems([Problem(name, "$", "JSON is nested too deeply")], paths) from None


Listed = TypeVar("Listed", Speaker, Source)


def _read_list(path: Path, model: type[Listed], problems: list[Problem]) -> list[Listed]:
    """Read speakers.jsonl or sources.jsonl: one record a line; each bad line is a problem."""
    items: list[Listed] = []
    try:
        handle = open_regular(path, follow_symlinks=False)
    except OSError as err:
        problems.append(Problem(path.name, "-", os_error_message(err)))
        return items
    with handle:
        for number, line in bounded.numbered_lines(handle):
            if line is None:
                problems.append(Problem(path.name, f"line {number}", bounded.too_long()))
            elif line.strip():
                try:
                    items.append(model.model_validate_json(line))
                except ValidationError as err:
                    problems.extend(
                        Problem(path.name, f"line {number}: {location}", message)
                        for location, message in describe(err)
                    )
    return items


def scan_claims(
    paths: StorePaths,
    manifest: StoreManifest,
    progress: Progress | None = None,
    seen_ids: SeenIds | None = None,
    sources: Mapping[str, Sourced] | None = None,
) -> Iterator[Claim | Problem]:
    """Stream claims.jsonl, yielding each valid claim and each problem found, in file order.

    seen_ids keeps the claim ids read so far, to find a repeated one; by default in memory.
    sources, by file, are what the claims are checked against: by default the manifest's.
    """
    speakers = {speaker.id for speaker in manifest.speakers}
    if sources is None:
        sources = {source.file: source for source in manifest.sources}
    texts = SourceTexts(paths, sources)
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
                for location, message in describe(err):
                    yield Problem(name, f"{where}: {location}", message)
                continue
            problems = list(
                claim_problems(claim, name, where, speakers, sources, texts, seen_ids, reported_sources)
            )
            if problems:
                yield from problems
                continue
            yield claim
        if progress is not None:
            progress(total, total)


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
