"""The sources "according to" names, on sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from facts.extract import extract_claims
from facts.extract.sources import read_source, source_phrase


def said(body: str) -> set[tuple[str, str]]:
    """Return (speaker, text) of every claim proposed from a body of text."""
    text = "A headline for the test\n\n" + body
    claims = extract_claims(text, file="t.txt", published=date(2025, 3, 4)).claims
    return {(c["speaker"]["name"], c["text"]) for c in claims}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # an honorific's full stop does not end the source
            "The ferry will stop running in May, according to Mr. Okoro.",
            ("Okoro", "The ferry will stop running in May"),
        ),
        (  # a poll described at length is named as the text describes it
            "Most residents opposed the toll, according to a Harbour Post poll taken in June.",
            ("a Harbour Post poll taken in June", "Most residents opposed the toll"),
        ),
        (  # a document with what it is
            "The mill was sold twice in a year, according to a lawsuit filed in Dunmore by its tenants.",
            ("a lawsuit filed in Dunmore by its tenants", "The mill was sold twice in a year"),
        ),
        (  # a source counted out of a group
            "The mayor will not run again, according to one of her senior aides.",
            ("one of her senior aides", "The mayor will not run again"),
        ),
    ],
)
def test_according_to_names_its_source(body: str, expected: tuple[str, str]) -> None:
    """A sentence ending in "according to X" is X's claim, X read in full."""
    assert expected in said(body)


def test_according_to_plan_names_nobody() -> None:
    """ "according to plan" is a manner, not a source."""
    assert read_source("plan") is None
    assert said("The works went according to plan, and the road reopened.") == set()


def test_the_source_phrase_stops_at_the_sentence_end_not_at_an_abbreviation() -> None:
    """A source phrase keeps "U.S." and "Dr." and ends at the sentence's full stop."""
    text = "according to the U.S. Census Bureau. Then"
    assert source_phrase(text, len("according to "), len(text)) == "the U.S. Census Bureau"
