"""The interface every data format implements: claims streamed, records listed, one claim in detail."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from facts.search.claim_lines import ClaimLine
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


Reported = tuple[ClaimLine, Mapping[str, Any] | None]  # a stored line and its reports (None: alone)


class LineFormat(Protocol):
    """A format that writes claims from the index's stored lines (a module: json, jsonl).

    Each line comes with its claim's reported_by and conflicts, or None for a claim no other
    claim reports; the text is that of the same claims' records written by DataFormat and ExportFormat.
    """

    def write_lines(self, lines: Iterable[Reported], out: Writable) -> int:
        """Write claims as write_claims does; return how many."""

    def export_lines(self, lines: Iterable[Reported], out: Writable) -> int:
        """Write every claim of a store as export_claims does; return how many."""
