"""Sources found by the name they were added under; a removal takes the original too; stray files reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.store.paths import StorePaths
from facts.store.reader import find_problems, read_manifest

PAGE = Path(__file__).parents[1] / "data" / "pages" / "ferry-page.html"
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def _store_with_page(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    assert run("init", str(store)).exit_code == 0
    shutil.copy(PAGE, tmp_path / "page.html")
    added = run("add", str(tmp_path / "page.html"), "--accept", "all", "--store", str(store))
    assert added.exit_code == 0, added.output
    assert [s.file for s in read_manifest(StorePaths(store)).sources] == ["page.html.txt"]
    return store


def test_a_page_is_removed_by_the_name_it_was_added_under(tmp_path: Path) -> None:
    """`facts remove --source page.html` removes page.html.txt, and its original in originals/ too."""
    store = _store_with_page(tmp_path)
    assert (store / "originals" / "page.html").is_file()
    result = run("remove", "--source", "page.html", "--yes", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert read_manifest(StorePaths(store)).sources == ()
    assert not (store / "sources" / "page.html.txt").exists()
    assert not (store / "originals" / "page.html").exists()
    assert list(find_problems(StorePaths(store))) == []


def test_validate_reports_files_no_source_lists(tmp_path: Path) -> None:
    """Files in sources/ or originals/ that no source lists are each reported, and validate exits 1."""
    store = _store_with_page(tmp_path)
    (store / "sources" / "stray.txt").write_text("left behind\n", "utf-8")
    (store / "originals" / "old.html").write_text("<p>left behind</p>\n", "utf-8")
    result = run("validate", "--store", str(store))
    assert result.exit_code == 1
    assert "sources/stray.txt: -: no source lists this file" in result.stdout
    assert "originals/old.html: -: no source lists this file" in result.stdout


def test_a_refused_edit_names_claims_jsonl_not_a_temporary_file(tiny_store: Path) -> None:
    """An edit that would date a claim after its source names claims.jsonl, never its temporary file."""
    claim = json.loads((tiny_store / "claims.jsonl").read_text("utf-8").splitlines()[0])["id"]
    result = run("edit", claim, "--date", "2030-01-01", "--yes", "--store", str(tiny_store))
    assert result.exit_code == 1
    assert "claims.jsonl: line 1" in result.stderr and ".tmp" not in result.stderr
