"""The date a document prints for itself: a "Published:" line, a date line, or a dateline near its top.

Lines in any common format are read by python-dateutil's parser. A numeric date such as 03/04/2025
is read day first or month first by the document's conventions (see `day_first`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import date

from facts.extract.dates import full_dates
from facts.extract.text import CAPTION_CREDIT, Paragraph

TOP_PARAGRAPHS = 6  # where a page prints its own date: headline, byline, date line, first paragraph
MAX_DATE_LINE = 80  # characters; a longer line is prose, not a date line
_LABEL = re.compile(
    r"(?i)^\s*(?P<label>first\s+published|published|posted|updated|last\s+updated|last\s+modified|date)"
    r"\b(?:\s+(?:on|at))?\s*:?\s*"
)
# A line that holds a year or a numeric date, so the parser is asked only about likely dates.
_HAS_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)?\d\d)\b")
_ISO = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d(?=T|\b)")
_DOTTED_TIME = re.compile(r"\b(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)\b(?![/.]\d)")  # 18.30 GMT
_WORDS = re.compile(r"[A-Za-z]+")
# Signs of a document that writes dates day first (British, most of the world) or month first (US).
_DAY_FIRST_SIGNS = re.compile(
    r"\b(?:GMT|BST|CET|CEST|AEST|IST)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s+\d{4}|\b(?:colour|centre|organisation|"
    r"favour|labour|programme|defence|licence|behaviour|neighbour)s?\b"
)
_MONTH_FIRST_SIGNS = re.compile(
    r"\b(?:EST|EDT|CST|CDT|PST|PDT|MST|MDT|ET|PT)\b|\b(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)\s+\d{1,2},"
    r"\s+\d{4}|\b(?:color|center|organization|favor|labor|defense|behavior|neighbor)s?\b|\b[ap]\.m\."
)


def day_first(text: str) -> bool:
    """Tell whether the document writes numeric dates day first: by its time zones, dates and spelling.

    03/04/2025 is 3 April in a text that writes "2 February 2025", GMT or "colour", and 4 March in one
    that writes "February 2, 2025", EST or "color". With no sign either way, day first, as most of
    the world writes it.
    """
    sample = text[:20_000]
    return len(_DAY_FIRST_SIGNS.findall(sample)) >= len(_MONTH_FIRST_SIGNS.findall(sample))


def parse_date_line(line: str, dayfirst: bool) -> date | None:
    """Read the date of a short line ("Sun 2 Feb 2025 18.30 GMT", "Published: 03/04/2025, 4:15pm")."""
    return _read_line(line, lambda: dayfirst)


def _read_line(line: str, dayfirst: Callable[[], bool]) -> date | None:
    """Read a date line; the document's order of day and month is worked out only if a date needs it."""
    line = _LABEL.sub("", line).strip()
    if not line or len(line) > MAX_DATE_LINE or not _HAS_DATE.search(line):
        return None
    if iso := _ISO.search(line):  # 2025-03-04T10:00:00Z, which dateutil reads day first if asked
        try:
            return date.fromisoformat(iso.group())
        except ValueError:
            return None
    if found := full_dates(line):
        return found[0][2]
    if numeric := _NUMERIC.search(line):
        a, b = int(numeric["a"]), int(numeric["b"])
        year = int(numeric["year"]) + (2000 if len(numeric["year"]) == 2 else 0)
        day, month = (a, b) if a > 12 or (b <= 12 and dayfirst()) else (b, a)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return _parsed(_DOTTED_TIME.sub(r"\g<h>:\g<m>", line), dayfirst())


def _parsed(line: str, dayfirst: bool) -> date | None:
    """Parse a line with dateutil, only when most of its words are words of a date."""
    from dateutil import parser  # imported only when a document's date line needs it

    try:
        value, rest = parser.parse(line, fuzzy_with_tokens=True, dayfirst=dayfirst, ignoretz=True)
    except (ValueError, OverflowError):
        return None
    leftover = _WORDS.findall(" ".join(rest))
    # "By Jane Doe, 2 Feb 2025" still reads; a sentence that happens to hold a year does not.
    return value.date() if len(leftover) <= 4 else None


def printed_date(text: str, paras: Sequence[Paragraph]) -> date | None:
    """Return the date a document prints for itself near its top, not a date in a photo caption.

    A "Published:" line comes first, then an "Updated:" line or a line that is a date, then a date
    in the first paragraphs (a dateline: "KESWICK, March 14, 2023 —").
    """
    dayfirst = functools.cache(lambda: day_first(text))
    top = [p for p in paras[:TOP_PARAGRAPHS] if not CAPTION_CREDIT.search(text, p.start, p.end)]
    lines = [text[p.start : p.end] for p in top]
    labelled = [(m["label"].lower(), line) for line in lines if (m := _LABEL.match(line))]
    for _, line in sorted(labelled, key=lambda item: "published" not in item[0]):
        if (value := _read_line(line, dayfirst)) is not None:
            return value
    for line in lines:
        if len(line) <= MAX_DATE_LINE and (value := _read_line(line, dayfirst)) is not None:
            return value
    for line in lines[:4]:
        if dates := full_dates(line):
            return dates[0][2]
    return None
