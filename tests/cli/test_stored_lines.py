"""Tests of bulk output from the index's stored lines: the same bytes as from the claims' records."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.formats import json as json_format
from facts.cli.formats import jsonl
from facts.search.claim_lines import ClaimLine, stored_line
from facts.search.index import index_path
from facts.search.statement_cache import reports
from facts.search.upkeep import StoreCaches
from facts.store.models import Claim, Source, Span
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord
from facts.store.writer import add_to_store

runner = CliRunner()

# Two made-up reports of one briefing, crediting its words to different speakers (a conflict);
# the first holds characters a terminal would act on, quotes, braces and the text ', "'.
FIRST = (
    "Harbourton. The mayor, Ines Varga, spoke on Monday.\n"
    '"The ferry service will resume in the spring, with new boats," Varga said.\n'
    'She called the plan "fair, "modest", {and} final" \u202eat last\u200b.\n'
)
SECOND = (
    "A council official briefed reporters on Monday.\n"
    '"The ferry service will resume in the spring, with new boats," the official said.\n'
)
SPEAKERS = [
    {
        "id": "ines-varga",
        "name": "Ines Varga",
        "kind": "person",
        "role": "Mayor",
        "organization": "Harbourton",
    },
    {"id": "council-official", "name": "a council official", "kind": "unnamed"},
]
SAID = "The ferry service will resume in the spring, with new boats,"
PLAN = 'the plan "fair, "modest", {and} final" \u202eat last\u200b'


def _claim(claim_id: str, text: str, source: str, body: str, speaker: str, **more: Any) -> dict[str, Any]:
    start = body.index(text)
    return {
        "id": claim_id,
        "text": text,
        "kind": "quote",
        "speaker": speaker,
        "date": "2025-05-05",
        "source": source,
        "span": {"start": start, "end": start + len(text)},
        **more,
    }


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    (root / "sources").mkdir(parents=True)
    sources = []
    for name, body, more in (
        ("first.txt", FIRST, {"outlet": "Harbour News", "url": "https://example.org/a", "author": "J. Ode"}),
        ("second.txt", SECOND, {}),
    ):
        (root / "sources" / name).write_text(body, encoding="utf-8")
        digest = hashlib.sha256(body.encode()).hexdigest()
        sources.append(
            {"file": name, "title": f"Report {name[:-4]}", "published": "2025-05-06", "sha256": digest}
        )
        sources[-1].update(more)
    manifest = {"format": 1, "speakers": SPEAKERS, "sources": sources}
    (root / "store.json").write_text(json.dumps(manifest), encoding="utf-8")
    claims = [
        _claim("first-varga", SAID, "first.txt", FIRST, "ines-varga"),
        _claim("first-plan", PLAN, "first.txt", FIRST, "ines-varga", kind="reported", page=2),
        _claim(
            "second-official", SAID, "second.txt", SECOND, "council-official", cue="said", cue_lemma="say"
        ),
    ]
    (root / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    assert runner.invoke(app, ["validate", "--store", str(root)]).exit_code == 0
    return root


def _run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _from_records(monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    """Run a command through the claims' records, as before the index kept lines."""
    with monkeypatch.context() as patched:
        patched.setattr("facts.cli.query._by_lines", lambda query: False)
        return _run(*args)


QUERIES = [
    ["list", "--json"],
    ["list", "--format", "jsonl"],
    ["list", "--limit", "2", "--json"],
    ["list", "--limit", "1", "--format", "jsonl"],
    ["list", "--kind", "reported", "--json"],
    ["search", "ferry", "--json"],
    ["search", "ferry", "--format", "jsonl", "--limit", "1"],
    ["search", "modest", "--json"],
    ["search", "nothingsaysthis", "--json"],
    ["search", "nothingsaysthis", "--format", "jsonl"],
    ["search", "ferry", "--stance", "asserts", "--format", "jsonl"],
    ["by-speaker", "varga", "--json"],
    ["list", "--source", "second", "--since", "2025-05-01", "--format", "jsonl"],
]


@pytest.mark.parametrize("args", QUERIES, ids=" ".join)
def test_queries_print_the_records_bytes_from_stored_lines(
    store: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """search, by-speaker and list print, from stored lines, exactly what the records print, note included."""
    fast = _run(*args, "--store", str(store))
    slow = _from_records(monkeypatch, *args, "--store", str(store))
    assert fast.stdout == slow.stdout
    assert fast.stderr == slow.stderr


def test_stored_lines_carry_reports_and_escapes(store: Path) -> None:
    """A claim printed from its line keeps its conflicts, its page and its escaped direction override."""
    out = _run("list", "--format", "jsonl", "--store", str(store)).stdout
    assert "\u202e" not in out and "\\u202e" in out
    claims = {c["id"]: c for c in map(json.loads, out.splitlines())}
    assert claims["first-varga"]["conflicts"] == [{"claim": "second-official", "speaker": "council-official"}]
    assert claims["first-plan"]["page"] == 2
    assert claims["first-plan"]["text"] == PLAN


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_writes_the_stored_lines_of_a_fresh_index(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """With a fresh index, export writes its stored lines without reading the store: the same bytes."""
    _run("list", "--limit", "1", "--store", str(store))  # builds the index and the statements
    with monkeypatch.context() as patched:
        patched.setattr("facts.search.index.open_fresh_index", lambda paths: None)
        from_store = _run("export", "--format", fmt, "--store", str(store))
    with monkeypatch.context() as patched:
        patched.setattr("facts.store.reader.load_store", _refused)
        from_index = _run("export", "--format", fmt, "--store", str(store))
        _run("export", str(tmp_path / f"out.{fmt}"), "--format", fmt, "--store", str(store))
    assert from_index.stdout == from_store.stdout
    assert from_index.stderr == from_store.stderr == "Exported 3 claims.\n"
    assert (tmp_path / f"out.{fmt}").read_text("utf-8") == from_store.stdout


def _refused(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the store was read")


def test_export_from_the_index_refuses_an_edited_source(store: Path) -> None:
    """A source edited after it was indexed stops the export with an error naming it."""
    _run("list", "--limit", "1", "--store", str(store))
    (store / "sources" / "second.txt").write_text(SECOND.replace("ferry", "train"), encoding="utf-8")
    result = runner.invoke(app, ["export", "--store", str(store)])
    assert result.exit_code == 1
    assert "sources/second.txt was changed" in result.stderr


def test_an_added_claim_gets_its_line(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A claim added to an indexed store, by a speaker the index has, is printed as its record is."""
    _run("list", "--limit", "1", "--store", str(store))
    indexed = index_path(StorePaths(store)).stat().st_ino
    body = "The mayor said the ferry service will resume in the spring.\n"
    data = body.encode()
    source = Source(file="third.txt", title="Report third", sha256=hashlib.sha256(data).hexdigest())
    text = "the ferry service will resume in the spring"
    start = body.index(text)
    claim = Claim(
        id="third-varga",
        text=text,
        kind="reported",
        speaker="ines-varga",
        date="2025-05-07",
        source="third.txt",
        span=Span(start=start, end=start + len(text)),
    )
    add_to_store(StorePaths(store), [], [(source, data)], [claim], caches=StoreCaches())
    fast = _run("list", "--format", "jsonl", "--store", str(store)).stdout
    assert index_path(StorePaths(store)).stat().st_ino == indexed  # added to, not rebuilt
    assert '"id": "third-varga"' in fast
    assert fast == _from_records(monkeypatch, "list", "--format", "jsonl", "--store", str(store)).stdout


# What a line is split at, or text that ends like it before its closing quote, or escapes.
odd = st.sampled_from([', "', '{"', "}", ", ", ": {", "}, ", "a: {", "x}, ", "\\", "\u202e", "\x1b"])
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20) | odd
maybe = st.none() | text
ORDER = {
    "speaker": ("id", "name", "kind", "role", "organization"),
    "source": ("file", "title", "outlet", "url", "published", "author"),
    "span": ("start", "end"),
}


def _in_contract_order(record: dict[str, Any]) -> dict[str, Any]:
    keys = [*ClaimRecord.__annotations__]
    return {k: {i: record[k][i] for i in ORDER[k]} if k in ORDER else record[k] for k in keys if k in record}


records = st.fixed_dictionaries(
    {
        "id": text,
        "text": text,
        "kind": text,
        "speaker": st.fixed_dictionaries(
            {"id": text, "name": text, "kind": text, "role": maybe, "organization": maybe}
        ),
        "date": text,
        "date_precision": maybe,
        "date_basis": maybe,
        "source": st.fixed_dictionaries(
            {"file": text, "title": text, "outlet": maybe, "url": maybe, "published": maybe, "author": maybe}
        ),
        "span": st.fixed_dictionaries({"start": st.integers(0, 10**9), "end": st.integers(0, 10**9)}),
        "stance": text,
        "cue": maybe,
        "cue_lemma": maybe,
    },
    optional={"page": st.integers(1, 10**6)},
).map(_in_contract_order)
shared = st.none() | st.fixed_dictionaries(
    {
        "reported_by": st.fixed_dictionaries(
            {"sources": st.integers(1, 9), "claims": st.lists(text, max_size=3)}
        ),
        "conflicts": st.lists(
            st.tuples(text, text).map(lambda c: {"claim": c[0], "speaker": c[1]}), max_size=2
        ),
    }
).map(lambda r: None if r is None else {"reported_by": r["reported_by"], "conflicts": r["conflicts"]})


@settings(max_examples=300, deadline=None)
@given(found=st.lists(st.tuples(records, shared), max_size=3))
def test_stored_lines_write_what_records_write(found: list[tuple[Any, Any]]) -> None:
    """For any claims and reports, JSON and JSON Lines from stored lines are the records' text exactly."""
    alone = reports("", "", [])
    annotated = [{**record, **(alone if extra is None else extra)} for record, extra in found]
    lines = [(ClaimLine("", "", stored_line(record)), extra) for record, extra in found]
    for fmt in (json_format, jsonl):
        want, got, exported, export_want = io.StringIO(), io.StringIO(), io.StringIO(), io.StringIO()
        fmt.write_claims(annotated, want)
        assert fmt.write_lines(lines, got) == len(found)
        assert got.getvalue() == want.getvalue()
        fmt.export_claims(iter(annotated), export_want)
        fmt.export_lines(lines, exported)
        assert exported.getvalue() == export_want.getvalue()
