"""`facts completion`: print the shell completion script."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer


class Shell(StrEnum):
    """Shells `facts completion` writes a script for."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.", show_default=False)],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    Examples:

      facts completion bash > ~/.local/share/bash-completion/completions/facts

      facts completion zsh > "${fpath[1]}/_facts"

      facts completion fish > ~/.config/fish/completions/facts.fish
    """
    from typer._completion_shared import get_completion_script

    script = get_completion_script(prog_name="facts", complete_var="_FACTS_COMPLETE", shell=shell.value)
    sys.stdout.write(script.rstrip("\n") + "\n")
