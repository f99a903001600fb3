"""The long tail of cues: each verb or phrase of attribution on a sentence written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from facts.extract import extract_claims


def cues(body: str) -> set[tuple[str, str, str | None, str | None]]:
    """Return (speaker, text, cue, lemma) of each claim proposed from a body of text."""
    text = "A headline for the test\n\n" + body
    return {
        (c["speaker"]["name"], c["text"], c["cue"], c["cue_lemma"])
        for c in extract_claims(text, file="t.txt", published=date(2025, 3, 4)).claims
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Judge Ann Park ruled that the contract was void.",
            ("Ann Park", "the contract was void", "ruled", "rule"),
        ),
        (
            "Defending, Simon Patel submitted that his client had repaid the money.",
            ("Simon Patel", "his client had repaid the money", "submitted", "submit"),
        ),
        (
            "Coach Dan Osei conceded that the team had lost its way.",
            ("Dan Osei", "the team had lost its way", "conceded", "concede"),
        ),
        (
            "Mina Park recalled that her father drove her to training at five.",
            ("Mina Park", "her father drove her to training at five", "recalled", "recall"),
        ),
        (
            '"I planned every pass," Mina Park quipped.',
            ("Mina Park", "I planned every pass", "quipped", "quip"),
        ),
        (
            'Ana Holt spoke first. Her deputy, Ruth Lane, echoed her: "We will not sell."',
            ("Ruth Lane", "We will not sell.", "echoed", "echo"),
        ),
        (
            "Harbor Lines said in a statement on Monday that the port had cost it three contracts.",
            ("Harbor Lines", "the port had cost it three contracts", "said", "say"),
        ),
        (
            "Prosecutor Rachel Dunn told the court that the money moved through 43 transfers.",
            ("Rachel Dunn", "the money moved through 43 transfers", "told", "tell"),
        ),
        (
            "According to a report by the county auditor, half the grants were never spent.",
            (
                "a report by the county auditor",
                "half the grants were never spent",
                "According to",
                "according to",
            ),
        ),
    ],
)
def test_cue_is_recorded_as_written_and_as_lemma(body: str, expected: tuple[str, str, str, str]) -> None:
    """Each cue finds its speaker and content, and the claim records the cue and its lemma."""
    assert expected in cues(body)


def test_a_name_after_an_opening_phrase_is_the_antecedent_of_he() -> None:
    """ "In the summer Joe Smith decided ... He said" gives Joe Smith, not "In the summer"."""
    found = cues("In the summer Joe Smith decided to run. He said the town needed a change.")
    assert ("Joe Smith", "the town needed a change", "said", "say") in found
