"""Stores of format 1 (everything in store.json) are read as they are and written in format 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from facts.cli.app import app
from facts.search.index import index_path, open_index
from facts.store.paths import StorePaths, bundled_store
from facts.store.reader import find_problems, read_manifest
from facts.store.transaction import begin, list_files, recover

runner = CliRunner()


def _old_store(tmp_path: Path) -> StorePaths:
    """A copy of the bundled store, which is of format 1."""
    shutil.copytree(bundled_store(), tmp_path / "old")
    paths = StorePaths(tmp_path / "old")
    assert json.loads(paths.manifest.read_text("utf-8"))["format"] == 1
    return paths


def _files(paths: StorePaths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths.root.iterdir() if p.is_file() and p.name != ".store.lock"}


def test_migrate_writes_the_same_records_in_format_2_and_keeps_the_index(tmp_path: Path) -> None:
    """`facts migrate` moves speakers and sources to their own files; records, claims and index stay."""
    paths = _old_store(tmp_path)
    before = read_manifest(paths)
    claims = paths.claims.read_bytes()
    open_index(paths).close()
    inode = index_path(paths).stat().st_ino
    result = runner.invoke(app, ["migrate", "--store", str(paths.root)])
    assert result.exit_code == 0, result.output
    assert "current format (2)" in result.stderr
    assert json.loads(paths.manifest.read_text("utf-8")) == {"format": 2}
    after = read_manifest(paths)
    assert after.format == 2
    assert (after.speakers, after.sources, after.retired_claims) == (
        before.speakers,
        before.sources,
        before.retired_claims,
    )
    assert len(paths.speakers_list.read_text("utf-8").splitlines()) == len(before.speakers)
    assert paths.claims.read_bytes() == claims
    assert list(find_problems(paths)) == []
    open_index(paths).close()
    assert index_path(paths).stat().st_ino == inode  # restamped, not rebuilt
    again = runner.invoke(app, ["migrate", "--store", str(paths.root)])
    assert again.exit_code == 0 and "nothing to do" in again.stderr


def test_migrate_refuses_the_demo_store() -> None:
    """The demo store is read-only: migrate says so in one sentence, exit 1."""
    result = runner.invoke(app, ["migrate", "--store", "demo"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The demo store is read-only")


def test_facts_store_says_a_store_is_of_the_older_format(tmp_path: Path) -> None:
    """`facts store` names an older format and how it is written anew; --json carries the format."""
    paths = _old_store(tmp_path)
    text = runner.invoke(app, ["store", "--store", str(paths.root)]).stdout
    assert "format:   1, older than this facts' 2" in text
    info = json.loads(runner.invoke(app, ["store", "--json", "--store", str(paths.root)]).stdout)
    assert info["format"] == 1
    assert (
        "format:" not in runner.invoke(app, ["store", "--store", "demo"]).stdout
    )  # read-only: nothing to do


def test_a_migration_killed_half_way_leaves_the_old_store(tmp_path: Path) -> None:
    """Killed after writing speakers.jsonl and before its commit, a migration is undone to format 1."""
    from facts.store.writer import record_line, replace_file

    paths = _old_store(tmp_path)
    before = _files(paths)
    begin(paths, [], rewritten=list_files(paths)[:3])
    replace_file(paths.speakers_list, map(record_line, read_manifest(paths).speakers))
    replace_file(paths.manifest, [b'{"format": 2}\n'])
    assert recover(paths)
    assert _files(paths) == before


def test_a_journal_of_the_previous_version_is_undone(tmp_path: Path) -> None:
    """A journal naming only claims.jsonl's length, as the previous version wrote, is undone."""
    paths = _old_store(tmp_path)
    before = _files(paths)
    size = paths.claims.stat().st_size
    (paths.root / ".store.json.old").write_bytes(paths.manifest.read_bytes())
    journal = {"claims_size": size, "new_sources": [], "kept_sources": [], "kept_originals": []}
    (paths.root / ".store.journal").write_text(json.dumps(journal), "utf-8")
    with paths.claims.open("ab") as handle:
        handle.write(b'{"half": ')
    paths.manifest.write_text('{"format": 1, "speakers": [], "sources": []}\n', "utf-8")
    assert recover(paths)
    assert _files(paths) == before


def test_a_bad_line_of_sources_jsonl_is_named_with_its_line(tmp_path: Path) -> None:
    """`facts validate` names sources.jsonl and the line of a record that is not valid."""
    paths = _old_store(tmp_path)
    assert runner.invoke(app, ["migrate", "--store", str(paths.root)]).exit_code == 0
    lines = paths.sources_list.read_text("utf-8").splitlines()
    record = json.loads(lines[1])
    record["sha256"] = "not a digest"
    lines[1] = json.dumps(record)
    paths.sources_list.write_text("\n".join(lines) + "\n", "utf-8")
    result = runner.invoke(app, ["validate", "--store", str(paths.root)])
    assert result.exit_code == 1
    assert result.stdout.startswith("sources.jsonl: line 2: sha256:"), result.stdout


def test_stream_store_gives_the_sources_a_full_read_gives(tmp_path: Path) -> None:
    """A store's sources streamed one by one are those read_manifest lists, in order, in both formats."""
    from facts.store.reader import stream_store

    paths = _old_store(tmp_path)
    whole = read_manifest(paths)
    for _ in range(2):  # format 1, then format 2
        streamed = stream_store(paths)
        assert streamed.manifest.speakers == whole.speakers and streamed.manifest.sources == ()
        assert tuple(streamed.sources) == whole.sources
        assert runner.invoke(app, ["migrate", "--store", str(paths.root)]).exit_code == 0


def test_stream_store_stops_at_a_repeated_source(tmp_path: Path) -> None:
    """A source listed twice in sources.jsonl stops the stream with one sentence naming the line."""
    import pytest

    from facts.errors import StoreError
    from facts.store.reader import stream_store

    paths = _old_store(tmp_path)
    assert runner.invoke(app, ["migrate", "--store", str(paths.root)]).exit_code == 0
    lines = paths.sources_list.read_text("utf-8").splitlines()
    paths.sources_list.write_text("\n".join([*lines, lines[0]]) + "\n", "utf-8")
    with pytest.raises(StoreError, match=f"sources.jsonl: line {len(lines) + 1}: duplicate source"):
        list(stream_store(paths).sources)


def test_a_reader_removes_the_half_written_journal_of_a_killed_addition(tmp_path: Path) -> None:
    """An addition killed while writing its journal (no kept copy yet) leaves nothing after a reader."""
    paths = _old_store(tmp_path)
    assert runner.invoke(app, ["migrate", "--store", str(paths.root)]).exit_code == 0
    before = _files(paths)
    (paths.root / "..store.journal.x1y2z3.tmp").write_text('{"sizes": {"claims.jsonl": 1', "utf-8")
    assert list(find_problems(paths)) == []
    assert _files(paths) == before
