"""facts timeline: a speaker's claims counted by period and drawn as bars coloured by kind."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.timeline import KIND_MARKS, Period, count_by_period

runner = CliRunner()


def claim(date: str, kind: str) -> Any:
    return {"date": date, "kind": kind}


def test_periods_are_counted_by_kind_with_empty_ones_kept() -> None:
    """Months between the first and last claim appear, empty ones with zero counts."""
    claims = [claim("2024-01-05", "quote"), claim("2024-01-20", "reported"), claim("2024-04-02", "quote")]
    rows = count_by_period(claims, Period.auto)
    assert [r["period"] for r in rows] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert rows[0] == {
        "period": "2024-01",
        "claims": 2,
        "quote": 1,
        "reported": 1,
        "caption": 0,
        "transcript": 0,
    }
    assert rows[1]["claims"] == 0 and rows[3]["quote"] == 1


def test_auto_picks_days_for_short_spans_and_years_for_long_ones() -> None:
    """A few weeks are drawn by day, a decade by year; --by overrides."""
    short = count_by_period([claim("2024-01-30", "quote"), claim("2024-02-02", "caption")], Period.auto)
    assert [r["period"] for r in short] == ["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"]
    long = count_by_period([claim("2015-06-01", "quote"), claim("2024-02-02", "quote")], Period.auto)
    assert long[0]["period"] == "2015" and long[-1]["period"] == "2024" and len(long) == 10
    assert [r["period"] for r in count_by_period([claim("2024-01-30", "quote")], Period.year)] == ["2024"]
    assert count_by_period([], Period.auto) == []


def test_timeline_json_counts_the_speakers_claims() -> None:
    """--json gives the counts of the speaker's claims, which add up to by-speaker's list."""
    result = runner.invoke(app, ["timeline", "Singh", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    listed = json.loads(runner.invoke(app, ["by-speaker", "Singh", "--json"]).stdout)
    assert sum(r["claims"] for r in rows) == len(listed)
    assert sum(r["quote"] for r in rows) == sum(c["kind"] == "quote" for c in listed)


def test_timeline_draws_bars_with_a_legend() -> None:
    """The chart names the speaker, has one bar per period in each kind's shade, and a legend."""
    result = runner.invoke(app, ["timeline", "Singh", "--by", "year"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Sabrina Singh: 6 claims")
    assert lines[1].startswith("2024")
    assert KIND_MARKS["quote"] in lines[1] and KIND_MARKS["reported"] in lines[1]
    assert "quote" in lines[-1] and "reported" in lines[-1] and "caption" in lines[-1]


def test_unknown_speaker_exits_1_with_a_suggestion() -> None:
    """A name that matches no one is a not-found error, as by-speaker says it."""
    result = runner.invoke(app, ["timeline", "Sihgn"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No speaker matches 'Sihgn'.")


def test_the_cli_loads_no_chart_or_web_library_until_used() -> None:
    """`facts --help` imports neither rich nor sqlite-utils nor Datasette: commands load them when run."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.argv = ['facts', '--help']\n"
        "from facts.cli.app import app\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('rich', 'sqlite_utils', 'datasette') if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.stderr.strip() == "[]"
