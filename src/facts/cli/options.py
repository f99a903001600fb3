"""The Typer options and arguments several commands share, each written once."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from facts.cli.flags import FLAG
from facts.cli.formats import OutputFormat
from facts.cli.option_ranges import JOBS
from facts.store.paths import store_argument


def _query_option(dest: str, **extra: Any) -> Any:
    """Make the Typer option of a query flag from its one definition in flags.FLAGS."""
    flag = FLAG[dest]
    if flag.metavar is not None:
        extra["metavar"] = flag.metavar
    if flag.range is not None:
        extra.update(min=flag.range.least, max=flag.range.most)
    if flag.takes_value:
        extra["show_default"] = False  # every value flag defaults to None: nothing to show
    return typer.Option(*flag.names, help=flag.help, **extra)


StoreOption = Annotated[Path | None, _query_option("store", envvar="FACTS_STORE", parser=store_argument)]
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
FormatOption = Annotated[OutputFormat | None, _query_option("format")]
JsonOption = Annotated[bool, _query_option("json")]
FieldsOption = Annotated[str | None, _query_option("fields")]
SpeakerOption = Annotated[str | None, _query_option("speaker")]
SourceOption = Annotated[str | None, _query_option("source")]
SinceOption = Annotated[str | None, _query_option("since")]
UntilOption = Annotated[str | None, _query_option("until")]
KindOption = Annotated[str | None, _query_option("kind")]
StanceOption = Annotated[str | None, _query_option("stance")]
CueOption = Annotated[str | None, _query_option("cue")]
CorroboratedOption = Annotated[int | None, _query_option("corroborated")]
SortOption = Annotated[str | None, _query_option("sort")]
LimitOption = Annotated[int | None, _query_option("limit")]
HeaderOption = Annotated[bool, _query_option("header")]
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


def listing_group() -> typer.Typer:
    """Return a command group that lists its records when called alone (`facts speakers`)."""
    return typer.Typer(
        no_args_is_help=False,
        invoke_without_command=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
