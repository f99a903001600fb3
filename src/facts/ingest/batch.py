"""Take many documents at once: find them, extract them in parallel, add them in one safe write."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from facts.errors import FactsError
from facts.extract import Extraction, NewSpeaker, StoreSpeaker
from facts.ingest.documents import (
    NO_DETAILS,
    Details,
    Document,
    document_bytes,
    parse_document,
    read_document,
)
from facts.ingest.proposals import propose_claims

if TYPE_CHECKING:
    from facts.ingest.intake import SpeakerBook
from facts.search.query import fold
from facts.store.manifest import StoreView
from facts.store.models import Claim, Source, Speaker
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord

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
    digests: frozenset[str] = frozenset()  # SHA-256 of every document as it came
    names: frozenset[str] = frozenset()  # every source's name


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


def known_of(manifest: StoreView, speakers: Sequence[StoreSpeaker]) -> Known:
    """Gather what extraction needs to know of a store."""
    digests = {s.sha256 for s in manifest.sources}
    digests.update(s.original.sha256 for s in manifest.sources if s.original is not None)
    return Known(tuple(speakers), frozenset(digests), frozenset(s.file for s in manifest.sources))


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
            yield Outcome("standard input", "failed", problem=_sentence(err))
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
            return Outcome(shown, "failed", problem=_sentence(err))

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
            return Outcome(shown, "failed", problem=_sentence(err))
        return Outcome(shown, "new", document, extraction)


_worker_task: Task | None = None


def _set_task(task: Task) -> None:
    global _worker_task
    _worker_task = task


def _run_task(path: Path) -> Outcome:
    assert _worker_task is not None, "the pool's initializer sets the task"
    return _worker_task(path)


def _sentence(err: FactsError) -> str:
    return err.message + (f" {err.hint}" if err.hint else "")


class Accepted(NamedTuple):
    """One document to add, with the claims accepted for it and its new speakers as proposed."""

    shown: str
    document: Document
    claims: list[ClaimRecord]
    drafts: list[NewSpeaker]


class BatchPlan(NamedTuple):
    """Everything one write adds, and the documents that could not be planned."""

    sources: list[tuple[Source, Document]]
    speakers: list[Speaker]
    claims: list[Claim]
    failed: list[tuple[str, str]]  # (path, one sentence)
    planned_with: frozenset[str] | None = None  # the store's speaker ids when planned


def plan_batch(
    manifest: StoreView, documents: Iterable[Accepted], replacing: Iterable[str] = ()
) -> BatchPlan:
    """Turn accepted documents into store records, merging speakers two documents both introduce.

    Documents are extracted apart, so a person new to the store who is named in two of them is
    proposed twice, with two ids; the second takes the first's id (or that of the speaker one of
    whose aliases is its name), as adding them one by one would. Documents named in `replacing`
    may take the name of a source the store has (which the caller then removes).
    """
    from facts.ingest.intake import SpeakerBook, plan_document  # intake uses this module's Accepted

    book = SpeakerBook.of(manifest)
    names = {s.file for s in manifest.sources} - set(replacing)
    claim_ids: set[str] = set()
    plan = BatchPlan([], [], [], [], frozenset(s.id for s in manifest.speakers))
    for item in documents:
        name = item.document.name
        try:
            if name in names:
                raise FactsError(f"Another document in this batch is also named {name}.")
            claims = [_merged(c, book) for c in item.claims]
            clash = next((c["id"] for c in claims if c["id"] in claim_ids), None)
            if clash is not None:
                raise FactsError(f"Its claim id {clash} is another document's in this batch.")
            one = plan_document(book, item.document, name, claims, item.drafts)
        except FactsError as err:
            plan.failed.append((item.shown, _sentence(err)))
            continue
        names.add(name)
        claim_ids.update(c.id for c in one.claims)
        plan.sources.append((one.source, item.document))
        plan.speakers.extend(one.speakers)
        plan.claims.extend(one.claims)
    return plan


def _merged(claim: ClaimRecord, book: SpeakerBook) -> ClaimRecord:
    ref = claim["speaker"]
    # Unnamed sources and lower-case names ("the statement") name someone only within a document.
    if ref["id"] in book.ids or ref["kind"] == "unnamed" or ref["name"].islower():
        return claim
    same = book.names.get(fold(ref["name"]))
    return claim if same is None else {**claim, "speaker": {**ref, "id": same}}


def write_batch(paths: StorePaths, plan: BatchPlan) -> int:
    """Add a planned batch to the store in one safe write; return how many claims were added."""
    from facts.store.writer import add_to_store

    originals = [(d.original.file, d.data) for _, d in plan.sources if d.original is not None]
    return add_to_store(
        paths,
        plan.speakers,
        ((source, document.text_bytes()) for source, document in plan.sources),
        plan.claims,
        originals,
        planned_with=plan.planned_with,
    )
