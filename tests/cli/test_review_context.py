"""Tests of reviewing with context: the claim's sentence, cue and speaker phrase, in add and extract."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.errors import NotFoundError
from facts.extract import extract_claims
from facts.ingest.review import speaker_named
from facts.store.manifest import StoreView, ViewSpeaker
from facts.store.paths import StorePaths
from facts.store.reader import find_problems, read_manifest

runner = CliRunner()
TEXT = (
    "Label dispute deepens\n\n"
    "March 3, 2025\n\n"
    "The company said on Friday that the album would be delayed by months.\n\n"
    "“I never agreed to that date,” Jane Roe said. “Nobody asked me about it.”\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "label.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def review(article: Path, store: Path, answers: str) -> Any:
    args = ["add", str(article), "--accept", "interactive", "--store", str(store)]
    return runner.invoke(app, args, input=answers)


def stored_claims(store: Path) -> list[dict[str, Any]]:
    lines = (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [c for c in map(json.loads, filter(None, lines)) if c["source"] == "label.txt"]


def test_each_claim_comes_with_its_sentence_cue_and_speaker_phrase() -> None:
    """The extractor says where each claim's sentence, cue and speaker phrase are in the text."""
    extraction = extract_claims(TEXT, file="label.txt")
    by_text = {c["text"]: extraction.contexts[c["id"]] for c in extraction.claims}
    reported = by_text["the album would be delayed by months"]
    assert (
        TEXT[slice(*reported.sentence)]
        == "The company said on Friday that the album would be delayed by months."
    )
    assert TEXT[slice(*reported.cue or (0, 0))] == "said"
    assert TEXT[slice(*reported.phrase or (0, 0))] == "The company"
    quote = by_text["I never agreed to that date"]
    assert TEXT[slice(*quote.phrase or (0, 0))] == "Jane Roe"
    assert TEXT[slice(*quote.sentence)] == "“I never agreed to that date,” Jane Roe said."
    follow_on = by_text["Nobody asked me about it."]
    assert TEXT[slice(*follow_on.sentence)].endswith("Jane Roe said. “Nobody asked me about it.”")


def test_the_review_shows_the_sentence_and_the_speaker_as_written(article: Path, tiny_store: Path) -> None:
    """Each question shows the claim marked in its sentence, the speaker phrase and the cue."""
    result = review(article, tiny_store, "n\nn\nn\n")
    assert result.exit_code == 0, result.output
    assert "The company said on Friday that ‹the album would be delayed by months›." in result.stderr
    assert "speaker as written: “The company” · cue: “said”" in result.stderr
    assert "speaker as written: “Jane Roe”" in result.stderr


def test_the_reviewer_gives_a_claim_to_a_new_person(article: Path, tiny_store: Path) -> None:
    """Typing a name no speaker has gives the claim to a new person, added with it; the store validates."""
    result = review(article, tiny_store, "s\nMia Cole\ny\nn\nn\n")
    assert result.exit_code == 0, result.output
    assert "Mia Cole (mia-cole, a new person)" in result.stderr
    [claim] = stored_claims(tiny_store)
    assert claim["text"] == "the album would be delayed by months" and claim["speaker"] == "mia-cole"
    speaker = next(s for s in read_manifest(StorePaths(tiny_store)).speakers if s.id == "mia-cole")
    assert (speaker.name, speaker.kind.value) == ("Mia Cole", "person")
    assert list(find_problems(StorePaths(tiny_store))) == []


def test_the_reviewer_gives_a_claim_to_a_speaker_of_the_store(article: Path, tiny_store: Path) -> None:
    """An alias of a store speaker gives the claim to that speaker; an empty answer keeps the proposal."""
    result = review(article, tiny_store, "s\nPérez\ny\ns\n\ny\nq\n")
    assert result.exit_code == 0, result.output
    speakers = {c["text"]: c["speaker"] for c in stored_claims(tiny_store)}
    assert speakers["the album would be delayed by months"] == "ana-perez"
    assert speakers["I never agreed to that date"] == "jane-roe"


def test_speaker_named_prefers_the_store_then_the_document_then_a_fresh_id() -> None:
    """A typed name resolves to a store speaker, then a speaker the document brings, else a new unused id."""
    store = StoreView(
        2, (ViewSpeaker("ana-perez", "Ana Pérez", "person", None, None, ("Pérez",)),), ("jane-roe",), ()
    )
    draft = {"id": "the-singer", "name": "the singer", "kind": "unnamed", "role": None}
    drafts: Any = [{**draft, "organization": None, "aliases": []}]
    assert speaker_named("perez", store, drafts) == (
        {"id": "ana-perez", "name": "Ana Pérez", "kind": "person", "role": None, "organization": None},
        False,
    )
    assert speaker_named("The Singer", store, drafts)[0]["id"] == "the-singer"
    ref, new = speaker_named("Jane Roe", store, drafts)
    assert new and ref["id"] == "jane-roe-2" and ref["name"] == "Jane Roe"
    with pytest.raises(NotFoundError):
        speaker_named("  ", store, drafts)


def test_extract_context_shows_cue_and_sentence(article: Path, tiny_store: Path) -> None:
    """`facts extract --context` prints a table with the speaker as written, the cue and the sentence."""
    result = runner.invoke(app, ["extract", str(article), "--context", "--store", str(tiny_store)])
    assert result.exit_code == 0, result.output
    assert "as written:" in result.stdout and "The company" in result.stdout and "said" in result.stdout
    assert "‹I never agreed to that date›" in result.stdout


def test_extract_context_is_a_table(article: Path, tiny_store: Path) -> None:
    """--context with a data format is a usage error."""
    result = runner.invoke(app, ["extract", str(article), "--context", "--json", "--store", str(tiny_store)])
    assert result.exit_code == 2 and "--context shows a table" in result.stderr


def test_extraction_still_dates_and_attributes_as_before() -> None:
    """The context fields leave the proposals themselves unchanged."""
    extraction = extract_claims(TEXT, file="label.txt", published=date(2025, 3, 3))
    assert {c["text"] for c in extraction.claims} >= {
        "the album would be delayed by months",
        "Nobody asked me about it.",
    }
    assert set(extraction.contexts) == {c["id"] for c in extraction.claims}
