"""The `facts` command line: parse options, call the core, render, map errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions  # Typer's own Click
from typer.core import TyperGroup

from facts.cli import boundary
from facts.cli.option_ranges import CORROBORATED, JOBS, LIMIT
from facts.cli.query import (
    CONFLICT_COLUMNS,
    DEFAULT_LIMIT,
    ClaimQuery,
    OutputFormat,
    conflict_rows,
    corroborated_detail,
    effective_limit,
    emit_claims,
    find_conflicts,
    note,
    print_renderable,
    query_fresh,
    resolve_format,
    run_claim_query,
    write_csv,
)
from facts.cli.terminal import visible
from facts.errors import FactsError, QueryError
from facts.search.query import as_text
from facts.store.paths import store_argument


class FactsGroup(TyperGroup):
    """The app's command group: every run of it ends through facts.cli.boundary, usage errors included."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False  # we say how it ended, in one line, not Click
        boundary.run(lambda: _usage_as_error(lambda: super(FactsGroup, self).main(*args, **kwargs)))


def _usage_as_error(invoke: Callable[[], Any]) -> Any:
    """Run Click, turning its usage errors (a four-line block) into one sentence and a hint."""
    try:
        return invoke()
    except click_exceptions.NoArgsIsHelpError as err:
        err.show()  # `facts` alone: the help, as before
        return err.exit_code
    except click_exceptions.UsageError as err:
        hint = None
        if err.ctx is not None:
            hint = f"Try '{err.ctx.command_path} --help'."
        raise QueryError(_sentence(err.format_message()), hint=hint) from None
    except click_exceptions.ClickException as err:
        raise FactsError(_sentence(err.format_message())) from None
    except typer.Abort:
        return 1  # end of input at a question


def _sentence(message: str) -> str:
    message = " ".join(message.split())
    return message if message.endswith((".", "?", "!")) else message + "."


app = typer.Typer(
    cls=FactsGroup,
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
        parser=store_argument,
        help="Store folder (or its store.json), or `demo` for the bundled demo store. Default: your "
        "store once `facts init` or `facts add` made it, else the demo store; `facts store` says which.",
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
        min=LIMIT.least,
        max=LIMIT.most,
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
    """Run the CLI; how it ends (usage errors, Ctrl-C, a closed pipe) is said in facts.cli.boundary."""
    import os

    if "_FACTS_COMPLETE" in os.environ:  # a shell asks for completions (see `facts completion`)
        from typer._completion_classes import completion_init

        completion_init()
    app()


def _run(query: ClaimQuery, fmt: OutputFormat | None, as_json: bool) -> None:
    run_claim_query(query._replace(output=resolve_format(fmt, as_json)))


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
    corroborated: Annotated[
        int | None,
        typer.Option(
            "--corroborated",
            metavar="N",
            min=CORROBORATED.least,
            max=CORROBORATED.most,
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

    Below it, the other reports of the same statement (see `facts conflicts`): their source,
    date and speaker, and the words that differ from this one (a quotation's drift), highlighted.

    Example:

      facts show 003-singh-not-withdrawing
    """
    from facts.cli import render
    from facts.store.paths import source_text

    output = resolve_format(fmt, as_json)
    wanted = as_text(claim_id)
    index, claim = query_fresh(store, lambda index: index.claim(wanted), lambda c: [c])
    detail = render.claim_detail(claim, source_text(index.paths, claim["source"]["file"]))
    detail = corroborated_detail(index, claim, detail)
    from facts.search.primary import primary_check

    checked = primary_check(index, claim)
    if checked is not None:
        detail = {**detail, "primary_check": checked}
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
    output = resolve_format(fmt, as_json)
    shown = effective_limit(limit, output)
    found, cut = find_conflicts(store, shown)
    from facts.cli import render

    if output is OutputFormat.table and not found:
        note("No conflicting statements found.")
    else:
        rows = conflict_rows(found)
        if header and output is OutputFormat.tsv:
            rows = [tuple(CONFLICT_COLUMNS), *rows]
        _emit_rows(output, found, CONFLICT_COLUMNS, rows, render.conflicts_table)
    if cut:
        note(f"Showing the first {shown} statements; use --limit 0 to see them all.")


CHECK_COLUMNS = ["claim", "verdict", "primary", "speaker", "difference", "text"]


@app.command()
def check(
    *,
    everything: Annotated[
        bool, typer.Option("--all", help="List the quotations that match their primary source exactly too.")
    ] = False,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List quotations that depart from their primary source, most altered first.

    A primary source is a transcript (marked when it is added). Each quotation of a speaker
    who has one is compared with that speaker's passages: altered (words changed, shown),
    shortened (words left out, shown), or matching no passage. Exit status 0 either way.

    Examples:

      facts check

      facts check --all --json | jq '.[] | select(.verdict == "altered")'
    """
    from facts.search.primary import check_store, difference
    from facts.store.paths import resolve_store

    output = resolve_format(fmt, as_json)
    found = check_store(resolve_store(store), everything=everything)
    if output is OutputFormat.table and not found:
        note("No quotation departs from its primary source.")
        return
    rows: list[tuple[object, ...]] = [
        (r["claim"], r["verdict"], r["primary"] or "", r["speaker"], difference(r), r["text"]) for r in found
    ]
    if header and output is OutputFormat.tsv:
        rows = [tuple(CHECK_COLUMNS), *rows]
    from facts.cli import render

    _emit_rows(output, found, CHECK_COLUMNS, rows, render.checks_table)


@app.command()
def validate(
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as a JSON array.")] = False,
    store: StoreOption = None,
) -> None:
    """Check everything the store promises and list every problem, not only the first.

    Checks the schema, unique ids, that speaker and source references resolve, each
    source's SHA-256 (and its original's), that sources/ and originals/ hold no file no
    source lists, that every claim's text is exactly its source slice, and that no claim is
    dated after its source was published. Speakers may share names and aliases. Prints one
    line per problem (file: location: message) and exits 1 if there is any, 0 if none.

    Examples:

      facts validate

      facts validate --store ./my-store --json | jq -r '.[].message'
    """
    from facts.cli import render
    from facts.store.paths import resolve_store
    from facts.store.reader import find_problems

    paths = resolve_store(store)
    problems = list(find_problems(paths))
    if as_json:
        sys.stdout.write(render.to_json([p.as_dict() for p in problems]))
    else:
        sys.stdout.write(visible("".join(f"{p}\n" for p in problems)))
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        sys.stderr.write(f"{paths.root}: {count} found.\n")
        raise typer.Exit(1)
    sys.stderr.write(f"{paths.root}: no problems found.\n")


def _emit_rows(
    output: OutputFormat, records: Any, columns: list[str], rows: list[tuple[object, ...]], table: Any
) -> None:
    from facts.cli import render

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
        min=JOBS.least,
        max=JOBS.most,
        metavar="N",
        help="Extract on N processes at once. Default: one per core.",
        show_default=False,
    ),
]
DocumentsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="FILE...",
        help="Documents (text, web page, PDF, .docx, email, transcript), folders, web addresses, or -.",
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
    in_context: Annotated[
        bool,
        typer.Option(
            "--context",
            help="Show a table of each claim in its sentence, with its cue and the speaker as the text "
            "names them.",
        ),
    ] = False,
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
    only, with its title, date, author, site name and URL. PDFs (with a text layer),
    Word files, emails and mailboxes are read too, and an http(s) address is fetched.
    A transcript (MS. SINGH: ..., Q: ..., WebVTT, SRT) gives each answer as a claim of
    the speaker its label names. Several files, folders
    (recursively, --glob to filter) and - for standard input are extracted in parallel;
    a document that fails is reported in one line and skipped (exit status 1).

    Examples:

      facts extract article.txt --published 2024-10-02

      facts extract page.html --json > candidates.json

      facts extract article.txt --context

      facts extract articles/ --glob '*.html' --jsonl > candidates.jsonl

      cat article.txt | facts extract - --published 2024-05-01

      facts extract archive/ --dask-scheduler tcp://10.0.0.5:8786 --jsonl > candidates.jsonl
    """
    from facts.cli import intake_commands
    from facts.ingest import read_document
    from facts.ingest.intake import propose
    from facts.store.paths import resolve_store
    from facts.store.records import Results

    if as_jsonl and (as_json or fmt not in (None, OutputFormat.jsonl)):
        raise QueryError("--jsonl cannot be given with --json or another --format.")
    output = OutputFormat.jsonl if as_jsonl else resolve_format(fmt, as_json)
    if in_context:
        output = _context_format(fmt, as_json or as_jsonl, dask_scheduler)
    given = _details(title, published, author, outlet, url)
    paths = intake_commands.documents_named(files, glob)
    store_paths = resolve_store(store)
    if not _one_document(files, paths) or dask_scheduler is not None:
        if title is not None:
            intake_commands.check_single(paths, "--title")
        from facts.ingest.batch import Known
        from facts.ingest.intake import store_speakers
        from facts.store.manifest import read_view

        known = Known(tuple(store_speakers(read_view(store_paths))))
        failed = intake_commands.extract_many(
            paths,
            known,
            given,
            jobs or intake_commands.default_jobs(),
            output,
            dask_scheduler,
            in_context,
        )
        if failed:
            raise typer.Exit(1)
        return
    document = read_document(paths[0])
    extraction = propose(store_paths, document, given)
    claims = extraction.claims
    if in_context:
        from facts.cli.review import context_table

        print_renderable(context_table([(document.text, claims, extraction.contexts)]))
    else:
        emit_claims(Results(claims), output, len(claims))
    new = len(extraction.new_speakers)
    shown = files[0].name if str(files[0]) != "-" else "standard input"
    note(
        f"{len(claims)} claim{'s' if len(claims) != 1 else ''} proposed from {shown}"
        f" ({new} new speaker{'s' if new != 1 else ''})."
        + (f" Add them with: facts add {files[0]}" if claims and sys.stderr.isatty() else "")
    )


def _context_format(fmt: OutputFormat | None, as_data: bool, dask_scheduler: str | None) -> OutputFormat:
    """Check that --context goes with a table: it shows the documents' text, which data formats leave out."""
    if as_data or fmt not in (None, OutputFormat.table):
        raise QueryError("--context shows a table; it cannot be given with --json, --jsonl or --format.")
    if dask_scheduler is not None:
        raise QueryError("--context needs the documents' text, which stays on the Dask workers.")
    return OutputFormat.table


@app.command()
def add(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Documents (text, web page, PDF, .docx, email, transcript), folders, web addresses, or -.",
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
            help="Replace a document the store has under the same name (changed, or with new details); "
            "claims whose words are still there keep their corrections.",
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --replace: write without showing the change and asking.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --replace: print what would change and write nothing.")
    ] = False,
    primary: Annotated[
        bool,
        typer.Option(
            "--primary",
            help="Mark the document a primary source (a statement's own text), which `facts check` "
            "compares quotations with. Transcripts are marked without it.",
        ),
    ] = False,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            metavar="PATH",
            envvar="FACTS_STORE",
            parser=store_argument,
            help="Store folder to add to. Default: your store, made empty on first use.",
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

    --replace replaces documents the store has under the same names, changed or with new
    details (--published ...), in one transaction: a claim whose words are still in the
    text keeps its id and the corrections made to it (speaker, kind, a date set by hand),
    the others go, and new proposals are added. The change is shown and confirmed on a
    terminal first, as `facts edit` does (--yes skips the question, --dry-run only shows it).

    Several files, folders (recursively, --glob to filter) and - for standard input are
    extracted in parallel (--jobs) with a progress bar, and every proposal of each new
    document is added (they need --accept all). A document that fails is reported in
    one line and skipped; the summary says how many were added, already present and
    failed, and the exit status is 1 if any failed. Without --store, this writes your
    own store ($XDG_DATA_HOME/facts/store, made empty the first time), which the other
    commands then read instead of the demo store (still read with --store demo). If another facts process is
    writing the store, add waits for it, up to $FACTS_LOCK_TIMEOUT seconds (default 60).

    Examples:

      facts add article.txt --published 2024-10-02 --accept all

      facts add page.html --outlet "Brennan Courier" --accept all

      facts add articles/ --accept all --jobs 4

      facts extract article.txt --json > candidates.json   # review, delete, fix

      facts add --from candidates.json

      facts add page.html --replace --published 2019-11-18 --accept all
    """
    from facts.cli import intake_commands
    from facts.ingest import intake, read_document

    files = files or []
    if not files and candidates is None:
        raise QueryError("Give a FILE to add, or --from a candidates file.")
    has_details = title or published or author or outlet or url
    if candidates is not None and (accept is not None or has_details or glob or replace):
        raise QueryError(
            "--from takes reviewed claims as they are: drop --accept, --replace and the document options."
        )
    if dry_run and not replace:
        raise QueryError("--dry-run goes with --replace; `facts extract` shows what add would take.")
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
    if primary and (not one or replace):
        raise QueryError(
            "--primary marks one document as it is added: give a single FILE, without --replace."
        )
    given = _details(title, published, author, outlet, url)
    paths, created = intake.writable_store(store)
    if created:
        note(first_use_note(paths.root))
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
        planned_with = None
    elif replace:
        jobs = jobs or intake_commands.default_jobs()
        _replace(paths, paths_named, one, accept, given, jobs, yes=yes, dry_run=dry_run)
        return
    elif not one:
        summary = intake_commands.add_many(paths, paths_named, given, jobs or intake_commands.default_jobs())
        intake_commands.report(summary, paths.root)
        if summary.failed:
            raise typer.Exit(1)
        return
    else:
        document = read_document(paths_named[0])
        planned_with = intake.speaker_ids(paths)  # speakers added from here on are matched again
        extraction = intake.propose(paths, document, given)
        proposed, drafts = extraction.claims, list(extraction.new_speakers)
        if accept is Accept.interactive:
            from facts.cli.review import review_claims
            from facts.store.manifest import read_view

            in_store = read_view(paths)
            proposed = review_claims(proposed, extraction.contexts, document.text, in_store, drafts)
    if primary:
        proposed = [{**c, "source": {**c["source"], "primary": True}} for c in proposed]
    result = intake.add_document(
        paths, document, proposed, drafts, on_wait=_say_waiting(paths.root), planned_with=planned_with
    )
    if result.claims:
        note(
            f"Added {result.claims} claim{'s' if result.claims != 1 else ''} and {result.speakers} new "
            f"speaker{'s' if result.speakers != 1 else ''} from {result.source} to {paths.root}."
        )
    else:
        note(f"Nothing new: {paths.root} already has {result.source} and these claims.")


def _replace(
    paths: Any,
    files: list[Path],
    one: bool,
    accept: Accept | None,
    given: Any,
    jobs: int,
    *,
    yes: bool,
    dry_run: bool,
) -> None:
    """Replace documents the store has, as a correction: shown, confirmed, then one transaction."""
    from facts.cli import intake_commands
    from facts.cli.store_commands import _correct
    from facts.ingest import intake, read_document
    from facts.ingest.batch import Accepted
    from facts.ingest.replacement import Replacement, stored_proposals

    if one:
        document = read_document(files[0])
        extraction = intake.propose(paths, document, given)
        drafts = list(extraction.new_speakers)
        if accept is Accept.all:
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
        documents, present, failed = intake_commands.documents_to_replace(paths, files, given, jobs)
    named = {a.document.name for a in documents}
    replacement = Replacement(documents, stored_proposals(paths, named))
    _correct(paths.root, replacement, yes=yes, dry_run=dry_run)
    for shown, problem in replacement.failed:
        note(f"Skipped {shown}: {problem}")
    failed += len(replacement.failed)
    if present or failed:
        note(f"{present} already present under another name; {failed} failed.")
    if failed:
        raise typer.Exit(1)


def first_use_note(root: Path) -> str:
    """Return what the first add says: where your store is, and that the demo store is no longer read."""
    return (
        f"Created your store at {root}. Commands now read it instead of the demo store "
        "(read that with --store demo)."
    )


def _say_waiting(root: Path) -> Callable[[], None]:
    def say() -> None:
        from facts.store.atomic import lock_timeout

        note(f"Waiting for another facts process to finish writing {root} (up to {lock_timeout():.0f} s)...")

    return say


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
from facts.cli import store_commands  # noqa: E402,F401
