"""Commands that show a store as pictures and pages: timeline (terminal) and serve (Datasette).

Registered on the app in app.py.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from facts.cli.options import StoreOption
from facts.cli.output import note
from facts.cli.timeline import Period


def timeline(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="Part of a speaker's name, alias or role.", show_default=False),
    ],
    *,
    by: Annotated[
        Period,
        typer.Option(
            "--by",
            help="One bar per day, month or year. Default: by the span of the claims.",
            show_default=False,
        ),
    ] = Period.auto,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON instead.")] = False,
    store: StoreOption = None,
) -> None:
    """Draw a speaker's claims over time: one bar per day, month or year, coloured by kind.

    The speaker is matched as by-speaker matches (all speakers whose name, alias or role
    matches). Periods without claims are shown empty, so the bars keep time.

    Examples:

      facts timeline Singh

      facts timeline "state department" --by year --json
    """
    from facts.cli.formats.json import to_json
    from facts.cli.output import print_renderable
    from facts.cli.query import ClaimQuery, build_filters, find_speakers, open_store_index
    from facts.cli.timeline import count_by_period, timeline_table

    index = open_store_index(store)
    names = [s["name"] for s in find_speakers(index, name)]
    filters = build_filters(index, ClaimQuery("by-speaker", name))
    rows = count_by_period(index.claims(filters, None).claims, by)
    if as_json:
        sys.stdout.write(to_json(rows))
        return
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    total = sum(row["claims"] for row in rows)
    print_renderable(timeline_table(f"{shown}: {total} claim{'s' if total != 1 else ''}", rows))


def serve(
    *,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            min=1,
            max=65535,
            metavar="PORT",
            help="Port to listen on, on 127.0.0.1. Default: a free one.",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Browse the store in a local Datasette: search, facets, claims with their context, timelines.

    Needs the web extra: pip install 'facts[web]'. The store is exported as
    `facts export --format sqlite` does into the cache folder, again only when the store
    changed since, and served read-only on 127.0.0.1 until Ctrl-C. The address is printed
    on stdout. A claim's page shows its speaker (with a link to their timeline), date,
    source (with a link to the original) and the paragraph around it; a statement's page
    links to its spread over sources and time.

    Examples:

      facts serve

      facts serve --port 8001 --store ./my-store
    """
    from facts.cli.serve import datasette_command, fresh_export, require_datasette, run_server, usable_port
    from facts.store.paths import resolve_store

    require_datasette()
    paths = resolve_store(store)
    chosen = usable_port(port)  # before exporting: a busy port is said at once
    database, _ = fresh_export(paths, on_export=lambda: note("Exporting the store for the web view..."))
    sys.stdout.write(f"http://127.0.0.1:{chosen}/{database.stem}/claims\n")
    sys.stdout.flush()
    note(f"Serving {paths.root} read-only at http://127.0.0.1:{chosen}/ (Ctrl-C to stop).")
    code = run_server(datasette_command(database, chosen))
    if code:
        raise typer.Exit(code)
