"""`facts speakers`: list the speakers, and add, merge, edit, remove or prune them."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from facts.cli.correction import correct
from facts.cli.formats import emit_rows, resolve_format
from facts.cli.options import (
    DryRunOption,
    FormatOption,
    JsonOption,
    StoreOption,
    TextOption,
    WriteStoreOption,
    YesOption,
    listing_group,
)
from facts.cli.query import (
    open_store_index,
)

speakers_app = listing_group()


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
    from facts.cli.formats import fields, table

    output = resolve_format(fmt, as_json)
    found = open_store_index(store).speakers()
    emit_rows(output, found, fields.SPEAKER_COLUMNS, fields.speaker_rows(found), table.speakers_table)


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

    correct(
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
    correct(store, planner, yes=yes, dry_run=dry_run)


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
    correct(store, planner, yes=yes, dry_run=dry_run)


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

    correct(
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

    correct(store, plan_prune_speakers, yes=yes, dry_run=dry_run)
