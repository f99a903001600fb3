"""Builds in bounded memory (the index keeps no set of claim ids, the statements spill to files),
and additions that update the index in place."""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import facts.search.build as build
import facts.search.statement_finder as statement_finder
from facts.errors import StoreError
from facts.search.index import index_path, open_index
from facts.search.query import Filters, parse_search
from facts.search.statement_finder import StatementFinder, spill_folder
from facts.search.statement_grouping import ClaimText, group_statements
from facts.search.statement_rule import content_values, many_sample_keys, sample_keys
from facts.search.upkeep import StoreCaches
from facts.store.models import Claim, Source, Span, Speaker, StoreManifest
from facts.store.paths import StorePaths
from facts.store.writer import add_to_store, write_store

_WORDS = "harbor bridge council budget river school tolls ferry pier storm repair traffic".split()


def _claims(count: int, seed: int = 7) -> list[ClaimText]:
    """Claims of made-up words, a tenth of them another's words again, cut or with one word changed."""
    rng = random.Random(seed)
    vocabulary = [f"{w}{n}" for w in _WORDS for n in range(200)] + ["not", "but", "the", "of"]
    found: list[ClaimText] = []
    for number in range(count):
        if found and rng.random() < 0.1:
            words = rng.choice(found).text.split()
            change = rng.randrange(3)
            if change == 1:
                words = words[: max(6, len(words) - 3)]
            elif change == 2:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        else:
            words = [rng.choice(vocabulary) for _ in range(rng.randrange(3, 25))]
        found.append(ClaimText(f"c{number:05d}", " ".join(words), "s", "f"))
    rng.shuffle(found)
    return found


def test_statements_do_not_depend_on_how_the_rows_are_spilled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spilled in many small partitions and many flushes, the grouping finds the same statements."""
    claims = _claims(3_000)
    whole = group_statements(claims)
    assert len(whole) > 50  # the planted repeats are found
    monkeypatch.setattr(statement_finder, "PARTITION_ROWS", 300)
    monkeypatch.setattr(statement_finder, "_FLUSH_ROWS", 500)
    monkeypatch.setattr(statement_finder, "_CHUNK", 7)
    monkeypatch.setattr(statement_finder, "_READ_CACHE", 3)
    original = StatementFinder.__init__

    def spread(self: StatementFinder, folder: Path, expected_bytes: int) -> None:
        original(self, folder, 10_000_000)  # sized for a big input: many partitions

    monkeypatch.setattr(StatementFinder, "__init__", spread)
    assert group_statements(claims) == whole


def test_the_grouping_keeps_no_words_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Claims given to the finder cost a few bytes each in memory: their words go to a file."""
    monkeypatch.setattr(statement_finder, "_FLUSH_ROWS", 1_000)
    claims = _claims(8_000, seed=3)
    with spill_folder(tmp_path) as folder:
        finder = StatementFinder(folder, sum(len(c.text) for c in claims))
        finder.add("warm", "numpy imported and word values made before counting starts", 0)
        for claim in claims:
            finder.add(claim.id, claim.text, 0)
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for claim in claims:
                finder.add(claim.id, claim.text, 0)
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
            finder.close()
    # Flat arrays (26 bytes a claim) and each word's hash once; a claim's words alone are 100 or more.
    assert held < 60 * len(claims)


def test_the_index_build_keeps_no_set_of_claim_ids(tiny_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index finds a repeated claim id through its own table, never a set of every id read."""
    import facts.store.reader as reader

    def refused() -> None:
        raise AssertionError("a set of every claim id was made")

    monkeypatch.setattr(reader, "IdsInMemory", refused)
    monkeypatch.setattr(build, "_BATCH", 3)  # the repeat comes after another claim of its batch
    paths = StorePaths(tiny_store)
    open_index(paths).close()
    claims = tiny_store / "claims.jsonl"
    lines = claims.read_text("utf-8").splitlines()
    assert len(lines) == 4
    with claims.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(json.loads(lines[0])) + "\n")
    with pytest.raises(StoreError, match="duplicate claim id 'harbor-council-reopen'") as raised:
        open_index(paths)
    assert "facts validate" in (raised.value.hint or "")


@settings(deadline=None)  # the first example imports NumPy
@given(st.lists(st.lists(st.sampled_from(["not", "the", "of", *_WORDS[:6]]), max_size=40), max_size=30))
def test_keys_worked_out_together_are_each_claims_own(claims: list[list[str]]) -> None:
    """Keys worked out for many claims at once are sample_keys' of each, as an addition files them."""
    values: list[int] = []
    counts: list[int] = []
    for tokens in claims:
        own = content_values(tokens)
        values.extend(own)
        counts.append(len(own))
    found: dict[int, set[int]] = {}
    for claim, key in zip(*(rows.tolist() for rows in many_sample_keys(values, counts)), strict=True):
        found.setdefault(claim, set()).add(key)
    assert [found.get(i, set()) for i in range(len(claims))] == [set(sample_keys(t)) for t in claims]


def _document(file: str, lines: list[str]) -> tuple[tuple[Source, bytes], list[Claim]]:
    data = "\n".join(lines).encode()
    source = Source(file=file, title=f"Report {file}", sha256=hashlib.sha256(data).hexdigest())
    claims, offset = [], 0
    for n, line in enumerate(lines):
        span = Span(start=offset, end=offset + len(line))
        claims.append(
            Claim(
                id=f"{file[:-4]}-{n}",
                text=line,
                kind="quote",
                speaker="ana",
                date="2025-01-01",
                source=file,
                span=span,
            )
        )
        offset += len(line) + 1
    return (source, data), claims


def _index_rows(paths: StorePaths) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(index_path(paths))) as db:
        return db.execute(
            "SELECT c.id, c.text, s.id, s.claims, f.file, f.claims FROM claims c JOIN speakers s "
            "ON s.rowid = c.speaker JOIN sources f ON f.rowid = c.source ORDER BY c.id"
        ).fetchall()


def test_an_addition_updates_the_index_in_place_as_a_rebuild_would(tmp_path: Path) -> None:
    """After an addition the index is the old file with the new claims, as a fresh build has them."""
    paths = StorePaths(tmp_path / "store")
    speakers = [Speaker(id="ana", name="Ana Perez", kind="person")]
    write_store(paths, StoreManifest(format=1, speakers=(), sources=()), [])
    first = ["the harbor bridge reopens on monday morning", "tolls will not change this year"]
    source, claims = _document("a.txt", first)
    add_to_store(paths, speakers, [source], claims, caches=StoreCaches())
    open_index(paths).close()
    inode = index_path(paths).stat().st_ino
    second = ["the ferry pier closes for repairs in june", "the harbor bridge reopens on monday"]
    source, claims = _document("b.txt", second)
    add_to_store(paths, speakers, [source], claims, caches=StoreCaches())
    assert index_path(paths).stat().st_ino == inode  # updated, not rebuilt
    index = open_index(paths)
    found = [c["id"] for c in index.search(parse_search("harbor"), Filters(), None).claims]
    index.close()
    assert index_path(paths).stat().st_ino == inode
    updated = _index_rows(paths)
    assert [row[0] for row in updated] == ["a-0", "a-1", "b-0", "b-1"]
    index_path(paths).unlink()
    rebuilt = open_index(paths)
    assert [c["id"] for c in rebuilt.search(parse_search("harbor"), Filters(), None).claims] == found
    rebuilt.close()
    assert _index_rows(paths) == updated


def test_no_room_for_the_statements_temporary_files_is_one_error(
    tiny_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With neither the cache folder nor the system's temporary folder writable, the statements
    build ends in a StoreError that says so, not an OSError."""
    import errno

    def full(near: Path | None) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(statement_finder, "spill_folder", full)
    from facts.search.statement_cache import _StatementsCache

    with pytest.raises(StoreError, match="temporary files of the statements' build: the disk is full"):
        _StatementsCache(StorePaths(tiny_store), None).in_memory("stamp")
