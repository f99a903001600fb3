"""The `facts` command line: parse options, call the core, render, map errors to exit codes."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from facts.errors import FactsError, NotFoundError, QueryError
from facts.paths import resolve_store
from facts.query import Filters

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from facts.index import ClaimIndex
    from facts.records import ClaimRecord, Results

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_LIMIT = 50

app = typer.Typer(
    name="facts",
    help=(
        "Look up who said what, when, and where they said it.\n\n"
        "Every claim carries its source's exact words, its speaker, its date and its "
        "source file. Tables for people; --json, --format jsonl|csv|tsv for scripts.\n\n"
        "Examples:\n\n"
        "  facts search withdrawal\n\n"
        "  facts by-speaker Singh\n\n"
        "  facts search withdrawal --json | jq -r '.[].speaker.name'\n\n"
        "Exit status: 0 success (also a search that matched nothing), 1 not found or "
        "an unusable store, 2 usage error, 130 interrupted."
    ),
    no_args_is_help=True,
    add_completion=False,
    # Plain click help and errors: one sentence on stderr, and no rich import for --help.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    """How results are printed."""

    table = "table"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="PATH",
        envvar="FACTS_STORE",
        help="Store folder (or its store.json). Default: the bundled store.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, tsv when piped.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
SpeakerOption = Annotated[
    str | None, typer.Option("--speaker", metavar="NAME", help="Only claims of speakers matching this name.")
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source", metavar="TEXT", help="Only claims from sources whose file, title or outlet contains this."
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Only claims made on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Only claims made on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
KindOption = Annotated[
    str | None,
    typer.Option("--kind", metavar="KIND", help="Only claims of this kind: quote, reported or caption."),
]
LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=0, metavar="N", help="Show at most this many claims; 0 for all.")
]
KINDS = ("quote", "reported", "caption")


def main() -> None:
    """Run the CLI. Typer maps usage errors to 2, Ctrl-C to 130 and a closed pipe to a quiet exit."""
    app()


def fail(err: FactsError) -> NoReturn:
    """Print one plain sentence on stderr (and a hint) and exit with the error's code."""
    message = f"Error: {err.message}"
    if err.hint:
        message += f" {err.hint}"
    sys.stderr.write(message + "\n")
    raise typer.Exit(err.exit_code)


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    width = None if (sys.stderr if stderr else sys.stdout).isatty() else 100
    return Console(stderr=stderr, width=width if "COLUMNS" not in os.environ else None)


def _print(renderable: RenderableType) -> None:
    _console().print(renderable)


def _note(message: str) -> None:
    sys.stderr.write(message + "\n")


def _resolve_format(fmt: OutputFormat | None, as_json: bool) -> OutputFormat:
    if as_json:
        if fmt not in (None, OutputFormat.json):
            raise QueryError("--json and --format cannot both be given.")
        return OutputFormat.json
    if fmt is not None:
        return fmt
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.tsv


def _parse_date(value: str | None, option: str, end: bool) -> date | None:
    """Read YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first or last day."""
    if value is None:
        return None
    import calendar

    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3 and all(len(p) for p in parts):
            return date(*numbers)
        if len(numbers) == 2:
            year, month = numbers
            day = calendar.monthrange(year, month)[1] if end else 1
            return date(year, month, day)
        if len(numbers) == 1 and len(parts[0]) == 4:
            return date(numbers[0], 12, 31) if end else date(numbers[0], 1, 1)
    except ValueError:
        pass
    raise QueryError(f"{option} takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}.")


class _BuildProgress:
    """A rich progress bar on stderr for index builds, drawn only when stderr is a terminal."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._progress is None:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

            self._progress = Progress(
                "Indexing the store",
                BarColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=_console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("index", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _open(store: Path | None) -> ClaimIndex:
    from facts.index import open_index

    progress = _BuildProgress()
    try:
        return open_index(resolve_store(store), progress)
    finally:
        progress.close()


def _filters(
    index: ClaimIndex,
    speaker: str | None,
    source: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
) -> Filters:
    if kind is not None and kind not in KINDS:
        raise QueryError(f"--kind takes one of {', '.join(KINDS)}, not {kind!r}.")
    speaker_ids = None
    if speaker is not None:
        speaker_ids = frozenset(s["id"] for s in _find_speakers(index, speaker))
    source_files = None
    if source is not None:
        from facts.query import match_sources

        found = match_sources(index.sources(), source)
        if not found:
            raise NotFoundError(f"No source matches {source!r}.", hint="Run `facts sources` to see them.")
        source_files = frozenset(s["file"] for s in found)
    return Filters(
        speaker_ids=speaker_ids,
        source_files=source_files,
        since=_parse_date(since, "--since", end=False),
        until=_parse_date(until, "--until", end=True),
        kind=kind,
    )


def _find_speakers(index: ClaimIndex, name: str) -> list[Any]:
    from facts.query import match_speakers, suggest_speakers

    speakers = index.speakers()
    found = match_speakers(speakers, name)
    if not found:
        close = suggest_speakers(speakers, name)
        hint = (
            f"Did you mean {' or '.join(close)}?"
            if close
            else "Run `facts speakers` to see who is in the store."
        )
        raise NotFoundError(f"No speaker matches {name!r}.", hint=hint)
    return found


def _emit_claims(results: Results, fmt: OutputFormat, limit: int | None) -> None:
    from facts import render

    claims = results.claims
    if fmt is OutputFormat.json:
        sys.stdout.write(render.to_json(claims))
    elif fmt is OutputFormat.jsonl:
        sys.stdout.write(render.to_jsonl(claims))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(render.claims_csv(claims))
    elif fmt is OutputFormat.tsv:
        sys.stdout.write(render.claims_tsv(claims))
    elif claims:
        _print(render.claims_table(claims, results.marked))
    if not claims and fmt is OutputFormat.table:
        _note("No claims found.")
    if results.truncated:
        _note(f"Showing the first {limit} claims; use --limit 0 to see them all.")


def _run_claims_query(
    store: Path | None,
    fmt: OutputFormat | None,
    as_json: bool,
    limit: int,
    query: Any,
) -> None:
    """Open the index, run a query, check its sources are unchanged, and print the claims."""
    try:
        output = _resolve_format(fmt, as_json)
        index = _open(store)
        results: Results = query(index)
        if index.changed_sources([c["source"]["file"] for c in results.claims]):
            # A source changed since the index was built: rebuild, which checks its hash.
            from facts.index import rebuild_index

            index.close()
            progress = _BuildProgress()
            try:
                index = rebuild_index(index.paths, progress)
            finally:
                progress.close()
            results = query(index)
        _emit_claims(results, output, limit or None)
    except FactsError as err:
        fail(err)


@app.command()
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words to find; "quoted phrases", prefix*, OR, NOT or -word.',
            show_default=False,
        ),
    ],
    *,
    speaker: SpeakerOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Search claim text, speakers and source titles, best matches first.

    Matching ignores case and accents and stems words, so `withdrawal` also finds
    "not withdrawing". Every word must match. Use "double quotes" for a phrase,
    `withdr*` for a prefix, `OR` between two words for either, `NOT word` or `-word`
    to exclude.

    Examples:

      facts search withdrawal

      facts search '"not withdrawing"' --speaker singh

      facts search isis --since 2024-09 --json | jq -r '.[].id'
    """
    from facts.query import fts_expression

    def run(index: ClaimIndex) -> Results:
        expression = fts_expression(" ".join(query))
        filters = _filters(index, speaker, source, since, until, kind)
        return index.search(expression, filters, limit or None)

    _run_claims_query(store, fmt, as_json, limit, run)


@app.command("by-speaker")
def by_speaker(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="Part of a speaker's name, alias or role.", show_default=False),
    ],
    *,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List the claims of every speaker whose name, alias or role matches, oldest first.

    Matching ignores case and accents and takes parts of names: `singh`,
    `Sabrina Singh`, `press secretary` and `state department` all work. A name
    that matches no one exits 1 and suggests the closest speakers.

    Examples:

      facts by-speaker Singh

      facts by-speaker "state department" --json | jq length
    """

    def run(index: ClaimIndex) -> Results:
        filters = _filters(index, name, source, since, until, kind)
        return index.claims(filters, limit or None)

    _run_claims_query(store, fmt, as_json, limit, run)


@app.command("list")
def list_claims(
    *,
    speaker: SpeakerOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List claims, oldest first, optionally filtered.

    Examples:

      facts list --kind quote

      facts list --source overt --since 2024-09-01 --format csv > claims.csv
    """

    def run(index: ClaimIndex) -> Results:
        return index.claims(_filters(index, speaker, source, since, until, kind), limit or None)

    _run_claims_query(store, fmt, as_json, limit, run)


@app.command()
def show(
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The claim's id, as printed by the other commands.",
            show_default=False,
        ),
    ],
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Show one claim in full: speaker, date and how it is known, source, and its paragraph.

    Example:

      facts show 003-singh-not-withdrawing
    """
    from facts import render
    from facts.store import source_text

    try:
        output = _resolve_format(fmt, as_json)
        index = _open(store)
        claim: ClaimRecord = index.claim(claim_id)
        if index.changed_sources([claim["source"]["file"]]):
            from facts.index import rebuild_index

            index = rebuild_index(index.paths, _BuildProgress())
            claim = index.claim(claim_id)
        detail = render.claim_detail(claim, source_text(index.paths, claim["source"]["file"]))
    except FactsError as err:
        fail(err)
    if output is OutputFormat.json:
        sys.stdout.write(render.to_json(detail))
    elif output is OutputFormat.jsonl:
        sys.stdout.write(render.to_jsonl([detail]))
    elif output is OutputFormat.csv:
        sys.stdout.write(render.claims_csv([claim]))
    elif output is OutputFormat.tsv:
        sys.stdout.write(render.claim_detail_text(detail))
    else:
        _print(render.claim_detail_panel(detail))


@app.command()
def speakers(
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List every speaker with their role, aliases and number of claims.

    Example:

      facts speakers --json | jq -r '.[] | "\\(.claims)\\t\\(.name)"'
    """
    from facts import render

    try:
        output = _resolve_format(fmt, as_json)
        found = _open(store).speakers()
    except FactsError as err:
        fail(err)
    _emit_rows(output, found, render.speakers_tsv, render.speakers_table)


@app.command()
def sources(
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List every source document with its title, publication date and number of claims.

    Example:

      facts sources
    """
    from facts import render

    try:
        output = _resolve_format(fmt, as_json)
        found = _open(store).sources()
    except FactsError as err:
        fail(err)
    _emit_rows(output, found, render.sources_tsv, render.sources_table)


def _emit_rows(output: OutputFormat, rows: Any, tsv: Any, table: Any) -> None:
    from facts import render

    if output is OutputFormat.json:
        sys.stdout.write(render.to_json(rows))
    elif output is OutputFormat.jsonl:
        sys.stdout.write(render.to_jsonl(rows))
    elif output in (OutputFormat.tsv, OutputFormat.csv):
        # One format for both: CSV of flat fields is TSV's content with commas.
        text = tsv(rows)
        if output is OutputFormat.csv:
            import csv
            import io

            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerows(line.split("\t") for line in text.splitlines())
            text = buffer.getvalue()
        sys.stdout.write(text)
    else:
        _print(table(rows))
