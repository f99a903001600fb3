"""The commands that keep a store: remove, edit, init, store, export and validate."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from facts.cli import correction
from facts.cli.correction import correct
from facts.cli.formats.interface import Writable
from facts.cli.options import (
    DryRunOption,
    StoreOption,
    WriteStoreOption,
    YesOption,
)
from facts.cli.output import note, say_waiting
from facts.cli.query import (
    open_store_statements,
)
from facts.cli.terminal import visible
from facts.errors import NotFoundError, QueryError, StoreError


def remove(
    claim_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CLAIM_ID]...",
            help="Ids of claims to remove (a unique start of an id will do).",
            show_default=False,
        ),
    ] = None,
    *,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="FILE",
            help="Remove this source document (its file name) and all its claims.",
            show_default=False,
        ),
    ] = None,
    keep_speakers: Annotated[
        bool, typer.Option("--keep-speakers", help="With --source: keep speakers left with no claim.")
    ] = False,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Remove claims, or a whole document with its claims; removed ids are never reused.

    With --source, speakers left with no claim are removed too (unless --keep-speakers)
    and the document's file is deleted from the store. On a terminal the change is shown
    and confirmed first; --yes skips the question, --dry-run only shows it.

    Examples:

      facts remove 003-singh-not-withdrawing

      facts remove --source ferry-fire.txt --dry-run
    """
    from facts.store import corrections

    if bool(claim_ids) == (source is not None):
        raise QueryError("Give claim ids or --source FILE, not both and not neither.")
    if keep_speakers and source is None:
        raise QueryError("--keep-speakers goes with --source.")
    planner = (
        partial(corrections.plan_remove_source, file=source, keep_speakers=keep_speakers)
        if source is not None
        else partial(corrections.plan_remove_claims, wanted=claim_ids or [])
    )
    correct(store, planner, yes=yes, dry_run=dry_run)


def edit(
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="CLAIM_ID",
            help="The claim to change (a unique start of its id will do).",
            show_default=False,
        ),
    ],
    *,
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            metavar="ID_OR_NAME",
            help="Give the claim to this speaker (id, name or alias).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The claim's date: YYYY-MM-DD, or YYYY-MM or YYYY when only that is known.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", metavar="KIND", help="quote, reported, caption or transcript.", show_default=False
        ),
    ] = None,
    text_span: Annotated[
        str | None,
        typer.Option(
            "--text-span",
            metavar="START:END",
            help="New character offsets in the source; the text becomes that slice.",
            show_default=False,
        ),
    ] = None,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Correct a claim: its speaker, date, kind or span (its text is always the source's slice).

    A --speaker that no speaker has as id, name or alias is added as a new person: on a
    terminal the change is shown and asked first; elsewhere pass --yes to add it.

    Examples:

      facts edit harbor-perez-ahead --speaker city-council

      facts edit harbor-perez-ahead --speaker "Jane Roe" --yes

      facts edit harbor-perez-ahead --date 2025-03 --kind reported

      facts edit harbor-perez-ahead --text-span 116:150 --dry-run
    """
    from facts.store import corrections, record_corrections

    asks = yes or dry_run or correction.on_terminal()
    if speaker is not None and not asks and _no_speaker_named(store, speaker):
        raise NotFoundError(
            f"No speaker has the id, name or alias {speaker!r}.",
            hint=f"Pass --yes to add {speaker!r} as a new speaker, or run `facts speakers add` first.",
        )
    planner = (
        partial(
            record_corrections.plan_edit_claim_to_new_speaker,
            wanted=claim_id,
            speaker=speaker,
            date=date,
            kind=kind,
            span=text_span,
        )
        if speaker is not None
        else partial(corrections.plan_edit_claim, wanted=claim_id, date=date, kind=kind, span=text_span)
    )
    correct(store, planner, yes=yes, dry_run=dry_run)


def _no_speaker_named(store: Path | None, wanted: str) -> bool:
    """Tell whether no speaker of the store has this id, name or alias."""
    from facts.store.paths import resolve_store
    from facts.store.reader import read_manifest
    from facts.store.record_corrections import find_speakers

    return not find_speakers(read_manifest(resolve_store(store)), wanted)


def init(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            help="A new or empty folder. Default: your store, which commands then read.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make an empty store to add documents to: your own store, or one at PATH.

    Until you have a store of your own, commands read the demo store that ships with
    facts; from then on they read yours, and the demo store only with --store demo.

    Examples:

      facts init

      facts init ./my-store && facts add article.txt --store ./my-store --accept all
    """
    from facts.store.lifecycle import init_store
    from facts.store.paths import user_store

    paths = init_store(path or user_store())
    if path is None:
        note(f"Made your store at {paths.root}, empty. Commands now read it; the demo store: --store demo.")
    else:
        note(f"Made an empty store at {paths.root}. Use it with --store {path} or FACTS_STORE={path}.")


def migrate(store: StoreOption = None) -> None:
    """Write a store made by an older facts in the current format.

    Format 2 keeps speakers and sources in speakers.jsonl and sources.jsonl, one per line, so
    that an add appends to them instead of rewriting store.json. The first add or correction
    does this by itself; run it to choose when. The records stay as they are, and so does the
    search index.

    Example:

      facts migrate --store ./old-store
    """
    from facts.ingest.intake import writable_store
    from facts.search.upkeep import StoreCaches
    from facts.store.writer import migrate as migrate_store

    paths, _ = writable_store(store, create=False)
    if migrate_store(paths, StoreCaches(), on_wait=say_waiting(paths.root)):
        note(f"Wrote {paths.root} in the current format (2).")
    else:
        note(f"{paths.root} is already in the current format (2): nothing to do.")


def store_info(
    ctx: typer.Context,
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the facts as a JSON object.")] = False,
    store: StoreOption = None,
) -> None:
    """Say which store is in use and why, what it holds, and where its search index is.

    Example:

      facts store
    """
    from facts.cli.formats.json import to_json
    from facts.search.index import index_path
    from facts.store.lifecycle import chosen_store, describe_store
    from facts.store.models import FORMAT_VERSION

    source = ctx.get_parameter_source("store")
    from_environment = source is not None and source.name == "ENVIRONMENT"
    paths, reason = chosen_store(store, from_environment)
    info = describe_store(paths, reason, index_path(paths))
    if as_json:
        sys.stdout.write(to_json(info))
        return
    retired = info["retired_claims"] + info["retired_speakers"]
    lines = [
        f"store:    {info['path']}",
        f"why:      {info['reason']}",
        f"holds:    {info['claims']} claims, {info['speakers']} speakers, {info['sources']} sources"
        + (f" ({retired} retired id{'s' if retired != 1 else ''})" if retired else ""),
        f"index:    {info['index']}" + ("" if info["index_built"] else " (built on the next query)"),
    ]
    if info["format"] != FORMAT_VERSION and info["writable"]:  # the demo store is read as it is
        lines.append(
            f"format:   {info['format']}, older than this facts' {FORMAT_VERSION}: "
            "`facts migrate` or the next add writes it anew"
        )
    if not info["writable"]:
        lines.append(
            f"writes:   go to your store, {info['user_store']}, which `facts init` or `facts add` makes"
        )
    sys.stdout.write(visible("".join(f"{line}\n" for line in lines)))


def export(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help="Write to this file instead of standard output (needed for sqlite).",
            show_default=False,
        ),
    ] = None,
    *,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl, json, csv, jsonld (schema.org Claim) or sqlite (a database for Datasette).",
            show_default=False,
        ),
    ] = "jsonl",
    store: StoreOption = None,
) -> None:
    """Write every claim of the store, streaming: JSON Lines, JSON, CSV, JSON-LD or SQLite.

    CSV has a header and every field of the JSON contract flattened (speaker name, kind,
    role and organization; source title, outlet, URL and publication date; span). JSON-LD
    describes each claim as a schema.org Claim: its text, author (with jobTitle),
    datePublished and appearance (the source, with its URL). SQLite writes a database
    FILE of claims, speakers, sources and statements, with full-text search, and a
    Datasette metadata file beside it (FILE's name with .metadata.json): open them with
    `datasette FILE -m METADATA`, or run `facts serve`.

    Examples:

      facts export > claims.jsonl

      facts export --format csv > claims.csv

      facts export --format jsonld | jq '."@graph" | length'

      facts export --format sqlite claims.db
    """
    from facts.cli.export import store_claims
    from facts.cli.export_lines import stored_lines_export
    from facts.cli.formats import EXPORT_FORMATS, export_format, shown_safely
    from facts.store.paths import resolve_store
    from facts.store.transaction import reading

    chosen = fmt.strip().lower()
    if chosen not in (*EXPORT_FORMATS, "sqlite"):
        raise QueryError(f"--format takes jsonl, json, csv, jsonld or sqlite, not {fmt!r}.")
    if chosen == "sqlite" and file is None:
        raise QueryError("--format sqlite writes a database file: give its name, e.g. claims.db.")
    paths = resolve_store(store)
    # Under the readers' lock from the start: the statements must be those of the claims exported.
    with reading(paths):
        if chosen == "sqlite":
            from facts.cli.export_sqlite import write_sqlite

            assert file is not None
            count = write_sqlite(paths, file, open_store_statements(paths))
        else:
            write = stored_lines_export(paths, chosen)  # from a fresh index: no claim re-encoded
            if write is None:
                claims: Iterator[Any] = store_claims(paths)
                if chosen in ("json", "jsonl"):
                    claims = open_store_statements(paths).annotated(claims)
                writer = export_format(chosen)
                write = partial(writer.export_claims, claims)
            if file is None:
                # CSV is data: exact for a program, shown safely on a terminal (JSON escapes itself).
                count = write(shown_safely(export_format(chosen), sys.stdout))
            else:
                count = _export_to_file(write, file)
    note(f"Exported {count} claim{'s' if count != 1 else ''}" + (f" to {file}." if file else "."))


def _export_to_file(write: Callable[[Writable], int], file: Path) -> int:
    from facts.store.paths import os_error_message

    try:
        with open(file, "w", encoding="utf-8", newline="") as out:
            return write(out)
    except OSError as err:
        raise StoreError(f"Cannot write {file}: {os_error_message(err)}.") from None


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
    from facts.cli.formats.json import to_json
    from facts.store.paths import resolve_store
    from facts.store.reader import find_problems

    paths = resolve_store(store)
    problems = list(find_problems(paths))
    if as_json:
        sys.stdout.write(to_json([p.as_dict() for p in problems]))
    else:
        sys.stdout.write(visible("".join(f"{p}\n" for p in problems)))
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        sys.stderr.write(f"{paths.root}: {count} found.\n")
        raise typer.Exit(1)
    sys.stderr.write(f"{paths.root}: no problems found.\n")
