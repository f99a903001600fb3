"""Nothing outside the store is read or written: not through a candidates file, a symlink or a lock file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

ARTICLE = Path(__file__).parents[1] / "data" / "articles" / "ferry-fire.txt"
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (not following symlinks) with its bytes, to compare before and after."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def one_sentence(result: Any) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output


def refused_with_symlink(result: Any) -> None:
    one_sentence(result)
    assert "symbolic link" in result.stderr


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A private file outside every store and candidates folder, whose first words match a claim."""
    target = tmp_path / "private" / "secret.txt"
    target.parent.mkdir()
    shutil.copy(ARTICLE, target)
    return target


def candidates_naming(claims: list[dict[str, Any]], tmp_path: Path, file: str) -> Path:
    """The extracted candidates, edited so their source.file is `file`, without the article beside them."""
    folder = tmp_path / "in"
    (folder / "ferry-fire.txt").unlink()
    for claim in claims:
        claim["source"]["file"] = file
    candidates = folder / "candidates.json"
    candidates.write_text(json.dumps(claims), encoding="utf-8")
    return candidates


@pytest.mark.parametrize("kind", ["absolute", "parent", "nested"])
def test_a_candidates_file_cannot_name_a_file_outside_its_folder(
    tiny_store: Path, tmp_path: Path, secret: Path, kind: str, ferry_candidates: list[dict[str, Any]]
) -> None:
    """source.file as an absolute path, `../…` or `a/b` is refused; nothing is copied into the store."""
    name = {
        "absolute": str(secret),
        "parent": "../private/secret.txt",
        "nested": "../shared/../private/secret.txt",
    }[kind]
    candidates = candidates_naming(ferry_candidates, tmp_path, name)
    before = files_of(tiny_store)
    result = run("add", "--from", str(candidates), "--store", str(tiny_store))
    one_sentence(result)
    assert "not a file name beside it" in result.stderr
    assert files_of(tiny_store) == before


def test_a_candidates_source_that_is_a_symlink_is_refused(
    tiny_store: Path, tmp_path: Path, secret: Path, ferry_candidates: list[dict[str, Any]]
) -> None:
    """A file beside the candidates that is a symlink to a file elsewhere is not followed."""
    candidates = candidates_naming(ferry_candidates, tmp_path, "ferry-fire.txt")
    (candidates.parent / "ferry-fire.txt").symlink_to(secret)
    before = files_of(tiny_store)
    result = run("add", "--from", str(candidates), "--store", str(tiny_store))
    one_sentence(result)
    assert "symbolic link" in result.stderr
    assert files_of(tiny_store) == before


def test_a_document_the_user_names_may_be_a_symlink(tiny_store: Path, tmp_path: Path, secret: Path) -> None:
    """FILE given on the command line is the user's choice: a symlink to it is read as the file."""
    link = tmp_path / "ferry-fire.txt"
    link.symlink_to(secret)
    result = run("add", str(link), "--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store))
    assert result.exit_code == 0, result.output
    stored = tiny_store / "sources" / "ferry-fire.txt"
    assert not stored.is_symlink() and stored.read_bytes() == secret.read_bytes()


def test_a_store_whose_sources_folder_is_a_symlink_is_not_written(tiny_store: Path, tmp_path: Path) -> None:
    """New documents are never written through a sources/ that points at another folder."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(tiny_store / "sources", elsewhere)
    (tiny_store / "sources").symlink_to(elsewhere)
    before = files_of(elsewhere)
    refused_with_symlink(
        run("add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store))
    )
    assert files_of(elsewhere) == before
    one_sentence(run("list", "--store", str(tiny_store)))


def _link_source_to(tiny_store: Path, target: Path) -> str:
    """Replace the store's first source by a symlink to target, with target's hash in store.json."""
    manifest = json.loads((tiny_store / "store.json").read_text(encoding="utf-8"))
    source = manifest["sources"][0]
    (tiny_store / "sources" / source["file"]).unlink()
    (tiny_store / "sources" / source["file"]).symlink_to(target)
    source["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    (tiny_store / "store.json").write_text(json.dumps(manifest), encoding="utf-8")
    return str(source["file"])


def test_a_source_that_is_a_symlink_fails_validation_and_is_not_shown(
    tiny_store: Path, tmp_path: Path
) -> None:
    """A source file linked to a file outside the store (hash and all) is a problem, and never printed."""
    original = tiny_store / "sources" / "harbor.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(original.read_bytes().replace(b"Harbor Bridge", b"PRIVATE TEXT!"))
    claim_id = json.loads((tiny_store / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])["id"]
    file = _link_source_to(tiny_store, outside)
    checked = run("validate", "--store", str(tiny_store))
    assert checked.exit_code == 1
    assert f"sources/{file}" in checked.stdout and "symbolic link" in checked.stdout
    shown = run("show", claim_id, "--store", str(tiny_store))
    one_sentence(shown)
    assert "PRIVATE" not in shown.output


def test_store_files_that_are_symlinks_are_refused(tiny_store: Path, tmp_path: Path) -> None:
    """store.json or claims.jsonl linked to a file elsewhere: one sentence, nothing read through it."""
    for name in ("store.json", "claims.jsonl"):
        store = tmp_path / f"store-{name}"
        shutil.copytree(tiny_store, store)
        shutil.move(store / name, tmp_path / f"moved-{name}")
        (store / name).symlink_to(tmp_path / f"moved-{name}")
        result = run("list", "--store", str(store))
        one_sentence(result)
        assert "symbolic link" in result.stderr


def test_a_lock_file_that_is_a_symlink_creates_nothing(tiny_store: Path, tmp_path: Path) -> None:
    """A dangling symlink as the store's lock file is refused, and no file appears where it points."""
    pointed = tmp_path / "victim" / "created-by-facts"
    pointed.parent.mkdir()
    (tiny_store / ".store.lock").symlink_to(pointed)
    before = files_of(tiny_store)
    refused_with_symlink(
        run("add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store))
    )
    assert not os.path.lexists(pointed)
    assert files_of(tiny_store) == before


def test_a_source_name_with_a_nul_byte_is_a_validation_problem(tiny_store: Path) -> None:
    """A store naming its source `a\\0b` (or `..`) gets problems from validate and one sentence elsewhere."""
    manifest = json.loads((tiny_store / "store.json").read_text(encoding="utf-8"))
    for bad in ("harbor\x00.txt", ".."):
        manifest["sources"][0]["file"] = bad
        (tiny_store / "store.json").write_text(json.dumps(manifest), encoding="utf-8")
        checked = run("validate", "--store", str(tiny_store))
        assert checked.exit_code == 1 and "sources[0].file" in checked.stdout, checked.output
        one_sentence(run("list", "--store", str(tiny_store)))


def test_an_index_lock_that_is_a_symlink_creates_nothing(tiny_store: Path, tmp_path: Path) -> None:
    """A symlink as the index cache's lock is not followed: the query runs on an index in memory."""
    from facts.search.index import index_path
    from facts.store.paths import resolve_store

    lock = index_path(resolve_store(tiny_store)).with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    pointed = tmp_path / "victim" / "created-by-facts"
    pointed.parent.mkdir()
    lock.symlink_to(pointed)
    result = run("list", "--store", str(tiny_store), "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") >= 3
    assert not os.path.lexists(pointed)
