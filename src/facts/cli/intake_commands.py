"""The commands that bring documents in: extract (propose claims) and add (write them to a store)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from facts.cli.formats import OutputFormat, resolve_format
from facts.cli.intake_options import checked_add_options, context_format, document_details, one_document
from facts.cli.options import (
    Accept,
    AuthorOption,
    DocumentsArgument,
    FormatOption,
    GlobOption,
    JobsOption,
    JsonOption,
    OutletOption,
    PublishedOption,
    StoreOption,
    TitleOption,
    UrlOption,
)
from facts.cli.output import note, print_renderable, say_waiting
from facts.cli.query import (
    emit_claims,
)
from facts.errors import QueryError
from facts.store.paths import store_argument


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
    from facts.cli import batch
    from facts.ingest import read_document
    from facts.ingest.intake import propose
    from facts.store.paths import resolve_store
    from facts.store.records import Results

    if as_jsonl and (as_json or fmt not in (None, OutputFormat.jsonl)):
        raise QueryError("--jsonl cannot be given with --json or another --format.")
    output = OutputFormat.jsonl if as_jsonl else resolve_format(fmt, as_json)
    if in_context:
        output = context_format(fmt, as_json or as_jsonl, dask_scheduler)
    given = document_details(title, published, author, outlet, url)
    paths = batch.documents_named(files, glob)
    store_paths = resolve_store(store)
    if not one_document(files, paths) or dask_scheduler is not None:
        if title is not None:
            batch.check_single(paths, "--title")
        from facts.ingest.batch import Known
        from facts.ingest.intake import store_speakers
        from facts.store.manifest import read_view

        known = Known(tuple(store_speakers(read_view(store_paths))))
        failed = batch.extract_many(
            paths,
            known,
            given,
            jobs or batch.default_jobs(),
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
    undated = any(c["date"] is None for c in claims)
    note(
        f"{len(claims)} claim{'s' if len(claims) != 1 else ''} proposed from {shown}"
        f" ({new} new speaker{'s' if new != 1 else ''})."
        + (" They are undated: the text prints no date; pass --published YYYY-MM-DD." if undated else "")
        + (f" Add them with: facts add {files[0]}" if claims and sys.stderr.isatty() else "")
    )


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
    # Longer than most: the four ways to add (a candidates file, --replace, many documents, one
    # document reviewed) share their checks, store and summary, and read best as one choice here.
    from facts.cli import batch
    from facts.ingest import intake, read_document

    files = files or []
    has_details = bool(title or published or author or outlet or url)
    paths_named, one, accept = checked_add_options(
        files,
        candidates,
        accept,
        glob,
        has_details=has_details,
        replace=replace,
        dry_run=dry_run,
        primary=primary,
    )
    given = document_details(title, published, author, outlet, url)
    paths, created = intake.writable_store(store)
    if created:
        note(first_use_note(paths.root))
    if candidates is not None:
        proposed = intake.read_candidates(candidates)
        if len({c["source"]["file"] for c in proposed}) > 1 and not files:
            groups = intake.candidate_documents(candidates, proposed)
            summary = batch.add_candidates(paths, groups)
            batch.report(summary, paths.root)
            if summary.failed:
                raise typer.Exit(1)
            return
        document = read_document(
            intake.find_source_file(candidates, proposed, paths_named[0] if files else None)
        )
        drafts: list[Any] = []
        planned_with = None
    elif replace:
        jobs = jobs or batch.default_jobs()
        review = accept is not Accept.all
        if batch.replace_documents(paths, paths_named, one, review, given, jobs, yes=yes, dry_run=dry_run):
            raise typer.Exit(1)
        return
    elif not one:
        summary = batch.add_many(paths, paths_named, given, jobs or batch.default_jobs())
        batch.report(summary, paths.root)
        if summary.failed:
            raise typer.Exit(1)
        return
    else:
        document = read_document(paths_named[0])
        planned_with = intake.speaker_ids(paths)  # speakers added from here on are matched again
        extraction = intake.propose(paths, document, given, on_wait=say_waiting(paths.root))
        proposed, drafts = extraction.claims, list(extraction.new_speakers)
        if accept is Accept.interactive:
            from facts.cli.review import review_claims
            from facts.store.manifest import read_view

            in_store = read_view(paths)
            proposed = review_claims(proposed, extraction.contexts, document.text, in_store, drafts)
    if primary:
        proposed = [{**c, "source": {**c["source"], "primary": True}} for c in proposed]
    result = intake.add_document(
        paths, document, proposed, drafts, on_wait=say_waiting(paths.root), planned_with=planned_with
    )
    if result.claims:
        note(
            f"Added {result.claims} claim{'s' if result.claims != 1 else ''} and {result.speakers} new "
            f"speaker{'s' if result.speakers != 1 else ''} from {result.source} to {paths.root}."
        )
    else:
        note(f"Nothing new: {paths.root} already has {result.source} and these claims.")


def first_use_note(root: Path) -> str:
    """Return what the first add says: where your store is, and that the demo store is no longer read."""
    return (
        f"Created your store at {root}. Commands now read it instead of the demo store "
        "(read that with --store demo)."
    )
