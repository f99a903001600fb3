"""The `facts` entry point: answer plain query commands without loading Typer.

Importing Typer takes most of a lookup's time (benchmarks/run.py measures it), so `search`,
`by-speaker` and `list` with well-formed options are parsed here and run through the same core
as the CLI. Anything else (help, another command, an unknown or malformed option) goes to the
full CLI in cli/app.py, which gives the proper usage message. tests/cli/test_entry.py checks that both
accept the same options and print the same output.
"""

from __future__ import annotations

import os
import sys

from facts.cli.flags import FAST_COMMANDS, FLAGS
from facts.cli.formats import OutputFormat
from facts.cli.option_ranges import CORROBORATED, LIMIT
from facts.cli.query import ClaimQuery, run_claim_query
from facts.store.paths import store_argument

# Derived from the one flag table, which cli/options.py turns into Typer's options too.
VALUE_OPTIONS = {name: flag.dest for flag in FLAGS if flag.takes_value for name in flag.names}
FLAG_OPTIONS = {name for flag in FLAGS if not flag.takes_value for name in flag.names}
NOT_FOR = {
    command: tuple(flag.dest for flag in FLAGS if command not in flag.commands) for command in FAST_COMMANDS
}  # options a command lacks
FORMATS = {"table", "tsv", "json", "jsonl", "csv"}


def parse_fast(argv: list[str], stdout_is_tty: bool) -> ClaimQuery | None:
    """Parse a plain query command line, or return None to leave it to the full CLI."""
    # One pass in one function, as ripgrep's parser: splitting it would cost calls on the path
    # every lookup takes; each `return None` hands an unusual line to Typer, which explains it.
    if not argv or argv[0] not in FAST_COMMANDS:
        return None
    command, rest = argv[0], argv[1:]
    options: dict[str, str] = {}
    flags: set[str] = set()
    positional: list[str] = []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg.startswith("-") and arg != "-":
            name, equals, value = arg.partition("=")
            if name in FLAG_OPTIONS and not equals:
                flags.add(name)
            elif name in VALUE_OPTIONS and VALUE_OPTIONS[name] not in NOT_FOR[command]:
                if not equals:
                    i += 1
                    if i == len(rest):
                        return None
                    value = rest[i]
                options[VALUE_OPTIONS[name]] = value
            else:
                return None  # --help, --, an unknown option, or a negative number: the CLI knows
        else:
            positional.append(arg)
        i += 1
    least, most = FAST_COMMANDS[command]
    if len(positional) < least or (most is not None and len(positional) > most):
        return None
    limit = options.get("limit")
    fmt = options.get("format")
    if "--json" in flags:
        if fmt not in (None, "json"):
            return None
        fmt = "json"
    if fmt is None:
        fmt = "table" if stdout_is_tty else "tsv"
    if fmt not in FORMATS:
        return None
    # A number out of range goes to the CLI, whose usage error names the range (the same one).
    limit_value = None if limit is None else LIMIT.parse(limit)
    corroborated = options.get("corroborated")
    least_sources = None if corroborated is None else CORROBORATED.parse(corroborated)
    if (limit is not None and limit_value is None) or (corroborated is not None and least_sources is None):
        return None
    store = options.get("store") or os.environ.get("FACTS_STORE") or None
    return ClaimQuery(
        command=command,
        text=" ".join(positional) or None,
        speaker=options.get("speaker"),
        source=options.get("source"),
        since=options.get("since"),
        until=options.get("until"),
        kind=options.get("kind"),
        limit=limit_value,
        output=OutputFormat(fmt),
        store=store_argument(store) if store else None,
        header="--header" in flags,
        fields=options.get("fields"),
        corroborated=least_sources,
        sort=options.get("sort"),
        stance=options.get("stance"),
        cue=options.get("cue"),
    )


def main() -> None:
    """Run a plain query command directly, or hand the command line to the Typer CLI."""
    from facts.cli import boundary

    query = parse_fast(sys.argv[1:], sys.stdout is not None and sys.stdout.isatty())
    if query is None:
        from facts.cli.app import main as cli_main

        cli_main()
        return
    boundary.run(lambda: run_claim_query(query))
