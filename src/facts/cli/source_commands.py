"""`facts sources`: list the source documents, and edit one's details."""

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

sources_app = listing_group()


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
    from facts.cli.formats import fields, table

    output = resolve_format(fmt, as_json)
    found = open_store_index(store).sources()
    emit_rows(output, found, fields.SOURCE_COLUMNS, fields.source_rows(found), table.sources_table)


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
    correct(store, planner, yes=yes, dry_run=dry_run)
