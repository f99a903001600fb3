"""The `facts` Typer app: its group, which ends every run through facts.cli.boundary, and its commands.

The commands live in one module per part (query, intake, store, speakers, sources, completion) as
plain functions or sub-apps; this is the one place they are joined, in the order `--help` lists them.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator, MutableMapping
from gettext import gettext
from typing import Annotated, Any

import typer
import typer.main
from typer import _click as click  # Typer's own Click
from typer._click import exceptions as click_exceptions
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

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
    """The app's command group: every run of it ends through facts.cli.boundary, usage errors included.

    Its commands are built on first use (see LazyCommands): `facts --help` lists names and first
    lines only, and `facts show` reads only show's signature.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands(_REGISTRY, self.rich_markup_mode, self.suggest_commands)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False  # we say how it ended, in one line, not Click
        boundary.run(lambda: _usage_as_error(lambda: super(FactsGroup, self).main(*args, **kwargs)))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the names alone: Typer's own asks for every command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the Commands section as Typer does, from each command's summary."""
        commands = self.commands
        if not isinstance(commands, LazyCommands):
            return super().format_commands(ctx, formatter)
        shown = [(name, commands.summary(name)) for name in commands]
        shown = [(name, command) for name, command in shown if not command.hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section(gettext("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])
        return None


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, in the order registered, each built by Typer on first use.

    Typer reads the signature of every command it builds, about 2 ms each; listing the commands
    for --help needs only their names and help, which summary gives without building.
    """

    def __init__(self, registry: typer.Typer, rich_markup_mode: Any, suggest_commands: bool) -> None:
        self._infos: dict[str, CommandInfo | TyperInfo | None] = {}
        for info in registry.registered_commands:
            assert info.callback is not None
            self._infos[info.name or typer.main.get_command_name(info.callback.__name__)] = info
        for group in registry.registered_groups:
            self._infos[str(group.name)] = group
        self._built: dict[str, click.Command] = {}
        self._pretty_exceptions_short = registry.pretty_exceptions_short
        self._rich_markup_mode = rich_markup_mode
        self._suggest_commands = suggest_commands

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            info = self._infos[name]
            if isinstance(info, CommandInfo):
                self._built[name] = typer.main.get_command_from_info(
                    info,
                    pretty_exceptions_short=self._pretty_exceptions_short,
                    rich_markup_mode=self._rich_markup_mode,
                )
            elif info is not None:
                self._built[name] = typer.main.get_group_from_info(
                    info,
                    pretty_exceptions_short=self._pretty_exceptions_short,
                    rich_markup_mode=self._rich_markup_mode,
                    suggest_commands=self._suggest_commands,
                )
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._infos.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._infos[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def built(self) -> list[str]:
        """Return the names of the commands built so far."""
        return list(self._built)

    def summary(self, name: str) -> click.Command:
        """Return the command if built, else one with its help and no parameters, as Typer sets them."""
        info = self._infos[name]
        if name in self._built or info is None:
            return self[name]
        if isinstance(info, CommandInfo):
            assert info.callback is not None
            help_text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
            short_help, hidden, deprecated = info.short_help, info.hidden, info.deprecated
        else:
            solved = typer.main.solve_typer_info_defaults(info)
            help_text, short_help = solved.help, solved.short_help
            hidden, deprecated = solved.hidden, solved.deprecated
        return TyperCommand(
            name=name, help=help_text, short_help=short_help, hidden=hidden, deprecated=deprecated
        )


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
    (store_commands.migrate, None),
    (store_commands.store_info, "store"),
    (store_commands.export, None),
    (web_commands.timeline, None),
    (web_commands.serve, None),
]
# Registered with Typer here, built by FactsGroup's LazyCommands when first used.
_REGISTRY = typer.Typer()
for command, name in COMMANDS:
    _REGISTRY.command(name)(command)
_REGISTRY.add_typer(speaker_commands.speakers_app, name="speakers")
_REGISTRY.add_typer(source_commands.sources_app, name="sources")
