"""`facts add` and `facts show` on documents that are not text: the original kept, the page given."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app

from .conftest import MakePdf
from .test_readers import EMAIL, FERRY_LINES

runner = CliRunner()


def records(store: Path) -> dict[str, Any]:
    """Return a store's speakers, sources and retired ids as JSON, whatever its format."""
    from facts.store.paths import StorePaths
    from facts.store.reader import read_manifest

    return read_manifest(StorePaths(store)).model_dump(mode="json")


def test_add_keeps_a_pdf_in_originals_and_its_claims_carry_their_page(
    tiny_store: Path, tmp_path: Path, make_pdf: MakePdf
) -> None:
    """A PDF added is kept byte for byte with its hash, and search --json gives each claim's page."""
    data = make_pdf([["Filler page."], FERRY_LINES])
    (tmp_path / "ferry.pdf").write_bytes(data)
    result = runner.invoke(
        app, ["add", str(tmp_path / "ferry.pdf"), "--store", str(tiny_store), "--accept", "all"]
    )
    assert result.exit_code == 0, result.output
    assert (tiny_store / "originals" / "ferry.pdf").read_bytes() == data
    manifest = records(tiny_store)
    source = next(s for s in manifest["sources"] if s["file"] == "ferry.pdf.txt")
    assert source["original"]["sha256"] == hashlib.sha256(data).hexdigest()
    found = runner.invoke(app, ["search", "crossing", "--store", str(tiny_store), "--json"])
    assert found.exit_code == 0, found.output
    assert [c["page"] for c in json.loads(found.stdout)] == [2]
    lines = runner.invoke(app, ["search", "crossing", "--store", str(tiny_store), "--format", "jsonl"])
    assert [json.loads(line)["page"] for line in lines.stdout.splitlines()] == [2]
    claim_id = json.loads(found.stdout)[0]["id"]
    shown = runner.invoke(app, ["show", claim_id, "--store", str(tiny_store)])
    assert shown.exit_code == 0, shown.output
    assert "ferry.pdf.txt [" in shown.stdout and "page 2" in shown.stdout
    valid = runner.invoke(app, ["validate", "--store", str(tiny_store)])
    assert valid.exit_code == 0, valid.output


def test_add_takes_an_email_dated_by_its_header(tiny_store: Path, tmp_path: Path) -> None:
    """An .eml is added with its Date: as the publication date and no --published needed."""
    (tmp_path / "update.eml").write_bytes(EMAIL)
    result = runner.invoke(
        app, ["add", str(tmp_path / "update.eml"), "--store", str(tiny_store), "--accept", "all"]
    )
    assert result.exit_code == 0, result.output
    manifest = records(tiny_store)
    source = next(s for s in manifest["sources"] if s["file"] == "update.eml.txt")
    assert (source["published"], source["author"]) == ("2025-03-03", "Harbour Office")


def test_transcript_claims_can_be_filtered_and_edited_by_their_kind(tiny_store: Path) -> None:
    """`--kind transcript` is accepted by list and edit: transcript turns are a kind claims have."""
    briefing = Path(__file__).parents[1] / "data" / "transcripts" / "harbour-briefing.txt"
    store = ["--store", str(tiny_store)]
    assert runner.invoke(app, ["add", str(briefing), "--accept", "all", *store]).exit_code == 0
    listed = runner.invoke(app, ["list", "--kind", "transcript", "--json", *store])
    assert listed.exit_code == 0, listed.output
    turns = json.loads(listed.stdout)
    assert turns and {c["kind"] for c in turns} == {"transcript"}
    quote = json.loads(runner.invoke(app, ["list", "--kind", "quote", "--json", *store]).stdout)[0]
    edited = runner.invoke(app, ["edit", quote["id"], "--kind", "transcript", "--dry-run", *store])
    assert edited.exit_code == 0, edited.output
