"""What `extract` and `add` are told: a document's details, and which options do not go together."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from facts.cli.dates import parse_published
from facts.cli.formats import OutputFormat
from facts.cli.options import Accept
from facts.errors import QueryError
from facts.search.query import as_text


def document_text(value: str | None) -> str | None:
    """Return an option's text as a store may hold it (arguments that are not UTF-8 carry surrogates)."""
    return as_text(value) if value else value


def document_details(
    title: str | None, published: str | None, author: str | None, outlet: str | None, url: str | None
) -> Any:
    """Return what the options say of a document, its text made storable and its date read."""
    from facts.ingest import Details

    # Arguments that are not valid UTF-8 arrive with surrogates, which no store file may hold.
    return Details(
        document_text(title),
        parse_published(published),
        document_text(author),
        document_text(outlet),
        document_text(url),
    )


def one_document(files: list[Path], paths: list[Path]) -> bool:
    """Say whether the arguments name a single document, which keeps the one-document behaviour."""
    return len(paths) == 1 and len(files) == 1 and paths[0] == files[0]


def context_format(fmt: OutputFormat | None, as_data: bool, dask_scheduler: str | None) -> OutputFormat:
    """Check that --context goes with a table: it shows the documents' text, which data formats leave out."""
    if as_data or fmt not in (None, OutputFormat.table):
        raise QueryError("--context shows a table; it cannot be given with --json, --jsonl or --format.")
    if dask_scheduler is not None:
        raise QueryError("--context needs the documents' text, which stays on the Dask workers.")
    return OutputFormat.table


def checked_add_options(
    files: list[Path],
    candidates: Path | None,
    accept: Accept | None,
    glob: str | None,
    *,
    has_details: bool,
    replace: bool,
    dry_run: bool,
    primary: bool,
) -> tuple[list[Path], bool, Accept | None]:
    """Refuse options of `add` that do not go together; return the documents named, whether they
    are one, and how their claims are accepted (asking on a terminal unless --accept says)."""
    from facts.cli import batch

    if not files and candidates is None:
        raise QueryError("Give a FILE to add, or --from a candidates file.")
    if candidates is not None and (accept is not None or has_details or glob or replace):
        raise QueryError(
            "--from takes reviewed claims as they are: drop --accept, --replace and the document options."
        )
    if dry_run and not replace:
        raise QueryError("--dry-run goes with --replace; `facts extract` shows what add would take.")
    if candidates is not None:
        batch.check_single(files, "--from with a FILE")
    paths_named = batch.documents_named(files, glob) if files else []
    one = one_document(files, paths_named)
    if candidates is None and accept is None:
        if not sys.stdin.isatty() or not one:
            raise QueryError(
                "Input is not a terminal: pass --accept all, or --accept interactive."
                if one
                else "Several documents are added whole: pass --accept all."
            )
        accept = Accept.interactive
    if candidates is None and not one and accept is Accept.interactive:
        raise QueryError("--accept interactive asks about one document at a time; pass --accept all.")
    if primary and (not one or replace):
        raise QueryError(
            "--primary marks one document as it is added: give a single FILE, without --replace."
        )
    return paths_named, one, accept
