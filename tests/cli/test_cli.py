"""Tests of every command through Typer's CliRunner, on the bundled and the tiny store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

runner = CliRunner()
COMMANDS = ["search", "by-speaker", "list", "show", "speakers", "sources", "extract", "add", "validate"]


def run(*args: str, **env: str) -> object:
    return runner.invoke(app, list(args), env=env or None)


def test_search_json_finds_singh_first() -> None:
    """`facts search withdrawal --json` lists Singh's quotation among the top results."""
    result = run("search", "withdrawal", "--json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert "The US is not withdrawing from Iraq" in [c["text"] for c in claims[:3]]


def test_json_contract() -> None:
    """Every JSON claim has the documented fields and types."""
    claims = json.loads(run("list", "--json", "--limit", "0").stdout)
    assert len(claims) == 28
    for c in claims:
        assert {"id", "text", "kind", "speaker", "date", "source", "span"} <= c.keys()
        assert {"id", "name", "role", "organization"} <= c["speaker"].keys()
        assert {"file", "title"} <= c["source"].keys()
        assert isinstance(c["span"]["start"], int) and isinstance(c["span"]["end"], int)
        assert len(c["date"]) == 10 and c["date"][4] == "-"
        assert c["kind"] in {"quote", "reported", "caption"}


def test_by_speaker_counts_claims_from_both_documents() -> None:
    """by-speaker Singh returns her claims from both sources."""
    claims = json.loads(run("by-speaker", "Singh", "--json").stdout)
    assert len(claims) == 6
    assert {c["source"]["file"][:3] for c in claims} == {"000", "003"}
    assert {c["speaker"]["name"] for c in claims} == {"Sabrina Singh"}


@pytest.mark.parametrize("name", ["singh", "Sabrina Singh", "press secretary"])
def test_by_speaker_matches_names_aliases_and_roles(name: str) -> None:
    """Lower case, full names and role words all find Singh."""
    claims = json.loads(run("by-speaker", name, "--json").stdout)
    assert {c["speaker"]["id"] for c in claims} == {"sabrina-singh"}


def test_by_speaker_unknown_name_suggests() -> None:
    """A misspelt name exits 1 with a suggestion on stderr and nothing on stdout."""
    result = run("by-speaker", "Sinhg")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "Error: No speaker matches 'Sinhg'. Did you mean Sabrina Singh?"


def test_search_without_matches_is_success() -> None:
    """A search that matches nothing prints [] and exits 0."""
    result = run("search", "zeppelin", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_search_without_words_is_a_usage_error() -> None:
    """A query of punctuation only exits 2 with one sentence."""
    result = run("search", "***")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: The query has no words")


def test_piped_output_is_plain_tsv() -> None:
    """Without a terminal, claims are tab-separated lines with the full text."""
    result = run("by-speaker", "Singh", "--kind", "quote")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    fields = lines[0].split("\t")
    assert len(fields) == 6
    assert "\x1b" not in result.stdout
    assert any(line.endswith("our footprint is going to be changing within the country") for line in lines)


def test_table_output_highlights_and_fits_80_columns() -> None:
    """--format table draws a table no wider than the terminal with the words found."""
    result = run("search", "footprint", "--format", "table", COLUMNS="80")
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "Sabrina Singh" in result.stdout and "footprint" in result.stdout


def test_jsonl_and_csv() -> None:
    """JSON Lines has one object per line; CSV has a header and one row per claim."""
    jsonl = run("by-speaker", "Singh", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["speaker"]["id"] for line in jsonl] == ["sabrina-singh"] * 6
    rows = list(csv.DictReader(io.StringIO(run("by-speaker", "Singh", "-f", "csv").stdout)))
    assert len(rows) == 6 and rows[0]["speaker_name"] == "Sabrina Singh"


def test_json_and_format_conflict() -> None:
    """--json with another --format is a usage error."""
    assert run("list", "--json", "--format", "csv").exit_code == 2


def test_limit_cuts_and_says_so() -> None:
    """--limit caps the results and a note on stderr says there are more."""
    result = run("list", "--limit", "2", "--json")
    assert len(json.loads(result.stdout)) == 2
    assert "--limit 0" in result.stderr


def test_filters_on_list() -> None:
    """--source, --since, --until and --kind narrow the list."""
    claims = json.loads(
        run(
            "list",
            "--source",
            "overt",
            "--kind",
            "caption",
            "--since",
            "2024",
            "--until",
            "2024-07",
            "--json",
        ).stdout
    )
    assert [c["id"] for c in claims] == ["003-caption-live-fire", "003-caption-partner-capacity"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["list", "--since", "2024-13"], 2),
        (["list", "--kind", "rumour"], 2),
        (["list", "--source", "nowhere"], 1),
        (["list", "--limit", "-1"], 2),
        (["show", "no-such-claim"], 1),
        (["frobnicate"], 2),
    ],
)
def test_bad_input_exit_codes(args: list[str], code: int) -> None:
    """Bad options are usage errors (2); unknown things are not found (1)."""
    result = run(*args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_show_prints_the_claim_in_its_paragraph() -> None:
    """show gives speaker role, date basis, source and the paragraph around the claim."""
    result = run("show", "003-singh-not-withdrawing")
    assert result.exit_code == 0
    assert "Deputy Pentagon Press Secretary" in result.stdout
    assert "Overt Defense" in result.stdout
    assert "on Friday" in result.stdout
    assert "said Deputy Pentagon Press Secretary Sabrina Singh" in result.stdout
    detail = json.loads(run("show", "003-singh-not-withdrawing", "--json").stdout)
    start = detail["span"]["start"] - detail["context"]["start"]
    assert detail["context"]["paragraph"][start:].startswith(detail["text"])


def test_speakers_and_sources() -> None:
    """speakers lists aliases and counts; sources lists titles."""
    speakers = json.loads(run("speakers", "--json").stdout)
    singh = next(s for s in speakers if s["id"] == "sabrina-singh")
    assert singh["claims"] == 6 and "Singh" in singh["aliases"]
    sources = json.loads(run("sources", "--json").stdout)
    assert [s["claims"] for s in sources] == [12, 16]
    assert "Overt Defense" in run("sources", "--format", "table").stdout


def test_store_option_and_environment(tiny_store: Path) -> None:
    """--store and FACTS_STORE both select another store."""
    by_option = json.loads(run("list", "--json", "--store", str(tiny_store)).stdout)
    by_env = json.loads(run("list", "--json", FACTS_STORE=str(tiny_store)).stdout)
    assert len(by_option) == len(by_env) == 4


def test_missing_store_is_one_sentence(tmp_path: Path) -> None:
    """A store path that does not exist exits 1 with one line on stderr."""
    result = run("list", "--store", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error: No store at")


def test_edited_source_is_refused(tiny_store: Path) -> None:
    """After a source is edited, no claim of it is shown and the command exits 1."""
    assert run("list", "--store", str(tiny_store)).exit_code == 0
    source = tiny_store / "sources" / "harbor.txt"
    source.write_text(source.read_text("utf-8").replace("Monday", "Friday"), "utf-8")
    result = run("list", "--store", str(tiny_store))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "SHA-256" in result.stderr


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    """Every command explains itself with an example."""
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "facts " in result.stdout and "Example" in result.stdout


def _facts(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "facts", *args], capture_output=True, text=True)


def test_closed_pipe_is_quiet() -> None:
    """`facts list | head -1` ends without a traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "facts", "list", "--limit", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait()
    assert stderr == b""


def test_usage_errors_exit_2_in_a_real_process() -> None:
    """A missing argument exits 2 through the real entry point."""
    result = _facts("search")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_speakers_csv_has_a_header_and_whole_fields() -> None:
    """speakers --format csv starts with its column names and keeps aliases in one field."""
    rows = list(csv.reader(io.StringIO(run("speakers", "-f", "csv").stdout)))
    assert rows[0] == ["id", "name", "claims", "role", "organization", "aliases"]
    singh = next(r for r in rows if r[0] == "sabrina-singh")
    assert singh[5] == "Singh; Deputy Pentagon Press Secretary Sabrina Singh"


def test_show_refuses_a_claim_from_an_edited_source(tiny_store: Path) -> None:
    """show rebuilds when the claim's source changed, and the hash check refuses it."""
    assert run("show", "harbor-perez-ahead", "--store", str(tiny_store)).exit_code == 0
    with (tiny_store / "sources" / "harbor.txt").open("a") as handle:
        handle.write("More text.\n")
    result = run("show", "harbor-perez-ahead", "--store", str(tiny_store))
    assert result.exit_code == 1 and result.stdout == "" and "SHA-256" in result.stderr
