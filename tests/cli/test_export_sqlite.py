"""facts export --format sqlite: a database for Datasette and sqlite-utils, with metadata beside it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.export_sqlite import claim_rows, metadata_path
from facts.store.paths import resolve_store
from facts.store.records import ClaimRecord

runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled store exported once for the module's tests."""
    target = tmp_path_factory.mktemp("export") / "facts.db"
    result = runner.invoke(app, ["export", "--format", "sqlite", str(target)])
    assert result.exit_code == 0, result.output
    assert "Exported 28 claims" in result.stderr
    return target


def cli_json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_tables_hold_every_claim_speaker_and_source(exported: Path) -> None:
    """The claims, speakers and sources tables have as many rows as the store has records."""
    db = sqlite_utils.Database(exported)
    assert db["claims"].count == len(cli_json("list", "--limit", "0"))
    assert db["speakers"].count == len(cli_json("speakers"))
    assert db["sources"].count == len(cli_json("sources"))
    assert db["claims_fts"].count == db["claims"].count
    claims_per_speaker = {row["id"]: row["claims"] for row in db["speakers"].rows}
    assert sum(claims_per_speaker.values()) == db["claims"].count


def test_foreign_keys_are_declared_indexed_and_hold(exported: Path) -> None:
    """Each claim points at its speaker, source and statement by declared, indexed foreign keys."""
    db = sqlite_utils.Database(exported)
    keys = {(fk.column, fk.other_table, fk.other_column) for fk in db["claims"].foreign_keys}
    assert keys == {
        ("speaker", "speakers", "id"),
        ("source", "sources", "file"),
        ("statement", "statements", "id"),
    }
    indexed = {tuple(index.columns) for index in db["claims"].indexes}
    assert {("speaker",), ("source",), ("statement",), ("date",)} <= indexed
    assert list(db.query("PRAGMA foreign_key_check")) == []
    grouped = list(
        db.query("SELECT statement, count(*) AS n FROM claims WHERE statement IS NOT NULL GROUP BY 1")
    )
    statements = {row["id"]: row["claims"] for row in db["statements"].rows}
    assert grouped and {row["statement"]: row["n"] for row in grouped} == statements


def test_rows_carry_iso_dates_json_aliases_and_the_shown_context(exported: Path) -> None:
    """A claim row has its ISO date and the paragraph `facts show` prints; aliases are JSON arrays."""
    db = sqlite_utils.Database(exported)
    row = db["claims"].get("003-singh-not-withdrawing")
    shown = runner.invoke(app, ["show", "003-singh-not-withdrawing", "--json"])
    detail = json.loads(shown.stdout)
    assert row["context"] == detail["context"]["paragraph"]
    assert row["date"] == detail["date"] == "2024-09-27"
    assert row["speaker"] == detail["speaker"]["id"]
    for speaker in db["speakers"].rows:
        assert isinstance(json.loads(speaker["aliases"]), list)


@pytest.mark.parametrize(
    "query",
    ["withdrawal", "Iraq", "coalition mission", '"not withdrawing"', "Pentagon", "statement", "troops"],
)
def test_full_text_search_finds_what_facts_search_finds(exported: Path, query: str) -> None:
    """The FTS table (porter-stemmed text and speaker names) matches the same claims as `facts search`."""
    db = sqlite_utils.Database(exported)
    assert db["claims"].detect_fts() == "claims_fts"
    found = [row["id"] for row in db["claims"].search(query)]
    searched = [c["id"] for c in cli_json("search", query, "--limit", "0")]
    assert sorted(found) == sorted(searched)
    if query.startswith('"'):  # a phrase: both rank its few matches alike
        assert found == searched


def test_metadata_names_search_labels_and_canned_queries(exported: Path) -> None:
    """The metadata beside the database configures search and labels, and its canned queries run."""
    metadata = json.loads(metadata_path(exported).read_text(encoding="utf-8"))
    database = metadata["databases"][exported.stem]
    assert database["tables"]["claims"]["fts_table"] == "claims_fts"
    assert database["tables"]["speakers"]["label_column"] == "name"
    db = sqlite_utils.Database(exported)
    params = {"speaker": "Singh", "q": "withdraw*"}
    for name, query in database["queries"].items():
        rows = list(db.query(query["sql"], {k: v for k, v in params.items() if f":{k}" in query["sql"]}))
        assert rows or name == "departing_quotations", name
    ranked = list(db.query(database["queries"]["search_ranked"]["sql"], {"q": "withdrawing"}))
    assert "[withdrawing]" in ranked[0]["snippet"].lower()


def test_sqlite_needs_a_file_and_replaces_an_old_one(tmp_path: Path) -> None:
    """Without FILE the format is a usage error; an existing FILE is replaced, not appended to."""
    result = runner.invoke(app, ["export", "--format", "sqlite"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --format sqlite writes a database file")
    target = tmp_path / "out.db"
    for _ in range(2):
        assert runner.invoke(app, ["export", "-f", "sqlite", str(target)]).exit_code == 0
    assert sqlite_utils.Database(target)["claims"].count == 28
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db", "out.metadata.json"]


def test_a_folder_is_refused_before_exporting(tmp_path: Path) -> None:
    """FILE naming a folder is one sentence and exit 1, and nothing is left behind."""
    result = runner.invoke(app, ["export", "--format", "sqlite", str(tmp_path)])
    assert result.exit_code == 1
    said = f"Error: Cannot write {tmp_path}: it is a folder. Name a file, e.g. {tmp_path / 'facts.db'}\n"
    assert result.stderr == said
    assert list(tmp_path.iterdir()) == []


def test_text_formats_can_go_to_a_file(tmp_path: Path) -> None:
    """FILE works for the text formats too: the same bytes as standard output."""
    target = tmp_path / "claims.jsonl"
    result = runner.invoke(app, ["export", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == runner.invoke(app, ["export"]).stdout


def test_claim_rows_stream() -> None:
    """Rows are made one claim at a time: the first comes before the rest are read."""
    paths = resolve_store(None)
    from facts.cli.export import store_claims

    claims = store_claims(paths)
    first = next(claims)

    def one_then_fail() -> Iterator[ClaimRecord]:
        yield first
        raise AssertionError("read past the first claim")

    rows = claim_rows(paths, one_then_fail(), {first["speaker"]["id"]: "names"})
    assert next(rows)["id"] == first["id"]
