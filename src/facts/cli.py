"""The `facts` command line: parse options, call the core, render, map errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from facts.commands import (
    DEFAULT_LIMIT,
    ClaimQuery,
    OutputFormat,
    error_line,
    open_store_index,
    print_renderable,
    query_fresh,
    resolve_format,
    run_claim_query,
)
from facts.errors import FactsError

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


def main() -> None:
    """Run the CLI. Typer maps usage errors to 2, Ctrl-C to 130 and a closed pipe to a quiet exit."""
    app()


def fail(err: FactsError) -> NoReturn:
    """Print one plain sentence on stderr (and a hint) and exit with the error's code."""
    sys.stderr.write(error_line(err))
    raise typer.Exit(err.exit_code)


def _run(query: ClaimQuery, fmt: OutputFormat | None, as_json: bool) -> None:
    try:
        run_claim_query(query._replace(output=resolve_format(fmt, as_json)))
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
    _run(
        ClaimQuery("search", " ".join(query), speaker, source, since, until, kind, limit, store=store),
        fmt,
        as_json,
    )


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

    _run(ClaimQuery("by-speaker", name, None, source, since, until, kind, limit, store=store), fmt, as_json)


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

    _run(ClaimQuery("list", None, speaker, source, since, until, kind, limit, store=store), fmt, as_json)


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
    from facts.paths import source_text

    try:
        output = resolve_format(fmt, as_json)
        index, claim = query_fresh(store, lambda index: index.claim(claim_id), lambda c: [c])
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
        print_renderable(render.claim_detail_panel(detail))


@app.command()
def validate(
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as a JSON array.")] = False,
    store: StoreOption = None,
) -> None:
    """Check everything the store promises and list every problem, not only the first.

    Checks the schema, unique ids, that speaker and source references resolve, that no two
    speakers share an alias, each source's SHA-256, that every claim's text is exactly its
    source slice, and that no claim is dated after its source was published. Prints one line
    per problem (file: location: message) and exits 1 if there is any, 0 if none.

    Examples:

      facts validate

      facts validate --store ./my-store --json | jq -r '.[].message'
    """
    from facts import render
    from facts.paths import resolve_store
    from facts.store import find_problems

    try:
        paths = resolve_store(store)
        problems = list(find_problems(paths))
    except FactsError as err:
        fail(err)
    if as_json:
        sys.stdout.write(render.to_json([p.as_dict() for p in problems]))
    else:
        sys.stdout.write("".join(f"{p}\n" for p in problems))
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        sys.stderr.write(f"{paths.root}: {count} found.\n")
        raise typer.Exit(1)
    sys.stderr.write(f"{paths.root}: no problems found.\n")


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
        output = resolve_format(fmt, as_json)
        found = open_store_index(store).speakers()
    except FactsError as err:
        fail(err)
    _emit_rows(output, found, render.SPEAKER_COLUMNS, render.speaker_rows(found), render.speakers_table)


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
        output = resolve_format(fmt, as_json)
        found = open_store_index(store).sources()
    except FactsError as err:
        fail(err)
    _emit_rows(output, found, render.SOURCE_COLUMNS, render.source_rows(found), render.sources_table)


def _emit_rows(
    output: OutputFormat, records: Any, columns: list[str], rows: list[tuple[object, ...]], table: Any
) -> None:
    from facts import render

    if output is OutputFormat.json:
        sys.stdout.write(render.to_json(records))
    elif output is OutputFormat.jsonl:
        sys.stdout.write(render.to_jsonl(records))
    elif output is OutputFormat.csv:
        sys.stdout.write(render.to_csv(columns, rows))
    elif output is OutputFormat.tsv:
        sys.stdout.write(render.to_tsv(rows))
    else:
        print_renderable(table(records))
