"""Tests of safe store writes: atomic replacement, locking, and additions that keep a store valid."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facts.errors import StoreError
from facts.search.upkeep import StoreCaches
from facts.store.models import Claim, Source, Span, Speaker, StoreManifest
from facts.store.paths import StorePaths
from facts.store.reader import find_problems, load_store
from facts.store.writer import add_to_store, write_store

SPEAKER = Speaker(id="ana-perez", name="Ana Pérez", kind="person", role="Mayor")


def _source(file: str, text: str) -> tuple[Source, bytes]:
    data = text.encode("utf-8")
    return Source(file=file, title=f"Title of {file}", sha256=hashlib.sha256(data).hexdigest()), data


def _claims_of(source: Source, text: str, prefix: str) -> list[Claim]:
    """One claim per line of text."""
    claims, offset = [], 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            claims.append(
                Claim(
                    id=f"{prefix}-{i}",
                    text=line,
                    kind="quote",
                    speaker=SPEAKER.id,
                    date="2025-01-01",
                    source=source.file,
                    span=Span(start=offset, end=offset + len(line)),
                )
            )
        offset += len(line) + 1
    return claims


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.text(
            st.characters(
                blacklist_categories=("Cs",), blacklist_characters="\n\r\x1c\x1d\x1e\x85\u2028\u2029"
            ),
            min_size=1,
            max_size=40,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_written_store_reads_back_equal(tmp_path: Path, lines: list[str]) -> None:
    """Any valid store written to disk loads back as the same manifest and claims."""
    root = tmp_path / f"store-{abs(hash(tuple(lines)))}"
    text = "\n".join(lines)
    source, data = _source("doc.txt", text)
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "doc.txt").write_bytes(data)
    manifest = StoreManifest(format=2, speakers=(SPEAKER,), sources=(source,))
    claims = _claims_of(source, text, "c")
    paths = StorePaths(root)
    write_store(paths, manifest, claims)
    loaded, stream = load_store(paths)
    assert loaded == manifest
    assert list(stream) == claims


def _empty_store(root: Path) -> StorePaths:
    paths = StorePaths(root)
    write_store(paths, StoreManifest(format=1, speakers=(), sources=()), [])
    return paths


def test_add_to_store_adds_once(tmp_path: Path) -> None:
    """Adding a document adds its claims; adding it again adds nothing."""
    paths = _empty_store(tmp_path / "store")
    text = "First words.\nSecond words."
    source, data = _source("a.txt", text)
    claims = _claims_of(source, text, "a")
    assert add_to_store(paths, [SPEAKER], [(source, data)], claims, caches=StoreCaches()) == 2
    assert add_to_store(paths, [SPEAKER], [(source, data)], claims, caches=StoreCaches()) == 0
    assert list(find_problems(paths)) == []
    assert [c.id for c in load_store(paths)[1]] == ["a-0", "a-1"]


def test_a_bad_addition_leaves_the_claims_unchanged(tmp_path: Path) -> None:
    """Claims that would not validate are refused and claims.jsonl keeps its old contents."""
    paths = _empty_store(tmp_path / "store")
    text = "Some words."
    source, data = _source("a.txt", text)
    bad = _claims_of(source, text, "a")[0].model_copy(update={"speaker": "nobody"})
    before = paths.claims.read_bytes()
    with pytest.raises(StoreError, match="unknown speaker"):
        add_to_store(paths, [SPEAKER], [(source, data)], [bad], caches=StoreCaches())
    assert paths.claims.read_bytes() == before
    assert list(find_problems(paths)) == []


WRITER = """
import hashlib, sys
from pathlib import Path
from facts.store.models import Claim, Source, Span, Speaker
from facts.search.upkeep import StoreCaches
from facts.store.paths import StorePaths
from facts.store.writer import add_to_store

root, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
speaker = Speaker(id="ana-perez", name="Ana Pérez", kind="person")
for n in range(count):
    text = f"Words number {n} from writer {tag}."
    data = text.encode()
    source = Source(file=f"{tag}-{n}.txt", title="t", sha256=hashlib.sha256(data).hexdigest())
    claim = Claim(id=f"{tag}-{n}", text=text, kind="quote", speaker="ana-perez", date="2025-01-01",
                  source=source.file, span=Span(start=0, end=len(text)))
    add_to_store(StorePaths(root), [speaker], [(source, data)], [claim], caches=StoreCaches())
"""


def _seed_big_store(root: Path) -> StorePaths:
    """A store with enough claims that each rewrite takes a moment."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    generate(3_000, root)
    return StorePaths(root)


def test_a_killed_writer_leaves_a_valid_store(tmp_path: Path) -> None:
    """SIGKILL at any moment of a series of additions leaves a store that validates."""
    paths = _seed_big_store(tmp_path / "store")
    for delay in (0.4, 0.9, 1.5):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(paths.root), f"w{delay}".replace(".", ""), "1000"],
            env=os.environ.copy(),
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert list(find_problems(paths)) == []


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    """Two processes adding at once both find all their claims in the store."""
    paths = _empty_store(tmp_path / "store")
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(paths.root), tag, "15"], env=os.environ.copy())
        for tag in ("left", "right")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    ids = {c.id for c in load_store(paths)[1]}
    assert ids == {f"{tag}-{n}" for tag in ("left", "right") for n in range(15)}
    assert list(find_problems(paths)) == []
