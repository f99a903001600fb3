"""facts export: the whole store in JSON Lines, JSON, CSV and schema.org JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.formats.csv import CSV_COLUMNS

runner = CliRunner()


def export(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def listed() -> list[dict[str, object]]:
    return sorted(json.loads(runner.invoke(app, ["list", "--json"]).stdout), key=lambda c: str(c["id"]))


def test_jsonl_and_json_hold_every_claim_in_the_contract_shape() -> None:
    lines = [json.loads(line) for line in export().splitlines()]
    assert sorted(lines, key=lambda c: c["id"]) == listed()
    assert json.loads(export("--format", "json")) == lines


def test_csv_has_every_field_with_a_header() -> None:
    rows = list(csv.DictReader(io.StringIO(export("--format", "CSV"), newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    claims = {c["id"]: c for c in listed()}
    assert len(rows) == len(claims)
    for row in rows:
        claim: dict[str, dict[str, object]] = claims[row["id"]]  # type: ignore[assignment]
        assert row["text"] == claim["text"]
        assert row["speaker_name"] == claim["speaker"]["name"]
        assert row["source_outlet"] == (claim["source"]["outlet"] or "")
        assert row["source_url"] == (claim["source"]["url"] or "")
        assert row["source_published"] == (claim["source"]["published"] or "")
        assert int(row["span_end"]) == claim["span"]["end"]


def test_jsonld_describes_schema_org_claims() -> None:
    document = json.loads(export("--format", "jsonld"))
    assert document["@context"] == "https://schema.org"
    graph = document["@graph"]
    assert len(graph) == len(listed())
    singh = next(c for c in graph if c["identifier"] == "003-singh-not-withdrawing")
    assert singh["@type"] == "Claim" and singh["text"] == "The US is not withdrawing from Iraq"
    assert singh["author"] == {
        "@type": "Person",
        "name": "Sabrina Singh",
        "identifier": "sabrina-singh",
        "jobTitle": "Deputy Pentagon Press Secretary",
        "worksFor": {"@type": "Organization", "name": "U.S. Department of Defense"},
    }
    assert singh["datePublished"] == "2024-09-27"
    assert singh["appearance"]["url"].startswith("https://overtdefense.com/")


def test_an_empty_store_exports_empty_documents(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "s")])
    store = ["--store", str(tmp_path / "s")]
    assert export(*store) == ""
    assert json.loads(export("--format", "json", *store)) == []
    assert json.loads(export("--format", "jsonld", *store))["@graph"] == []
    assert export("--format", "csv", *store).strip() == ",".join(CSV_COLUMNS)


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["export", "--format", "xml"])
    assert result.exit_code == 2 and "jsonl, json, csv, jsonld or sqlite" in result.stderr


def test_a_broken_store_is_not_exported(tiny_store: Path) -> None:
    source = tiny_store / "sources" / "harbor.txt"
    source.write_text(source.read_text("utf-8").replace("Monday", "Friday"), "utf-8")
    result = runner.invoke(app, ["export", "--store", str(tiny_store)])
    assert result.exit_code == 1 and "SHA-256" in result.stderr


def test_an_export_undoes_a_killed_writers_change_first(tiny_store: Path) -> None:
    """An addition killed before its commit is undone before exporting: the old store comes out."""
    from facts.store.paths import StorePaths
    from facts.store.transaction import JOURNAL_NAME, begin

    before = export("--store", str(tiny_store))
    paths = StorePaths(tiny_store)
    first = json.loads(paths.claims.read_text(encoding="utf-8").splitlines()[0])
    begin(paths, [])  # the writer's journal, then its appended claim, and no commit
    with open(paths.claims, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({**first, "id": first["id"] + "-uncommitted"}) + "\n")
    assert export("--store", str(tiny_store)) == before
    assert not (tiny_store / JOURNAL_NAME).exists()
