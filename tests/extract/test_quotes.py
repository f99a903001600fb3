"""Tests of finding quotations in every quote style, apart from apostrophes."""

from __future__ import annotations

import pytest

from facts.extract.quotes import find_quotes
from facts.extract.text import masked, paragraphs


def quoted(text: str) -> list[str]:
    """Return the words of every quotation found in text."""
    return [text[q.start : q.end] for q in find_quotes(text, paragraphs(text))]


@pytest.mark.parametrize(
    "text",
    [
        "“The pier is safe,” she said.",
        '"The pier is safe," she said.',
        "‘The pier is safe,’ she said.",
        "'The pier is safe,' she said.",
        "''The pier is safe,'' she said.",
        "``The pier is safe,'' she said.",
        "«The pier is safe», she said.",
        "„The pier is safe“, she said.",
    ],
)
def test_every_quote_style(text: str) -> None:
    """Curly, straight, single, doubled-apostrophe, backtick, guillemet and German quotes are found."""
    assert quoted(text) == ["The pier is safe"]


@pytest.mark.parametrize(
    "text",
    [
        "The council's plan and the residents' petition were both rejected.",
        "It's the '90s all over again, and we don't like it.",
        "He is 5'10\" tall and the O'Neills' dog is 3' long.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text: str) -> None:
    """Possessives, elisions, decades and feet are not quotations."""
    assert quoted(text) == []


def test_british_quotes_keep_apostrophes_inside() -> None:
    """A straight single quotation may hold apostrophes: it ends at the mark before a space or stop."""
    text = "'We don't know the families' names yet,' Ms Evans said."
    assert quoted(text) == ["We don't know the families' names yet"]


def test_masked_narration_has_one_mark_style() -> None:
    """In the narration every quotation mark becomes a straight double quote and the words are blanked."""
    text = "''No comment,'' she said."
    narration = masked(text, find_quotes(text, paragraphs(text)))
    assert narration.startswith('""') and narration.endswith(',"" she said.')
    assert "No" not in narration
