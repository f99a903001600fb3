"""The date a document prints for itself, in the formats pages and house styles use."""

from __future__ import annotations

from datetime import date

import pytest

from facts.extract import extract_claims
from facts.extract.dateline import day_first, parse_date_line
from facts.extract.dates import resolve_cue


@pytest.mark.parametrize(
    ("line", "dayfirst", "expected"),
    [
        ("Sun 2 Feb 2025 18.30 GMT", True, date(2025, 2, 2)),
        ("Published: 03/04/2025, 4:15pm", True, date(2025, 4, 3)),
        ("Published: 03/04/2025, 4:15pm", False, date(2025, 3, 4)),
        ("Updated: 14/03/2025, 9:05am", False, date(2025, 3, 14)),  # 14 cannot be a month
        ("Last Updated: Feb. 3, 2025 4:10 PM EST", False, date(2025, 2, 3)),
        ("Wed, Mar 5, 2025, 6:00 AM", True, date(2025, 3, 5)),
        ("Posted on Monday 3rd March 2025", False, date(2025, 3, 3)),
        ("2025-03-04T10:00:00Z", True, date(2025, 3, 4)),
        ("By Jane Doe, Reuters", True, None),
        ("The council met 40 times in 2024 to discuss the plan for the new road.", True, None),
    ],
)
def test_date_lines(line: str, dayfirst: bool, expected: date | None) -> None:
    """A short date line is read in any common format; a line without a date gives None."""
    assert parse_date_line(line, dayfirst) == expected


def test_the_order_of_a_numeric_date_follows_the_documents_conventions() -> None:
    """GMT and "2 February 2025" mean day first; EST and "February 2, 2025" mean month first."""
    assert day_first("Sun 2 Feb 2025 18.30 GMT\n\nThe colour of the centre changed.")
    assert not day_first("Updated 4:10 PM EST\n\nOn February 2, 2025, the center said ...")
    assert day_first("No signs either way.")


def test_a_published_line_dates_an_article_before_a_date_in_its_body() -> None:
    """The "Published:" line, not the first date in the text, dates the claims."""
    text = (
        "Ferry fares to rise\n\nBy Kim Ode\n\nPublished: 03/04/2025, 4:15pm\n\n"
        "The operator said on 1 January 2025 prices were frozen. The operator said fares would rise "
        "by a tenth in the autumn, its chief executive told the council.\n"
    )
    claims = extract_claims(text, file="ferry.txt").claims
    assert claims and {c["source"]["published"] for c in claims} == {"2025-04-03"}


def test_a_british_date_line_dates_the_article() -> None:
    """ "Sun 2 Feb 2025 18.30 GMT" under the headline is the publication date."""
    text = (
        "Striker out for a month\n\nSun 2 Feb 2025 18.30 GMT\n\n"
        "The club said its striker would miss the next five matches with a torn hamstring.\n"
    )
    [claim] = extract_claims(text, file="club.txt").claims
    assert (claim["date"], claim["source"]["published"]) == ("2025-02-02", "2025-02-02")


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("said 6 hours ago", date(2025, 3, 10)),
        ("two days ago", date(2025, 3, 8)),
        ("a week ago", date(2025, 3, 3)),
    ],
)
def test_time_ago_counts_back_from_the_pages_date(cue: str, expected: date) -> None:
    """ "6 hours ago" is the page's day; "two days ago" two days before it."""
    found = resolve_cue(cue, date(2025, 3, 10))
    assert found is not None and found.date == expected


def test_a_query_imports_no_date_library() -> None:
    """A plain query (the fast path) loads neither dateutil nor the extractor."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.argv = ['facts', 'list', '--stance', 'denies', '--json']\n"
        "from facts.cli.entry import main\n"
        "main()\n"
        "print(sorted(m for m in ('dateutil', 'dateparser', 'facts.extract') if m in sys.modules), "
        "file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_told_the_court_takes_the_date_of_the_hearing() -> None:
    """A statement "told the court" is dated to the hearing the text dated "yesterday", not to publication."""
    text = (
        "Treasurer jailed\n\n"
        "At Ashby Crown Court yesterday, Judge Ann Carver ruled that the theft was planned. "
        "Prosecutor Rachel Dunn told the court that the money had moved through 43 transfers.\n"
    )
    claims = extract_claims(text, file="court.txt", published=date(2025, 3, 4)).claims
    dates = {c["speaker"]["name"]: c["date"] for c in claims}
    assert dates == {"Ann Carver": "2025-03-03", "Rachel Dunn": "2025-03-03"}
    dunn = next(c for c in claims if c["speaker"]["name"] == "Rachel Dunn")
    assert "court" in (dunn["date_basis"] or "")
