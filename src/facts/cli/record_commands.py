"""Commands that add and remove records: speakers add, remove and prune; sources, and sources edit.

Registered by cli_store.py, whose write flow (_correct) each uses: plan in the core
(record_corrections.py), show, ask on a terminal, write in one transaction.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from facts.cli.app import FormatOption, JsonOption, StoreOption, _emit_rows, app
from facts.cli.query import open_store_index, resolve_format
from facts.cli.store_commands import DryRunOption, WriteStoreOption, YesOption, _correct, speakers_app

TextOption = partial(typer.Option, metavar="TEXT", show_default=False)


@speakers_app.command("add")
def speakers_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The speaker's name.", show_default=False)],
    *,
    role: Annotated[str | None, TextOption("--role", help="Role or title.")] = None,
    organization: Annotated[str | None, TextOption("--organization", help="Employer or body.")] = None,
    kind: Annotated[
        str, typer.Option("--kind", metavar="KIND", help="person, unnamed or institution.")
    ] = "person",
    alias: Annotated[
        list[str] | None, TextOption("--alias", metavar="NAME", help="Another name it goes by (repeatable).")
    ] = None,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Add a speaker, to give claims to; its id is made from the name.

    Examples:

      facts speakers add "Jane Roe" --role Singer --alias "Ms. Roe"

      facts speakers add "Harbor Port Authority" --kind institution
    """
    from facts.store.record_corrections import plan_add_speaker

    planner = partial(
        plan_add_speaker, name=name, role=role, organization=organization, kind=kind, aliases=alias or []
    )
    _correct(store, planner, yes=yes, dry_run=dry_run)


@speakers_app.command("remove")
def speakers_remove(
    speaker_id: Annotated[
        str, typer.Argument(metavar="ID", help="The speaker (id, name or alias).", show_default=False)
    ],
    *,
    reassign: Annotated[
        str | None,
        typer.Option(
            "--reassign",
            metavar="OTHER",
            help="Give the speaker's claims to OTHER (id, name or alias) first.",
            show_default=False,
        ),
    ] = None,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Remove a speaker; refused while claims point to it, unless --reassign gives them to another.

    The id is retired. To keep the removed speaker's names as aliases of the other,
    use `facts speakers merge` instead.

    Examples:

      facts speakers remove record-label --reassign "Jane Roe"

      facts speakers remove correction-page1-html
    """
    from facts.store.record_corrections import plan_remove_speaker

    _correct(
        store, partial(plan_remove_speaker, wanted=speaker_id, reassign=reassign), yes=yes, dry_run=dry_run
    )


@speakers_app.command("prune")
def speakers_prune(
    *,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Remove every speaker that no claim points to, listing them; their ids are retired.

    Example:

      facts speakers prune --dry-run
    """
    from facts.store.record_corrections import plan_prune_speakers

    _correct(store, plan_prune_speakers, yes=yes, dry_run=dry_run)


sources_app = typer.Typer(
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sources_app, name="sources")


@sources_app.callback(invoke_without_command=True)
def sources(
    ctx: typer.Context,
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List every source document with its title, publication date and number of claims; edit one.

    Examples:

      facts sources

      facts sources edit harbor.txt --published 2025-03-13
    """
    if ctx.invoked_subcommand is not None:
        return
    from facts.cli import render

    output = resolve_format(fmt, as_json)
    found = open_store_index(store).sources()
    _emit_rows(output, found, render.SOURCE_COLUMNS, render.source_rows(found), render.sources_table)


@sources_app.command("edit")
def sources_edit(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The source's file name in the store.", show_default=False)
    ],
    *,
    title: Annotated[str | None, TextOption("--title", help="The document's title.")] = None,
    published: Annotated[
        str | None,
        TextOption(
            "--published",
            metavar="DATE",
            help='Publication date, YYYY-MM-DD ("" clears it); claims dated from it follow.',
        ),
    ] = None,
    author: Annotated[str | None, TextOption("--author", help='Who wrote it ("" clears it).')] = None,
    outlet: Annotated[str | None, TextOption("--outlet", help='Publisher ("" clears it).')] = None,
    url: Annotated[
        str | None, TextOption("--url", metavar="URL", help='Where it was published ("" clears it).')
    ] = None,
    yes: YesOption = False,
    dry_run: DryRunOption = False,
    store: WriteStoreOption = None,
) -> None:
    """Correct a source's title, publication date, author, outlet or URL.

    Claims whose date was taken from the publication date move with it (the preview
    lists them); a claim dated otherwise that would fall after the new date is refused.

    Examples:

      facts sources edit harbor.txt --published 2025-03-13 --dry-run

      facts sources edit harbor.txt --outlet "Harbor Gazette" --url https://example.org/bridge
    """
    from facts.store.record_corrections import plan_edit_source

    planner = partial(
        plan_edit_source, file=file, title=title, published=published, author=author, outlet=outlet, url=url
    )
    _correct(store, planner, yes=yes, dry_run=dry_run)
