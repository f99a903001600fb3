"""Tests of dates written in text and time cues resolved against a reference date."""

from __future__ import annotations

from datetime import date

import pytest

from facts.extract.dates import full_dates, resolve_cue

WEDNESDAY = date(2024, 10, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in western Iraq, July 31, 2024.", date(2024, 7, 31)),
        ("Al Asad Air Base, Iraq, Feb. 27, 2023.", date(2023, 2, 27)),
        ("Sept. 27, 2024", date(2024, 9, 27)),
        ("LONDON, 3 October 2022 — Rail", date(2022, 10, 3)),
        ("published 2021-05-11 at noon", date(2021, 5, 11)),
    ],
)
def test_full_dates(text: str, expected: date) -> None:
    """American, British and ISO dates are read, AP abbreviations included."""
    assert [d for _, _, d in full_dates(text)] == [expected]


def test_impossible_dates_are_skipped() -> None:
    """February 30 is not a date, so it is not returned."""
    assert [d for _, _, d in full_dates("February 30, 2024 and June 1, 2024")] == [date(2024, 6, 1)]


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("said on Friday", date(2024, 9, 27), "day"),
        ("said Wednesday", WEDNESDAY, "day"),
        ("said last Wednesday", date(2024, 9, 25), "day"),
        ("told reporters yesterday", date(2024, 10, 1), "day"),
        ("In January, the United States announced", date(2024, 1, 1), "month"),
        ("In November, officials said", date(2023, 11, 1), "month"),
        ("said on Sept. 30", date(2024, 9, 30), "day"),
        ("said on December 5", date(2023, 12, 5), "day"),
    ],
)
def test_cues_resolve_against_the_reference(text: str, expected: date, precision: str) -> None:
    """Weekdays are the last such day up to the reference; months and days without a year are not later."""
    cue = resolve_cue(text, WEDNESDAY)
    assert cue is not None
    assert (cue.date, cue.precision) == (expected, precision)
    assert str(WEDNESDAY) in cue.basis


def test_no_cue() -> None:
    """Text without a time cue resolves to nothing, and a weekday inside a full date is not a cue."""
    assert resolve_cue("said in a statement", WEDNESDAY) is None
    assert resolve_cue("on Friday, September 27, 2024", WEDNESDAY) is None
