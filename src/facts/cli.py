"""The `facts` command line: parse options, call the core, render, map errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from facts.commands import (
    DEFAULT_LIMIT,
    ClaimQuery,
    OutputFormat,
    emit_claims,
    error_line,
    note,
    open_store_index,
    print_renderable,
    query_fresh,
    resolve_format,
    run_claim_query,
    write_csv,
)
from facts.errors import FactsError, QueryError
from facts.query import as_text
from facts.terminal import visible

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
        help="Store folder (or its store.json). Default: your store once `facts add` or a correction "
        "made it, else the bundled store; `facts store` says which.",
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
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        metavar="N",
        help=f"Show at most this many claims; 0 for all. Default: {DEFAULT_LIMIT} in a table on a terminal, "
        "all in tsv, json, jsonl and csv.",
        show_default=False,
    ),
]
HeaderOption = Annotated[bool, typer.Option("--header", help="Start TSV output with a line of column names.")]


def _print_version(value: bool) -> None:
    if value:
        from facts import __version__

        sys.stdout.write(f"facts {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    pass


def main() -> None:
    """Run the CLI. Typer maps usage errors to 2, Ctrl-C to 130 and a closed pipe to a quiet exit."""
    import os

    if "_FACTS_COMPLETE" in os.environ:  # a shell asks for completions (see `facts completion`)
        from typer._completion_classes import completion_init

        completion_init()
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
    fields: Annotated[
        str | None,
        typer.Option(
            "--in",
            metavar="FIELDS",
            help="Where to look: text, speaker and source (title and outlet), comma-separated. "
            "Default: text,speaker.",
            show_default=False,
        ),
    ] = None,
    speaker: SpeakerOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Search claim text and speakers' names, best matches first.

    Matching ignores case and accents and stems words, so `withdrawal` also finds
    "not withdrawing". Every word must match. Use "double quotes" for a phrase,
    `withdr*` for a prefix, `OR` between two words for either, `NOT word` or `-word`
    to exclude. Source titles and outlets are searched only when asked, with
    --in text,speaker,source; a claim found through its source alone then says so.

    Examples:

      facts search withdrawal

      facts search '"not withdrawing"' --speaker singh

      facts search isis --since 2024-09 --json | jq -r '.[].id'

      facts search harbour --in source
    """
    _run(
        ClaimQuery(
            "search",
            " ".join(query),
            speaker,
            source,
            since,
            until,
            kind,
            limit,
            store=store,
            header=header,
            fields=fields,
        ),
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
    limit: LimitOption = None,
    header: HeaderOption = False,
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

    _run(
        ClaimQuery("by-speaker", name, None, source, since, until, kind, limit, store=store, header=header),
        fmt,
        as_json,
    )


@app.command("list")
def list_claims(
    *,
    speaker: SpeakerOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List claims, oldest first, optionally filtered.

    Examples:

      facts list --kind quote

      facts list --source overt --since 2024-09-01 --format csv > claims.csv
    """

    _run(
        ClaimQuery("list", None, speaker, source, since, until, kind, limit, store=store, header=header),
        fmt,
        as_json,
    )


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
        wanted = as_text(claim_id)
        index, claim = query_fresh(store, lambda index: index.claim(wanted), lambda c: [c])
        detail = render.claim_detail(claim, source_text(index.paths, claim["source"]["file"]))
    except FactsError as err:
        fail(err)
    if output is OutputFormat.json:
        sys.stdout.write(render.to_json(detail))
    elif output is OutputFormat.jsonl:
        sys.stdout.write(render.to_jsonl([detail]))
    elif output is OutputFormat.csv:
        write_csv(render.claims_csv([claim]))
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
        sys.stdout.write(visible("".join(f"{p}\n" for p in problems)))
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        sys.stderr.write(f"{paths.root}: {count} found.\n")
        raise typer.Exit(1)
    sys.stderr.write(f"{paths.root}: no problems found.\n")


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
        write_csv(render.to_csv(columns, rows))
    elif output is OutputFormat.tsv:
        sys.stdout.write(render.to_tsv(rows))
    else:
        print_renderable(table(records))


PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="DATE",
        help="The document's publication date (YYYY-MM-DD). Default: a date printed at its top.",
        show_default=False,
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title", metavar="TEXT", help="The document's title. Default: its headline.", show_default=False
    ),
]
DocumentArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", help="A plain-text (UTF-8) article.", show_default=False),
]


class Accept(StrEnum):
    """Which proposed claims `facts add` takes."""

    all = "all"
    interactive = "interactive"


def _title(value: str | None) -> str | None:
    return as_text(value) if value else value


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"--published takes a date as YYYY-MM-DD, not {value!r}.") from None


@app.command()
def extract(
    file: DocumentArgument,
    *,
    title: TitleOption = None,
    published: PublishedOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="Shorthand for --format jsonl.")] = False,
    store: StoreOption = None,
) -> None:
    """Propose the attributed claims of a news article, for review; nothing is written.

    Finds direct quotations (also split around "she said" and running over paragraphs),
    reported speech ("X said that ...", "according to X, ...") and photo captions, with
    each claim's exact words, span, speaker and date. Speakers the store already has
    (by name or alias) keep their ids. Dates come from --published, or a date printed
    at the top, with "on Friday" and "In January" resolved against it.

    Examples:

      facts extract article.txt --published 2024-10-02

      facts extract article.txt --json > candidates.json

      facts add --from candidates.json
    """
    from facts.intake import propose, read_document
    from facts.paths import resolve_store
    from facts.records import Results

    try:
        if as_jsonl and (as_json or fmt not in (None, OutputFormat.jsonl)):
            raise QueryError("--jsonl cannot be given with --json or another --format.")
        output = OutputFormat.jsonl if as_jsonl else resolve_format(fmt, as_json)
        extraction = propose(resolve_store(store), read_document(file), _title(title), _published(published))
    except FactsError as err:
        fail(err)
    claims = extraction.claims
    emit_claims(Results(claims), output, len(claims))
    new = len(extraction.new_speakers)
    note(
        f"{len(claims)} claim{'s' if len(claims) != 1 else ''} proposed from {file.name}"
        f" ({new} new speaker{'s' if new != 1 else ''})."
        + (f" Add them with: facts add {file}" if claims and sys.stderr.isatty() else "")
    )


@app.command()
def add(
    file: Annotated[
        Path | None,
        typer.Argument(metavar="[FILE]", help="A plain-text (UTF-8) article.", show_default=False),
    ] = None,
    *,
    candidates: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="JSON",
            help="Add the claims of a (reviewed) `facts extract --json` file instead of extracting again.",
            show_default=False,
        ),
    ] = None,
    accept: Annotated[
        Accept | None,
        typer.Option(
            "--accept",
            help="Take all proposed claims, or ask about each. Default: ask on a terminal.",
            show_default=False,
        ),
    ] = None,
    title: TitleOption = None,
    published: PublishedOption = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            metavar="PATH",
            envvar="FACTS_STORE",
            help="Store folder to add to. Default: your store, made from the bundled one on first use.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add an article and its claims to the store: the file is copied in, the claims appended.

    Extracts the claims as `facts extract` does and asks about each one (or takes them
    all with --accept all), or takes the claims of a reviewed candidates file with --from.
    New speakers are added; speakers the store has keep their ids. The store is checked
    and written atomically; adding the same document again adds nothing. Without --store,
    this writes your own store ($XDG_DATA_HOME/facts/store, made from the bundled store
    the first time), which the other commands then read. If another facts process is
    writing the store, add waits for it, up to $FACTS_LOCK_TIMEOUT seconds (default 60).

    Examples:

      facts add article.txt --published 2024-10-02 --accept all

      facts extract article.txt --json > candidates.json   # review, delete, fix

      facts add --from candidates.json
    """
    from facts import intake

    try:
        if file is None and candidates is None:
            raise QueryError("Give a FILE to add, or --from a candidates file.")
        if candidates is not None and (accept is not None or title or published):
            raise QueryError(
                "--from takes reviewed claims as they are: drop --accept, --title and --published."
            )
        if candidates is None and accept is None:
            if not sys.stdin.isatty():
                raise QueryError("Input is not a terminal: pass --accept all, or --accept interactive.")
            accept = Accept.interactive
        paths, created = intake.writable_store(store)
        if created:
            note(f"Created your store at {paths.root} from the bundled store.")
        if candidates is not None:
            proposed = intake.read_candidates(candidates)
            document = intake.read_document(intake.find_source_file(candidates, proposed, file))
            drafts: list[Any] = []
        else:
            assert file is not None
            document = intake.read_document(file)
            extraction = intake.propose(paths, document, _title(title), _published(published))
            proposed, drafts = extraction.claims, list(extraction.new_speakers)
            if accept is Accept.interactive:
                proposed = _review(proposed)
        result = intake.add_document(paths, document, proposed, drafts, on_wait=_say_waiting(paths.root))
    except FactsError as err:
        fail(err)
    if result.claims:
        note(
            f"Added {result.claims} claim{'s' if result.claims != 1 else ''} and {result.speakers} new "
            f"speaker{'s' if result.speakers != 1 else ''} from {result.source} to {paths.root}."
        )
    else:
        note(f"Nothing new: {paths.root} already has {result.source} and these claims.")


def _say_waiting(root: Path) -> Callable[[], None]:
    def say() -> None:
        from facts.atomic import lock_timeout

        note(f"Waiting for another facts process to finish writing {root} (up to {lock_timeout():.0f} s)...")

    return say


def _review(proposed: list[Any]) -> list[Any]:
    """Ask about each proposed claim on the terminal; return the ones accepted."""
    accepted: list[Any] = []
    for number, claim in enumerate(proposed, 1):
        speaker = claim["speaker"]
        sys.stderr.write(
            visible(
                f"\n[{number}/{len(proposed)}] {claim['kind']} · {speaker['name']}"
                f"{' (' + speaker['role'] + ')' if speaker['role'] else ''} · {claim['date']}\n"
                f"  “{claim['text']}”\n"
            )
        )
        while True:
            sys.stderr.write("Add it? [y]es, [n]o, [a]ll the rest, [q]uit and add those taken so far: ")
            sys.stderr.flush()
            answer = sys.stdin.readline()
            choice = answer.strip().lower()[:1] if answer else "q"
            if choice in ("y", "n", "a", "q"):
                break
        if choice == "y":
            accepted.append(claim)
        elif choice == "a":
            return accepted + proposed[number - 1 :]
        elif choice == "q":
            if not answer:
                sys.stderr.write("\n")
            return accepted
    return accepted


class Shell(StrEnum):
    """Shells `facts completion` writes a script for."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.", show_default=False)],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    Examples:

      facts completion bash > ~/.local/share/bash-completion/completions/facts

      facts completion zsh > "${fpath[1]}/_facts"

      facts completion fish > ~/.config/fish/completions/facts.fish
    """
    from typer._completion_shared import get_completion_script

    script = get_completion_script(prog_name="facts", complete_var="_FACTS_COMPLETE", shell=shell.value)
    sys.stdout.write(script.rstrip("\n") + "\n")


# The commands that keep a store (remove, edit, speakers, init, store) register themselves on app.
from facts import cli_store  # noqa: E402,F401
