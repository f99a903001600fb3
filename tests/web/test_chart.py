"""The web view's SVG chart: one dot per claim in its lane, coloured by kind, text escaped."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from facts.web.chart import KIND_COLOURS, Point, dot_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_each_point_is_a_linked_dot_in_its_lane() -> None:
    """Every point is a circle with its kind's colour, its label as a tooltip and a link."""
    points = [
        Point(dt.date(2024, 1, 1), "quote", "quote", "2024-01-01 · <b>first</b>", "/facts/claims/a"),
        Point(dt.date(2024, 6, 1), "reported", "reported", "2024-06-01 · second", "/facts/claims/b"),
        Point(dt.date(2025, 3, 1), "quote", "quote", "2025-03-01 · third", "/facts/claims/c"),
    ]
    svg = ET.fromstring(dot_chart(points, ["quote", "reported"], "Timeline of A & B"))
    dots = svg.findall(f".//{SVG}a/{SVG}circle")
    quote, reported = KIND_COLOURS["quote"], KIND_COLOURS["reported"]
    assert [d.get("fill") for d in dots] == [quote, reported, quote]
    assert dots[0].findtext(f"{SVG}title") == "2024-01-01 · <b>first</b>"
    assert dots[0].get("cy") == dots[2].get("cy") != dots[1].get("cy")
    xs = [float(d.get("cx") or 0) for d in dots]
    assert xs == sorted(xs)
    assert svg.findtext(f"{SVG}title") == "Timeline of A & B"


def test_an_empty_chart_is_still_valid_svg() -> None:
    """No points gives an empty plot, not an error."""
    svg = ET.fromstring(dot_chart([], [], "Nothing"))
    assert svg.findall(f".//{SVG}circle[@class='claim']") == []


def test_claims_of_one_day_do_not_hide_each_other() -> None:
    """Several claims on one day in one lane are drawn at different places."""
    day = dt.date(2024, 9, 27)
    points = [Point(day, "quote", "quote", str(n), f"/c/{n}") for n in range(4)]
    svg = ET.fromstring(dot_chart(points, ["quote"], "One day"))
    places = {(d.get("cx"), d.get("cy")) for d in svg.findall(f".//{SVG}circle[@class='claim']")}
    assert len(places) == 4
