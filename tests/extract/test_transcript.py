"""Transcripts: turns found by layout, labels resolved to people, questions and directions left out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.errors import FactsError
from facts.extract.transcript import asks, is_transcript, speaking_turns, transcript_claims

DATA = Path(__file__).parents[1] / "data"
TRANSCRIPTS = DATA / "transcripts"


def _read(name: str) -> str:
    return (TRANSCRIPTS / name).read_text("utf-8")


def test_a_briefing_gives_each_answer_paragraph_as_a_claim_of_the_person_the_header_names() -> None:
    """MS. OKAFOR is the header's Nadia Okafor, with her role; Q turns and (Laughter.) are left out."""
    text = _read("harbour-briefing.txt")
    extraction = transcript_claims(text, file="harbour-briefing.txt")
    claims = extraction.claims
    first = claims[0]
    assert (first["speaker"]["name"], first["speaker"]["role"]) == (
        "Nadia Okafor",
        "Deputy Harbour Authority Press Secretary",
    )
    assert (
        first["text"] == "Good afternoon, everyone. I have two announcements before we take your questions."
    )
    assert {c["kind"] for c in claims} == {"transcript"} and {c["date"] for c in claims} == {"2025-03-04"}
    assert not any("?" in c["text"] or "Laughter" in c["text"] or "Cross-talk" in c["text"] for c in claims)
    assert all(text[c["span"]["start"] : c["span"]["end"]] == c["text"] for c in claims)
    assert [s["name"] for s in extraction.new_speakers] == ["Nadia Okafor", "Colm Brennan"]


def test_a_qa_interview_leaves_out_the_interviewer_the_introduction_names() -> None:
    """ "Interview by Tom Reed" makes his turns questions; the answers are claims, dated to the talk."""
    claims = transcript_claims(_read("mayor-interview.txt"), file="mayor-interview.txt").claims
    assert {c["speaker"]["name"] for c in claims} == {"Ines Varga"}
    assert claims[0]["speaker"]["role"] == "Mayor" and claims[0]["date"] == "2025-07-30"
    assert len(claims) == 5  # one claim per paragraph: the second answer has two


@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        ("council-hearing-rev.txt", {"Priya Raman", "Marcus Hollis"}),
        ("ferry-podcast-otter.txt", {"Lena Marsh", "Olu Bakare"}),
        ("lifeboat-call.vtt", {"Sara Lind"}),
        ("quay-meeting.srt", {"David Ashe"}),
        ("coastguard-remarks.txt", {"Alma Restrepo", "Jonas Whitfield", "Duarte-Pine"}),
    ],
)
def test_each_transcript_layout_is_recognised_and_its_speakers_named(name: str, speakers: set[str]) -> None:
    """Rev.com and otter.ai exports, WebVTT voices, SRT labels and THE GOVERNOR-style labels all resolve."""
    text = _read(name)
    assert is_transcript(text)
    claims = transcript_claims(text, file=name, published=date(2025, 12, 1)).claims
    assert {c["speaker"]["name"] for c in claims} == speakers
    assert not any(c["text"].startswith(("[", "(", "<v")) or c["text"].endswith("]") for c in claims)


def test_turn_speakers_match_the_gold_and_no_question_is_a_claim() -> None:
    """On the hand-made gold, nearly every turn gets its speaker, and no turn that asks becomes a claim."""
    gold = json.loads((TRANSCRIPTS / "gold.json").read_text("utf-8"))
    right = total = questions_taken = 0
    for name, expected in gold.items():
        if name.startswith("_"):
            continue
        text = _read(name)
        found = [(t, None if v.asks or asks(text, t) else v.name) for t, v in speaking_turns(text)]
        assert len(found) == len(expected), name
        for (start, who), (turn, got) in zip(expected, found, strict=True):
            first = text[turn.paragraphs[0][0] : turn.paragraphs[0][1]]
            right += first.startswith(start) and got == who
            questions_taken += first.endswith("?") and who is None and got is not None
        total += len(expected)
    assert right / total >= 0.95
    assert questions_taken == 0


def test_a_transcript_without_a_dated_header_needs_a_publication_date() -> None:
    """An SRT file prints no date: without --published its turns cannot be dated."""
    with pytest.raises(FactsError, match="transcript whose header prints no date"):
        transcript_claims(_read("quay-meeting.srt"), file="quay-meeting.srt")


def test_news_articles_are_not_read_as_transcripts() -> None:
    """The constructed articles, with their quotations and datelines, are read as articles."""
    for path in sorted((DATA / "articles").glob("*.txt")):
        assert not is_transcript(path.read_text("utf-8")), path.name
    assert not is_transcript(
        "Results\n\nClinton: 2,316.\n\nSanders: 1,547.\n\nClinton: 547.\n\nSanders: 46.\n"
    )


def test_extract_resolves_a_label_to_the_stores_speaker(tiny_store: Path, tmp_path: Path) -> None:
    """`facts extract` on a transcript gives MS. PÉREZ's turns to the store's Ana Pérez, kind transcript."""
    transcript = tmp_path / "council.txt"
    transcript.write_text(
        "Mayor Ana Pérez Briefs the Press\nMarch 5, 2025\n\n"
        "MS. PÉREZ: The square reopens on Monday.\n\nQ: Is the fountain fixed?\n\n"
        "MS. PÉREZ: The fountain is fixed and will run all summer.\n\nQ: Thank you.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(transcript), "--store", str(tiny_store), "--json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert [(c["speaker"]["id"], c["kind"], c["date"]) for c in claims] == [
        ("ana-perez", "transcript", "2025-03-05")
    ] * 2
