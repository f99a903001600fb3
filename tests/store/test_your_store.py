"""Your store is yours: it starts empty, and the bundled demo store stays readable as `demo`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.store.paths import StorePaths, bundled_store, user_store
from facts.store.reader import find_problems, read_manifest

ARTICLE = Path(__file__).parents[1] / "data" / "articles" / "ferry-fire.txt"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env)


def test_init_without_a_path_makes_your_store_empty() -> None:
    """`facts init` makes your store with no claims, and commands read it from then on."""
    result = run("init")
    assert result.exit_code == 0, result.output
    assert "--store demo" in result.stderr
    manifest = read_manifest(StorePaths(user_store()))
    assert manifest.speakers == () and manifest.sources == ()
    info = json.loads(run("store", "--json").stdout)
    assert info["reason"].startswith("your store") and info["claims"] == 0
    assert run("init").exit_code == 1  # a second init refuses: it is already a store


def test_the_first_add_starts_an_empty_store_and_says_so(tmp_path: Path) -> None:
    """The first add makes your store without the demo claims and says where it is on stderr."""
    shutil.copy(ARTICLE, tmp_path / "ferry-fire.txt")
    result = run("add", str(tmp_path / "ferry-fire.txt"), "--published", "2022-08-18", "--accept", "all")
    assert result.exit_code == 0, result.output
    assert str(user_store()) in result.stderr and "demo store" in result.stderr
    sources = {s.file for s in read_manifest(StorePaths(user_store())).sources}
    assert sources == {"ferry-fire.txt"}
    assert list(find_problems(StorePaths(user_store()))) == []


def test_the_demo_store_is_read_by_name_and_never_written(tmp_path: Path) -> None:
    """`--store demo` and FACTS_STORE=demo read the bundled store; a write to it is refused."""
    run("init")
    assert json.loads(run("list", "--json").stdout) == []
    demo = json.loads(run("list", "--json", "--limit", "0", "--store", "demo").stdout)
    assert len(demo) == 28
    info = json.loads(run("store", "--json", env={"FACTS_STORE": "demo"}).stdout)
    assert info["path"] == str(bundled_store()) and info["reason"].startswith("the demo store")
    before = (bundled_store() / "store.json").read_bytes()
    shutil.copy(ARTICLE, tmp_path / "ferry-fire.txt")
    added = run("add", str(tmp_path / "ferry-fire.txt"), "--accept", "all", "--store", "demo")
    removed = run("remove", "003-singh-not-withdrawing", "--yes", "--store", "demo")
    for result in (added, removed):
        assert result.exit_code == 1 and "demo store is read-only" in result.stderr
    assert (bundled_store() / "store.json").read_bytes() == before


def test_a_folder_named_demo_is_reached_as_a_path(tmp_path: Path, monkeypatch: Any) -> None:
    """`--store ./demo` names a folder called demo here, not the demo store."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "./demo").exit_code == 0
    info = json.loads(run("store", "--json", "--store", "./demo").stdout)
    assert info["path"] == str((tmp_path / "demo").resolve()) and info["claims"] == 0
    assert json.loads(run("list", "--json", "--store", "./demo").stdout) == []


def test_an_existing_personal_store_copied_from_the_demo_keeps_working() -> None:
    """A store made by an older facts as a copy of the demo store is read and written as before."""
    shutil.copytree(bundled_store(), user_store(), ignore=shutil.ignore_patterns("schema"))
    info = json.loads(run("store", "--json").stdout)
    assert info["reason"].startswith("your store") and info["claims"] == 28
    result = run("remove", "003-singh-not-withdrawing", "--yes")
    assert result.exit_code == 0, result.output
    assert json.loads(run("store", "--json").stdout)["claims"] == 27
