"""Quotations checked against primary sources: exact, shortened, altered, or from no passage."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.extract.transcript import is_transcript, transcript_claims
from facts.search.primary import check_quotations, compare

TRANSCRIPTS = Path(__file__).parents[1] / "data" / "transcripts"
PASSAGE = "First, the north ferry route will stay closed until Friday while the storm passes over the coast."


def records(store: Path) -> dict[str, Any]:
    """Return a store's speakers, sources and retired ids as JSON, whatever its format."""
    from facts.store.paths import StorePaths
    from facts.store.reader import read_manifest

    return read_manifest(StorePaths(store)).model_dump(mode="json")


def test_a_quotation_is_exact_shortened_or_altered_with_the_difference() -> None:
    """A run of the passage is exact; words left out are named; a changed word stands beside its original."""
    exact = compare("“The north ferry route will stay closed until Friday”", PASSAGE)
    assert exact is not None and exact.verdict == "exact"
    cut = compare("the north ferry route will stay closed … while the storm passes", PASSAGE)
    assert cut is not None and (cut.verdict, cut.left_out) == ("shortened", ["until friday"])
    changed = compare("The north ferry route will stay closed until Sunday", PASSAGE)
    assert changed is not None and (changed.verdict, changed.changed) == ("altered", [("friday", "sunday")])
    assert compare("The south route will reopen on Monday morning", PASSAGE) is None


def test_the_quotation_set_is_classified_as_the_gold_says() -> None:
    """On 33 news-style quotations of the test transcripts, at least 95% get the gold verdict."""
    primaries = []
    for path in sorted(TRANSCRIPTS.glob("*.txt")):
        text = path.read_text("utf-8")
        if is_transcript(text):
            claims = transcript_claims(text, file=path.name, published=date(2025, 12, 1)).claims
            primaries.extend((c["id"], c["speaker"]["name"], c["text"]) for c in claims)
    gold = json.loads((TRANSCRIPTS / "quotations.json").read_text("utf-8"))["quotations"]
    checked = check_quotations([(str(n), q["speaker"], q["text"]) for n, q in enumerate(gold)], primaries)
    right = sum(q["verdict"] == c.verdict for q, c in zip(gold, checked, strict=True))
    assert len(gold) >= 30 and right / len(gold) >= 0.95


NEWS = """Harbour ferry stays in dock

BRENNAN, March 5, 2025 - The north route will stay shut, the harbour authority said.

"The north ferry route will stay closed until Sunday," Deputy Press Secretary Nadia Okafor said.

"Every passenger with a cancelled ticket will be refunded in full within ten days," Okafor said.

"The inspections will show where the fleet stands," Okafor added.

"We are hiring forty new deckhands for the summer season," Okafor said.
"""


def test_check_lists_departures_from_a_transcript_most_altered_first(
    tiny_store: Path, tmp_path: Path
) -> None:
    """A transcript added is a primary source; `facts check` lists the news quotations that depart from it."""
    runner = CliRunner()
    briefing = TRANSCRIPTS / "harbour-briefing.txt"
    added = runner.invoke(app, ["add", str(briefing), "--store", str(tiny_store), "--accept", "all"])
    assert added.exit_code == 0, added.output
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    added = runner.invoke(
        app, ["add", str(tmp_path / "news.txt"), "--store", str(tiny_store), "--accept", "all"]
    )
    assert added.exit_code == 0, added.output
    manifest = records(tiny_store)
    assert [s["file"] for s in manifest["sources"] if s.get("primary")] == ["harbour-briefing.txt"]
    result = runner.invoke(app, ["check", "--store", str(tiny_store), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [r["verdict"] for r in found] == ["altered", "shortened", "none"]
    assert found[0]["changed"] == [{"primary": "friday", "quoted": "sunday"}]
    assert found[0]["primary"].startswith("harbour-briefing-okafor-")
    assert found[1]["left_out"] == ["automatically"]
    everything = runner.invoke(app, ["check", "--store", str(tiny_store), "--all", "--json"])
    assert [r["verdict"] for r in json.loads(everything.stdout)][-1] == "exact"
    shown = runner.invoke(app, ["show", found[0]["claim"], "--store", str(tiny_store), "--format", "tsv"])
    assert shown.exit_code == 0, shown.output
    assert (
        f"primary: altered: “sunday” for “friday” — {found[0]['primary']}: “First, the north" in shown.stdout
    )
    as_json = json.loads(
        runner.invoke(app, ["show", found[1]["claim"], "--store", str(tiny_store), "--json"]).stdout
    )
    assert as_json["primary_check"]["verdict"] == "shortened"


RELEASE = """Harbour Authority statement on the north route

BRENNAN, March 3, 2025 - The authority issued this statement on Monday.

"The north ferry route will stay closed until Friday at the earliest," Press Secretary Nadia Okafor said.
"""


def test_add_primary_marks_a_statement_that_quotations_are_checked_against(
    tiny_store: Path, tmp_path: Path
) -> None:
    """`facts add --primary` marks a press release primary; a later quotation of it is checked."""
    runner = CliRunner()
    (tmp_path / "release.txt").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    store = ["--store", str(tiny_store), "--accept", "all"]
    added = runner.invoke(app, ["add", str(tmp_path / "release.txt"), "--primary", *store])
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["add", str(tmp_path / "news.txt"), *store]).exit_code == 0
    found = json.loads(runner.invoke(app, ["check", "--store", str(tiny_store), "--json"]).stdout)
    assert found[0]["verdict"] == "altered" and found[0]["primary"].startswith("release-okafor-")
    both = runner.invoke(app, ["add", str(tmp_path), "--primary", *store])
    assert both.exit_code == 2 and "--primary marks one document" in both.stderr  # a usage error
