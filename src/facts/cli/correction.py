"""The flow every command that changes a store shares: plan, show, ask on a terminal, write.

Each plan is made in the core (store.corrections, store.record_corrections); rewrite applies it
in one transaction under the writer's lock.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from facts.cli.output import note
from facts.cli.terminal import visible
from facts.errors import QueryError


def on_terminal() -> bool:
    """Say whether stdout is a terminal, where a change is shown and asked about."""
    return sys.stdout.isatty()


def input_is_terminal() -> bool:
    """Say whether stdin is a terminal, which can answer the question."""
    return sys.stdin.isatty()


def correct(store: Path | None, planner: object, *, yes: bool, dry_run: bool) -> None:
    """Show a correction, ask on a terminal, then write it: the flow every write command shares."""
    from facts.ingest.intake import writable_store
    from facts.store import rewrite

    plan_of = planner  # a callable taking a StoreView; typed loosely to keep typer's annotations simple
    ask = on_terminal() and not yes
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
        if not input_is_terminal():
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
