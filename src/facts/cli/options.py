"""The Typer options and arguments several commands share, each written once."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from facts.cli.formats import OutputFormat
from facts.cli.option_ranges import JOBS, LIMIT
from facts.cli.query import DEFAULT_LIMIT
from facts.store.paths import store_argument

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        metavar="PATH",
        envvar="FACTS_STORE",
        parser=store_argument,
        help="Store folder (or its store.json), or `demo` for the bundled demo store. Default: your "
        "store once `facts init` or `facts add` made it, else the demo store; `facts store` says which.",
        show_default=False,
    ),
]
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
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, tsv when piped.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
SpeakerOption = Annotated[
    str | None, typer.Option("--speaker", metavar="NAME", help="Only claims of speakers matching this name.")
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source", metavar="TEXT", help="Only claims from sources whose file, title or outlet contains this."
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Only claims made on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Only claims made on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
KindOption = Annotated[
    str | None,
    typer.Option("--kind", metavar="KIND", help="Only claims of this kind: quote, reported or caption."),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=LIMIT.least,
        max=LIMIT.most,
        metavar="N",
        help=f"Show at most this many claims; 0 for all. Default: {DEFAULT_LIMIT} in a table on a terminal, "
        "all in tsv, json, jsonl and csv.",
        show_default=False,
    ),
]
HeaderOption = Annotated[bool, typer.Option("--header", help="Start TSV output with a line of column names.")]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Write without showing the change and asking first.")
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print what would change and write nothing.")]
TextOption = partial(typer.Option, metavar="TEXT", show_default=False)

# What `extract` and `add` are told about a document.
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="DATE",
        help="Publication date (YYYY-MM-DD). Default: the page's date, or a date printed at the top.",
        show_default=False,
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        help="The document's title. Default: the page's title, or the headline.",
        show_default=False,
    ),
]
OutletOption = Annotated[
    str | None,
    typer.Option(
        "--outlet",
        metavar="NAME",
        help="Who published it. Default: the page's site name.",
        show_default=False,
    ),
]
UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url", metavar="URL", help="Where it was published. Default: the page's URL.", show_default=False
    ),
]
AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--author", metavar="NAME", help="Who wrote it. Default: the page's author.", show_default=False
    ),
]
GlobOption = Annotated[
    str | None,
    typer.Option(
        "--glob",
        metavar="PATTERN",
        help="In folders, take only files whose name matches this, e.g. '*.html'. Default: all files.",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=JOBS.least,
        max=JOBS.most,
        metavar="N",
        help="Extract on N processes at once. Default: one per core.",
        show_default=False,
    ),
]
DocumentsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="FILE...",
        help="Documents (text, web page, PDF, .docx, email, transcript), folders, web addresses, or -.",
        show_default=False,
    ),
]


class Accept(StrEnum):
    """Which proposed claims `facts add` takes."""

    all = "all"
    interactive = "interactive"
