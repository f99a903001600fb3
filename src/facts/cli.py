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
    CONFLICT_COLUMNS,
    DEFAULT_LIMIT,
    ClaimQuery,
    OutputFormat,
    conflict_rows,
    corroborated_detail,
    effective_limit,
    emit_claims,
    error_line,
    find_conflicts,
    note,
    open_store_index,
    print_renderable,
    query_fresh,
    resolve_format,
    run_claim_query,
    write_csv,
)
from facts.errors import FactsError, QueryError
from facts.search.query import as_text
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
StanceOption = Annotated[
    str | None,
    typer.Option(
        "--stance",
        metavar="STANCE",
        help="Only claims the speaker asserts, denies or asks (asserts, denies or asks).",
    ),
]
CueOption = Annotated[
    str | None,
    typer.Option(
        "--cue",
        metavar="WORD",
        help="Only claims attributed with this word, in any form: denied, deny, told, according to.",
    ),
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
    stance: StanceOption = None,
    cue: CueOption = None,
    corroborated: Annotated[
        int | None,
        typer.Option(
            "--corroborated",
            metavar="N",
            min=1,
            help="Keep claims whose statement at least N sources report (see `facts conflicts`).",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help="relevance (the default) or sources: the most widely reported statements first.",
            show_default=False,
        ),
    ] = None,
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

      facts search forces --corroborated 2 --sort sources
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
            corroborated=corroborated,
            sort=sort,
            stance=stance,
            cue=cue,
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
    stance: StanceOption = None,
    cue: CueOption = None,
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
        ClaimQuery(
            "by-speaker",
            name,
            None,
            source,
            since,
            until,
            kind,
            limit,
            store=store,
            header=header,
            stance=stance,
            cue=cue,
        ),
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
    stance: StanceOption = None,
    cue: CueOption = None,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List claims, oldest first, optionally filtered.

    Examples:

      facts list --kind quote

      facts list --stance denies

      facts list --source overt --since 2024-09-01 --format csv > claims.csv
    """

    _run(
        ClaimQuery(
            "list",
            None,
            speaker,
            source,
            since,
            until,
            kind,
            limit,
            store=store,
            header=header,
            stance=stance,
            cue=cue,
        ),
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

    Below it, the other reports of the same statement (see `facts conflicts`): their source,
    date and speaker, and the words that differ from this one (a quotation's drift), highlighted.

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
        detail = corroborated_detail(index, claim, detail)
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
def conflicts(
    *,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List statements credited to different speakers, or quoted in different words by sources
    that name the same speaker, most widely reported first.

    A statement is the claims that carry the same words, near-identical words, or largely the
    same words (the README gives the rule). Speakers are never merged: a conflict is listed so
    that you can judge it.

    Examples:

      facts conflicts

      facts conflicts --json | jq '.[] | {sources, speakers}'
    """
    try:
        output = resolve_format(fmt, as_json)
        shown = effective_limit(limit, output)
        found, cut = find_conflicts(store, shown)
    except FactsError as err:
        fail(err)
    from facts import render

    if output is OutputFormat.table and not found:
        note("No conflicting statements found.")
    else:
        rows = conflict_rows(found)
        if header and output is OutputFormat.tsv:
            rows = [tuple(CONFLICT_COLUMNS), *rows]
        _emit_rows(output, found, CONFLICT_COLUMNS, rows, render.conflicts_table)
    if cut:
        note(f"Showing the first {shown} statements; use --limit 0 to see them all.")


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
        help="Publication date (YYYY-MM-DD). Default: the page's date, or a date printed at the top.",
        show_default=False,
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        help="The document's title. Default: the page's title, or the headline.",
        show_default=False,
    ),
]
OutletOption = Annotated[
    str | None,
    typer.Option(
        "--outlet",
        metavar="NAME",
        help="Who published it. Default: the page's site name.",
        show_default=False,
    ),
]
UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url", metavar="URL", help="Where it was published. Default: the page's URL.", show_default=False
    ),
]
AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--author", metavar="NAME", help="Who wrote it. Default: the page's author.", show_default=False
    ),
]
GlobOption = Annotated[
    str | None,
    typer.Option(
        "--glob",
        metavar="PATTERN",
        help="In folders, take only files whose name matches this, e.g. '*.html'. Default: all files.",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Extract on N processes at once. Default: one per core.",
        show_default=False,
    ),
]
DocumentsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="FILE...",
        help="Articles: text files (any common encoding), saved web pages, folders of them, or - for stdin.",
        show_default=False,
    ),
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


def _details(
    title: str | None, published: str | None, author: str | None, outlet: str | None, url: str | None
) -> Any:
    from facts.ingest import Details

    # Arguments that are not valid UTF-8 arrive with surrogates, which no store file may hold.
    return Details(_title(title), _published(published), _title(author), _title(outlet), _title(url))


def _one_document(files: list[Path], paths: list[Path]) -> bool:
    """Say whether the arguments name a single document, which keeps the one-document behaviour."""
    return len(paths) == 1 and len(files) == 1 and paths[0] == files[0]


@app.command()
def extract(
    files: DocumentsArgument,
    *,
    title: TitleOption = None,
    published: PublishedOption = None,
    author: AuthorOption = None,
    outlet: OutletOption = None,
    url: UrlOption = None,
    glob: GlobOption = None,
    jobs: JobsOption = None,
    dask_scheduler: Annotated[
        str | None,
        typer.Option(
            "--dask-scheduler",
            metavar="ADDRESS",
            help="Extract on this Dask cluster (tcp://host:8786), or 'local' for --jobs local workers. "
            "Needs pip install 'facts[dask]'.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="Shorthand for --format jsonl.")] = False,
    store: StoreOption = None,
) -> None:
    """Propose the attributed claims of news articles, for review; nothing is written.

    Finds direct quotations (also split around "she said" and running over paragraphs),
    reported speech ("X said that ...", "according to X, ...") and photo captions, with
    each claim's exact words, span, speaker and date. Speakers the store already has
    (by name or alias) keep their ids. Dates come from --published, the page's date, or
    a date printed at the top, with "on Friday" and "In January" resolved against it.

    Text files are read in UTF-8 (with or without BOM), UTF-16, Latin-1 or Windows-1252;
    a saved web page (recognised by its content) is read with trafilatura: its article
    only, with its title, date, author, site name and URL. Several files, folders
    (recursively, --glob to filter) and - for standard input are extracted in parallel;
    a document that fails is reported in one line and skipped (exit status 1).

    Examples:

      facts extract article.txt --published 2024-10-02

      facts extract page.html --json > candidates.json

      facts extract articles/ --glob '*.html' --jsonl > candidates.jsonl

      cat article.txt | facts extract - --published 2024-05-01

      facts extract archive/ --dask-scheduler tcp://10.0.0.5:8786 --jsonl > candidates.jsonl
    """
    from facts import intake_commands
    from facts.ingest import read_document
    from facts.intake import propose
    from facts.paths import resolve_store
    from facts.records import Results

    try:
        if as_jsonl and (as_json or fmt not in (None, OutputFormat.jsonl)):
            raise QueryError("--jsonl cannot be given with --json or another --format.")
        output = OutputFormat.jsonl if as_jsonl else resolve_format(fmt, as_json)
        given = _details(title, published, author, outlet, url)
        paths = intake_commands.documents_named(files, glob)
        store_paths = resolve_store(store)
        if not _one_document(files, paths) or dask_scheduler is not None:
            if title is not None:
                intake_commands.check_single(paths, "--title")
            from facts.ingest.batch import Known
            from facts.intake import store_speakers
            from facts.storeview import read_view

            known = Known(tuple(store_speakers(read_view(store_paths))))
            failed = intake_commands.extract_many(
                paths, known, given, jobs or intake_commands.default_jobs(), output, dask_scheduler
            )
            if failed:
                raise typer.Exit(1)
            return
        document = read_document(paths[0])
        extraction = propose(store_paths, document, given)
    except FactsError as err:
        fail(err)
    claims = extraction.claims
    emit_claims(Results(claims), output, len(claims))
    new = len(extraction.new_speakers)
    shown = files[0].name if str(files[0]) != "-" else "standard input"
    undated = any(c["date"] is None for c in claims)
    note(
        f"{len(claims)} claim{'s' if len(claims) != 1 else ''} proposed from {shown}"
        f" ({new} new speaker{'s' if new != 1 else ''})."
        + (" They are undated: the text prints no date; pass --published YYYY-MM-DD." if undated else "")
        + (f" Add them with: facts add {files[0]}" if claims and sys.stderr.isatty() else "")
    )


@app.command()
def add(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Articles: text files, saved web pages, folders of them, or - for stdin.",
            show_default=False,
        ),
    ] = None,
    *,
    candidates: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="JSON",
            help="Add the claims of a (reviewed) `facts extract --json` or --jsonl file, without extracting.",
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
    author: AuthorOption = None,
    outlet: OutletOption = None,
    url: UrlOption = None,
    glob: GlobOption = None,
    jobs: JobsOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace a document the store has under the same name with other content, and its claims.",
        ),
    ] = False,
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
    """Add articles and their claims to the store: the files are copied in, the claims appended.

    Extracts the claims as `facts extract` does and asks about each one (or takes them
    all with --accept all), or takes the claims of a reviewed candidates file with --from.
    New speakers are added; speakers the store has keep their ids. A web page is kept
    byte for byte beside the text its claims point into. The store is checked and
    written atomically, once; adding the same document again adds nothing (documents
    are recognised by SHA-256 before they are read). A document whose name the store
    has with other content is refused unless --replace is given.

    Several files, folders (recursively, --glob to filter) and - for standard input are
    extracted in parallel (--jobs) with a progress bar, and every proposal of each new
    document is added (they need --accept all). A document that fails is reported in
    one line and skipped; the summary says how many were added, already present and
    failed, and the exit status is 1 if any failed. Without --store, this writes your
    own store ($XDG_DATA_HOME/facts/store, made from the bundled store the first time),
    which the other commands then read. If another facts process is
    writing the store, add waits for it, up to $FACTS_LOCK_TIMEOUT seconds (default 60).

    Examples:

      facts add article.txt --published 2024-10-02 --accept all

      facts add page.html --outlet "Brennan Courier" --accept all

      facts add articles/ --accept all --jobs 4

      facts extract article.txt --json > candidates.json   # review, delete, fix

      facts add --from candidates.json
    """
    from facts import intake, intake_commands
    from facts.ingest import read_document

    files = files or []
    try:
        if not files and candidates is None:
            raise QueryError("Give a FILE to add, or --from a candidates file.")
        has_details = title or published or author or outlet or url
        if candidates is not None and (accept is not None or has_details or glob or replace):
            raise QueryError(
                "--from takes reviewed claims as they are: drop --accept, --replace and the document options."
            )
        if candidates is not None:
            check_from = intake_commands.check_single
            check_from(files, "--from with a FILE")
        paths_named = intake_commands.documents_named(files, glob) if files else []
        one = _one_document(files, paths_named)
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
        given = _details(title, published, author, outlet, url)
        paths, created = intake.writable_store(store)
        if created:
            note(f"Created your store at {paths.root} from the bundled store.")
        if candidates is not None:
            proposed = intake.read_candidates(candidates)
            if len({c["source"]["file"] for c in proposed}) > 1 and not files:
                groups = intake.candidate_documents(candidates, proposed)
                summary = intake_commands.add_candidates(paths, groups)
                intake_commands.report(summary, paths.root)
                if summary.failed:
                    raise typer.Exit(1)
                return
            document = read_document(
                intake.find_source_file(candidates, proposed, paths_named[0] if files else None)
            )
            drafts: list[Any] = []
        elif not one or accept is Accept.all and replace:
            summary = intake_commands.add_many(
                paths, paths_named, given, jobs or intake_commands.default_jobs(), replace
            )
            intake_commands.report(summary, paths.root)
            if summary.failed:
                raise typer.Exit(1)
            return
        else:
            document = read_document(paths_named[0])
            extraction = intake.propose(paths, document, given)
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
