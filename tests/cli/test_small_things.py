"""The everyday CLI: --version, shell completion, and validate's problems and hint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts import __version__
from facts.cli.app import app

runner = CliRunner()
BIN = Path(sys.executable).parent


def test_version() -> None:
    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0 and result.stdout == f"facts {__version__}\n"


@pytest.mark.skipif(
    shutil.which("bash") is None or not (BIN / "facts").exists(), reason="needs bash and facts"
)
def test_bash_completion_completes_commands_and_options() -> None:
    """The script `facts completion bash` prints, sourced in bash, completes commands and options."""
    script = runner.invoke(app, ["completion", "bash"]).stdout
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

    def complete(*words: str) -> list[str]:
        program = (
            f"{script}\nCOMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; "
            '_facts_completion facts; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", program], env=env, capture_output=True, text=True, timeout=60)
        return done.stdout.split()

    assert "speakers" in complete("facts", "spe")
    assert complete("facts", "speakers", "mer") == ["merge"]
    assert "--format" in complete("facts", "list", "--fo")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_scripts_for_other_shells(shell: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0 and "_FACTS_COMPLETE" in result.stdout


def test_validate_reports_a_changed_source_once(tiny_store: Path) -> None:
    """A source edited by hand is one problem, not one per claim of it."""
    source = tiny_store / "sources" / "harbor.txt"
    source.write_text(source.read_text("utf-8").replace("Monday", "Friday"), "utf-8")
    result = runner.invoke(app, ["validate", "--store", str(tiny_store)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 and "1 problem found" in result.stderr


def test_the_validate_hint_keeps_the_store(tiny_store: Path) -> None:
    source = tiny_store / "sources" / "harbor.txt"
    source.write_text(source.read_text("utf-8").replace("Monday", "Friday"), "utf-8")
    result = runner.invoke(app, ["list", "--store", str(tiny_store)])
    assert f"facts validate --store {tiny_store.resolve()}" in result.stderr


def test_help_builds_no_command_and_a_named_command_builds_only_itself() -> None:
    """`facts --help` lists every command unbuilt, the same text as built; `facts show` builds show alone."""
    import typer.main
    from typer import _click as click

    from facts.cli.app import LazyCommands, app

    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert isinstance(commands, LazyCommands)
    ctx = click.Context(group, info_name="facts")
    listed = group.get_help(ctx)
    assert commands.built() == []
    assert "speakers" in listed and "show" in listed
    group.resolve_command(ctx, ["show", "some-id"])  # type: ignore[attr-defined]
    assert commands.built() == ["show"]
    for name in commands:
        commands[name]
    assert group.get_help(ctx) == listed
