"""Output scripts can trust: no silent limit outside a table, TSV headers, and plain usage errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.entry import parse_fast
from facts.cli.formats import OutputFormat
from facts.cli.query import DEFAULT_LIMIT, effective_limit

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with more claims than the default limit."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    root = tmp_path_factory.mktemp("big") / "store"
    generate(DEFAULT_LIMIT + 10, root)
    return root


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_script_formats_print_every_claim(big_store: Path, fmt: str) -> None:
    """`facts list --json | jq length` counts every claim: no default limit outside a table."""
    result = run("list", "--format", fmt, "--store", str(big_store))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    count = {
        "json": lambda: len(json.loads(out)),
        "jsonl": lambda: len(out.splitlines()),
        "csv": lambda: len(out.splitlines()) - 1,
        "tsv": lambda: len(out.splitlines()),
    }[fmt]()
    assert count == DEFAULT_LIMIT + 10
    assert result.stderr == ""  # type: ignore[attr-defined]


def test_a_table_keeps_the_default_limit() -> None:
    assert effective_limit(None, OutputFormat.table) == DEFAULT_LIMIT
    assert effective_limit(None, OutputFormat.json) == 0
    assert effective_limit(7, OutputFormat.csv) == 7
    result = run("list", "--format", "table", "--limit", "1")
    assert "Showing the first claim;" in result.stderr  # type: ignore[attr-defined]


def test_an_explicit_limit_still_cuts_json(big_store: Path) -> None:
    result = run("list", "--json", "--limit", "3", "--store", str(big_store))
    assert len(json.loads(result.stdout)) == 3  # type: ignore[attr-defined]
    assert "first 3 claims" in result.stderr  # type: ignore[attr-defined]


def test_tsv_header() -> None:
    lines = run("list", "--format", "tsv", "--header", "--limit", "2").stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0].split("\t") == ["id", "date", "speaker", "kind", "source", "text"]
    assert len(lines) == 3
    fast = parse_fast(["list", "--header", "--limit", "2"], stdout_is_tty=False)
    assert fast is not None and fast.header and fast.limit == 2


def test_kind_ignores_case() -> None:
    upper = run("list", "--kind", "Quote", "--json").stdout  # type: ignore[attr-defined]
    assert upper == run("list", "--kind", "quote", "--json").stdout  # type: ignore[attr-defined]
    assert json.loads(upper)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-02-30"], "2024-02-30 is not a date."),
        (["--until", "2024-13"], "2024-13 is not a date."),
        (["--since", "yesterday"], "--since takes a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--since", "2024-0\u00b2"], "--since takes a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--until", "2024-" + "1" * 5000], "--until takes a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--since", "2024-10", "--until", "2024-09"], "--since 2024-10 is after --until 2024-09"),
    ],
)
def test_dates_that_cannot_work_are_usage_errors(args: list[str], message: str) -> None:
    result = run("list", *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
