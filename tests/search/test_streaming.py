"""Tests of streaming output: the same text as whole-list output, and no limit on how many results."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.formats import json as json_format
from facts.cli.formats import jsonl
from facts.search.index import open_index
from facts.search.query import Filters, parse_search
from facts.store.paths import StorePaths

runner = CliRunner()
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
maybe = st.none() | text
CONTRACT = {
    "id": None,
    "text": None,
    "kind": None,
    "speaker": ("id", "name", "kind", "role", "organization"),
    "date": None,
    "date_precision": None,
    "date_basis": None,
    "source": ("file", "title", "outlet", "url", "published"),
    "span": ("start", "end"),
    "stance": None,
    "cue": None,
    "cue_lemma": None,
}


def _in_contract_order(claim: dict[str, Any]) -> dict[str, Any]:
    return {
        key: claim[key] if inner is None else {k: claim[key][k] for k in inner}
        for key, inner in CONTRACT.items()
    }


claims = st.fixed_dictionaries(
    {
        "id": text,
        "text": text,
        "kind": text,
        "speaker": st.fixed_dictionaries(
            {"id": text, "name": text, "kind": text, "role": maybe, "organization": maybe}
        ),
        "date": text,
        "date_precision": text,
        "date_basis": maybe,
        "source": st.fixed_dictionaries(
            {"file": text, "title": text, "outlet": maybe, "url": maybe, "published": maybe}
        ),
        "span": st.fixed_dictionaries({"start": st.integers(0, 10**9), "end": st.integers(0, 10**9)}),
        "stance": text,
        "cue": maybe,
        "cue_lemma": maybe,
    }
).map(_in_contract_order)


@settings(max_examples=200, deadline=None)
@given(claim=claims)
def test_a_claim_line_is_what_json_writes(claim: Any) -> None:
    """The fast JSON Lines writer gives json.dumps's text for any claim, control characters included."""
    assert jsonl.claim_json_line(claim) == json.dumps(claim, ensure_ascii=False)
    out = io.StringIO()
    jsonl.write_claims([claim], out)
    assert out.getvalue() == jsonl.to_jsonl([claim])  # with what could act on a terminal escaped


@settings(max_examples=50, deadline=None)
@given(records=st.lists(claims, max_size=4))
def test_a_streamed_json_array_is_what_json_writes(records: list[Any]) -> None:
    """The JSON array written a record at a time is the text json.dumps(indent=2) makes of the list."""
    out = io.StringIO()
    json_format.write_json(iter(records), out)
    assert out.getvalue() == json_format.to_json(records)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    root = tmp_path_factory.mktemp("big") / "store"
    generate(3_000, root)
    return root


def test_no_query_binds_a_variable_per_match(big_store: Path) -> None:
    """With SQLite allowed few variables, a search of hundreds of matches still ranks and prints them all."""
    index = open_index(StorePaths(big_store))
    try:
        index._db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 510)
        expression = parse_search("lumbrel")
        everything = list(index.search(expression, Filters(), None, marks=False).claims)
        assert len(everything) > 510
        paged = list(index.search(expression, Filters(), len(everything)).claims)
        assert [c["id"] for c in paged] == [c["id"] for c in everything]  # one order, paged or streamed
    finally:
        index.close()


def test_a_stream_keeps_no_marks_of_claims_it_has_printed(big_store: Path) -> None:
    """matched_in of a --limit 0 stream: each claim's marks are dropped once printed, so memory stays flat."""
    from facts.cli.query import _with_matched_in

    index = open_index(StorePaths(big_store))
    try:
        results = index.search(parse_search("lumbrel"), Filters(), None, marks=True)
        largest = count = 0
        for claim in _with_matched_in(results.claims, results):
            assert claim["matched_in"] == ["text"]
            count += 1
            largest = max(largest, len(results.matched or {}), len(results.marked or {}))
        assert count > 500 and largest <= 1
    finally:
        index.close()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_every_format_prints_every_match(big_store: Path, fmt: str) -> None:
    """--limit 0 prints all matches in each format, the same claims the JSON array holds."""
    store = ["--store", str(big_store), "--limit", "0"]
    whole = json.loads(runner.invoke(app, ["search", "lumbrel", *store, "--json"]).stdout)
    result = runner.invoke(app, ["search", "lumbrel", *store, "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout) == whole
    elif fmt == "jsonl":
        assert [json.loads(line) for line in result.stdout.splitlines()] == whole
    else:
        header = 1 if fmt == "csv" else 0
        assert len(result.stdout.splitlines()) == len(whole) + header
    assert len(whole) > 400


def test_a_stream_refuses_an_edited_source(big_store: Path, tmp_path: Path) -> None:
    """A source edited after indexing stops a --limit 0 listing before it prints anything."""
    import shutil

    store = tmp_path / "store"
    shutil.copytree(big_store, store)
    runner.invoke(app, ["list", "--store", str(store), "--limit", "0", "--format", "jsonl"])
    source = sorted((store / "sources").iterdir())[-1]
    source.write_bytes(source.read_bytes().replace(b" ", b"_", 1))
    result = runner.invoke(app, ["list", "--store", str(store), "--limit", "0", "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "SHA-256" in result.stderr


def test_a_long_stream_stops_at_an_edited_source(big_store: Path, tmp_path: Path) -> None:
    """Past the claims checked before printing, a stream stops with one sentence at an edited source."""
    import shutil

    store = tmp_path / "store"
    shutil.copytree(big_store, store)
    args = ["list", "--store", str(store), "--limit", "0", "--format", "jsonl"]
    listed = [json.loads(line) for line in runner.invoke(app, args).stdout.splitlines()]
    last = listed[-1]["source"]["file"]
    assert all(c["source"]["file"] != last for c in listed[:1000])  # only met after the first 1,000
    source = store / "sources" / last
    source.write_bytes(source.read_bytes().replace(b" ", b"_", 1))
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "was changed after its claims were indexed" in result.stderr
    assert 1000 <= len(result.stdout.splitlines()) < len(listed)


reports = st.fixed_dictionaries(
    {
        "reported_by": st.fixed_dictionaries(
            {"sources": st.integers(0, 10**6), "claims": st.lists(text, max_size=3)}
        ),
        "conflicts": st.lists(st.fixed_dictionaries({"claim": text, "speaker": text}), max_size=3),
    }
)


@settings(max_examples=200, deadline=None)
@given(records=st.lists(st.tuples(claims, reports), max_size=20))
def test_claim_lines_with_reports_are_what_json_writes(records: list[Any]) -> None:
    """Claims with reported_by and conflicts are written as json writes them, terminal escapes included."""
    listed = [{**claim, **extra} for claim, extra in records]
    out = io.StringIO()
    jsonl.write_claims(iter(listed), out)
    assert out.getvalue() == (jsonl.to_jsonl(listed) if listed else "")
