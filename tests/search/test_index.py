"""Tests of the cached FTS5 index: searching, filtering and staying fresh."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from facts.errors import NotFoundError, StoreError
from facts.search.index import index_path, open_index
from facts.search.query import Filters, parse_search
from facts.store.paths import StorePaths, bundled_store


def _ids(results: object) -> list[str]:
    return [c["id"] for c in results.claims]  # type: ignore[attr-defined]


@pytest.fixture
def bundled() -> object:
    return open_index(StorePaths(bundled_store()))


def test_stemmed_search_ranks_singh_first(bundled: object) -> None:
    """'withdrawal' finds "not withdrawing", and Singh's quotation is among the first results."""
    results = bundled.search(parse_search("withdrawal"), Filters(), 5)  # type: ignore[attr-defined]
    assert "003-singh-not-withdrawing" in _ids(results)[:3]
    assert results.truncated


def test_phrase_search_needs_the_words_together(bundled: object) -> None:
    """A quoted phrase matches only the words side by side."""
    results = bundled.search(parse_search('"not withdrawing"'), Filters(), None)  # type: ignore[attr-defined]
    ids = _ids(results)
    assert {"003-singh-not-withdrawing", "000-singh-not-withdrawing"} <= set(ids)
    # In 000, whose title lacks the phrase, only the claim with the words together matches.
    assert [i for i in ids if i.startswith("000")] == ["000-singh-not-withdrawing"]
    # 000 also says "not yet provided", which has "not" but not the phrase.
    assert list(bundled.search(parse_search("not withdrawing"), Filters(), None).claims)  # type: ignore[attr-defined]


def test_all_words_must_match(bundled: object) -> None:
    """Several words narrow the results to claims with all of them."""
    results = bundled.search(parse_search("footprint changing"), Filters(), None)  # type: ignore[attr-defined]
    assert _ids(results) == ["003-singh-footprint-changing"]
    assert list(bundled.search(parse_search("footprint syria"), Filters(), None).claims) == []  # type: ignore[attr-defined]


def test_search_covers_speaker_names(bundled: object) -> None:
    """A speaker's alias finds their claims."""
    results = bundled.search(parse_search("Singh"), Filters(kind="quote"), None)  # type: ignore[attr-defined]
    assert {c["speaker"]["id"] for c in results.claims} == {"sabrina-singh"}


def test_search_marks_matched_words(bundled: object) -> None:
    """The table text wraps matched words in marks."""
    for limit in (None, 50):  # streamed and paged
        results = bundled.search(parse_search("footprint"), Filters(), limit)  # type: ignore[attr-defined]
        list(results.claims)
        assert "\x02footprint\x03" in results.marked["003-singh-footprint-changing"]


def test_accents_are_ignored(tiny_store: Path) -> None:
    """'perez' finds Pérez's claims."""
    index = open_index(StorePaths(tiny_store))
    results = index.search(parse_search("perez"), Filters(), None)
    assert {c["speaker"]["name"] for c in results.claims} == {"Ana Pérez"}


def test_filters_combine(bundled: object) -> None:
    """Speaker, kind and date filters all apply."""
    filters = Filters(
        speaker_ids=frozenset({"sabrina-singh"}),
        kind="quote",
        since=date(2024, 9, 27),
        until=date(2024, 9, 27),
    )
    results = bundled.claims(filters, None)  # type: ignore[attr-defined]
    assert sorted(_ids(results)) == [
        "003-singh-footprint-changing",
        "003-singh-headline-not-withdrawing",
        "003-singh-not-withdrawing",
    ]
    assert list(bundled.claims(Filters(until=date(2023, 12, 31)), None).claims)[0]["kind"] == "caption"  # type: ignore[attr-defined]


def test_claim_lookup_and_near_ids(bundled: object) -> None:
    """A known id returns its claim; a near miss suggests ids."""
    assert bundled.claim("003-singh-not-withdrawing")["speaker"]["name"] == "Sabrina Singh"  # type: ignore[attr-defined]
    with pytest.raises(NotFoundError) as err:
        bundled.claim("singh-not")  # type: ignore[attr-defined]
    assert err.value.hint and "003-singh-not-withdrawing" in err.value.hint


def test_speakers_and_sources_count_claims(bundled: object) -> None:
    """Speaker and source lists carry claim counts that add up to the store."""
    speakers = bundled.speakers()  # type: ignore[attr-defined]
    sources = bundled.sources()  # type: ignore[attr-defined]
    total = len(list(bundled.claims(Filters(), None).claims))  # type: ignore[attr-defined]
    assert sum(s["claims"] for s in speakers) == sum(s["claims"] for s in sources) == total
    assert next(s for s in speakers if s["id"] == "sabrina-singh")["claims"] == 6


def test_index_is_cached_and_reused(tiny_store: Path) -> None:
    """The second open reads the cached file instead of building again."""
    paths = StorePaths(tiny_store)
    open_index(paths).close()
    built = index_path(paths).stat().st_mtime_ns
    open_index(paths).close()
    assert index_path(paths).stat().st_mtime_ns == built


def test_editing_the_store_rebuilds_the_index(tiny_store: Path) -> None:
    """A changed claims.jsonl is picked up on the next open."""
    paths = StorePaths(tiny_store)
    assert len(list(open_index(paths).claims(Filters(), None).claims)) == 4
    claims = tiny_store / "claims.jsonl"
    lines = claims.read_text("utf-8").splitlines(keepends=True)
    claims.write_text("".join(lines[:2]), "utf-8")
    assert len(list(open_index(paths).claims(Filters(), None).claims)) == 2


def test_a_bad_store_is_never_indexed(tiny_store: Path) -> None:
    """A store that fails its checks raises and leaves no index behind."""
    claims = tiny_store / "claims.jsonl"
    row = json.loads(claims.read_text("utf-8").splitlines()[0])
    row["text"] = row["text"].upper()
    claims.write_text(json.dumps(row) + "\n", "utf-8")
    paths = StorePaths(tiny_store)
    with pytest.raises(StoreError):
        open_index(paths)
    assert not index_path(paths).exists()
    assert [p.name for p in index_path(paths).parent.glob(".*building-*")] == []


def test_changed_sources_are_noticed(tiny_store: Path) -> None:
    """An index notices when a source file differs from when it was built."""
    index = open_index(StorePaths(tiny_store))
    assert index.changed_sources(["harbor.txt"]) == []
    source = tiny_store / "sources" / "harbor.txt"
    os.utime(source, ns=(0, 0))
    assert index.changed_sources(["harbor.txt"]) == ["harbor.txt"]


def test_a_fresh_index_query_imports_no_pydantic(tiny_store: Path) -> None:
    """Querying a cached index loads neither pydantic nor the JSON store."""
    import subprocess

    open_index(StorePaths(tiny_store)).close()
    code = (
        "import sys\n"
        "from facts.search.index import open_index\n"
        "from pathlib import Path\n"
        "from facts.store.paths import StorePaths\n"
        "from facts.search.query import Filters\n"
        f"open_index(StorePaths(Path({str(tiny_store)!r}))).claims(Filters(), None)\n"
        "print('pydantic' in sys.modules, 'facts.store.reader' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("Singh", ["sabrina-singh"]),
        ("singh", ["sabrina-singh"]),
        ("Sabrina Singh", ["sabrina-singh"]),
        ("press secretary", ["sabrina-singh"]),
        ("state department", ["us-state-department-official"]),
        ("Department", ["sabrina-singh", "us-state-department-official"]),
        ("nobody", []),
    ],
)
def test_find_speakers(bundled: object, name: str, ids: list[str]) -> None:
    """Names, aliases and role words match in part, ignoring case."""
    assert sorted(s["id"] for s in bundled.find_speakers(name)) == ids  # type: ignore[attr-defined]


def test_find_speakers_ignores_accents(tiny_store: Path) -> None:
    """'perez' finds Ana Pérez, and 'PÉREZ' too."""
    index = open_index(StorePaths(tiny_store))
    assert [s["id"] for s in index.find_speakers("perez")] == ["ana-perez"]
    assert [s["id"] for s in index.find_speakers("PÉREZ")] == ["ana-perez"]


@pytest.mark.slow
def test_a_killed_build_leaves_no_broken_index(tmp_path: Path) -> None:
    """SIGKILL in the middle of a build leaves no index; the next call builds a good one."""
    import signal
    import subprocess
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    store = tmp_path / "big"
    generate(30_000, store)
    paths = StorePaths(store)
    building = index_path(paths).parent
    code = (
        "from pathlib import Path\n"
        "from facts.search.index import open_index\n"
        "from facts.store.paths import StorePaths\n"
        f"open_index(StorePaths(Path({str(store)!r})))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], env=os.environ.copy())
    deadline = time.monotonic() + 60
    while not list(building.glob(".*building-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before it could be killed"
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not index_path(paths).exists()
    index = open_index(paths)
    assert len(list(index.claims(Filters(), None).claims)) == 30_000
    assert list(building.glob(".*building-*")) == []


def test_a_file_size_limit_in_the_cache_folder_answers_from_memory(tiny_store: Path, tmp_path: Path) -> None:
    """tantivy's failed write under a file-size limit is a cache that cannot be used, not a traceback."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    env = {**os.environ, "FACTS_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "facts", "search", "harbor", "--store", str(tiny_store), "--json"],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limited,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
