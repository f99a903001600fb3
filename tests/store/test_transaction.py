"""Tests of adds as transactions: incremental, old-or-new under kills and faults, concurrent, fresh index."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.search.index import index_path, open_index
from facts.search.query import Filters, parse_search
from facts.store.paths import StorePaths
from facts.store.reader import find_problems
from facts.store.transaction import JOURNAL_NAME

ARTICLES = Path(__file__).parents[1] / "data" / "articles"
runner = CliRunner()
FACTS = [sys.executable, "-m", "facts"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a store by its path, except the lock file (which stays, empty, by design)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".store.lock"
    }


def add_cli(store: Path, article: Path, *more: str, env: dict[str, str] | None = None) -> list[str]:
    return [
        *FACTS,
        "add",
        str(article),
        "--published",
        "2025-03-01",
        "--accept",
        "all",
        "--store",
        str(store),
        *more,
    ]


def test_an_add_appends_and_updates_the_index_in_place(tiny_store: Path) -> None:
    """Adding keeps each list's bytes as a prefix and updates the cached index instead of rebuilding it."""
    from facts.search.upkeep import StoreCaches
    from facts.store.writer import migrate

    paths = StorePaths(tiny_store)
    assert migrate(paths, StoreCaches())
    open_index(paths).close()
    lists = {
        path: (path.read_bytes(), path.stat().st_ino) for path in (paths.speakers_list, paths.sources_list)
    }
    before = paths.claims.read_bytes()
    claims_inode = paths.claims.stat().st_ino
    index_inode = index_path(paths).stat().st_ino
    result = runner.invoke(
        app,
        ["add", str(ARTICLES / "ferry-fire.txt"), "--published", "2022-08-18", "--accept", "all"]
        + ["--store", str(tiny_store)],
    )
    assert result.exit_code == 0, result.output
    after = paths.claims.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert paths.claims.stat().st_ino == claims_inode  # appended, not replaced
    for path, (old, inode) in lists.items():
        assert path.read_bytes().startswith(old) and path.stat().st_size > len(old)
        assert path.stat().st_ino == inode
    index = open_index(paths)
    try:
        assert index_path(paths).stat().st_ino == index_inode  # updated, not rebuilt
        found = index.search(parse_search("ferry"), Filters(), None).claims
        assert found and all(c["source"]["file"] == "ferry-fire.txt" for c in found)
        counts = {s["file"]: s["claims"] for s in index.sources()}
        assert counts["ferry-fire.txt"] == len(after.splitlines()) - len(before.splitlines())
    finally:
        index.close()
    assert list(find_problems(paths)) == []


def test_a_claims_file_without_a_final_newline_can_be_added_to(tiny_store: Path) -> None:
    """A claims.jsonl whose last line has no newline gets one before the new claims."""
    claims = tiny_store / "claims.jsonl"
    claims.write_bytes(claims.read_bytes().rstrip(b"\n"))
    result = subprocess.run(add_cli(tiny_store, ARTICLES / "ferry-fire.txt"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list(find_problems(StorePaths(tiny_store))) == []


def test_a_refused_addition_changes_nothing(tiny_store: Path, tmp_path: Path) -> None:
    """Candidates dated after their source's publication are refused, and no file of the store changes."""
    candidates = tmp_path / "ferry-fire.json"
    shutil.copy(ARTICLES / "ferry-fire.txt", tmp_path / "ferry-fire.txt")
    made = runner.invoke(
        app,
        ["extract", str(tmp_path / "ferry-fire.txt"), "--published", "2022-08-18", "--json"]
        + ["--store", str(tiny_store)],
    )
    proposed = json.loads(made.stdout)
    proposed[-1]["date"] = "2022-09-30"  # after the source's publication
    candidates.write_text(json.dumps(proposed), encoding="utf-8")
    before = snapshot(tiny_store)
    result = subprocess.run(
        [*FACTS, "add", "--from", str(candidates), "--store", str(tiny_store)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "after its source was published" in result.stderr
    assert snapshot(tiny_store) == before


def test_a_full_disk_leaves_the_old_store(tiny_store: Path) -> None:
    """A write that fails (here a file-size limit, as a full disk does) rolls back and says so in one line."""
    open_index(StorePaths(tiny_store)).close()  # the index is fresh: only the store is written
    before = snapshot(tiny_store)
    limit = (tiny_store / "claims.jsonl").stat().st_size + 10

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        add_cli(tiny_store, ARTICLES / "ferry-fire.txt"),
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: Cannot write to the store")
    assert snapshot(tiny_store) == before


def _states_of(store: Path, article: Path, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The store before and after adding article, from a copy added to without interruption."""
    reference = tmp_path / "reference"
    shutil.copytree(store, reference)
    old = snapshot(reference)
    subprocess.run(add_cli(reference, article), check=True, capture_output=True)
    return old, snapshot(reference)


def _kill_at(command: list[str], store: Path, moment: float, in_transaction: bool) -> None:
    """Run command and SIGKILL it: after `moment` seconds, or `moment` seconds into its transaction."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if in_transaction:
        journal = store / JOURNAL_NAME
        deadline = time.monotonic() + 30
        while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
            pass
    time.sleep(moment)
    process.send_signal(signal.SIGKILL)
    process.wait()


KILLS = int(os.environ.get("FACTS_TEST_KILLS", "100"))


@pytest.mark.slow
@pytest.mark.parametrize("store_format", [1, 2])
def test_a_killed_add_leaves_the_old_store_or_the_new_one(tmp_path: Path, store_format: int) -> None:
    """SIGKILL at random moments of `facts add`: after recovery the store is exactly the old or the new one.

    Half the kills fall anywhere in the process; half just after its transaction begins, where a
    kill is most likely to leave a mix. Each run starts from the old store; the next reader (here
    validate) undoes a killed change and removes the leftovers. An add to a format 2 store
    appends to its lists; one to a format 1 store also writes it in format 2.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    seed = tmp_path / "seed"
    generate(2_000, seed, store_format=store_format)
    (seed / "claims-flat.jsonl").unlink()
    article = ARTICLES / "ferry-fire.txt"
    old, new = _states_of(seed, article, tmp_path)
    assert old != new
    timing = tmp_path / "timing"
    shutil.copytree(seed, timing)
    started = time.monotonic()
    subprocess.run(add_cli(timing, article), check=True, capture_output=True)
    whole = time.monotonic() - started
    rng = random.Random(11)
    seen = {"old": 0, "new": 0}
    store = tmp_path / "store"
    for kill in range(KILLS):
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(seed, store)
        in_transaction = kill % 2 == 1
        moment = rng.uniform(0, 0.05) if in_transaction else rng.uniform(0, 1.2 * whole)
        _kill_at(add_cli(store, article), store, moment, in_transaction)
        problems = list(find_problems(StorePaths(store)))
        assert problems == [], f"kill {kill} at {moment:.3f}s left {problems[0]}"
        state = snapshot(store)
        assert state in (old, new), f"kill {kill} at {moment:.3f}s left neither the old store nor the new"
        seen["old" if state == old else "new"] += 1
    # A later add finishes the job as if nothing had happened.
    finish = subprocess.run(add_cli(store, article), capture_output=True, text=True)
    assert finish.returncode == 0, finish.stderr
    assert snapshot(store) == new
    assert seen["old"] and seen["new"], seen


def test_concurrent_adds_lose_nothing(tiny_store: Path) -> None:
    """Three `facts add` processes at once: every article's claims are in the store and it validates."""
    articles = sorted(ARTICLES.glob("*.txt"))
    processes = [
        subprocess.Popen(add_cli(tiny_store, a), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for a in articles
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert list(find_problems(StorePaths(tiny_store))) == []
    index = open_index(StorePaths(tiny_store))
    try:
        counts = {s["file"]: s["claims"] for s in index.sources()}
    finally:
        index.close()
    assert all(counts[a.name] > 0 for a in articles)
    lines = (tiny_store / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(counts.values()) == len(lines)


def test_concurrent_first_adds_create_one_store(tmp_path: Path) -> None:
    """Several first adds at once to a user's store that does not exist yet all succeed."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    articles = sorted(ARTICLES.glob("*.txt"))
    processes = [
        subprocess.Popen(
            [*FACTS, "add", str(a), "--published", "2025-03-01", "--accept", "all"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a in articles * 2
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    store = tmp_path / "data" / "facts" / "store"
    assert list(find_problems(StorePaths(store))) == []
    assert [p.name for p in store.parent.iterdir()] == ["store"]  # no copies left behind


def _list_json(store: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["list", "--store", str(store), "--json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    parsed: list[dict[str, object]] = json.loads(result.stdout)
    return parsed


def test_an_edit_in_place_with_the_old_mtime_is_noticed(tiny_store: Path) -> None:
    """Editing claims.jsonl without changing its size, then restoring its mtime, still rebuilds the index."""
    claims = tiny_store / "claims.jsonl"
    first = _list_json(tiny_store)
    date = str(first[0]["date"])
    stat = claims.stat()
    data = claims.read_bytes()
    edited_date = date[:-1] + ("1" if date[-1] != "1" else "2")
    claims.write_bytes(data.replace(f'"date": "{date}"'.encode(), f'"date": "{edited_date}"'.encode(), 1))
    assert claims.stat().st_size == stat.st_size
    os.utime(claims, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # what `touch -r` does
    assert edited_date in {c["date"] for c in _list_json(tiny_store)}


def test_a_source_edited_in_place_with_the_old_mtime_is_never_shown(tiny_store: Path) -> None:
    """A source changed in place, same size and mtime, is noticed: the claims from it are not printed."""
    _list_json(tiny_store)
    source = next((tiny_store / "sources").iterdir())
    stat = source.stat()
    data = bytearray(source.read_bytes())
    data[0] = ord("X") if data[0] != ord("X") else ord("Y")
    source.write_bytes(bytes(data))
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = runner.invoke(app, ["list", "--store", str(tiny_store), "--json", "--limit", "0"])
    assert result.exit_code == 1
    assert "was changed" in result.stderr


def test_the_index_of_another_store_is_never_used(tiny_store: Path, tmp_path: Path) -> None:
    """An index file of store A put where store B's belongs is rebuilt from B."""
    other = tmp_path / "other"
    shutil.copytree(tiny_store, other)
    lines = (other / "claims.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (other / "claims.jsonl").write_text("".join(lines[:1]), encoding="utf-8")
    a, b = StorePaths(tiny_store), StorePaths(other)
    open_index(a).close()
    shutil.copy(index_path(a), index_path(b))
    assert len(_list_json(other)) == 1
    assert len(_list_json(tiny_store)) == len(lines)


def test_a_read_only_cache_folder_falls_back_to_memory(tiny_store: Path, tmp_path: Path) -> None:
    """With a cache folder that cannot be written, queries still answer (the index is built in memory)."""
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only folders")
    cache = tmp_path / "ro-cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        env = {**os.environ, "FACTS_CACHE_DIR": str(cache)}
        result = subprocess.run(
            [*FACTS, "list", "--store", str(tiny_store), "--json"], capture_output=True, text=True, env=env
        )
    finally:
        cache.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)


def test_a_lock_that_cannot_be_made_falls_back_to_memory(tiny_store: Path, tmp_path: Path) -> None:
    """A lock file that cannot be created (here a link into a missing folder) still lets queries answer."""
    lock = index_path(StorePaths(tiny_store)).with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.symlink_to(tmp_path / "missing" / "lock")
    result = runner.invoke(app, ["list", "--store", str(tiny_store), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


@pytest.mark.parametrize("which", ["index", "lock"])
def test_an_index_path_that_is_a_folder_gives_one_sentence(tiny_store: Path, which: str) -> None:
    """A folder where the index or its lock file belongs gives one sentence, not a traceback."""
    target = index_path(StorePaths(tiny_store))
    (target if which == "index" else target.with_suffix(".lock")).mkdir(parents=True)
    result = runner.invoke(app, ["list", "--store", str(tiny_store)])
    assert result.exit_code == 1
    assert "is a folder, not a file" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # the sentence and its hint


@pytest.mark.parametrize("retired", [False, True])
def test_the_lists_after_adds_are_what_a_full_write_writes(tiny_store: Path, retired: bool) -> None:
    """A format 1 store migrated by an add, then appended to by another, holds what writing it whole gives."""
    from facts.store.models import StoreManifest
    from facts.store.reader import read_manifest
    from facts.store.writer import header_bytes, record_line

    paths = StorePaths(tiny_store)
    assert json.loads(paths.manifest.read_text(encoding="utf-8"))["format"] == 1
    if retired:
        data = json.loads(paths.manifest.read_text(encoding="utf-8"))
        data["retired_claims"] = ["gone-claim"]
        data["retired_speakers"] = ["gone-speaker"]
        paths.manifest.write_text(json.dumps(StoreManifest.model_validate(data).model_dump(mode="json")))
    for article in ("ferry-fire.txt", "grain-quota.txt"):
        result = subprocess.run(add_cli(tiny_store, ARTICLES / article), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        manifest = read_manifest(paths)
        assert article in {s.file for s in manifest.sources}
        assert manifest.format == 2 and (manifest.retired_claims == ("gone-claim",)) == retired
        assert paths.manifest.read_bytes() == header_bytes(manifest)
        assert paths.speakers_list.read_bytes() == b"".join(map(record_line, manifest.speakers))
        assert paths.sources_list.read_bytes() == b"".join(map(record_line, manifest.sources))
        assert list(find_problems(paths)) == []


def test_an_interrupted_add_of_a_web_page_removes_its_original_too(tiny_store: Path) -> None:
    """A change killed after writing a page's original in originals/ is undone, original and all."""
    from facts.store.transaction import begin, recover

    paths = StorePaths(tiny_store)
    before = snapshot(tiny_store)
    begin(paths, ["page.html.txt"], ["page.html"])
    paths.originals_dir.mkdir(exist_ok=True)
    (paths.originals_dir / "page.html").write_bytes(b"<html>the page</html>")
    (paths.sources_dir / "page.html.txt").write_bytes(b"the page")
    assert recover(paths)
    assert not (paths.originals_dir / "page.html").exists()
    assert not (paths.sources_dir / "page.html.txt").exists()
    assert snapshot(tiny_store) == before


def _renamed_over(target: Path, data: bytes) -> None:
    temp = target.with_name(f".{target.name}.test.tmp")
    temp.write_bytes(data)
    os.replace(temp, target)


def test_an_interrupted_replacement_puts_back_the_files_it_overwrote(tiny_store: Path) -> None:
    """A change killed after overwriting a source and deleting an original is undone file by file."""
    from facts.store.transaction import KEPT_NAME, begin, list_files, recover

    paths = StorePaths(tiny_store)
    paths.originals_dir.mkdir()
    (paths.originals_dir / "old.html").write_bytes(b"<html>old</html>")
    source = next(paths.sources_dir.iterdir())
    before = snapshot(tiny_store)
    begin(
        paths,
        [source.name, "new.txt"],
        [],
        rewritten=list_files(paths),
        kept_sources=[source.name],
        kept_originals=["old.html"],
    )
    _renamed_over(source, b"overwritten")  # as the writers do: a new file renamed into place
    (paths.sources_dir / "new.txt").write_bytes(b"new")
    (paths.originals_dir / "old.html").unlink()
    _renamed_over(paths.claims, b"")
    assert recover(paths)
    assert snapshot(tiny_store) == before
    assert not (tiny_store / KEPT_NAME).exists()


def test_a_recovery_killed_half_way_is_finished_by_the_next(tiny_store: Path) -> None:
    """Recovery is idempotent: a kept file already put back stays, and nothing is deleted twice."""
    from facts.store.transaction import KEPT_NAME, begin, list_files, recover

    paths = StorePaths(tiny_store)
    source = next(paths.sources_dir.iterdir())
    before = snapshot(tiny_store)
    begin(paths, [source.name], [], rewritten=list_files(paths), kept_sources=[source.name])
    _renamed_over(source, b"overwritten")
    os.replace(tiny_store / KEPT_NAME / "sources" / source.name, source)  # as a killed recovery left it
    assert recover(paths)
    assert snapshot(tiny_store) == before


def _correction_states(
    seed: Path, command: list[str], tmp_path: Path
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The store before and after a correction, from a copy corrected without interruption."""
    reference = tmp_path / "reference-correction"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(seed, reference)
    old = snapshot(reference)
    subprocess.run([*command, "--store", str(reference)], check=True, capture_output=True)
    return old, snapshot(reference)


@pytest.mark.slow
def test_a_killed_correction_leaves_the_old_store_or_the_new_one(tmp_path: Path) -> None:
    """SIGKILL at random moments of `facts speakers merge` and `facts remove --source`: old or new store.

    A correction rewrites the store's lists; as one transaction, a kill at any moment
    leaves, after the next reader's recovery, exactly the store before it or the store after it.
    (A document's file removed with its source is deleted in the transaction, and compared too.)
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    seed = tmp_path / "seed"
    generate(2_000, seed)
    (seed / "claims-flat.jsonl").unlink()
    from facts.store.reader import read_manifest

    manifest = read_manifest(StorePaths(seed))
    keep, other = manifest.speakers[0].id, manifest.speakers[1].id
    source = manifest.sources[0].file
    commands = [
        [*FACTS, "speakers", "merge", keep, other, "--yes"],
        [*FACTS, "remove", "--source", source, "--keep-speakers", "--yes"],
    ]
    rng = random.Random(23)
    store = tmp_path / "store"
    seen = {"old": 0, "new": 0}
    for command in commands:
        old, new = _correction_states(seed, command, tmp_path)
        assert old != new
        timing = tmp_path / "timing"
        shutil.rmtree(timing, ignore_errors=True)
        shutil.copytree(seed, timing)
        started = time.monotonic()
        subprocess.run([*command, "--store", str(timing)], check=True, capture_output=True)
        whole = time.monotonic() - started
        for kill in range(KILLS // 2):
            shutil.rmtree(store, ignore_errors=True)
            shutil.copytree(seed, store)
            in_transaction = kill % 2 == 1
            moment = rng.uniform(0, 0.05) if in_transaction else rng.uniform(0, 1.2 * whole)
            _kill_at([*command, "--store", str(store)], store, moment, in_transaction)
            problems = list(find_problems(StorePaths(store)))
            assert problems == [], f"{command[3]} kill {kill} at {moment:.3f}s left {problems[0]}"
            state = snapshot(store)
            assert state in (old, new), f"{command[3]} kill {kill} at {moment:.3f}s left a third store"
            seen["old" if state == old else "new"] += 1
    assert seen["old"] and seen["new"], seen


REPLACE_KILLS = max(50, KILLS // 2)
_REPLACED_V1 = (
    "Quarry road to close for repairs\n\n"
    "OSTEN, May 6, 2024 - The county will close the quarry road for three weeks.\n\n"
    "\u201cThe surface has broken up after the winter,\u201d said county engineer Rosa Lindgren.\n\n"
    "\u201cWe will open one lane at weekends,\u201d Lindgren said.\n"
)
_REPLACED_V2 = _REPLACED_V1.replace("three weeks", "four weeks").replace("at weekends", "on Sundays") + (
    "\n\u201cThe detour adds ten minutes for buses,\u201d said transport officer Omar Haddad.\n"
)


def _wait_for(process: subprocess.Popen[bytes], path: Path) -> None:
    deadline = time.monotonic() + 30
    while not os.path.lexists(path) and process.poll() is None and time.monotonic() < deadline:
        pass


@pytest.mark.slow
def test_a_killed_replace_leaves_the_old_store_or_the_new_one(tmp_path: Path) -> None:
    """SIGKILL at varied moments of `facts add --replace`: the store validates and is exactly old or new.

    A third of the kills fall anywhere in the process, a third just after the kept copies of the
    replaced files appear (before the journal), a third just after the journal appears (in the
    renames of store.json, claims.jsonl and sources/). Every file is compared, sources/ included.
    """
    from facts.store.transaction import KEPT_NAME

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import generate

    seed = tmp_path / "seed"
    generate(2_000, seed)
    (seed / "claims-flat.jsonl").unlink()
    document = tmp_path / "doc" / "rep.txt"
    document.parent.mkdir()
    document.write_text(_REPLACED_V1, encoding="utf-8")
    subprocess.run(add_cli(seed, document), check=True, capture_output=True)
    document.write_text(_REPLACED_V2, encoding="utf-8")
    command = [*FACTS, "add", str(document), "--published", "2025-03-01", "--accept", "all"]
    command += ["--replace", "--yes"]  # the store is given per run
    old, new = _correction_states(seed, command, tmp_path)
    assert old != new and new["sources/rep.txt"] == _REPLACED_V2.encode("utf-8")
    timing = tmp_path / "timing"
    shutil.copytree(seed, timing)
    started = time.monotonic()
    subprocess.run([*command, "--store", str(timing)], check=True, capture_output=True)
    whole = time.monotonic() - started
    rng = random.Random(31)
    seen = {"old": 0, "new": 0}
    store = tmp_path / "store"
    for kill in range(REPLACE_KILLS):
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(seed, store)
        process = subprocess.Popen(
            [*command, "--store", str(store)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        mode = kill % 3
        if mode == 0:
            moment = rng.uniform(0, 1.2 * whole)
        else:
            _wait_for(process, store / (KEPT_NAME if mode == 1 else JOURNAL_NAME))
            moment = rng.uniform(0, 0.002 if mode == 1 else 0.05)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        problems = list(find_problems(StorePaths(store)))
        assert problems == [], f"replace kill {kill} (mode {mode}) at {moment:.3f}s left {problems[0]}"
        state = snapshot(store)
        assert state in (old, new), f"replace kill {kill} (mode {mode}) at {moment:.3f}s left a third store"
        seen["old" if state == old else "new"] += 1
    assert seen["old"] and seen["new"], seen
