"""A quotation cut out of a longer one is the same statement, and a nested span is not a conflict."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.search.statement_cache import open_statements, statements_path
from facts.store.paths import resolve_store

DEMO = Path(__file__).parents[2] / "facts"
# A made-up later report that quotes only the end of Singh's sentence in the bundled store.
BRIEFING = (
    "Pentagon says troop numbers in Iraq will shift\n\n"
    "Washington, 30 September 2024. Deputy Pentagon Press Secretary Sabrina Singh told reporters on "
    "Friday that the end of the coalition mission would change the American presence.\n\n"
    '"Our footprint is going to be changing within the country," Singh said, without giving figures.\n'
)
# One sentence from which two spans were taken, one inside the other, credited to two speakers.
HARBOUR = (
    "The mayor's office said on Monday that the harbour road will close to lorries from the first "
    "of May, as Mayor Ana Ruiz had told the council.\n"
)
SAID = "the harbour road will close to lorries from the first of May"
NESTED = "the harbour road will close to lorries"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _statements(store: Path) -> list[Any]:
    """The statements file's counts and members, statements named by their first claim."""
    with contextlib.closing(sqlite3.connect(statements_path(resolve_store(store)))) as db:
        first = dict(db.execute("SELECT id, first FROM statements"))
        counts = sorted(db.execute("SELECT claims, sources, speakers, wordings, first FROM statements"))
        members = sorted((c, first[s], *rest) for c, s, *rest in db.execute("SELECT * FROM members"))
    return [counts, members]


def test_a_report_quoting_part_of_singhs_sentence_is_the_same_statement(tmp_path: Path) -> None:
    """Added to the demo store's claims, a shorter quotation of Singh's sentence is reported by both
    sources, and is no conflict; the statements updated by the addition equal a rebuild."""
    store = tmp_path / "store"
    shutil.copytree(DEMO, store)
    assert run("conflicts", "--store", str(store), "--json").exit_code == 0  # statements built
    inode = statements_path(resolve_store(store)).stat().st_ino
    article = tmp_path / "briefing.txt"
    article.write_text(BRIEFING, encoding="utf-8")
    added = run("add", str(article), "--store", str(store), "--accept", "all", "--published", "2024-09-30")
    assert added.exit_code == 0, added.output
    shown = run("show", "003-singh-footprint-changing", "--store", str(store), "--json")
    assert shown.exit_code == 0, shown.output
    claim = json.loads(shown.stdout)
    assert claim["reported_by"]["sources"] >= 2
    [other] = claim["reported_by"]["claims"]
    assert other.startswith("briefing-") and claim["conflicts"] == []
    again = json.loads(run("show", other, "--store", str(store), "--json").stdout)
    assert again["speaker"]["id"] == "sabrina-singh"
    assert again["reported_by"] == {"sources": 2, "claims": ["003-singh-footprint-changing"]}
    listed = json.loads(run("conflicts", "--store", str(store), "--json").stdout)
    assert not any(other in [c["id"] for c in s["claims"]] for s in listed)
    assert statements_path(resolve_store(store)).stat().st_ino == inode  # updated, not rebuilt
    updated = _statements(store)
    statements_path(resolve_store(store)).unlink()
    open_statements(resolve_store(store)).close()
    assert _statements(store) == updated


def _harbour_store(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    digest = hashlib.sha256(HARBOUR.encode()).hexdigest()
    manifest = {
        "format": 1,
        "speakers": [
            {"id": "ana-ruiz", "name": "Ana Ruiz", "kind": "person", "role": "Mayor"},
            {"id": "mayors-office", "name": "the mayor's office", "kind": "institution"},
        ],
        "sources": [{"file": "harbour.txt", "title": "Harbour", "published": "2025-04-07", "sha256": digest}],
    }
    (root / "store.json").write_text(json.dumps(manifest), encoding="utf-8")
    claims = []
    for claim_id, text, speaker, kind in (
        ("harbour-ruiz", SAID, "ana-ruiz", "reported"),
        ("harbour-office", NESTED, "mayors-office", "reported"),
    ):
        start = HARBOUR.index(text)
        claims.append(
            {
                "id": claim_id,
                "text": text,
                "kind": kind,
                "speaker": speaker,
                "date": "2025-04-07",
                "source": "harbour.txt",
                "span": {"start": start, "end": start + len(text)},
            }
        )
    (root / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    return root


def test_a_span_nested_in_another_of_its_sentence_is_not_a_conflict(tmp_path: Path) -> None:
    """Two spans of one sentence, one inside the other, are one statement and not a conflict."""
    store = str(_harbour_store(tmp_path / "s"))
    assert run("validate", "--store", store).exit_code == 0
    listed = run("conflicts", "--store", store, "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == []
    shown = json.loads(run("show", "harbour-office", "--store", store, "--json").stdout)
    assert shown["reported_by"]["claims"] == ["harbour-ruiz"] and shown["conflicts"] == []
