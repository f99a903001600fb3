"""Tests of `facts extract` and `facts add` through the CLI: proposals, review, safe additions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.store.paths import bundled_store

ARTICLES = Path(__file__).parents[1] / "data" / "articles"
ARTICLE = ARTICLES / "ferry-fire.txt"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def claims_in(store: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """Return a copy of a constructed article in a folder of its own."""
    target = tmp_path / "in" / "ferry-fire.txt"
    target.parent.mkdir()
    shutil.copy(ARTICLE, target)
    return target


def test_extract_prints_the_claim_contract(tiny_store: Path, article: Path) -> None:
    """`facts extract --json` prints claims in the shape `facts search --json` prints, and writes nothing."""
    before = (tiny_store / "claims.jsonl").read_bytes()
    result = run("extract", str(article), "--published", "2022-08-18", "--store", str(tiny_store), "--json")
    assert result.exit_code == 0, result.output
    proposed = json.loads(result.stdout)
    searched = json.loads(run("list", "--store", str(tiny_store), "--json", "--limit", "1").stdout)[0]
    # Only stored claims have other reports: reported_by and conflicts describe the store's statements.
    stored_only = ("reported_by", "conflicts")
    assert {tuple(c) for c in proposed} == {tuple(k for k in searched if k not in stored_only)}
    assert all(k in searched for k in stored_only)
    assert {tuple(c["speaker"]) for c in proposed} == {tuple(searched["speaker"])}
    assert {tuple(c["source"]) for c in proposed} == {tuple(searched["source"])}
    assert ("Lena Fischer", "Harbor Master") in {
        (c["speaker"]["name"], c["speaker"]["role"]) for c in proposed
    }
    assert "11 claims proposed from ferry-fire.txt" in result.stderr
    assert (tiny_store / "claims.jsonl").read_bytes() == before


def test_extract_jsonl_and_table(tiny_store: Path, article: Path) -> None:
    """--jsonl prints one claim per line; the table shows speakers and text."""
    lines = run("extract", str(article), "--published", "2022-08-18", "--store", str(tiny_store), "--jsonl")
    assert [json.loads(line)["kind"] for line in lines.stdout.splitlines()][:3] == [
        "reported",
        "reported",
        "quote",
    ]
    table = run(
        "extract", str(article), "--published", "2022-08-18", "--store", str(tiny_store), "-f", "table"
    )
    assert table.exit_code == 0 and "Fischer" in table.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["extract", "missing.txt", "--published", "2024-01-01"], 1, "no such file"),
        (["extract", "{article}", "--published", "yesterday"], 2, "--published takes a date"),
        (["extract", "{empty}"], 1, "is empty"),
        (["extract", "{binary}"], 1, "binary.txt is not text"),
        (["add", "{undated}", "--accept", "all"], 1, "--published"),
        (["extract", "{article}", "--json", "--jsonl", "--published", "2024-01-01"], 2, "--jsonl"),
        (["add", "{article}"], 2, "--accept"),
        (["add"], 2, "Give a FILE"),
        (["add", "--from", "{article}"], 1, "not the JSON"),
    ],
)
def test_errors_are_one_sentence(
    tiny_store: Path, article: Path, args: list[str], code: int, words: str
) -> None:
    """Bad files, dates and option mixes exit 1 or 2 with one line on stderr and no traceback."""
    folder = article.parent
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    (folder / "undated.txt").write_text("Ana said that it rained all week.\n", encoding="utf-8")
    files = {"article": article, "empty": folder / "empty.txt", "binary": folder / "binary.txt"}
    files["undated"] = folder / "undated.txt"
    argv = [a.format(**files) for a in args] + ["--store", str(tiny_store)]
    result = run(*argv)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert "Traceback" not in result.stderr


def test_add_makes_claims_searchable_and_valid(tiny_store: Path, article: Path) -> None:
    """After `facts add --accept all`, search and by-speaker find the new claims and validate passes."""
    result = run(
        "add", str(article), "--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store)
    )
    assert result.exit_code == 0, result.output
    assert "Added 11 claims and 6 new speakers from ferry-fire.txt" in result.stderr
    assert (tiny_store / "sources" / "ferry-fire.txt").read_bytes() == ARTICLE.read_bytes()
    found = json.loads(run("search", "extinguishers", "--store", str(tiny_store), "--json").stdout)
    assert [c["speaker"]["name"] for c in found] == ["Lena Fischer"]
    by_speaker = json.loads(run("by-speaker", "Fischer", "--store", str(tiny_store), "--json").stdout)
    assert len(by_speaker) == 6
    assert {c["source"]["published"] for c in by_speaker} == {"2022-08-18"}
    assert run("validate", "--store", str(tiny_store)).exit_code == 0


def test_adding_twice_adds_nothing(tiny_store: Path, article: Path) -> None:
    """The same document added again (even under another name) leaves the store byte for byte the same."""
    args = ["--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store)]
    assert run("add", str(article), *args).exit_code == 0
    files = {p.name: p.read_bytes() for p in tiny_store.rglob("*") if p.is_file()}
    again = run("add", str(article), *args)
    assert again.exit_code == 0 and "Nothing new" in again.stderr
    renamed = article.with_name("copy.txt")
    shutil.copy(article, renamed)
    assert "Nothing new" in run("add", str(renamed), *args).stderr
    assert {p.name: p.read_bytes() for p in tiny_store.rglob("*") if p.is_file()} == files


def test_add_from_reviewed_candidates(tiny_store: Path, article: Path) -> None:
    """`facts add --from` adds exactly the claims left in a reviewed file, with the speakers chosen there."""
    extracted = run(
        "extract", str(article), "--published", "2022-08-18", "--store", str(tiny_store), "--json"
    )
    proposed = json.loads(extracted.stdout)
    kept = [c for c in proposed if c["speaker"]["name"] == "Lena Fischer"][:2]
    kept[1]["speaker"] = {
        "id": "ana-perez",
        "name": "Ana Pérez",
        "kind": "person",
        "role": None,
        "organization": None,
    }
    candidates = article.parent / "candidates.json"
    candidates.write_text(json.dumps(kept), encoding="utf-8")
    result = run("add", "--from", str(candidates), "--store", str(tiny_store))
    assert result.exit_code == 0, result.output
    added = [c for c in claims_in(tiny_store) if c["source"] == "ferry-fire.txt"]
    assert [(c["text"], c["speaker"]) for c in added] == [
        (kept[0]["text"], kept[0]["speaker"]["id"]),
        (kept[1]["text"], "ana-perez"),
    ]
    assert run("validate", "--store", str(tiny_store)).exit_code == 0


def test_add_refuses_candidates_that_do_not_match_the_source(tiny_store: Path, article: Path) -> None:
    """A candidate whose text is not its span's slice is refused, and the store is not changed."""
    proposed = json.loads(
        run("extract", str(article), "--published", "2022-08-18", "--store", str(tiny_store), "--json").stdout
    )
    proposed[0]["text"] = proposed[0]["text"].upper()
    candidates = article.parent / "candidates.json"
    candidates.write_text(json.dumps(proposed), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tiny_store.rglob("*") if p.is_file()}
    result = run("add", "--from", str(candidates), "--store", str(tiny_store))
    assert result.exit_code == 1 and "does not match its source" in result.stderr
    assert {p.name: p.read_bytes() for p in tiny_store.rglob("*") if p.is_file()} == before


def test_add_refuses_a_different_document_with_the_same_name(tiny_store: Path, tmp_path: Path) -> None:
    """A new document named like one in the store is refused with a hint to rename it."""
    clash = tmp_path / "harbor.txt"
    clash.write_text("Ana Pérez said that the harbor is closed for good.\n", encoding="utf-8")
    result = run(
        "add", str(clash), "--published", "2025-04-01", "--accept", "all", "--store", str(tiny_store)
    )
    assert result.exit_code == 1 and "different document named harbor.txt" in result.stderr


def test_interactive_review(tiny_store: Path, article: Path) -> None:
    """--accept interactive asks about each claim: yes, no, then quit adds only the first."""
    args = ["--published", "2022-08-18", "--accept", "interactive", "--store", str(tiny_store)]
    result = run("add", str(article), *args, stdin="y\nn\nmaybe\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1/11]" in result.stderr and "[3/11]" in result.stderr and "[4/11]" not in result.stderr
    added = [c for c in claims_in(tiny_store) if c["source"] == "ferry-fire.txt"]
    assert [c["text"] for c in added] == [
        "The Port of Brennan suspended its passenger ferry service on Wednesday after a small engine fire "
        "forced one of its boats back to the dock"
    ]


def test_add_without_store_writes_the_users_store(article: Path, tmp_path: Path, monkeypatch: Any) -> None:
    """Without --store, add makes the user's store, empty, then adds; the bundled store is untouched."""
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    bundled = (bundled_store() / "claims.jsonl").read_bytes()
    result = run("add", str(article), "--published", "2022-08-18", "--accept", "all")
    assert result.exit_code == 0, result.output
    assert "Created your store" in result.stderr and "--store demo" in result.stderr
    assert (bundled_store() / "claims.jsonl").read_bytes() == bundled
    listed = json.loads(run("list", "--json", "--limit", "0").stdout)
    assert len(listed) == 11 and {c["source"]["file"] for c in listed} == {"ferry-fire.txt"}
    assert len(json.loads(run("by-speaker", "Singh", "--json", "--store", "demo").stdout)) >= 6
    assert (data / "facts" / "store" / "sources" / "ferry-fire.txt").is_file()


def test_a_killed_first_copy_is_cleaned_up_on_the_next_add(
    article: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    """The folder of a first-use copy killed halfway is removed by the next add, which makes the store."""
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    leftover = data / "facts" / ".store.new-k1ll3d"
    (leftover / "sources").mkdir(parents=True)
    (leftover / "claims.jsonl").write_text('{"id": "half', encoding="utf-8")
    result = run("add", str(article), "--published", "2022-08-18", "--accept", "all")
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    assert sorted(p.name for p in (data / "facts").iterdir() if p.is_dir()) == ["store"]


def test_a_copy_under_way_is_left_alone(tmp_path: Path, monkeypatch: Any) -> None:
    """While another process copies the bundled store (holding its folder's lock shared), its copy stays."""
    import fcntl

    from facts.ingest.intake import writable_store

    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    copying = data / "facts" / ".store.new-busy"
    copying.mkdir(parents=True)
    held = os.open(data / "facts", os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_SH)
        writable_store(None)
        assert copying.is_dir()
    finally:
        os.close(held)
    writable_store(None)
    assert not copying.exists()
