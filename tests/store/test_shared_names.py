"""Names and aliases are labels, not keys: they never block an add; a bad document never blocks a batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.ingest import read_document
from facts.ingest.intake import add_document, propose
from facts.store.lifecycle import init_store
from facts.store.paths import StorePaths
from facts.store.reader import find_problems, read_manifest

runner = CliRunner()

STATEMENT = (
    "Pier closes\n\nMarch 3, 2025\n\n"
    "\u201cThe pier will stay closed until repairs are done,\u201d the statement said.\n"
)


def article(number: int) -> str:
    """Return a small article of our own that names generic speakers ("Residents", "the statement")."""
    return (
        f"Harbour works in town {number}\n\nMarch {number}, 2025\n\n"
        f"The harbour in town {number} will close for repairs, the council said on Monday.\n\n"
        f'"We cannot wait any longer," said Mara Quill, the harbour master.\n\n'
        f"Residents said the closure would hurt the fishing trade in town {number}.\n\n"
        f'"The pier will stay closed until repairs are done," the statement said.\n'
    )


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def valid(store: Path) -> bool:
    return list(find_problems(StorePaths(store))) == []


def test_an_alias_another_speaker_has_never_blocks_an_add(tiny_store: Path, tmp_path: Path) -> None:
    """A document whose speaker goes by an alias the store's speakers use ("the statement") is added."""
    data = json.loads((tiny_store / "store.json").read_text("utf-8"))
    data["speakers"][1]["aliases"] += ["the statement", "both countries"]
    (tiny_store / "store.json").write_text(json.dumps(data, indent=2), "utf-8")
    for number in (1, 2, 3):
        path = tmp_path / f"s{number}.txt"
        path.write_text(STATEMENT.replace("Pier", f"Pier {number}"), "utf-8")
        result = run("add", str(path), "--accept", "all", "--store", str(tiny_store))
        assert result.exit_code == 0, result.output
    speakers = read_manifest(StorePaths(tiny_store)).speakers
    assert sum(1 for s in speakers if "the statement" in (s.name, *s.aliases)) == 4
    assert valid(tiny_store)


def test_one_bad_document_of_a_batch_is_named_and_skipped(tiny_store: Path, tmp_path: Path) -> None:
    """A candidates file of two documents, one with a claim dated after publication: the other is added."""
    for number in (1, 2):
        (tmp_path / f"a{number}.txt").write_text(article(number), "utf-8")
    extracted = run("extract", str(tmp_path / "a1.txt"), str(tmp_path / "a2.txt"), "--json")
    assert extracted.exit_code == 0, extracted.output
    candidates = json.loads(extracted.stdout)
    bad = next(c for c in candidates if c["source"]["file"] == "a2.txt")
    bad["date"] = "2025-12-01"
    (tmp_path / "candidates.json").write_text(json.dumps(candidates), "utf-8")
    result = run("add", "--from", str(tmp_path / "candidates.json"), "--store", str(tiny_store))
    assert result.exit_code == 1, result.output
    assert "Skipped" in result.stderr and "a2.txt" in result.stderr and "after its source" in result.stderr
    assert "Added 1 document" in result.stderr
    sources = {s.file for s in read_manifest(StorePaths(tiny_store)).sources}
    assert "a1.txt" in sources and "a2.txt" not in sources
    assert valid(tiny_store)


def test_speakers_added_since_the_proposal_are_matched_under_the_lock(tmp_path: Path) -> None:
    """A document proposed before another writer added "Mara Quill" gives "Quill"'s claim to her."""
    from facts.ingest.intake import speaker_ids

    paths = init_store(tmp_path / "store")
    late = tmp_path / "quay.txt"
    late.write_text('Quay report\n\nMarch 9, 2025\n\n"The quay is safe," Quill said on Tuesday.\n', "utf-8")
    document = read_document(late)
    before = speaker_ids(paths)
    extraction = propose(paths, document)
    assert [c["speaker"]["id"] for c in extraction.claims] == ["quill"]
    first = tmp_path / "harbour.txt"
    first.write_text(article(1), "utf-8")
    assert run("add", str(first), "--accept", "all", "--store", str(paths.root)).exit_code == 0
    add_document(paths, document, extraction.claims, list(extraction.new_speakers), planned_with=before)
    quay = [json.loads(line) for line in paths.claims.read_text("utf-8").splitlines() if "quay" in line]
    assert [c["speaker"] for c in quay] == ["mara-quill"]
    assert "quill" not in {s.id for s in read_manifest(paths).speakers}
    assert valid(paths.root)


def test_five_adds_started_at_once_into_a_new_store_all_succeed(tmp_path: Path) -> None:
    """Five `facts add` processes of different articles, started together, all add theirs."""
    store = tmp_path / "store"
    init_store(store)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    processes = []
    for number in range(1, 6):
        path = tmp_path / f"article{number}.txt"
        path.write_text(article(number), "utf-8")
        command = [sys.executable, "-m", "facts", "add", str(path), "--accept", "all", "--store", str(store)]
        processes.append(subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True))
    errors = []
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        if process.returncode != 0:
            errors.append(stderr)
    assert errors == []
    assert len(read_manifest(StorePaths(store)).sources) == 5
    assert valid(store)


def test_a_batch_matches_speakers_added_since_it_was_planned(tmp_path: Path) -> None:
    """A batch planned before another writer added "Mara Quill" gives "Quill"'s claim to her."""
    from facts.ingest.batch import write_batch
    from facts.ingest.planning import Accepted, plan_batch
    from facts.store.manifest import read_view

    paths = init_store(tmp_path / "store")
    late = tmp_path / "quay.txt"
    late.write_text('Quay report\n\nMarch 9, 2025\n\n"The quay is safe," Quill said on Tuesday.\n', "utf-8")
    document = read_document(late)
    extraction = propose(paths, document)
    accepted = Accepted(str(late), document, extraction.claims, list(extraction.new_speakers))
    plan = plan_batch(read_view(paths), [accepted])
    first = tmp_path / "harbour.txt"
    first.write_text(article(1), "utf-8")
    assert run("add", str(first), "--accept", "all", "--store", str(paths.root)).exit_code == 0
    write_batch(paths, plan)
    quay = [json.loads(line) for line in paths.claims.read_text("utf-8").splitlines() if "quay" in line]
    assert [c["speaker"] for c in quay] == ["mara-quill"]
    assert valid(paths.root)
