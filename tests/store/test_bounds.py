"""Absurd sizes in store and candidates files are data problems, never tracebacks or minutes of work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.errors import FactsError
from facts.ingest.intake import parse_candidates
from facts.store import bounded

runner = CliRunner()
HUGE = "9" * 5_000  # more digits than Python's int() takes from a string


def _one_error_line(result: object) -> str:
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert stderr.startswith("Error: ") and len(stderr.splitlines()) == 1, stderr
    return stderr


@pytest.mark.parametrize("command", [["list"], ["export"], ["remove", "harbor-perez-tolls", "--yes"]])
def test_huge_integer_in_store_json_is_a_data_problem(command: list[str], tiny_store: Path) -> None:
    """An integer of 5,000 digits in store.json is one line naming the file and where, exit 1."""
    manifest = tiny_store / "store.json"
    manifest.write_text(manifest.read_text().replace("{", '{"extra": ' + HUGE + ", ", 1))
    result = runner.invoke(app, [*command, "--store", str(tiny_store)])
    assert result.exit_code == 1, result.output
    assert "store.json: line 1 column" in _one_error_line(result)


def test_validate_lists_a_huge_integer_in_store_json(tiny_store: Path) -> None:
    """`facts validate` lists the huge integer as a problem of store.json."""
    manifest = tiny_store / "store.json"
    manifest.write_text(manifest.read_text().replace("{", '{"extra": ' + HUGE + ", ", 1))
    result = runner.invoke(app, ["validate", "--store", str(tiny_store)])
    assert result.exit_code == 1
    assert result.stdout.startswith("store.json: line 1 column"), result.stdout


def test_huge_integer_in_claims_jsonl_stops_a_correction(tiny_store: Path) -> None:
    """A correction reading a claims.jsonl line with a 5,000-digit number names the line, exit 1."""
    claims = tiny_store / "claims.jsonl"
    lines = claims.read_text().splitlines()
    lines[1] = lines[1].replace('"start": ', '"start": ' + HUGE, 1)
    claims.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["remove", "harbor-perez-tolls", "--yes", "--store", str(tiny_store)])
    assert result.exit_code == 1, result.output
    assert "claims.jsonl: line 2:" in _one_error_line(result)


def test_huge_integer_in_candidates_is_a_data_problem() -> None:
    """A candidates file with a 5,000-digit number is refused with a FactsError, not a ValueError."""
    with pytest.raises(FactsError, match="5000 digits"):
        parse_candidates('[{"id": "a", "span": {"start": ' + HUGE + "}}]", "candidates.json")
    with pytest.raises(FactsError, match="5000 digits"):
        parse_candidates('{"id": "a", "n": -' + HUGE + "}\n", "candidates.jsonl")


def test_bounded_loads_reads_ordinary_json() -> None:
    """Ordinary numbers, negative ones and floats parse as json.loads parses them."""
    text = '{"a": [1, -2, 3.5, 123456789012345678901234567890], "b": "9999"}'
    assert bounded.loads(text) == json.loads(text)


@pytest.mark.parametrize(
    "command", [["list"], ["validate"], ["export"], ["remove", "harbor-perez-tolls", "--yes"]]
)
def test_claim_line_over_the_bound_is_refused(
    command: list[str], tiny_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claims.jsonl line over the per-line bound is a data problem naming its line, not read whole."""
    monkeypatch.setattr(bounded, "MAX_CLAIM_LINE_BYTES", 2_000)
    claims = tiny_store / "claims.jsonl"
    lines = claims.read_text().splitlines()
    lines[2] = lines[2][:-1] + " " * 5_000 + "}"  # still a valid claim, only long
    claims.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, [*command, "--store", str(tiny_store)])
    assert result.exit_code == 1, result.output
    shown = result.stdout if command == ["validate"] else result.stderr
    assert "claims.jsonl: line 3: the line is longer than 2,000 bytes" in shown, result.output


def test_numbered_lines_skips_a_long_line_and_reads_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a line over the bound, the following lines are read with their right numbers."""
    monkeypatch.setattr(bounded, "MAX_CLAIM_LINE_BYTES", 10)
    path = tmp_path / "lines"
    path.write_bytes(b"short\n" + b"x" * 100 + b"\nlast\n0123456789\n")
    with open(path, "rb") as handle:
        assert list(bounded.numbered_lines(handle)) == [
            (1, b"short\n"),
            (2, None),
            (3, b"last\n"),
            (4, b"0123456789\n"),
        ]


def test_statements_build_skips_a_long_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The statements build reads past a line over the bound, keeping the next line's offset right."""
    from facts.search.statement_build import _lines

    monkeypatch.setattr(bounded, "MAX_CLAIM_LINE_BYTES", 200)
    claim = {"id": "a", "text": "words", "speaker": "s", "source": "f.txt", "kind": "quote"}
    claim["span"] = {"start": 0, "end": 5}
    first = json.dumps(claim).encode() + b"\n"
    long = json.dumps({**claim, "id": "b", "text": "x" * 1_000}).encode() + b"\n"
    last = json.dumps({**claim, "id": "c"}).encode() + b"\n"
    path = tmp_path / "claims.jsonl"
    path.write_bytes(first + long + last)
    with open(path, "rb") as handle:
        found = [(line.id, line.offset) for line in _lines(handle, 0)]
    assert found == [("a", 0), ("c", len(first) + len(long))]
