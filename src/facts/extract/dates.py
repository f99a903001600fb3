"""Dates written in news text: full dates, and cues such as "on Friday" or "In January" resolved
against a reference date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
# AP style abbreviates some months before a day: "Feb. 27", "Sept. 27".
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_FULL_DATE = re.compile(
    rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,\s+(?P<year>(?:19|20)\d\d)\b"
    rf"|\b(?P<day2>[0-3]?\d)\s+(?P<month2>January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+(?P<year2>(?:19|20)\d\d)\b"
    r"|\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
)
_WEEKDAY_CUE = re.compile(
    r"\b(?:on\s+|last\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?!\s*,?\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.))"
)
_RELATIVE_CUE = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this morning|this afternoon|last night)\b", re.I
)
_DAY_CUE = re.compile(rf"\bon\s+{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)")
_MONTH_CUE = re.compile(
    r"\b(?:[Ii]n|[Ll]ast|[Ee]arlier\s+this|[Ee]arly|[Ll]ate)\s+(?P<month>January|February|March|April|May"
    r"|June|July|August|September|October|November|December)\b(?!\s+(?:[0-3]?\d\b|(?:19|20)\d\d))"
)
# "6 hours ago", "two days ago", "a week ago": counted back from the page's own date.
_AGO_CUE = re.compile(
    r"\b(?P<count>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>minutes?|hours?|days?|weeks?)\s+ago\b",
    re.I,
)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNTS.update({"seven": 7, "eight": 8, "nine": 9, "ten": 10})
_RELATIVE_DAYS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0}


class DatedCue(NamedTuple):
    """A claim's date as far as the text tells it: the date, its precision and how it was found."""

    date: date
    precision: str  # "day", "month" or "year"
    basis: str


def month_number(name: str) -> int:
    """Return the month number of a month name or its abbreviation ("Sept.")."""
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def full_dates(text: str) -> list[tuple[int, int, date]]:
    """Return (start, end, date) of every complete, valid date written in text."""
    found = []
    for match in _FULL_DATE.finditer(text):
        try:
            if match["iso"]:
                value = date.fromisoformat(match["iso"])
            elif match["month"]:
                value = date(int(match["year"]), month_number(match["month"]), int(match["day"]))
            else:
                value = date(int(match["year2"]), month_number(match["month2"]), int(match["day2"]))
        except ValueError:  # "February 30, 2024" is not a date
            continue
        found.append((match.start(), match.end(), value))
    return found


def resolve_cue(text: str, reference: date) -> DatedCue | None:
    """Find a time cue in an attribution ("said on Friday") and resolve it against the reference date."""
    if match := _DAY_CUE.search(text):
        month, day = month_number(match["month"]), int(match["day"])
        year = reference.year if (month, day) <= (reference.month, reference.day) else reference.year - 1
        try:
            value = date(year, month, day)
        except ValueError:
            return None
        return DatedCue(value, "day", f"“{match.group().strip()}” in the text, in the year up to {reference}")
    if match := _WEEKDAY_CUE.search(text):
        weekday = WEEKDAYS.index(match["weekday"].lower())
        value = reference - timedelta(days=(reference.weekday() - weekday) % 7)
        if match.group().lower().startswith("last") and value == reference:
            value -= timedelta(days=7)
        return DatedCue(
            value, "day", f"“{match.group().strip()}” in the text: the {match['weekday']} up to {reference}"
        )
    if match := _RELATIVE_CUE.search(text):
        word = match["word"].lower()
        value = reference + timedelta(days=_RELATIVE_DAYS.get(word, 0))
        return DatedCue(value, "day", f"“{match['word']}” in the text, counted from {reference}")
    if match := _AGO_CUE.search(text):
        count = _COUNTS.get(match["count"].lower()) or int(match["count"])
        unit = match["unit"].lower().rstrip("s")
        days = {"minute": 0, "hour": 0, "day": count, "week": 7 * count}[unit]
        return DatedCue(
            reference - timedelta(days=days),
            "day",
            f"“{match.group()}” in the text, counted from {reference}",
        )
    if match := _MONTH_CUE.search(text):
        month = month_number(match["month"])
        year = reference.year if month <= reference.month else reference.year - 1
        return DatedCue(
            date(year, month, 1),
            "month",
            f"“{match.group().strip()}” in the text: the {match['month']} up to {reference}",
        )
    return None
