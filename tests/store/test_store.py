"""Tests of reading and checking a store from disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facts.errors import StoreError
from facts.store.paths import StorePaths, resolve_store
from facts.store.reader import find_problems, load_store


def _problems(store: Path) -> list[str]:
    return [str(p) for p in find_problems(StorePaths(store))]


def _edit_claims(store: Path, change: dict[str, object], line: int = 0) -> None:
    path = store / "claims.jsonl"
    rows = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    rows[line].update(change)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def _edit_manifest(store: Path, edit: object) -> None:
    path = store / "store.json"
    data = json.loads(path.read_text("utf-8"))
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_tiny_store_is_clean(tiny_store: Path) -> None:
    """The test store has no problems and loads four claims."""
    assert _problems(tiny_store) == []
    _, claims = load_store(StorePaths(tiny_store))
    assert [c.id for c in claims][:2] == ["harbor-council-reopen", "harbor-perez-ahead"]


def test_a_one_character_edit_is_caught_with_both_texts(tiny_store: Path) -> None:
    """A claim whose text differs from its source slice is reported with both texts."""
    _edit_claims(tiny_store, {"text": "the Harbor Bridge will reopen to traffic on Sunday"})
    (problem,) = _problems(tiny_store)
    assert "claims.jsonl: line 1: text" in problem
    assert "harbor-council-reopen" in problem
    assert "on Sunday" in problem and "on Monday" in problem


def test_an_inserted_character_is_caught_with_both_texts(tiny_store: Path) -> None:
    """A claim text one character longer than its span is reported with both texts."""
    _edit_claims(tiny_store, {"text": "We are opening the bridge ahead of schedule!"}, line=1)
    (problem,) = _problems(tiny_store)
    assert "line 2: text: claim 'harbor-perez-ahead'" in problem
    assert "'We are opening the bridge ahead of schedule!'" in problem
    assert "'We are opening the bridge ahead of schedule'" in problem


def test_an_edited_source_is_caught_by_its_hash(tiny_store: Path) -> None:
    """Changing a source file after its claims were taken is reported."""
    path = tiny_store / "sources" / "harbor.txt"
    path.write_text(path.read_text("utf-8").replace("Monday", "Sunday"), "utf-8")
    problems = _problems(tiny_store)
    assert problems and all("SHA-256" in p for p in problems)


def test_cross_record_problems_are_all_reported(tiny_store: Path) -> None:
    """Duplicate ids, unknown speakers and sources, and late dates are each reported."""
    _edit_claims(tiny_store, {"id": "harbor-council-reopen"}, line=1)
    _edit_claims(tiny_store, {"speaker": "nobody"}, line=2)
    _edit_claims(tiny_store, {"date": "2025-03-15"}, line=3)
    problems = "\n".join(_problems(tiny_store))
    assert "line 2: id: duplicate claim id 'harbor-council-reopen'" in problems
    assert "line 3: speaker: unknown speaker 'nobody'" in problems
    assert "after its source was published on 2025-03-14" in problems


def test_schema_errors_name_the_field(tiny_store: Path) -> None:
    """A wrong field type is reported with its path in the record."""
    _edit_claims(tiny_store, {"span": {"start": "x", "end": 3}})
    (problem,) = _problems(tiny_store)
    assert "line 1: span.start" in problem


def test_speakers_may_share_an_alias(tiny_store: Path) -> None:
    """Names and aliases are labels, not keys: two speakers may share an alias, as they may a name."""
    _edit_manifest(tiny_store, lambda d: d["speakers"][1]["aliases"].append("Pérez"))
    _edit_manifest(tiny_store, lambda d: d["speakers"][0].update(aliases=["the statement"]))
    _edit_manifest(tiny_store, lambda d: d["speakers"][1]["aliases"].append("The Statement"))
    assert _problems(tiny_store) == []


def test_two_speakers_may_share_a_name(tiny_store: Path) -> None:
    """Two people with one name are allowed."""
    _edit_manifest(tiny_store, lambda d: d["speakers"][1].update(name="Ana Pérez"))
    assert _problems(tiny_store) == []


def test_a_speaker_id_is_still_unique(tiny_store: Path) -> None:
    """Ids stay the store's keys: two speakers with one id are a problem."""
    _edit_manifest(tiny_store, lambda d: d["speakers"][1].update(id=d["speakers"][0]["id"]))
    assert any("duplicate speaker id" in p for p in _problems(tiny_store))


def test_invalid_json_reports_line_and_column(tiny_store: Path) -> None:
    """A syntax error in store.json names its line and column."""
    (tiny_store / "store.json").write_text('{"format": 1,\n  "speakers": [,]}', "utf-8")
    (problem,) = _problems(tiny_store)
    assert "store.json: line 2 column" in problem


def test_load_store_raises_on_first_problem(tiny_store: Path) -> None:
    """Loading refuses a bad store and points at `facts validate`."""
    _edit_claims(tiny_store, {"speaker": "nobody"})
    _, claims = load_store(StorePaths(tiny_store))
    with pytest.raises(StoreError, match="unknown speaker") as err:
        list(claims)
    assert err.value.hint is not None and "facts validate" in err.value.hint


def test_resolve_store_accepts_folder_or_manifest(tiny_store: Path) -> None:
    """--store takes the folder or its store.json."""
    assert resolve_store(tiny_store).root == tiny_store.resolve()
    assert resolve_store(tiny_store / "store.json").root == tiny_store.resolve()


@pytest.mark.parametrize("name", ["missing", "claims.jsonl"])
def test_resolve_store_rejects_what_is_not_a_store(tiny_store: Path, name: str) -> None:
    """A missing path or a file other than store.json is not a store."""
    with pytest.raises(StoreError):
        resolve_store(tiny_store / name)


def test_ids_on_disk_tell_a_repeated_id_and_leave_no_file() -> None:
    """The disk-backed id set of `validate` says whether each id is new, and removes its file when closed."""
    from facts.store.checks import IdsOnDisk

    ids = IdsOnDisk()
    folder = Path(ids._folder.name)
    assert [ids.first_time(i) for i in ("a", "b", "a", "é", "b")] == [True, True, False, True, False]
    ids.close()
    assert not folder.exists()
