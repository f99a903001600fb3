"""The output formats: the one --format choice, and the module that writes each format.

Each format is a module beside this one (table, detail, tsv, csv, json, jsonl, jsonld); the
data formats implement interface.DataFormat, and those `facts export` writes, ExportFormat.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from facts.cli.formats.interface import DataFormat, ExportFormat, LineFormat, Writable
from facts.cli.terminal import ShownText
from facts.errors import QueryError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from facts.store.records import ClaimRecord

# What `facts export --format` takes: the formats that write a whole store, JSON-LD among them.
EXPORT_FORMATS = ("jsonl", "json", "csv", "jsonld")


class OutputFormat(StrEnum):
    """How results are printed."""

    table = "table"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def resolve_format(fmt: OutputFormat | None, as_json: bool) -> OutputFormat:
    """Pick the output format: --json, else --format, else a table only on a terminal."""
    if as_json:
        if fmt not in (None, OutputFormat.json):
            raise QueryError("--json and --format cannot both be given.")
        return OutputFormat.json
    if fmt is not None:
        return fmt
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.tsv


def data_format(output: OutputFormat) -> DataFormat:
    """Return the module that writes a format for programs (every format but table)."""
    if output is OutputFormat.table:
        raise ValueError("a table is drawn by rich, not written as text")
    return _format_module(output.value)  # type: ignore[no-any-return]


# The formats that write claims from the index's stored lines (facts.search.claim_lines).
LINE_FORMATS = (OutputFormat.json, OutputFormat.jsonl)


def line_format(output: OutputFormat | str) -> LineFormat:
    """Return the module that writes claims from their stored lines: JSON or JSON Lines."""
    if output not in LINE_FORMATS:
        raise ValueError(f"not written from stored lines: {output}")
    return _format_module(str(output))  # type: ignore[no-any-return]


def export_format(name: str) -> ExportFormat:
    """Return the module that writes a whole store in a format of EXPORT_FORMATS."""
    if name not in EXPORT_FORMATS:
        raise ValueError(f"not an export format: {name}")
    return _format_module(name)  # type: ignore[no-any-return]


def _format_module(name: str) -> Any:
    # Each format's module is named after it, and imported only when used: a command that
    # prints TSV never loads the csv module.
    return __import__(f"{__name__}.{name}", fromlist=["_"])


def shown_safely(fmt: DataFormat | ExportFormat, out: Writable) -> Writable:
    """Return out, or out showing every control character if the format leaves them and it is a terminal."""
    return out if fmt.TERMINAL_SAFE or not sys.stdout.isatty() else ShownText(out)


def emit_rows(
    output: OutputFormat,
    records: Any,
    columns: list[str],
    rows: list[tuple[object, ...]],
    table: Callable[[Any], RenderableType],
) -> None:
    """Print records: as JSON or JSON Lines, as CSV or TSV rows under columns, or as a rich table."""
    from facts.cli.output import print_renderable

    if output is OutputFormat.table:
        print_renderable(table(records))
        return
    fmt = data_format(output)
    shown_safely(fmt, sys.stdout).write(fmt.records(records, columns, rows))


def emit_detail(output: OutputFormat, detail: dict[str, Any], claim: ClaimRecord) -> None:
    """Print one claim in full, as `facts show` does: a panel on a terminal, else the data format."""
    if output is OutputFormat.table:
        from facts.cli.formats.detail import claim_detail_panel
        from facts.cli.output import print_renderable

        print_renderable(claim_detail_panel(detail))
        return
    fmt = data_format(output)
    shown_safely(fmt, sys.stdout).write(fmt.detail(detail, claim))
