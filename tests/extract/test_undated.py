"""A document that prints no date is still extracted; only adding it needs a date."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from facts.cli.app import app


def test_extract_proposes_an_undated_document_and_add_asks_for_a_date(
    tmp_path: Path, tiny_store: Path
) -> None:
    """`extract` proposes an undated text's claims with a null date; `add` asks for --published."""
    article = tmp_path / "undated.txt"
    article.write_text(
        "Quarry plan\n\nThe council said the quarry would close in spring.\n", encoding="utf-8"
    )
    runner = CliRunner()
    extracted = runner.invoke(app, ["extract", str(article), "--json", "--store", str(tiny_store)])
    assert extracted.exit_code == 0, extracted.output
    [claim] = json.loads(extracted.stdout)
    assert claim["date"] is None and "--published" in claim["date_basis"]
    assert "undated" in extracted.stderr
    added = runner.invoke(app, ["add", str(article), "--accept", "all", "--store", str(tiny_store)])
    assert added.exit_code == 1 and "prints no date" in added.stderr and "--published" in added.stderr
    dated = ["--published", "2025-03-04", "--accept", "all", "--store", str(tiny_store)]
    assert runner.invoke(app, ["add", str(article), *dated]).exit_code == 0
