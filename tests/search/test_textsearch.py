"""Tests of the text index: the analyser, query terms, filters, the order of ties and highlighting."""

from __future__ import annotations

import random

import pytest

from facts.search import textsearch
from facts.search.query import parse_search
from facts.search.textsearch import (
    RowFilters,
    TextDocument,
    TextIndex,
    analyse,
    create_text_index,
    highlighter,
)

FIELDS = ("text", "speaker", "title")


def doc(
    rowid: int, text: str, date: int = 20240101, speaker: str = "Ann Lee", kind: str = "quote"
) -> TextDocument:
    return TextDocument(rowid, text, speaker, "A headline ; The Daily", rowid % 3, rowid % 2, kind, date)


def index_of(docs: list[TextDocument], commits: int = 1) -> TextIndex:
    """An index in memory holding docs, written in `commits` separate commits (segments)."""
    index = create_text_index(None)
    size = -(-len(docs) // commits)
    for start in range(0, len(docs), size):
        writer = index.writer()
        for d in docs[start : start + size]:
            writer.add(d)
        writer.commit()
    return index


def found(
    index: TextIndex, query: str, filters: RowFilters | None = None, fields: tuple[str, ...] = FIELDS
) -> list[int]:
    return index.ranked(parse_search(query), fields, filters or RowFilters(), 100)[0]


def test_the_analyser_folds_case_and_accents_and_stems() -> None:
    assert analyse("Withdrawals") == analyse("withdrawal") == analyse("WITHDRAWAL")
    assert analyse("Élysée café") == analyse("elysee cafe")
    assert analyse("U.S.-led") == ["u", "s", "led"]


def test_query_terms_find_what_they_say() -> None:
    index = index_of(
        [
            doc(1, "The troops are not withdrawing from the base"),
            doc(2, "Withdrawal was ruled out by the minister"),
            doc(3, "Not a word about troops"),
            doc(4, "The café in the Élysée was closed"),
        ]
    )
    assert sorted(found(index, "withdraw")) == [1, 2]  # stems
    assert found(index, "troops withdrawing") == [1]  # AND by default
    assert sorted(found(index, "troops OR minister")) == [1, 2, 3]
    assert found(index, "troops -base") == [3]
    assert found(index, "troops NOT base") == [3]
    assert found(index, '"not withdrawing"') == [1]  # a phrase: the words together
    assert found(index, '"withdrawing not"') == []
    assert sorted(found(index, "withdr*")) == [1, 2]  # a prefix of the stems
    assert found(index, "ELYSEE cafe") == [4]  # case and accents
    assert found(index, "lee", fields=("text",)) == []  # only the fields asked for
    assert len(found(index, "lee", fields=("speaker",))) == 4


def test_filters_restrict_without_changing_the_order() -> None:
    docs = [
        doc(i, "budget talks " * (i % 4 + 1), date=20240100 + i, kind="quote" if i % 2 else "reported")
        for i in range(1, 21)
    ]
    index = index_of(docs)
    everything = found(index, "budget")
    quotes = found(index, "budget", RowFilters(kind="quote"))
    assert quotes == [r for r in everything if r % 2]
    dated = found(index, "budget", RowFilters(since=20240105, until=20240110))
    assert dated == [r for r in everything if 5 <= r <= 10]
    by_speaker = found(index, "budget", RowFilters(speaker_rows=[1]))
    assert by_speaker == [r for r in everything if r % 3 == 1]
    by_source = found(index, "budget", RowFilters(source_rows=[0]))
    assert by_source == [r for r in everything if r % 2 == 0]


def test_equal_scores_come_newest_first_then_in_store_order_however_the_segments_lie(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same claims, in one segment or several written in another order, rank alike, paged or streamed."""
    rng = random.Random(3)
    docs = [
        doc(i, "budget " + rng.choice(["vote", "vote vote", "talks"]), date=20240101 + rng.randrange(5))
        for i in range(1, 301)
    ]
    one = index_of(docs)
    shuffled = docs[:]
    rng.shuffle(shuffled)
    several = index_of(shuffled, commits=7)
    query = parse_search("budget")
    # One "budget" each: shorter texts score higher, equal lengths tie.
    expected = sorted(docs, key=lambda d: (len(d.text.split()), -d.date, d.rowid))
    for limit in (1, 10, 57, 300, 400):
        first, cut = one.ranked(query, FIELDS, RowFilters(), limit)
        assert first == several.ranked(query, FIELDS, RowFilters(), limit)[0]
        assert cut == (limit < 300)
    monkeypatch.setattr(textsearch, "STREAM_CHUNK", 7)  # ties cross many chunks
    streamed = list(several.stream(query, FIELDS, RowFilters()))
    assert streamed == one.ranked(query, FIELDS, RowFilters(), 300)[0]
    assert streamed == [d.rowid for d in expected]


def test_highlighting_marks_every_form_a_phrase_as_one_run_and_prefixes() -> None:
    mark = highlighter(parse_search('withdrawal "armed forces" mini* -base'), "[", "]")
    assert (
        mark("Troops are not Withdrawing; the base stays") == "Troops are not [Withdrawing]; the base stays"
    )
    assert mark("Armed  forces and forces, armed") == "[Armed  forces] and forces, armed"
    assert mark("the minister's ministry") == "the [minister]'s [ministry]"
    assert mark("nothing here") == "nothing here"
