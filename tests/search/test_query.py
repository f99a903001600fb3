"""Tests of query parsing and speaker matching."""

from __future__ import annotations

import pytest

from facts.errors import QueryError
from facts.names import fold, speaker_search_key, suggest_speakers
from facts.search.query import parse_search, speaker_words
from facts.store.records import SpeakerRecord


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("withdrawal", '"withdrawal"'),
        ("not withdrawing", '"not" AND "withdrawing"'),
        ('"not withdrawing" iraq', '"not withdrawing" AND "iraq"'),
        ("withdr*", '"withdr" *'),
        ("syria OR iraq", '("syria" OR "iraq")'),
        ("iraq -syria", '("iraq") NOT "syria"'),
        ("iraq NOT syria", '("iraq") NOT "syria"'),
        ("AND", '"AND"'),
        ('say "hi', '"say" AND "hi"'),
        ("col:umn (x) ^y", '"col:umn" AND "(x)" AND "^y"'),
    ],
)
def test_parse_search(query: str, expression: str) -> None:
    """User syntax becomes groups of quoted terms, in which no character is an operator."""
    assert str(parse_search(query)) == expression


@pytest.mark.parametrize("query", ["", "   ", "***", '""', "-iraq", "NOT", "😀"])
def test_queries_without_words_are_usage_errors(query: str) -> None:
    """A query with nothing to find is refused."""
    with pytest.raises(QueryError):
        parse_search(query)


def test_overlong_queries_are_refused() -> None:
    """A query over 10,000 characters is a usage error."""
    with pytest.raises(QueryError, match="longer"):
        parse_search("a" * 10_001)


SPEAKERS: list[SpeakerRecord] = [
    SpeakerRecord(
        id="sabrina-singh",
        name="Sabrina Singh",
        kind="person",
        role="Deputy Pentagon Press Secretary",
        organization="U.S. Department of Defense",
        aliases=["Singh"],
        claims=6,
    ),
    SpeakerRecord(
        id="state",
        name="U.S. Department of State official",
        kind="unnamed",
        role=None,
        organization="U.S. Department of State",
        aliases=["State Department official"],
        claims=2,
    ),
    SpeakerRecord(
        id="ana",
        name="Ana Pérez",
        kind="person",
        role="Mayor",
        organization=None,
        aliases=[],
        claims=1,
    ),
]


def test_speaker_search_key_folds_every_label() -> None:
    """Name, aliases, role and organization are all in the folded key."""
    key = speaker_search_key("Ana Pérez", ["Mayor Pérez"], "Mayor", None)
    assert "ana perez" in key and "mayor perez" in key and key == key.casefold()


def test_speaker_words_refuses_an_empty_name() -> None:
    """A blank speaker name is a usage error."""
    assert speaker_words(" Sabrina  SINGH ") == ["sabrina", "singh"]
    with pytest.raises(QueryError):
        speaker_words("   ")


def test_suggest_speakers_finds_a_misspelt_surname() -> None:
    """'Sinhg' suggests Sabrina Singh."""
    assert suggest_speakers(SPEAKERS, "Sinhg") == ["Sabrina Singh"]
    assert suggest_speakers(SPEAKERS, "zzzz") == []


def test_fold_removes_case_and_accents() -> None:
    """Folding makes accented and plain text equal."""
    assert fold("Pérez") == fold("PEREZ") == "perez"
