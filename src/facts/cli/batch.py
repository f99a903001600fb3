"""`facts extract` and `facts add` over many documents: a progress bar, a line per failure, a summary."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from facts.cli.formats import OutputFormat
from facts.cli.output import console, note
from facts.cli.query import emit_claims
from facts.cli.terminal import visible
from facts.errors import QueryError
from facts.ingest.batch import (
    Known,
    Outcome,
    Summary,
    extract_documents,
    find_documents,
    known_of,
    write_batch,
)
from facts.ingest.documents import Details
from facts.ingest.planning import Accepted, BatchPlan, plan_batch
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord, Results


def default_jobs() -> int:
    """Return how many processes extraction uses by default: every core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def documents_named(files: Sequence[Path], pattern: str | None) -> list[Path]:
    """Expand the FILE arguments into documents; raise if they name none."""
    paths = find_documents(files, pattern)
    if not paths:
        where = ", ".join(str(f) for f in files)
        raise QueryError(f"No documents found in {where}" + (f" matching {pattern!r}." if pattern else "."))
    return paths


class IntakeProgress:
    """A rich progress bar on stderr (documents done, claims found, time left), only on a terminal."""

    def __init__(self, total: int) -> None:
        self._progress: Any = None
        self._task: Any = None
        self.claims = 0
        if sys.stderr.isatty() and total > 1:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("Extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("documents, {task.fields[claims]} claims"),
                TimeRemainingColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self._task = self._progress.add_task("extract", total=total, claims=0)
            self._progress.start()

    def track(self, outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
        """Pass outcomes through, counting them on the bar and printing each failure in one line."""
        try:
            for outcome in outcomes:
                if outcome.extraction is not None:
                    self.claims += len(outcome.extraction.claims)
                if outcome.status == "failed":
                    self.say(f"Skipped {outcome.shown}: {outcome.problem}")
                if self._progress is not None:
                    self._progress.update(self._task, advance=1, claims=self.claims)
                yield outcome
        finally:
            if self._progress is not None:
                self._progress.stop()

    def say(self, line: str) -> None:
        """Print one line on stderr, above the bar while it is shown."""
        if self._progress is not None:
            self._progress.console.print(visible(line), markup=False, highlight=False)
        else:
            note(line)


def extract_many(
    paths: Sequence[Path],
    known: Known,
    given: Details,
    jobs: int,
    output: OutputFormat,
    scheduler: str | None = None,
    in_context: bool = False,
) -> int:
    """Print the proposals of many documents as one list; return how many documents failed.

    With a Dask scheduler's address (or `local`), the documents are extracted on its workers.
    in_context prints the table of each claim in its sentence instead (not with Dask).
    """
    claims: list[ClaimRecord] = []
    in_text: list[tuple[str, list[ClaimRecord], Any]] = []
    failed = done = 0
    client = None
    if scheduler is not None:
        from facts.ingest.cluster import LOCAL, connect, extract_on_dask

        client = connect(scheduler, jobs)
        outcomes = extract_on_dask(client, paths, known, given)
    else:
        outcomes = extract_documents(paths, known, given, jobs=jobs)
    try:
        for outcome in IntakeProgress(len(paths)).track(outcomes):
            if outcome.extraction is not None:
                claims.extend(outcome.extraction.claims)
                done += 1
                if in_context and outcome.document is not None:
                    extraction = outcome.extraction
                    in_text.append((outcome.document.text, extraction.claims, extraction.contexts))
            failed += outcome.status == "failed"
    finally:
        if client is not None:
            client.close()
            if scheduler == LOCAL:
                client.cluster.close()
    if in_context:
        from facts.cli.output import print_renderable
        from facts.cli.review import context_table

        print_renderable(context_table(in_text))
    else:
        emit_claims(Results(claims), output, len(claims))
    note(
        f"{len(claims)} claim{_s(len(claims))} proposed from {done} document{_s(done)}"
        + (f"; {failed} failed." if failed else ".")
    )
    return failed


# Documents one transaction of a folder add commits: what is held in memory is one batch's
# records, and a kill loses one batch at most (a second run skips the batches written).
BATCH_DOCUMENTS = 500


def add_many(paths: StorePaths, files: Sequence[Path], given: Details, jobs: int) -> Summary:
    """Extract documents in parallel and add the proposals of the new ones, a batch at a time.

    Each batch of BATCH_DOCUMENTS documents is one write, planned against the store as the
    batches before it left it; a document the store has (a second run of a folder add killed
    half way) is skipped as already present.
    """
    from facts.ingest.intake import store_speakers
    from facts.store.manifest import read_view

    known = known_of(paths, store_speakers(read_view(paths)), files)
    counts = {"present": 0, "failed": 0}
    progress = IntakeProgress(len(files))

    def accepted() -> Iterator[Accepted]:
        for outcome in progress.track(extract_documents(files, known, given, jobs=jobs)):
            if outcome.document is None or outcome.extraction is None:
                counts[outcome.status] += 1
                continue
            extraction = outcome.extraction
            yield Accepted(outcome.shown, outcome.document, extraction.claims, list(extraction.new_speakers))

    done = Summary(0, 0, 0, 0, 0)
    for batch in _batches(accepted()):
        wrote = _write(paths, plan_batch(read_view(paths), batch), 0, 0, progress.say)
        done = Summary(*(a + b for a, b in zip(done, wrote, strict=True)))
    return done._replace(present=counts["present"], failed=done.failed + counts["failed"])


def _batches(items: Iterable[Accepted]) -> Iterator[list[Accepted]]:
    batch: list[Accepted] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH_DOCUMENTS:
            yield batch
            batch = []
    if batch:
        yield batch


def documents_to_replace(
    paths: StorePaths, files: Sequence[Path], given: Details, jobs: int
) -> tuple[list[Accepted], int, int]:
    """Extract documents for `add --replace`, those the store has under their names included.

    Return the documents with every proposal accepted, and how many were already present (under
    another name) and failed; each failure is said in one line.
    """
    from facts.ingest.intake import store_speakers
    from facts.store.manifest import read_view

    manifest = read_view(paths)
    known = known_of(paths, store_speakers(manifest), files)
    documents: list[Accepted] = []
    present = failed = 0
    outcomes = extract_documents(files, known, given, jobs=jobs, replace=True)
    for outcome in IntakeProgress(len(files)).track(outcomes):
        if outcome.document is None or outcome.extraction is None:
            present += outcome.status == "present"
            failed += outcome.status == "failed"
            continue
        extraction = outcome.extraction
        documents.append(
            Accepted(outcome.shown, outcome.document, extraction.claims, list(extraction.new_speakers))
        )
    return documents, present, failed


def replace_documents(
    paths: StorePaths,
    files: list[Path],
    one: bool,
    review: bool,
    given: Details,
    jobs: int,
    *,
    yes: bool,
    dry_run: bool,
) -> int:
    """Replace documents the store has, as a correction: shown, confirmed, then one transaction.

    One document's proposals are reviewed on the terminal if review is set; several are taken
    whole. Return how many documents failed.
    """
    from facts.cli.correction import correct
    from facts.ingest import intake, read_document
    from facts.ingest.planning import Accepted
    from facts.ingest.replacement import Replacement, stored_proposals

    if one:
        document = read_document(files[0])
        extraction = intake.propose(paths, document, given)
        drafts = list(extraction.new_speakers)
        if not review:
            claims = extraction.claims
        else:
            from facts.cli.review import review_claims
            from facts.store.manifest import read_view

            claims = review_claims(
                extraction.claims, extraction.contexts, document.text, read_view(paths), drafts
            )
        documents = [Accepted(str(files[0]), document, claims, drafts)]
        present = failed = 0
    else:
        documents, present, failed = documents_to_replace(paths, files, given, jobs)
    named = {a.document.name for a in documents}
    replacement = Replacement(documents, stored_proposals(paths, named))
    correct(paths.root, replacement, yes=yes, dry_run=dry_run)
    for shown, problem in replacement.failed:
        note(f"Skipped {shown}: {problem}")
    failed += len(replacement.failed)
    if present or failed:
        note(f"{present} already present under another name; {failed} failed.")
    return failed


def add_candidates(paths: StorePaths, groups: Sequence[Accepted]) -> Summary:
    """Add the reviewed claims of several documents (a candidates file of many) in one write."""
    from facts.ingest.stored import stored
    from facts.store.manifest import read_view

    manifest = read_view(paths)
    known = stored(paths, digests=[g.document.sha256 for g in groups]).documents
    new = [g for g in groups if g.document.sha256 not in known]
    return _write(paths, plan_batch(manifest, new), len(groups) - len(new), 0)


def _write(
    paths: StorePaths, plan: BatchPlan, present: int, failed: int, say: Callable[[str], None] = note
) -> Summary:
    for shown, problem in plan.failed:
        say(f"Skipped {shown}: {problem}")
    claims = write_batch(paths, plan) if plan.sources else 0
    return Summary(len(plan.sources), present, failed + len(plan.failed), claims, len(plan.speakers))


def report(summary: Summary, root: Path) -> None:
    """Say on stderr what a batch added, skipped as already present, and failed."""
    note(
        f"Added {summary.added} document{_s(summary.added)} ({summary.claims} claim{_s(summary.claims)}, "
        f"{summary.speakers} new speaker{_s(summary.speakers)}) to {root}; "
        f"{summary.present} already present; {summary.failed} failed."
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def check_single(items: Sequence[Any], option: str) -> None:
    """Refuse an option that describes one document when several are given."""
    if len(items) > 1:
        raise QueryError(f"{option} describes one document; give one FILE, not {len(items)}.")
