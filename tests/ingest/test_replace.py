"""Tests of `facts add --replace`: new details, a changed document, corrections kept, one transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.store.paths import StorePaths
from facts.store.reader import find_problems

runner = CliRunner()
PAGE = Path(__file__).parents[1] / "data" / "pages" / "ferry-page.html"

FIRST = (
    "Quarry road to close for repairs\n\n"
    "OSTEN, May 6, 2024 - The county will close the quarry road for three weeks.\n\n"
    "\u201cThe surface has broken up after the winter,\u201d said county engineer Rosa Lindgren.\n\n"
    "\u201cWe will open one lane at weekends,\u201d Lindgren said.\n\n"
    "Shop owners said that the closure came at the worst time of year.\n"
)
# The same article edited: a paragraph added before the quotes (every span moves), the weekend
# quote gone, a new quote at the end.
SECOND = (
    "Quarry road to close for repairs\n\n"
    "OSTEN, May 6, 2024 - The county will close the quarry road for three weeks.\n\n"
    "Work starts on Monday, the county said.\n\n"
    "\u201cThe surface has broken up after the winter,\u201d said county engineer Rosa Lindgren.\n\n"
    "Shop owners said that the closure came at the worst time of year.\n\n"
    "\u201cThe detour adds ten minutes for buses,\u201d said transport officer Omar Haddad.\n"
)


def records(store: Path) -> dict[str, Any]:
    """Return a store's speakers, sources and retired ids as JSON, whatever its format."""
    from facts.store.paths import StorePaths
    from facts.store.reader import read_manifest

    return read_manifest(StorePaths(store)).model_dump(mode="json")


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def claims_of(store: Path, source: str) -> dict[str, dict[str, Any]]:
    lines = (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return {c["id"]: c for c in map(json.loads, lines) if c["source"] == source}


def source_of(store: Path, name: str) -> dict[str, Any]:
    manifest = records(store)
    found: dict[str, Any] = next(s for s in manifest["sources"] if s["file"] == name)
    return found


def test_replace_takes_new_details_of_the_same_document(tiny_store: Path, tmp_path: Path) -> None:
    """`add PAGE --replace --published D` changes the source's date and the claims dated from it."""
    page = tmp_path / "p.html"
    page.write_bytes(PAGE.read_bytes())
    store = str(tiny_store)
    assert invoke("add", str(page), "--accept", "all", "--store", store).exit_code == 0
    before = claims_of(tiny_store, "p.html.txt")
    result = invoke(
        "add", str(page), "--replace", "--published", "2022-08-19", "--accept", "all", "--store", store
    )
    assert result.exit_code == 0, result.output
    assert str(source_of(tiny_store, "p.html.txt")["published"]) == "2022-08-19"
    after = claims_of(tiny_store, "p.html.txt")
    assert after.keys() == before.keys()
    assert {c["date"] for c in after.values()} == {"2022-08-19"}
    assert list(find_problems(StorePaths(tiny_store))) == []


def test_replace_of_a_changed_document_keeps_the_corrections_of_claims_still_there(
    tiny_store: Path, tmp_path: Path
) -> None:
    """A claim whose words survive keeps its id, hand-set speaker and date; a vanished one is retired."""
    doc = tmp_path / "quarry.txt"
    doc.write_text(FIRST, encoding="utf-8")
    store = str(tiny_store)
    assert invoke("add", str(doc), "--accept", "all", "--store", store).exit_code == 0
    first = claims_of(tiny_store, "quarry.txt")
    surface = next(i for i, c in first.items() if "surface" in c["text"])
    weekend = next(i for i, c in first.items() if "weekends" in c["text"])
    other = next(s for s in records(tiny_store)["speakers"])["id"]
    edited = invoke("edit", surface, "--speaker", other, "--date", "2024-05", "--yes", "--store", store)
    assert edited.exit_code == 0, edited.output
    doc.write_text(SECOND, encoding="utf-8")
    result = invoke("add", str(doc), "--replace", "--accept", "all", "--yes", "--store", store)
    assert result.exit_code == 0, result.output
    after = claims_of(tiny_store, "quarry.txt")
    kept = after[surface]
    assert (kept["speaker"], kept["date"], kept["date_precision"]) == (other, "2024-05-01", "month")
    assert SECOND[kept["span"]["start"] : kept["span"]["end"]] == kept["text"]
    assert kept["span"] != first[surface]["span"]
    assert weekend not in after
    assert any("detour" in c["text"] for c in after.values())
    manifest = records(tiny_store)
    assert weekend in manifest["retired_claims"]
    assert (tiny_store / "sources" / "quarry.txt").read_text(encoding="utf-8") == SECOND
    assert list(find_problems(StorePaths(tiny_store))) == []


def test_replace_dry_run_shows_the_change_and_writes_nothing(tiny_store: Path, tmp_path: Path) -> None:
    """--dry-run prints what the replacement would change, and no file of the store changes."""
    doc = tmp_path / "quarry.txt"
    doc.write_text(FIRST, encoding="utf-8")
    store = str(tiny_store)
    assert invoke("add", str(doc), "--accept", "all", "--store", store).exit_code == 0
    doc.write_text(SECOND, encoding="utf-8")
    files = {p: p.read_bytes() for p in tiny_store.rglob("*") if p.is_file()}
    result = invoke("add", str(doc), "--replace", "--accept", "all", "--dry-run", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("replace source quarry.txt: 2 claims kept, 1 removed, 1 new")
    assert "Dry run: nothing was written." in result.stderr
    assert {p: p.read_bytes() for p in tiny_store.rglob("*") if p.is_file()} == files


def test_replacing_with_the_same_document_and_details_changes_nothing(tiny_store: Path) -> None:
    """Replacing a document by itself says there is nothing to change."""
    store = str(tiny_store)
    assert invoke("add", str(PAGE), "--accept", "all", "--store", store).exit_code == 0
    result = invoke("add", str(PAGE), "--replace", "--accept", "all", "--store", store)
    assert result.exit_code == 0, result.output
    assert "Nothing to change." in result.stderr


def test_dry_run_without_replace_is_a_usage_error(tiny_store: Path) -> None:
    """`add --dry-run` without --replace is refused in one sentence."""
    result = invoke("add", str(PAGE), "--accept", "all", "--dry-run", "--store", str(tiny_store))
    assert result.exit_code == 2
    assert "--dry-run goes with --replace" in result.stderr


def test_replace_over_a_folder_replaces_and_adds_in_one_change(tiny_store: Path, tmp_path: Path) -> None:
    """A folder with --replace replaces the changed document the store has and adds the new one."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quarry.txt").write_text(FIRST, encoding="utf-8")
    store = str(tiny_store)
    assert invoke("add", str(folder / "quarry.txt"), "--accept", "all", "--store", store).exit_code == 0
    (folder / "quarry.txt").write_text(SECOND, encoding="utf-8")
    (folder / "other.txt").write_text(SECOND.replace("Quarry road", "Mill road"), encoding="utf-8")
    result = invoke("add", str(folder), "--replace", "--accept", "all", "--jobs", "1", "--store", store)
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.stderr
    assert any("detour" in c["text"] for c in claims_of(tiny_store, "quarry.txt").values())
    assert claims_of(tiny_store, "other.txt")
    assert list(find_problems(StorePaths(tiny_store))) == []
