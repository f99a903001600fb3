"""The output formats every command offers, how one is chosen, and rows written in each."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from facts.errors import QueryError

if TYPE_CHECKING:
    from rich.console import RenderableType


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


def emit_rows(
    output: OutputFormat,
    records: Any,
    columns: list[str],
    rows: list[tuple[object, ...]],
    table: Callable[[Any], RenderableType],
) -> None:
    """Print records: as JSON or JSON Lines, as CSV or TSV rows under columns, or as a rich table."""
    from facts.cli import render
    from facts.cli.output import print_renderable, write_csv

    if output is OutputFormat.json:
        sys.stdout.write(render.to_json(records))
    elif output is OutputFormat.jsonl:
        sys.stdout.write(render.to_jsonl(records))
    elif output is OutputFormat.csv:
        write_csv(render.to_csv(columns, rows))
    elif output is OutputFormat.tsv:
        sys.stdout.write(render.to_tsv(rows))
    else:
        print_renderable(table(records))
