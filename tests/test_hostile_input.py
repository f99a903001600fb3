"""Hostile input gets one sentence, quickly: odd arguments, bad candidates, FIFOs, devices, full disks."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from facts.cli import entry
from facts.cli.app import app
from facts.errors import FactsError
from facts.ingest import intake
from facts.store.paths import resolve_store

ARTICLE = Path(__file__).parent / "data" / "articles" / "ferry-fire.txt"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def one_sentence(result: Any, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output


def facts_process(*args: bytes, timeout: float = 20) -> subprocess.CompletedProcess[bytes]:
    """Run the installed entry point with raw bytes as arguments, as a shell would pass them."""
    return subprocess.run(
        [sys.executable.encode(), b"-c", b"from facts.cli.entry import main; main()", *args],
        capture_output=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


# -- Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [b"by-speaker", b"Singh\xff"],
        [b"search", b"iraq\xff"],
        [b"list", b"--speaker", b"x\xff\xfe"],
        [b"list", b"--source", b"\xc3"],
        [b"show", b"003\xff"],
        [b"search", b"iraq", b"--since", b"20\xff"],
        [b"speakers", b"--format", b"\xff"],
    ],
    ids=lambda a: a[0].decode(),
)
def test_arguments_that_are_not_utf8_get_one_sentence(args: list[bytes]) -> None:
    """Bytes that are not UTF-8 in an argument are a search like any other, or a clear refusal."""
    result = facts_process(*args)
    assert result.returncode in (0, 1, 2), result.stderr
    assert b"Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    if result.returncode == 1:
        assert len(lines) == 1 and lines[0].startswith(b"Error: "), result.stderr
    elif result.returncode == 2:  # click's usage block ends with the one sentence
        assert lines[-1].startswith(b"Error: "), result.stderr


def test_a_speaker_name_of_a_thousand_words_is_a_usage_error() -> None:
    """by-speaker with 1,000 words exits 2 with one sentence (SQLite would refuse the expression)."""
    for command in (["by-speaker", " ".join(["ab"] * 1_000)], ["list", "--speaker", " ".join(["ab"] * 999)]):
        one_sentence(run(*command), code=2)
        assert "at most 50" in run(*command).stderr


def test_a_huge_name_gets_its_answer_quickly() -> None:
    """A 9,000-character name matches no one and gets no suggestions, without comparing it at length."""
    started = time.perf_counter()
    result = run("by-speaker", "x" * 9_000)
    elapsed = time.perf_counter() - started
    one_sentence(result)
    assert "No speaker matches" in result.stderr and len(result.stderr) < 300
    assert elapsed < 10  # a guard against the quadratic comparison (it took minutes), not a benchmark


def _call_entry(argv: list[str]) -> int:
    """Run the fast entry point in this process with streams that refuse what a real stdout refuses."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    old_argv = sys.argv
    sys.argv = ["facts", *argv]
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            entry.main()
        return 0
    except SystemExit as done:
        return int(done.code or 0)
    finally:
        sys.argv = old_argv


ARGUMENT = st.binary(max_size=40).map(os.fsdecode)  # what Python makes of any bytes in argv


@settings(max_examples=1_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    command=st.sampled_from(["search", "by-speaker", "list-speaker", "list-source", "search-since", "show"]),
    argument=ARGUMENT,
)
@pytest.mark.slow
def test_a_thousand_queries_of_arbitrary_bytes_never_raise(command: str, argument: str) -> None:
    """1,000 queries whose argument is any bytes at all: results, or one sentence and exit 1 or 2."""
    argv = {
        "search": ["search", argument, "--json"],
        "by-speaker": ["by-speaker", argument, "--format", "tsv"],
        "list-speaker": ["list", "--speaker", argument, "--format", "csv"],
        "list-source": ["list", "--source", argument],
        "search-since": ["search", "iraq", "--since", argument],
        "show": ["show", argument, "--format", "tsv"],  # through the Typer CLI
    }[command]
    if argument.startswith("-") or not argument:
        return  # an option, or nothing: the full CLI's usage errors, tested elsewhere
    assert _call_entry(argv) in (0, 1, 2)


# -- Candidates files ----------------------------------------------------------------------------


def _break(claims: list[dict[str, Any]], how: str) -> None:
    first = claims[0]
    if how == "span float":
        first["span"]["start"] = float(first["span"]["start"]) + 0.5
    elif how == "span whole float":
        first["span"]["start"] = float(first["span"]["start"])
    elif how == "span string":
        first["span"]["end"] = str(first["span"]["end"])
    elif how == "span NaN":
        first["span"]["end"] = float("nan")
    elif how == "span list":
        first["span"] = [first["span"]["start"], first["span"]["end"]]
    elif how == "span without end":
        del first["span"]["end"]
    elif how == "source.file list":
        first["source"]["file"] = ["ferry-fire.txt"]
    elif how == "speaker.id list":
        first["speaker"]["id"] = ["x"]
    elif how == "speaker without name":
        del first["speaker"]["name"]
    elif how == "text number":
        first["text"] = 7
    elif how == "two names for one id":
        claims[1]["speaker"] = {**first["speaker"], "name": first["speaker"]["name"] + " Jr."}


@pytest.mark.parametrize(
    "how",
    [
        "span float",
        "span whole float",
        "span string",
        "span NaN",
        "span list",
        "span without end",
        "source.file list",
        "speaker.id list",
        "speaker without name",
        "text number",
        "two names for one id",
    ],
)
def test_a_malformed_candidates_file_gets_one_line(
    tiny_store: Path, tmp_path: Path, ferry_candidates: list[dict[str, Any]], how: str
) -> None:
    """Each malformed field is named in one sentence, and the store is not touched."""
    _break(ferry_candidates, how)
    path = tmp_path / "in" / "candidates.json"
    path.write_text(json.dumps(ferry_candidates), encoding="utf-8")
    before = (tiny_store / "claims.jsonl").read_bytes(), (tiny_store / "store.json").read_bytes()
    result = run("add", "--from", str(path), "--store", str(tiny_store))
    one_sentence(result)
    assert "claim 1" in result.stderr or "claims 1 and 2" in result.stderr
    assert ((tiny_store / "claims.jsonl").read_bytes(), (tiny_store / "store.json").read_bytes()) == before


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _mutate(claims: list[dict[str, Any]], data: st.DataObject) -> Any:
    """Replace or delete one value somewhere in the claims, at a random depth."""
    node: Any = claims
    while True:
        keys = list(range(len(node))) if isinstance(node, list) else list(node)
        if not keys:
            return claims
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.integers(0, 4)) > 0:
            node = child
            continue
        how = data.draw(st.sampled_from(["delete", "any", "same type"]))
        if how == "delete" and isinstance(node, dict):
            del node[key]
        elif how == "same type" and isinstance(child, (str, int)) and not isinstance(child, bool):
            # A value of the right type gets past the schema to the checks against the document.
            node[key] = data.draw(st.text(max_size=30) if isinstance(child, str) else st.integers(-5, 10**6))
        else:
            node[key] = data.draw(JSON)
        return claims


@settings(
    max_examples=1_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_arbitrary_candidates_files_never_raise(
    tiny_store: Path, tmp_path: Path, ferry_candidates: list[dict[str, Any]], data: st.DataObject
) -> None:
    """Candidates files mutated at random, arbitrary JSON or arbitrary bytes: an addition or a FactsError."""
    kind = data.draw(st.sampled_from(["mutated", "mutated twice", "json", "bytes"]))
    if kind.startswith("mutated"):
        claims = json.loads(json.dumps(ferry_candidates))
        for _ in range(2 if kind == "mutated twice" else 1):
            claims = _mutate(claims, data)
        raw = json.dumps(claims, allow_nan=True).encode()
    elif kind == "json":
        raw = json.dumps(data.draw(JSON)).encode()
    else:
        raw = data.draw(st.binary(max_size=200))
    path = tmp_path / "in" / "candidates.json"
    path.write_bytes(raw)
    paths = resolve_store(tiny_store)
    with contextlib.suppress(FactsError):
        proposed = intake.read_candidates(path)
        document = intake.read_document(intake.find_source_file(path, proposed, None))
        intake.add_document(paths, document, proposed)


# -- Files that are not regular files, and bounds ------------------------------------------------


def test_a_fifo_as_input_is_refused_at_once(tiny_store: Path, tmp_path: Path) -> None:
    """A FIFO as the document or as the candidates file is refused instead of blocking forever."""
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    for args in (
        [b"extract", bytes(fifo), b"--store", bytes(tiny_store)],
        [b"add", b"--from", bytes(fifo), b"--store", bytes(tiny_store)],
        [b"add", bytes(fifo), b"--accept", b"all", b"--store", bytes(tiny_store)],
    ):
        result = facts_process(*args, timeout=20)
        assert result.returncode == 1 and b"FIFO" in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["store.json", "claims.jsonl", "sources/harbor.txt"])
def test_a_fifo_in_a_store_is_refused_at_once(tiny_store: Path, name: str) -> None:
    """A store file replaced by a FIFO gives one sentence (validate: a problem), never a hang."""
    (tiny_store / name).unlink()
    os.mkfifo(tiny_store / name)
    for command in (b"list", b"validate"):
        result = facts_process(command, b"--store", bytes(tiny_store), timeout=20)
        assert result.returncode == 1 and b"FIFO" in (result.stderr + result.stdout), result.stderr
        assert b"Traceback" not in result.stderr


def test_a_device_as_input_is_refused(tiny_store: Path) -> None:
    """/dev/zero is not read (it would fill memory): one sentence, at once."""
    result = run("extract", "/dev/zero", "--store", str(tiny_store))
    one_sentence(result)
    assert "device" in result.stderr


def test_an_oversized_document_is_refused(tiny_store: Path, tmp_path: Path) -> None:
    """A document over the documented bound is refused without being read into memory."""
    from facts.store.files import MAX_DOCUMENT_BYTES

    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk
    result = run("extract", str(huge), "--store", str(tiny_store))
    one_sentence(result)
    assert "larger than 16 MiB" in result.stderr


def test_a_file_name_that_is_not_utf8_is_refused(tiny_store: Path, tmp_path: Path) -> None:
    """A document whose name has bytes that are not UTF-8 cannot become a store file name."""
    odd = os.path.join(os.fsencode(tmp_path), b"ferry\xff.txt")
    shutil.copy(ARTICLE, odd)
    result = facts_process(b"add", odd, b"--accept", b"all", b"--store", bytes(tiny_store))
    assert result.returncode == 1 and b"not valid UTF-8" in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1


# -- Full disks and permissions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
    ],
)
def test_write_errors_are_one_sentence(
    tiny_store: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, said: str
) -> None:
    """A full disk or a store that cannot be written: one sentence naming the problem."""
    import tempfile

    def refuse(*args: Any, **kwargs: Any) -> Any:
        error.filename = str(tiny_store / "sources")
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run(
        "add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store)
    )
    one_sentence(result)
    assert said in result.stderr and str(tiny_store) in result.stderr


def test_a_file_size_limit_is_one_sentence(tiny_store: Path) -> None:
    """Under a file-size limit (EFBIG, as a full disk), add ends with one sentence, not a traceback."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))

    result = subprocess.run(
        [sys.executable, "-c", "from facts.cli.entry import main; main()", "add", str(ARTICLE)]
        + ["--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        env=os.environ.copy(),
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: Cannot write") and len(result.stderr.splitlines()) == 1
    assert "larger than this system allows" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_store_is_one_sentence(tiny_store: Path) -> None:
    """A store whose folders cannot be written: one sentence, the store unchanged."""
    for folder in (tiny_store / "sources", tiny_store):
        folder.chmod(0o555)
    try:
        result = run(
            "add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all", "--store", str(tiny_store)
        )
        one_sentence(result)
        assert "permission denied" in result.stderr
    finally:
        for folder in (tiny_store, tiny_store / "sources"):
            folder.chmod(0o755)


def test_a_users_store_that_cannot_be_made_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the user's data folder cannot hold a store (here it is a file), add says so in one sentence."""
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = run("add", str(ARTICLE), "--published", "2022-08-18", "--accept", "all")
    one_sentence(result)
    assert "Cannot create your store" in result.stderr
