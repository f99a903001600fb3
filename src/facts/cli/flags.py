"""The query flags, each defined once: the fast entry parses them and cli/options.py makes Typer's.

Nothing here imports Typer, so the fast entry can read this table without it.
"""

from __future__ import annotations

from typing import NamedTuple

from facts.cli.option_ranges import CORROBORATED, LIMIT, OptionRange

DEFAULT_LIMIT = 50
# The query commands the fast entry answers, and how many positional arguments each takes.
FAST_COMMANDS = {"search": (1, None), "by-speaker": (1, 1), "list": (0, 0)}


class Flag(NamedTuple):
    """One option of the query commands: its names, what it fills in a query, and its help."""

    names: tuple[str, ...]
    dest: str  # the ClaimQuery field (or "format", "store") it sets
    help: str
    takes_value: bool = True  # False: a switch
    metavar: str | None = None  # None: Typer shows the choices, or nothing for a switch
    commands: tuple[str, ...] = tuple(FAST_COMMANDS)  # the fast commands that have it
    range: OptionRange | None = None  # a number's bounds

    @property
    def name(self) -> str:
        """Return the flag's long name, as errors and help print it."""
        return self.names[0]


FLAGS = (
    Flag(
        ("--in",),
        "fields",
        "Where to look: text, speaker and source (title and outlet), comma-separated. Default: text,speaker.",
        metavar="FIELDS",
        commands=("search",),
    ),
    Flag(
        ("--speaker",),
        "speaker",
        "Only claims of speakers matching this name.",
        metavar="NAME",
        commands=("search", "list"),
    ),
    Flag(
        ("--source",),
        "source",
        "Only claims from sources whose file, title or outlet contains this.",
        metavar="TEXT",
    ),
    Flag(
        ("--since",),
        "since",
        "Only claims made on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
        metavar="DATE",
    ),
    Flag(
        ("--until",),
        "until",
        "Only claims made on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).",
        metavar="DATE",
    ),
    Flag(
        ("--kind",),
        "kind",
        "Only claims of this kind: quote, reported, caption or transcript.",
        metavar="KIND",
    ),
    Flag(
        ("--stance",),
        "stance",
        "Only claims the speaker asserts, denies or asks (asserts, denies or asks).",
        metavar="STANCE",
    ),
    Flag(
        ("--cue",),
        "cue",
        "Only claims attributed with this word, in any form: denied, deny, told, according to.",
        metavar="WORD",
    ),
    Flag(
        ("--corroborated",),
        "corroborated",
        "Keep claims whose statement at least N sources report (see `facts conflicts`).",
        metavar="N",
        commands=("search",),
        range=CORROBORATED,
    ),
    Flag(
        ("--sort",),
        "sort",
        "relevance (the default) or sources: the most widely reported statements first.",
        metavar="ORDER",
        commands=("search",),
    ),
    Flag(
        ("--limit", "-n"),
        "limit",
        f"Show at most this many claims; 0 for all. Default: {DEFAULT_LIMIT} in a table on a terminal, "
        "all in tsv, json, jsonl and csv.",
        metavar="N",
        range=LIMIT,
    ),
    Flag(("--header",), "header", "Start TSV output with a line of column names.", takes_value=False),
    Flag(("--format", "-f"), "format", "Output format. Default: table on a terminal, tsv when piped."),
    Flag(("--json",), "json", "Shorthand for --format json.", takes_value=False),
    Flag(
        ("--store",),
        "store",
        "Store folder (or its store.json), or `demo` for the bundled demo store. Default: your "
        "store once `facts init` or `facts add` made it, else the demo store; `facts store` says which.",
        metavar="PATH",
    ),
)
FLAG = {flag.dest: flag for flag in FLAGS}
