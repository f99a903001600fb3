"""The `facts` Typer app: its group, which ends every run through facts.cli.boundary, and its commands.

The commands live in one module per part (query, intake, store, speakers, sources, completion) as
plain functions or sub-apps; this is the one place they are joined, in the order `--help` lists them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions  # Typer's own Click
from typer.core import TyperGroup

from facts.cli import (
    boundary,
    completion_commands,
    intake_commands,
    query_commands,
    source_commands,
    speaker_commands,
    store_commands,
    web_commands,
)
from facts.errors import FactsError, QueryError


class FactsGroup(TyperGroup):
    """The app's command group: every run of it ends through facts.cli.boundary, usage errors included."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False  # we say how it ended, in one line, not Click
        boundary.run(lambda: _usage_as_error(lambda: super(FactsGroup, self).main(*args, **kwargs)))


def _usage_as_error(invoke: Callable[[], Any]) -> Any:
    """Run Click, turning its usage errors (a four-line block) into one sentence and a hint."""
    try:
        return invoke()
    except click_exceptions.NoArgsIsHelpError as err:
        err.show()  # `facts` alone: the help, as before
        return err.exit_code
    except click_exceptions.UsageError as err:
        hint = None
        if err.ctx is not None:
            hint = f"Try '{err.ctx.command_path} --help'."
        raise QueryError(_sentence(err.format_message()), hint=hint) from None
    except click_exceptions.ClickException as err:
        raise FactsError(_sentence(err.format_message())) from None
    except typer.Abort:
        return 1  # end of input at a question


def _sentence(message: str) -> str:
    message = " ".join(message.split())
    return message if message.endswith((".", "?", "!")) else message + "."


def _new_app() -> typer.Typer:
    """Return the facts group with its settings and no commands yet."""
    return typer.Typer(
        cls=FactsGroup,
        name="facts",
        help=(
            "Look up who said what, when, and where they said it.\n\n"
            "Every claim carries its source's exact words, its speaker, its date and its "
            "source file. Tables for people; --json, --format jsonl|csv|tsv for scripts.\n\n"
            "Examples:\n\n"
            "  facts search withdrawal\n\n"
            "  facts by-speaker Singh\n\n"
            "  facts search withdrawal --json | jq -r '.[].speaker.name'\n\n"
            "Exit status: 0 success (also a search that matched nothing), 1 not found or "
            "an unusable store, 2 usage error, 130 interrupted."
        ),
        no_args_is_help=True,
        add_completion=False,
        # Plain click help and errors: one sentence on stderr, and no rich import for --help.
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _new_app()


def _print_version(value: bool) -> None:
    if value:
        from facts import __version__

        sys.stdout.write(f"facts {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    pass


def main() -> None:
    """Run the CLI; how it ends (usage errors, Ctrl-C, a closed pipe) is said in facts.cli.boundary."""
    import os

    if "_FACTS_COMPLETE" in os.environ:  # a shell asks for completions (see `facts completion`)
        from typer._completion_classes import completion_init

        completion_init()
        app()
        return
    _app_for(sys.argv[1:])()


def _app_for(argv: list[str]) -> typer.Typer:
    """Return an app with only the command argv names, when it names one, else the whole app.

    Typer reads the signature of every command it is given, about 2 ms each: a command needs
    only its own, while --help, a group, a typo or completion need them all.
    """
    wanted = argv[0] if argv else None
    for command, name in COMMANDS:
        if (name or command.__name__.replace("_", "-")) == wanted:
            single = _new_app()
            single.callback()(_options)
            single.command(name)(command)
            return single
    return app


# Top-level commands, then the sub-apps: Typer lists commands before groups either way.
COMMANDS: list[tuple[Callable[..., Any], str | None]] = [
    (query_commands.search, None),
    (query_commands.by_speaker, "by-speaker"),
    (query_commands.list_claims, "list"),
    (query_commands.show, None),
    (query_commands.conflicts, None),
    (query_commands.check, None),
    (store_commands.validate, None),
    (intake_commands.extract, None),
    (intake_commands.add, None),
    (completion_commands.completion, None),
    (store_commands.remove, None),
    (store_commands.edit, None),
    (store_commands.init, None),
    (store_commands.store_info, "store"),
    (store_commands.export, None),
    (web_commands.timeline, None),
    (web_commands.serve, None),
]
for command, name in COMMANDS:
    app.command(name)(command)
app.add_typer(speaker_commands.speakers_app, name="speakers")
app.add_typer(source_commands.sources_app, name="sources")
