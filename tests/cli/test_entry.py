"""Tests of the Typer-free fast path for plain query commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.entry import FAST_COMMANDS, FLAG_OPTIONS, NOT_FOR, VALUE_OPTIONS, parse_fast
from facts.cli.formats import OutputFormat


@pytest.mark.parametrize("command", sorted(FAST_COMMANDS))
def test_fast_path_knows_exactly_the_cli_options(command: str) -> None:
    """The fast path accepts the same option names as the Typer command, no more, no fewer."""
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    cli_options = {name for param in click_command.params for name in param.opts if name.startswith("-")} - {
        "--help",
        "-h",
    }
    fast = {name for name, dest in VALUE_OPTIONS.items() if dest not in NOT_FOR[command]}
    assert fast | FLAG_OPTIONS == cli_options


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "--help"],
        ["search"],
        ["by-speaker"],
        ["by-speaker", "a", "b"],
        ["list", "extra"],
        ["list", "--limit", "-1"],
        ["list", "--limit", "x"],
        ["list", "--format", "xml"],
        ["list", "--json", "--format", "csv"],
        ["list", "--frobnicate"],
        ["list", "--kind"],
        ["by-speaker", "x", "--speaker", "y"],
        ["show", "x"],
        [],
    ],
)
def test_unusual_command_lines_go_to_the_cli(argv: list[str]) -> None:
    """Help, other commands and anything malformed are left to Typer's parser."""
    assert parse_fast(argv, stdout_is_tty=False) is None


def test_fast_path_parses_options() -> None:
    """Both `--opt value` and `--opt=value` forms are read, and --json wins the format."""
    query = parse_fast(
        ["search", "not", "withdrawing", "--speaker=singh", "-n", "3", "--json", "--since", "2024"],
        stdout_is_tty=True,
    )
    assert query is not None
    assert (query.text, query.speaker, query.limit, query.since) == ("not withdrawing", "singh", 3, "2024")
    assert query.output is OutputFormat.json
    piped = parse_fast(["list"], stdout_is_tty=False)
    assert piped is not None and piped.output is OutputFormat.tsv


SAME_OUTPUT = [
    ["search", "withdrawal", "--json"],
    ["search", '"not withdrawing"', "--format", "jsonl"],
    ["search", "isis", "--since", "2024-09", "--kind", "quote"],
    ["by-speaker", "Singh", "--format", "csv"],
    ["by-speaker", "Sinhg"],
    ["list", "--source", "overt", "--limit", "2"],
    ["list", "--kind", "rumour"],
    ["search", "***"],
    ["search", "withdrawal", "--format", "table"],
]


@pytest.mark.parametrize("argv", SAME_OUTPUT, ids=[" ".join(a) for a in SAME_OUTPUT])
def test_fast_path_prints_what_the_cli_prints(argv: list[str]) -> None:
    """The fast path and the Typer CLI give the same stdout, stderr and exit code."""
    fast = subprocess.run(
        [sys.executable, "-m", "facts", *argv], capture_output=True, text=True, env=os.environ.copy()
    )
    slow = CliRunner().invoke(app, argv)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr)


def test_fast_path_imports_neither_typer_nor_pydantic(tmp_path: Path) -> None:
    """A fresh-index search loads no Typer, pydantic, rich, shutil or tempfile (only writers need them)."""
    code = (
        "import sys\n"
        "sys.argv = ['facts', 'search', 'withdrawal', '--kind', 'quote', '--stance', 'asserts', '--json']\n"
        "from facts.cli.entry import main\n"
        "main()\n"
        "heavy = ('typer', 'pydantic', 'rich', 'shutil', 'tempfile')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=os.environ.copy())
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.stderr.strip() == "[]"


def test_show_on_a_fresh_index_loads_no_pydantic() -> None:
    """`facts show` reads the index and the store's view, never the models (pydantic costs its start-up)."""
    code = (
        "import sys\n"
        "sys.argv = ['facts', 'show', '003-singh-not-withdrawing', '--store', 'demo']\n"
        "from facts.cli.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules, file=sys.stderr)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=os.environ.copy())
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.stderr.strip().splitlines()[-1] == "False"
