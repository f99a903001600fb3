"""Take many documents at once: find them, extract them in parallel, add them in one safe write."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal, NamedTuple

from facts.errors import FactsError
from facts.extract import Extraction, StoreSpeaker
from facts.ingest.documents import (
    NO_DETAILS,
    Details,
    Document,
    document_bytes,
    parse_document,
    read_document,
)
from facts.ingest.planning import BatchPlan, sentence
from facts.ingest.proposals import propose_claims
from facts.ingest.stored import names_of, stored
from facts.store.paths import StorePaths

STDIN = Path("-")

Status = Literal["new", "present", "failed"]


class Outcome(NamedTuple):
    """What became of one document: proposals for a new one, already in the store, or why it failed."""

    shown: str  # the path as the user gave or found it
    status: Status
    document: Document | None = None
    extraction: Extraction | None = None
    problem: str | None = None  # one sentence, for a failed document


class Known(NamedTuple):
    """What extraction needs to know of the store: its speakers, and the documents it has."""

    speakers: tuple[StoreSpeaker, ...] = ()
    digests: frozenset[str] = frozenset()  # SHA-256 of the documents at hand the store has, as they came
    names: frozenset[str] = frozenset()  # the names the documents at hand may take that the store has


class Summary(NamedTuple):
    """What a batch did: documents added, already present and failed, and the claims added."""

    added: int
    present: int
    failed: int
    claims: int
    speakers: int


def find_documents(paths: Sequence[Path], pattern: str | None = None) -> list[Path]:
    """List the documents named: files as given, folders' files (recursively, matching the pattern).

    Hidden files and folders inside a folder are skipped; `-` (standard input) is kept as it is.
    A path that does not exist is kept, so it is reported as that document's failure.
    """
    found: list[Path] = []
    for path in paths:
        if path == STDIN or not path.is_dir():
            found.append(path)
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            found.extend(
                Path(folder) / name
                for name in sorted(files)
                if not name.startswith(".") and (pattern is None or fnmatch.fnmatch(name, pattern))
            )
    return found


def known_of(paths: StorePaths, speakers: Sequence[StoreSpeaker], files: Sequence[Path]) -> Known:
    """Gather what extraction needs to know of a store: its speakers, and which of these files it has.

    Each file is read and hashed here (a read the extraction repeats from the page cache), so the
    store is asked about these documents only: its size does not matter. A document from standard
    input is not among them; a second add of the same one is named alike, and the writer leaves
    out the source and the claims the store has.
    """
    digests: set[str] = set()
    names: set[str] = set()
    for path in files:
        if path == STDIN:
            continue
        names.update(names_of(path.name))
        with contextlib.suppress(FactsError):  # an unreadable file is reported when it is extracted
            digests.add(hashlib.sha256(document_bytes(path)).hexdigest())
    found = stored(paths, names, digests)
    return Known(tuple(speakers), frozenset(found.documents), frozenset(found.names))


def extract_documents(
    paths: Sequence[Path],
    known: Known,
    given: Details = NO_DETAILS,
    *,
    jobs: int = 1,
    replace: bool = False,
) -> Iterator[Outcome]:
    """Propose the claims of each document, on `jobs` processes, yielding outcomes in order.

    A document whose SHA-256 the store already has is not read further; one whose name the store
    has with other content fails unless `replace` is set.
    """
    task = Task(known, given, replace)
    files = [p for p in paths if p != STDIN]
    if STDIN in paths:
        try:
            yield task.outcome(read_document(STDIN), "standard input")
        except FactsError as err:
            yield Outcome("standard input", "failed", problem=sentence(err))
    if jobs <= 1 or len(files) <= 1:
        yield from map(task, files)
        return
    # Chunks of a few documents amortise the trip to a worker without starving the progress bar.
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_set_task, initargs=(task,)) as pool:
        yield from pool.map(_run_task, files, chunksize=chunk)


class Task:
    """Read and extract one document; a function object, so each worker process is sent it once."""

    def __init__(self, known: Known, given: Details, replace: bool) -> None:
        self.known = known
        self.given = given
        self.replace = replace

    def __call__(self, path: Path) -> Outcome:
        shown = str(path)
        try:
            data = document_bytes(path)  # the checks of one document's read: regular file, bounded
            if hashlib.sha256(data).hexdigest() in self.known.digests and not self.replace:
                return Outcome(shown, "present")
            return self.outcome(parse_document(data, path.name, shown), shown)
        except FactsError as err:
            return Outcome(shown, "failed", problem=sentence(err))

    def outcome(self, document: Document, shown: str) -> Outcome:
        # With --replace, a document the store has under its own name is taken again: its details
        # (a corrected --published) may be new.
        again = self.replace and document.name in self.known.names
        if document.sha256 in self.known.digests and not again:
            return Outcome(shown, "present")
        if document.name in self.known.names and not self.replace:
            return Outcome(
                shown,
                "failed",
                problem=f"The store already has a different document named {document.name}; "
                "pass --replace to replace it and its claims.",
            )
        try:
            extraction = propose_claims(document, given=self.given, store_speakers=self.known.speakers)
        except FactsError as err:
            return Outcome(shown, "failed", problem=sentence(err))
        return Outcome(shown, "new", document, extraction)


_worker_task: Task | None = None


def _set_task(task: Task) -> None:
    global _worker_task
    _worker_task = task


def _run_task(path: Path) -> Outcome:
    assert _worker_task is not None, "the pool's initializer sets the task"
    return _worker_task(path)


def write_batch(paths: StorePaths, plan: BatchPlan) -> int:
    """Add a planned batch to the store in one safe write; return how many claims were added."""
    from facts.search.upkeep import StoreCaches
    from facts.store.writer import add_to_store

    originals = [(d.original.file, d.data) for _, d in plan.sources if d.original is not None]
    return add_to_store(
        paths,
        plan.speakers,
        ((source, document.text_bytes()) for source, document in plan.sources),
        plan.claims,
        originals,
        planned_with=plan.planned_with,
        caches=StoreCaches(),
    )
