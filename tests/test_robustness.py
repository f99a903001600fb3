"""Bad stores, hostile queries, closed pipes and interrupted writers: a clear answer, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from facts.cli.app import app
from facts.errors import QueryError
from facts.search.index import open_index
from facts.search.query import Filters, parse_search
from facts.store.paths import StorePaths, bundled_store

runner = CliRunner()


def _write(relative: str, data: bytes) -> Callable[[Path], None]:
    def damage(store: Path) -> None:
        (store / relative).write_bytes(data)

    return damage


def _replace_with_dir(relative: str) -> Callable[[Path], None]:
    def damage(store: Path) -> None:
        path = store / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        path.mkdir()

    return damage


def _replace_with_file(relative: str) -> Callable[[Path], None]:
    def damage(store: Path) -> None:
        shutil.rmtree(store / relative)
        (store / relative).write_text("not a folder")

    return damage


def _truncate(relative: str) -> Callable[[Path], None]:
    def damage(store: Path) -> None:
        data = (store / relative).read_bytes()
        (store / relative).write_bytes(data[: len(data) // 2])

    return damage


BAD_STORES: dict[str, Callable[[Path], None]] = {
    "store.json missing": lambda s: (s / "store.json").unlink(),
    "claims.jsonl missing": lambda s: (s / "claims.jsonl").unlink(),
    "source file missing": lambda s: (s / "sources" / "harbor.txt").unlink(),
    "store.json is a folder": _replace_with_dir("store.json"),
    "claims.jsonl is a folder": _replace_with_dir("claims.jsonl"),
    "source is a folder": _replace_with_dir("sources/harbor.txt"),
    "sources is a file": _replace_with_file("sources"),
    "store.json empty": _write("store.json", b""),
    "store.json truncated": _truncate("store.json"),
    "claims.jsonl truncated": _truncate("claims.jsonl"),
    "store.json a list": _write("store.json", b"[1, 2, 3]"),
    "store.json a string": _write("store.json", b'"store"'),
    "store.json wrong types": _write("store.json", b'{"format": 1, "speakers": {}, "sources": 3}'),
    "store.json future format": _write("store.json", b'{"format": 9, "speakers": [], "sources": []}'),
    "store.json not UTF-8": _write("store.json", b'{"format": 1, "speakers": ["\xff\xfe"]}'),
    "claims.jsonl not UTF-8": _write("claims.jsonl", b'{"id": "\xff"}\n'),
    "claims.jsonl garbage line": _write("claims.jsonl", b"hello world\n"),
    "claims.jsonl a list line": _write("claims.jsonl", b"[]\n"),
    "store.json deeply nested": _write("store.json", b"[" * 200_000 + b"]" * 200_000),
    "claims.jsonl deeply nested": _write("claims.jsonl", b"[" * 200_000 + b"]" * 200_000 + b"\n"),
    "store.json large garbage": _write("store.json", os.urandom(3_000_000)),
    "claims.jsonl large garbage": _write("claims.jsonl", os.urandom(3_000_000)),
    "source edited": _write("sources/harbor.txt", b"Something else entirely.\n"),
}


@pytest.mark.parametrize("damage", BAD_STORES.values(), ids=BAD_STORES.keys())
@pytest.mark.parametrize("command", [["list"], ["search", "bridge"], ["validate"]])
def test_bad_stores_get_one_sentence_and_exit_1(
    tiny_store: Path, damage: Callable[[Path], None], command: list[str]
) -> None:
    """Every kind of broken store gives exit 1 and a short message on stderr, never a traceback."""
    damage(tiny_store)
    result = runner.invoke(app, [*command, "--store", str(tiny_store)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    if command != ["validate"]:
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1


def test_missing_store_path(tmp_path: Path) -> None:
    """A store path that does not exist is one sentence, exit 1."""
    result = runner.invoke(app, ["list", "--store", str(tmp_path / "nowhere")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: No store at {tmp_path / 'nowhere'}: no such file or folder.\n",
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_store(tiny_store: Path) -> None:
    """A store.json that cannot be read is one sentence, exit 1."""
    (tiny_store / "store.json").chmod(0)
    result = runner.invoke(app, ["list", "--store", str(tiny_store)])
    assert result.exit_code == 1 and "permission denied" in result.stderr


def test_validate_lists_every_problem(tiny_store: Path) -> None:
    """validate reports all problems, one per line, and exits 1."""
    claims = tiny_store / "claims.jsonl"
    rows = [json.loads(line) for line in claims.read_text("utf-8").splitlines()]
    rows[0]["text"] = rows[0]["text"].replace("Monday", "Mondey")
    rows[1]["speaker"] = "nobody"
    rows[2]["id"] = rows[3]["id"]
    claims.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    result = runner.invoke(app, ["validate", "--store", str(tiny_store)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert "harbor-council-reopen" in lines[0] and "Mondey" in lines[0] and "Monday" in lines[0]
    assert "line 2: speaker" in lines[1]
    assert "line 4: id: duplicate" in lines[2]
    problems = json.loads(runner.invoke(app, ["validate", "--json", "--store", str(tiny_store)]).stdout)
    assert [p["location"] for p in problems] == ["line 1: text", "line 2: speaker", "line 4: id"]


def test_validate_passes_the_bundled_store() -> None:
    """The bundled store validates with exit 0 and nothing on stdout."""
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert "no problems" in result.stderr


HOSTILE = [
    '"',
    "*",
    "(",
    ")",
    ":",
    "^",
    "-",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b)",
    "a OR",
    "OR a",
    "NOT a",
    "a NOT",
    '"unclosed',
    "text:iraq",
    "iraq*",
    "**iraq",
    "'; DROP TABLE claims; --",
    "1=1 OR",
    "\\",
    "😀 iraq",
    "عراق",
    "ישראל iraq",
    "\x00iraq",
    "iraq\u202e",
    "a" * 9_999,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_run_or_are_refused(query: str) -> None:
    """FTS syntax, SQL, emoji and right-to-left text either run as words or exit 2."""
    result = runner.invoke(app, ["search", query, "--json"])
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        assert result.stderr.startswith("Error:") and result.stdout == ""


@pytest.mark.parametrize("query", ["", "   ", "a" * 10_001])
def test_empty_and_huge_queries_are_usage_errors(query: str) -> None:
    """An empty, blank or over-long query exits 2 with one sentence."""
    result = runner.invoke(app, ["search", query])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


@settings(max_examples=1_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text(max_size=60))
def test_arbitrary_queries_never_raise(query: str) -> None:
    """1,000 random queries either search or are refused as usage errors."""
    index = _bundled_index()
    try:
        expression = parse_search(query)
    except QueryError:
        return
    index.search(expression, Filters(), 5)


_INDEX: list[object] = []


def _bundled_index() -> object:
    # One index for all hypothesis examples; the fixture-scoped cache would rebuild per example.
    if not _INDEX:
        _INDEX.append(open_index(StorePaths(bundled_store())))
    return _INDEX[0]


def test_closed_pipe_prints_nothing_on_stderr() -> None:
    """`facts list | true` and `facts search iraq | head -1` end quietly."""
    for command in ("list --limit 0", "search iraq", "speakers", "--help"):
        result = subprocess.run(
            f"{sys.executable} -m facts {command} | true; {sys.executable} -m facts {command} | head -c1",
            shell=True,
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )
        assert result.stderr == "", (command, result.stderr)


def test_ctrl_c_exits_130(tiny_store: Path) -> None:
    """An interrupted command exits 130 without a traceback."""
    code = (
        "import signal, sys, time\n"
        "import facts.search.index\n"
        "real = facts.search.index.open_index\n"
        "def slow(*a, **k):\n"
        "    print('ready', flush=True, file=sys.stderr); time.sleep(30)\n"
        "facts.search.index.open_index = slow\n"
        "sys.argv = ['facts', 'list', '--store', sys.argv[1]]\n"
        "from facts.cli.entry import main\n"
        "main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(tiny_store)],
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert process.stderr is not None
    assert process.stderr.readline().strip() == "ready"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 130
    assert "Traceback" not in process.stderr.read()
