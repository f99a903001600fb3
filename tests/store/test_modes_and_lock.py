"""Files keep their permissions when the store changes, and a writer waiting for the lock says so."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

ARTICLE = Path(__file__).parents[1] / "data" / "articles" / "ferry-fire.txt"
runner = CliRunner()


def add(store: Path) -> Any:
    return runner.invoke(
        app, ["add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all", "--store", str(store)]
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Run with umask 002 (group-writable files, as on a shared disk), then restore the old one."""
    old = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask")
def test_replaced_files_keep_their_mode_and_new_ones_follow_the_umask(tiny_store: Path) -> None:
    """store.json keeps 0644, a read-only claims.jsonl stays 0444, and the new source is 0664 (umask 002)."""
    (tiny_store / "store.json").chmod(0o644)
    (tiny_store / "claims.jsonl").chmod(0o444)
    result = add(tiny_store)
    assert result.exit_code == 0, result.output
    assert mode(tiny_store / "store.json") == 0o644
    assert mode(tiny_store / "claims.jsonl") == 0o444
    assert mode(tiny_store / "sources" / "ferry-fire.txt") == 0o664
    assert not [p for p in tiny_store.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.usefixtures("umask")
def test_the_users_new_store_follows_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store `facts add` makes on first use is readable as the umask allows, not private to one user."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(app, ["add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all"])
    assert result.exit_code == 0, result.output
    store = tmp_path / "data" / "facts" / "store"
    for name in ("store.json", "claims.jsonl", "sources/ferry-fire.txt"):
        assert mode(store / name) & 0o044 == 0o044, name


class HeldLock:
    """Hold a store's write lock from another open file, as a second facts process would."""

    def __init__(self, store: Path) -> None:
        self.handle = open(store / ".store.lock", "a")  # noqa: SIM115 - released by release()
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def test_a_waiting_writer_says_so_and_gives_up_after_the_timeout(tiny_store: Path) -> None:
    """With the lock held, add says it is waiting after a second, then gives up with one sentence."""
    before = (tiny_store / "claims.jsonl").read_bytes()
    held = HeldLock(tiny_store)
    try:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", "from facts.cli.entry import main; main()", "add", str(ARTICLE)]
            + ["--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store)],
            capture_output=True,
            text=True,
            env={**os.environ, "FACTS_LOCK_TIMEOUT": "2.5"},
            timeout=30,  # without a timeout of its own, the writer would wait here forever
        )
        waited = time.monotonic() - started
    finally:
        held.release()
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("Waiting for another facts process"), lines
    assert lines[1].startswith("Error: Another facts process has held") and "FACTS_LOCK_TIMEOUT" in lines[1]
    assert waited >= 2.5
    assert (tiny_store / "claims.jsonl").read_bytes() == before


def test_a_waiting_writer_goes_on_when_the_lock_is_freed(tiny_store: Path) -> None:
    """A writer that waited adds its claims once the other writer is done."""
    held = HeldLock(tiny_store)
    releaser = threading.Timer(1.6, held.release)
    releaser.start()
    try:
        result = add(tiny_store)
    finally:
        releaser.join()
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Waiting for another facts process")
    assert "Added 11 claims" in result.stderr


def test_a_writer_that_gets_the_lock_at_once_says_nothing_about_it(tiny_store: Path) -> None:
    """No waiting note when nobody else holds the lock."""
    result = add(tiny_store)
    assert result.exit_code == 0 and "Waiting" not in result.stderr
