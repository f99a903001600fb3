"""Commands that keep a store: remove, edit, speakers (list, merge, edit), init, store and export.

Registered on the app of cli.py, which imports this module; each command plans its change in the
core (corrections.py), shows it, asks on a terminal, and applies it through rewrite.py.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from facts.cli.app import FormatOption, JsonOption, StoreOption, _emit_rows, app
from facts.cli.query import note, open_store_index, open_store_statements, resolve_format
from facts.cli.terminal import for_terminal, visible
from facts.errors import NotFoundError, QueryError
from facts.store.paths import store_argument

WriteStoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="PATH",
        envvar="FACTS_STORE",
        parser=store_argument,
        help="Store folder to change. Default: your store (`facts init` or `facts add` makes it).",
        show_default=False,
    ),
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Write without showing the change and asking first.")
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print what would change and write nothing.")]


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _input_is_terminal() -> bool:
    return sys.stdin.isatty()


def _correct(store: Path | None, planner: object, *, yes: bool, dry_run: bool) -> None:
    """Show a correction, ask on a terminal, then write it: the flow every write command shares."""
    from facts.ingest.intake import writable_store
    from facts.store import rewrite

    plan_of = planner  # a callable taking a StoreView; typed loosely to keep typer's annotations simple
    ask = _on_terminal() and not yes
    paths, _ = writable_store(store, create=False)  # corrections change a store you have
    # Plan once to show the change; the write plans again under the lock.
    if dry_run or ask:
        plan = rewrite.preview(paths, plan_of)  # type: ignore[arg-type]
        if not plan.changes:
            note("Nothing to change.")
            return
        sys.stdout.write(visible("".join(f"{line}\n" for line in plan.changes)))
    if dry_run:
        note("Dry run: nothing was written.")
        return
    if ask:
        if not _input_is_terminal():
            raise QueryError(
                "Cannot ask before writing: input is not a terminal.", hint="Pass --yes to write."
            )
        sys.stderr.write("Write these changes? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            note("Nothing was written.")
            raise typer.Exit(1)
    plan = rewrite.apply(paths, plan_of)  # type: ignore[arg-type]
    if not plan.changes:
        note("Nothing to change.")
        return
    count = len([line for line in plan.changes if not line.startswith(" ")])
    note(f"Wrote {count} change{'s' if count != 1 else ''} to {paths.root}.")


@app.command()
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
    _correct(store, planner, yes=yes, dry_run=dry_run)


@app.command()
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
        typer.Option("--kind", metavar="KIND", help="quote, reported or caption.", show_default=False),
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

    if speaker is not None and not (yes or dry_run or _on_terminal()) and _no_speaker_named(store, speaker):
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
    _correct(store, planner, yes=yes, dry_run=dry_run)


def _no_speaker_named(store: Path | None, wanted: str) -> bool:
    """Tell whether no speaker of the store has this id, name or alias."""
    from facts.store.paths import resolve_store
    from facts.store.reader import read_manifest
    from facts.store.record_corrections import find_speakers

    return not find_speakers(read_manifest(resolve_store(store)), wanted)


speakers_app = typer.Typer(
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(speakers_app, name="speakers")


@speakers_app.callback(invoke_without_command=True)
def speakers(
    ctx: typer.Context,
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List every speaker with their role, aliases and number of claims; add, merge, edit or remove them.

    Examples:

      facts speakers --json | jq -r '.[] | "\\(.claims)\\t\\(.name)"'

      facts speakers merge barack-obama mr-obama

      facts speakers edit barack-obama --role "Former President" --add-alias Obama

      facts speakers add "Jane Roe" --role Singer
    """
    if ctx.invoked_subcommand is not None:
        return
    from facts.cli import render

    output = resolve_format(fmt, as_json)
    found = open_store_index(store).speakers()
    _emit_rows(output, found, render.SPEAKER_COLUMNS, render.speaker_rows(found), render.speakers_table)


@speakers_app.command("merge")
def speakers_merge(
    keep: Annotated[
        str,
        typer.Argument(
            metavar="KEEP", help="The speaker that stays (id, name or alias).", show_default=False
        ),
    ],
    others: Annotated[
        list[str], typer.Argument(metavar="OTHER...", help="Speakers merged into KEEP.", show_default=False)
    ],
    *,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Merge speakers who are one entity: claims and names of OTHER move to KEEP.

    KEEP keeps its id; each OTHER's name, aliases and id become KEEP's aliases, so
    `facts by-speaker OTHER-ID` still finds the claims. The other ids are retired.

    Example:

      facts speakers merge barack-obama mr-obama president-obama
    """
    from facts.store import corrections

    _correct(
        store, partial(corrections.plan_merge_speakers, keep=keep, others=others), yes=yes, dry_run=dry_run
    )


@speakers_app.command("edit")
def speakers_edit(
    speaker_id: Annotated[
        str, typer.Argument(metavar="ID", help="The speaker (id, name or alias).", show_default=False)
    ],
    *,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEXT",
            help="New canonical name; the old one becomes an alias.",
            show_default=False,
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", metavar="TEXT", help='Role or title ("" clears it).', show_default=False),
    ] = None,
    organization: Annotated[
        str | None,
        typer.Option(
            "--organization", metavar="TEXT", help='Employer or body ("" clears it).', show_default=False
        ),
    ] = None,
    add_alias: Annotated[
        list[str] | None,
        typer.Option("--add-alias", metavar="NAME", help="Add an alias (repeatable).", show_default=False),
    ] = None,
    remove_alias: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-alias", metavar="NAME", help="Remove an alias (repeatable).", show_default=False
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="KIND", help="person, unnamed or institution.", show_default=False),
    ] = None,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Correct a speaker's name, role, organization, kind or aliases; the id stays.

    Example:

      facts speakers edit ana-perez --role "Former Mayor" --add-alias "Ms. Pérez"
    """
    from facts.store import corrections

    planner = partial(
        corrections.plan_edit_speaker,
        wanted=speaker_id,
        name=name,
        role=role,
        organization=organization,
        kind=kind,
        add_aliases=add_alias or [],
        remove_aliases=remove_alias or [],
    )
    _correct(store, planner, yes=yes, dry_run=dry_run)


@app.command()
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


@app.command("store")
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
    from facts.cli import render
    from facts.store.lifecycle import chosen_store, describe_store

    source = ctx.get_parameter_source("store")
    from_environment = source is not None and source.name == "ENVIRONMENT"
    paths, reason = chosen_store(store, from_environment)
    info = describe_store(paths, reason)
    if as_json:
        sys.stdout.write(render.to_json(info))
        return
    retired = info["retired_claims"] + info["retired_speakers"]
    lines = [
        f"store:    {info['path']}",
        f"why:      {info['reason']}",
        f"holds:    {info['claims']} claims, {info['speakers']} speakers, {info['sources']} sources"
        + (f" ({retired} retired id{'s' if retired != 1 else ''})" if retired else ""),
        f"index:    {info['index']}" + ("" if info["index_built"] else " (built on the next query)"),
    ]
    if not info["writable"]:
        lines.append(
            f"writes:   go to your store, {info['user_store']}, which `facts init` or `facts add` makes"
        )
    sys.stdout.write(visible("".join(f"{line}\n" for line in lines)))


@app.command()
def export(
    *,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl, json, csv or jsonld (schema.org Claim).",
            show_default=False,
        ),
    ] = "jsonl",
    store: StoreOption = None,
) -> None:
    """Write every claim of the store to stdout, streaming: JSON Lines, JSON, CSV or JSON-LD.

    CSV has a header and every field of the JSON contract flattened (speaker name, kind,
    role and organization; source title, outlet, URL and publication date; span). JSON-LD
    describes each claim as a schema.org Claim: its text, author (with jobTitle),
    datePublished and appearance (the source, with its URL).

    Examples:

      facts export > claims.jsonl

      facts export --format csv > claims.csv

      facts export --format jsonld | jq '."@graph" | length'
    """
    from facts.cli.export import ExportFormat, store_claims, write_export
    from facts.store.paths import resolve_store
    from facts.store.transaction import reading

    try:
        chosen = ExportFormat(fmt.strip().lower())
    except ValueError:
        raise QueryError(f"--format takes jsonl, json, csv or jsonld, not {fmt!r}.") from None
    paths = resolve_store(store)
    # Under the readers' lock from the start: the statements must be those of the claims exported.
    with reading(paths):
        claims: Iterator[Any] = store_claims(paths)
        if chosen in (ExportFormat.json, ExportFormat.jsonl):
            claims = open_store_statements(paths).annotated(claims)
        # CSV is data: exact for a program, shown safely on a terminal (JSON escapes itself).
        out = for_terminal(sys.stdout) if chosen is ExportFormat.csv else sys.stdout
        count = write_export(claims, chosen, out)
    note(f"Exported {count} claim{'s' if count != 1 else ''}.")


# speakers add, remove and prune, and sources edit, register themselves on the apps above.
from facts.cli import record_commands  # noqa: E402,F401
