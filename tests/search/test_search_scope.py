"""Search looks where the user means, and tables show where claims come from with ids whole."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.entry import parse_fast

runner = CliRunner()


def run(*args: str, **env: str) -> object:
    return runner.invoke(app, list(args), env=env or None)


def test_a_word_only_in_the_source_finds_nothing_by_default(tiny_store: Path) -> None:
    """'Gazette' is only the outlet's name: no claim is listed unless sources are asked for."""
    result = run("search", "gazette", "--json", "--store", str(tiny_store))
    assert result.exit_code == 0 and json.loads(result.stdout) == []  # type: ignore[attr-defined]
    result = run("search", "repairs", "--json", "--store", str(tiny_store))  # in the headline only
    assert json.loads(result.stdout) == []  # type: ignore[attr-defined]


def test_asking_for_sources_says_why_each_claim_is_listed(tiny_store: Path) -> None:
    found = json.loads(
        run("search", "gazette", "--in", "text,speaker,source", "--json", "--store", str(tiny_store)).stdout  # type: ignore[attr-defined]
    )
    assert len(found) == 4 and all(c["matched_in"] == ["source"] for c in found)
    table = run("search", "repairs", "--in", "source", "--format", "table", "--store", str(tiny_store)).stdout  # type: ignore[attr-defined]
    assert "(matched in source: Harbor Bridge Reopens After Repairs" in table


def test_speaker_names_are_searched_by_default(tiny_store: Path) -> None:
    found = json.loads(run("search", "pérez", "--json", "--store", str(tiny_store)).stdout)  # type: ignore[attr-defined]
    assert {c["speaker"]["id"] for c in found} == {"ana-perez"}
    assert "matched_in" not in found[0]  # the default shape is unchanged


def test_in_rejects_unknown_fields_and_the_fast_path_knows_it() -> None:
    result = run("search", "iraq", "--in", "headline")
    assert result.exit_code == 2 and "--in takes fields from" in result.stderr  # type: ignore[attr-defined]
    query = parse_fast(["search", "iraq", "--in", "source"], stdout_is_tty=False)
    assert query is not None and query.fields == "source"


def test_tables_at_80_columns_show_ids_whole_with_kind_and_source() -> None:
    result = run("list", "--format", "table", "--limit", "0", COLUMNS="80")
    out = result.stdout  # type: ignore[attr-defined]
    assert max(len(line) for line in out.splitlines()) <= 80
    ids = json.loads(run("list", "--json").stdout)  # type: ignore[attr-defined]
    cells = {cell.strip() for line in out.splitlines() for cell in line.split("│")}
    assert {c["id"] for c in ids} <= cells
    assert "quote · Overt Defense" in cells


def test_wide_tables_have_kind_and_source_columns() -> None:
    out = run("list", "--format", "table", "--limit", "3", COLUMNS="140").stdout  # type: ignore[attr-defined]
    header = out.splitlines()[1]
    assert "Kind" in header and "Source" in header


def test_speakers_table_never_splits_an_id() -> None:
    out = run("speakers", "--format", "table", COLUMNS="80").stdout  # type: ignore[attr-defined]
    cells = {cell.strip() for line in out.splitlines() for cell in line.split("│")}
    ids = {s["id"] for s in json.loads(run("speakers", "--json").stdout)}  # type: ignore[attr-defined]
    assert ids <= cells


def test_show_takes_a_unique_start_of_an_id() -> None:
    result = run("show", "003-singh-not", "--json")
    assert json.loads(result.stdout)["id"] == "003-singh-not-withdrawing"  # type: ignore[attr-defined]
    result = run("show", "003-singh")
    assert result.exit_code == 1 and "starts several claim ids" in result.stderr  # type: ignore[attr-defined]
