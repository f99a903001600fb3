"""Tests of reading speaker phrases: titles, surnames, pronouns, unnamed sources and institutions."""

from __future__ import annotations

import pytest

from facts.extract.mentions import read_phrase


@pytest.mark.parametrize(
    ("phrase", "kind", "name", "role"),
    [
        (
            "Deputy Pentagon Press Secretary Sabrina Singh",
            "person",
            "Sabrina Singh",
            "Deputy Pentagon Press Secretary",
        ),
        ("Secretary of State Antony Blinken", "person", "Antony Blinken", "Secretary of State"),
        ("U.S. Army Staff Sgt. Erik Munchmore", "person", "Erik Munchmore", "U.S. Army Staff Sgt."),
        ("Lloyd J. Austin III", "person", "Lloyd J. Austin III", None),
        ("council member Robert Chan", "person", "Robert Chan", "council member"),
        (
            "State Department spokesperson Matthew Miller",
            "person",
            "Matthew Miller",
            "State Department spokesperson",
        ),
        ("Gen. Milley", "surname", "Milley", "Gen."),
        ("Mr Harris", "surname", "Harris", None),
        ("Singh", "word", "Singh", None),
        ("she", "pronoun", "she", None),
        (
            "a State Department official",
            "unnamed",
            "a State Department official",
            "State Department official",
        ),
        ("the official", "unnamed", "the official", "official"),
        ("officials", "unnamed", "officials", "officials"),
        (
            "Analysts at the Centre for Economic Research",
            "unnamed",
            "Analysts at the Centre for Economic Research",
            None,
        ),
        ("the Pentagon", "institution", "the Pentagon", None),
        ("the United States", "institution", "the United States", None),
        ("The statement", "institution", "The statement", None),
        ("Police", "institution", "Police", None),
        ("U.S. Army", "institution", "U.S. Army", None),
        (
            "The Biden administration and Iraqi leaders",
            "institution",
            "The Biden administration and Iraqi leaders",
            None,
        ),
    ],
)
def test_read_phrase(phrase: str, kind: str, name: str, role: str | None) -> None:
    """A speaker phrase is read as the right kind of speaker, with the title split from the name."""
    mention = read_phrase(phrase)
    assert mention is not None
    assert (mention.kind, mention.name) == (kind, name)
    if role is not None or kind == "person":
        assert mention.role == role


def test_organization_after_a_name() -> None:
    """ "Economist Jonas Berg of the University of Vallby" is a person with a role and an organisation."""
    mention = read_phrase("Economist Jonas Berg of the University of Vallby")
    assert mention is not None
    assert (mention.kind, mention.name, mention.role) == ("person", "Jonas Berg", "Economist")
    assert mention.organization == "the University of Vallby"


@pytest.mark.parametrize(
    "phrase",
    [
        "it was",
        "Despite the progress",
        "and",
        "the strike was",
        "Press Secretary",
        "",
        "the risk but",
        "In Florida",
        "Like Makaeff",
        "of Flint",
    ],
)
def test_phrases_that_name_no_one(phrase: str) -> None:
    """Clauses, bare titles, joiners and prepositional phrases name no speaker."""
    assert read_phrase(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "name"),
    [("Although Johnson", "Johnson"), ("Even Lindsey Graham", "Lindsey Graham"), ("While Trump", "Trump")],
)
def test_a_name_never_starts_with_a_function_word(phrase: str, name: str) -> None:
    """A subordinating word before a subject is not part of the speaker's name."""
    mention = read_phrase(phrase)
    assert mention is not None and mention.name == name


@pytest.mark.parametrize(("phrase", "gender"), [("Mr. Ortiz", "m"), ("Ms. Evans", "f"), ("Mary Holt", "f")])
def test_honorifics_and_first_names_give_a_gender(phrase: str, gender: str) -> None:
    """An honorific or a common first name tells "he" from "she"."""
    mention = read_phrase(phrase)
    assert mention is not None and mention.gender == gender


@pytest.mark.parametrize("phrase", ["he", "she", "they", "it"])
def test_pronouns_are_mentions_to_resolve(phrase: str) -> None:
    """Pronouns are read as pronouns, for the document's entities to resolve."""
    mention = read_phrase(phrase)
    assert mention is not None and mention.kind == "pronoun"
