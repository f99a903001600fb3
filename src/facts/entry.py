"""The `facts` entry point: answer plain query commands without loading Typer.

Importing Typer takes most of a lookup's time (benchmarks/run.py measures it), so `search`,
`by-speaker` and `list` with well-formed options are parsed here and run through the same core
as the CLI. Anything else (help, another command, an unknown or malformed option) goes to the
full CLI in cli.py, which gives the proper usage message. tests/test_entry.py checks that both
accept the same options and print the same output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from facts.commands import ClaimQuery, OutputFormat, error_line, run_claim_query
from facts.errors import FactsError

FAST_COMMANDS = {"search": (1, None), "by-speaker": (1, 1), "list": (0, 0)}  # positional arguments
VALUE_OPTIONS = {
    "--speaker": "speaker",
    "--source": "source",
    "--since": "since",
    "--until": "until",
    "--kind": "kind",
    "--stance": "stance",
    "--cue": "cue",
    "--limit": "limit",
    "-n": "limit",
    "--format": "format",
    "-f": "format",
    "--store": "store",
    "--in": "fields",
    "--corroborated": "corroborated",
    "--sort": "sort",
}
FLAG_OPTIONS = {"--json", "--header"}
NOT_FOR = {
    "search": (),
    "by-speaker": ("speaker", "fields", "corroborated", "sort"),
    "list": ("fields", "corroborated", "sort"),
}  # options a command lacks
FORMATS = {"table", "tsv", "json", "jsonl", "csv"}


def parse_fast(argv: list[str], stdout_is_tty: bool) -> ClaimQuery | None:
    """Parse a plain query command line, or return None to leave it to the full CLI."""
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
    if fmt not in FORMATS or (limit is not None and not limit.isdigit()):
        return None
    corroborated = options.get("corroborated")
    if corroborated is not None and not (corroborated.isdigit() and int(corroborated) >= 1):
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
        limit=None if limit is None else int(limit),
        output=OutputFormat(fmt),
        store=Path(store) if store else None,
        header="--header" in flags,
        fields=options.get("fields"),
        corroborated=None if corroborated is None else int(corroborated),
        sort=options.get("sort"),
        stance=options.get("stance"),
        cue=options.get("cue"),
    )


def main() -> None:
    """Run a plain query command directly, or hand the command line to the Typer CLI."""
    query = parse_fast(sys.argv[1:], sys.stdout.isatty())
    if query is None:
        from facts.cli import main as cli_main

        cli_main()
        return
    try:
        run_claim_query(query)
        sys.stdout.flush()
    except FactsError as err:
        sys.stderr.write(error_line(err))
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as the Typer CLI does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
