"""The interface every data format implements: claims streamed, records listed, one claim in detail."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from facts.store.records import ClaimRecord


class Writable(Protocol):
    """Anything text is written to: a file, stdout, or a filter in front of it."""

    def write(self, text: str, /) -> int: ...


class DataFormat(Protocol):
    """A format for programs (a module: json, jsonl, csv, tsv), written as text.

    TERMINAL_SAFE says whether its text shows every control character itself (JSON escapes
    them, TSV shows them); CSV does not, so on a terminal it is written through a filter.
    """

    TERMINAL_SAFE: bool

    def write_claims(self, claims: Iterable[ClaimRecord], out: Writable, header: bool) -> None:
        """Write claims one at a time; header asks for a line of column names where it is optional."""

    def records(
        self, found: Sequence[Mapping[str, Any]], columns: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> str:
        """Return records (speakers, sources, statements...) or, for CSV and TSV, their rows."""

    def detail(self, shown: Mapping[str, Any], claim: ClaimRecord) -> str:
        """Return one claim in full, as `facts show` prints it."""


class ExportFormat(Protocol):
    """A format `facts export` writes a whole store in, streaming (a module: json, jsonl, csv, jsonld)."""

    TERMINAL_SAFE: bool

    def export_claims(self, claims: Iterator[ClaimRecord], out: Writable) -> int:
        """Write every claim; return how many."""
