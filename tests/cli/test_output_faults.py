"""How a command ends when its output or its writes fail: one sentence and the right exit code."""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

runner = CliRunner()
COMMANDS = [
    ["list"],
    ["search", "bridge"],
    ["by-speaker", "Perez"],
    ["export"],
    ["export", "--format", "csv"],
    ["speakers"],
    ["sources"],
    ["show", "harbor-perez-ahead"],
    ["store"],
]


def _facts(args: list[str], store: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "facts", *args, "--store", str(store)],
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_closed_stdout_is_one_sentence(args: list[str], tiny_store: Path) -> None:
    """With stdout closed (`>&-`), a command says so in one sentence and exits 1."""
    result = _facts(args, tiny_store, preexec_fn=lambda: os.close(1))
    assert result.returncode == 1, result.stderr
    assert result.stderr == "Error: Cannot write the output: it is closed.\n"


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_full_stdout_is_one_sentence(args: list[str], tiny_store: Path) -> None:
    """With stdout on a full device, a command says the disk is full and exits 1."""
    with open("/dev/full", "w") as full:
        result = _facts(args, tiny_store, stdout=full)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "Error: Cannot write the output: the disk is full.\n"


@pytest.mark.parametrize(
    "args", [["list"], ["search", "bridge OR tolls"], ["by-speaker", "Perez"], ["export"]], ids=" ".join
)
def test_reader_going_away_exits_0_quietly(args: list[str], tiny_store: Path) -> None:
    """`facts list | head -1` exits 0 with nothing on stderr, as other tools do on a closed pipe."""
    # Many copies of each claim: more output than a pipe holds, so the writer meets the closed end.
    claims = [json.loads(line) for line in (tiny_store / "claims.jsonl").read_text().splitlines()]
    with open(tiny_store / "claims.jsonl", "w") as handle:
        for copy in range(2_000):
            for claim in claims:
                handle.write(json.dumps({**claim, "id": f"{claim['id']}-{copy}"}) + "\n")
    command = " ".join([sys.executable, "-m", "facts", *args, "--store", str(tiny_store)])
    result = subprocess.run(
        f"{command} | head -c1 >/dev/null; echo ${{PIPESTATUS[0]}} >&2",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert result.stderr == "0\n", result.stderr


def test_correction_under_file_size_limit_is_one_sentence(tiny_store: Path) -> None:
    """A correction that meets a file-size limit (ulimit -f) says so in one sentence; the store is intact."""
    before = (tiny_store / "claims.jsonl").read_bytes()
    limit = len(before) // 2

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = _facts(["remove", "harbor-perez-tolls", "--yes"], tiny_store, preexec_fn=small_files)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "larger than this system allows" in result.stderr
    assert (tiny_store / "claims.jsonl").read_bytes() == before


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EFBIG])
def test_correction_write_errors_are_one_sentence(
    code: int, tiny_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """remove, edit and merge turn any OSError of their write into one sentence and exit 1."""
    from facts.store import rewrite

    def failing(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code), str(tiny_store / ".store.lock"))

    monkeypatch.setattr(rewrite, "apply", failing)
    result = runner.invoke(app, ["remove", "harbor-perez-tolls", "--yes", "--store", str(tiny_store)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tiny_store / '.store.lock'}: "), result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["search", "x", "--limit", "3000000000"],
        ["search", "x", "--limit", "9223372036854775807"],
        ["search", "x", "--limit", "18446744073709551616"],
        ["search", "x", "--limit", "9" * 5000],
        ["list", "--limit", "1000001"],
        ["search", "x", "--corroborated", "18446744073709551616"],
        ["extract", "--jobs", "18446744073709551616", "a.txt"],
    ],
    ids=lambda a: " ".join(a)[:40],
)
def test_absurd_numbers_are_usage_errors(args: list[str], tiny_store: Path) -> None:
    """A number beyond an option's range is a one-line usage error (exit 2), on the fast path too."""
    result = _facts(args, tiny_store, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_limit_larger_than_the_store_searches() -> None:
    """The largest --limit allowed asks the text index for no more room than the store needs."""
    result = runner.invoke(app, ["search", "bridge", "--limit", "1000000", "--json"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [["search"], ["list", "--limit", "x"], ["nonsense"], ["list", "--nope"]])
def test_usage_errors_are_one_line(args: list[str]) -> None:
    """A usage error is one line, `Error: ...` with a hint to the help, and exit 2."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "--help'." in result.stderr
