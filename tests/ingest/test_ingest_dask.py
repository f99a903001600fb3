"""Tests of extracting a folder on a local Dask cluster into candidates that `facts add --from` takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

pytest.importorskip("distributed", reason="the Dask path needs the optional extra: pip install 'facts[dask]'")

runner = CliRunner()


def write_articles(folder: Path, count: int) -> None:
    """Write small dated articles, each with a quotation and a reported claim."""
    folder.mkdir()
    for number in range(count):
        (folder / f"harbour-{number:02d}.txt").write_text(
            f"Harbour report number {number}\n\n"
            f"PORTLAND, April {number % 28 + 1}, 2024 - The harbour board met on Monday.\n\n"
            f"\u201cWe moved {number} ships this week,\u201d said Harbour Master Olu Bakare.\n\n"
            "Dock workers said that the cranes would be replaced next year.\n",
            encoding="utf-8",
        )


def extract(folder: Path, store: Path, *extra: str) -> Any:
    return runner.invoke(app, ["extract", str(folder), "--jsonl", "--store", str(store), *extra])


@pytest.mark.slow  # starts a two-worker cluster
def test_a_folder_extracted_on_dask_matches_local_extraction_and_adds(
    tiny_store: Path, tmp_path: Path
) -> None:
    """Two local Dask workers propose what one process does, and the JSON Lines file adds whole."""
    folder = tmp_path / "archive"
    write_articles(folder, 40)
    (folder / "broken.txt").write_bytes(b"\x00\x01 not text \x00")
    on_dask = extract(folder, tiny_store, "--dask-scheduler", "local", "--jobs", "2")
    assert on_dask.exit_code == 1, on_dask.output  # the broken file is reported, the rest proposed
    assert "Skipped " in on_dask.stderr and "broken.txt is not text" in on_dask.stderr
    here = extract(folder, tiny_store, "--jobs", "1")
    assert on_dask.stdout == here.stdout
    claims = [json.loads(line) for line in on_dask.stdout.splitlines()]
    assert len({c["source"]["file"] for c in claims}) == 40
    candidates = folder / "candidates.jsonl"
    candidates.write_text(on_dask.stdout, encoding="utf-8")
    added = runner.invoke(app, ["add", "--from", str(candidates), "--store", str(tiny_store)])
    assert added.exit_code == 0, added.output
    assert added.stderr.startswith("Added 40 documents (")
    stored = {
        json.loads(line)["id"] for line in (tiny_store / "claims.jsonl").read_text("utf-8").splitlines()
    }
    assert {c["id"] for c in claims} <= stored
    assert runner.invoke(app, ["validate", "--store", str(tiny_store)]).exit_code == 0


@pytest.mark.slow  # starts a two-worker cluster
def test_the_api_extracts_twice_on_one_client(tmp_path: Path) -> None:
    """Two runs on the same cluster each get their own copy of the store's speakers, and both finish."""
    from facts.ingest.batch import Known, find_documents
    from facts.ingest.cluster import connect, extract_on_dask

    folder = tmp_path / "archive"
    write_articles(folder, 6)
    paths = find_documents([folder])
    client = connect("local", 1)
    try:
        first = [o.extraction for o in extract_on_dask(client, paths, Known())]
        second = [o.extraction for o in extract_on_dask(client, paths, Known())]
    finally:
        client.close()
        client.cluster.close()
    assert first == second and all(e is not None and e.claims for e in first)
