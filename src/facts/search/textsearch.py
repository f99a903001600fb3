"""The words of the claims, in a tantivy index: BM25 ranking, filters and highlighting.

The SQLite index (facts.search.index) keeps the claims, speakers and sources; this index knows only
each claim's rowid there, its words (claim text, speaker names, source title) and what the
filters need. Every word goes through one analyser (letters and digits, lowercased, accents
folded to ASCII, English stems), at indexing, in queries and in highlighting alike.

Ranking: BM25 summed over the fields asked for, weighted by FIELD_BOOSTS. Claims with equal
scores come newest first, then in store order (by rowid), however the index's segments lie.
"""

from __future__ import annotations

import array
import contextlib
import functools
import heapq
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from facts.search.query import SearchQuery, Term

if TYPE_CHECKING:
    import tantivy

ANALYZER = "facts"
FIELDS = ("text", "speaker", "title")
# How much a match in each field counts: the claim's words most, a headline's least.
FIELD_BOOSTS = {"text": 1.0, "speaker": 0.5, "title": 0.2}
_TIE_FETCH = 1_024  # hits fetched at least once a page's last score ties with the next
STREAM_CHUNK = 10_000  # ranked hits fetched first when every match is wanted
# Each later fetch is twice the last, up to this: a fetch at an offset ranks every hit before it
# again, so equal fetches would rank a word in 200,000 claims twenty times over.
STREAM_MOST = 40_000
_WRITER_HEAP = 200_000_000  # bytes the writer may buffer before it writes a segment
_ADD_HEAP = 30_000_000
# A claim of a tie, packed in one integer that sorts newest first, then by rowid.
_LAST_DAY = 99_991_231
_ROWID_BITS = 36  # 68 billion claims; the day number takes the other 27 bits of 63
_ROWID_MASK = (1 << _ROWID_BITS) - 1
# A word, as tantivy's simple tokenizer sees one: a run of letters and digits.
_WORD = re.compile(r"[^\W_]+")


class RowFilters(NamedTuple):
    """Filters in the index's own terms: rowids of speakers and sources, kind, dates as YYYYMMDD."""

    speaker_rows: Sequence[int] | None = None
    source_rows: Sequence[int] | None = None
    kind: str | None = None
    since: int | None = None
    until: int | None = None


class TextDocument(NamedTuple):
    """What the text index holds of one claim."""

    rowid: int
    text: str
    speaker: str  # the speaker's name and aliases
    title: str  # the source's title and outlet
    speaker_row: int
    source_row: int
    kind: str
    date: int  # YYYYMMDD


def day_number(iso_date: str) -> int:
    """Turn 2024-03-01 into 20240301, the form the index filters dates in."""
    return int(iso_date[:10].replace("-", ""))


@functools.cache
def _analyzer(stem: bool) -> tantivy.TextAnalyzer:
    import tantivy

    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


def analyse(text: str, stem: bool = True) -> list[str]:
    """Return the index terms of a text: its words folded, and stemmed unless stem is False."""
    return _analyzer(stem).analyze(text)


@functools.cache
def _schema() -> tantivy.Schema:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("rowid", fast=True)
    for name in FIELDS:
        builder.add_text_field(name, tokenizer_name=ANALYZER, index_option="position")
    builder.add_unsigned_field("speaker_row", indexed=True)
    builder.add_unsigned_field("source_row", indexed=True)
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("date", indexed=True, fast=True)
    return builder.build()


def _prepared(index: tantivy.Index) -> tantivy.Index:
    index.register_tokenizer(ANALYZER, _analyzer(True))
    return index


def create_text_index(path: Path | None) -> TextIndex:
    """Create an empty text index in a folder, or in memory without one."""
    import tantivy

    schema = _schema()
    with _os_errors():
        index = tantivy.Index(schema) if path is None else tantivy.Index(schema, path=str(path), reuse=False)
    return TextIndex(_prepared(index))


@contextlib.contextmanager
def _os_errors() -> Iterator[None]:
    """Raise tantivy's failed reads and writes as OSError, which callers handle as a file's failure.

    tantivy reports a full disk or a file-size limit as ValueError("An IO error occurred ...").
    """
    try:
        yield
    except ValueError as err:
        if "IO error" in str(err) or "os error" in str(err):
            raise OSError(str(err)) from None
        raise


def open_text_index(path: Path) -> TextIndex:
    """Open a text index built earlier; raise ValueError or OSError if there is none."""
    import tantivy

    if not (path / "meta.json").is_file():
        raise OSError(f"{path} holds no text index")
    return TextIndex(_prepared(tantivy.Index.open(str(path))))


class TextWriter:
    """Adds claims to a text index; nothing is visible to searches until commit."""

    def __init__(self, index: tantivy.Index, heap: int, threads: int) -> None:
        self._writer = index.writer(heap, threads)
        self._schema = index.schema

    def add(self, doc: TextDocument) -> None:
        import tantivy

        with _os_errors():
            self._writer.add_document(tantivy.Document.from_dict(doc._asdict(), self._schema))

    def commit(self) -> None:
        """Make the added claims visible, after merging what the writer started merging."""
        with _os_errors():
            self._writer.commit()
            self._writer.wait_merging_threads()


class TextIndex:
    """Searches over one text index; they answer rowids of the SQLite index."""

    def __init__(self, index: tantivy.Index) -> None:
        self._index = index
        self._searcher: tantivy.Searcher | None = None

    def writer(self, bulk: bool = False) -> TextWriter:
        """Return a writer: a large one with two threads for a build, a small one for an add."""
        with _os_errors():
            return TextWriter(self._index, _WRITER_HEAP if bulk else _ADD_HEAP, 2 if bulk else 1)

    @property
    def searcher(self) -> tantivy.Searcher:
        if self._searcher is None:
            self._index.reload()
            self._searcher = self._index.searcher()
        return self._searcher

    def ranked(
        self, query: SearchQuery, fields: Sequence[str], filters: RowFilters, limit: int
    ) -> tuple[list[int], bool]:
        """Return the rowids of the best `limit` matches, best first, and whether there were more.

        tantivy breaks ties by where a claim lies in its segments; every claim that ties with the
        last one kept is fetched too, so the page is the same however the segments lie.
        """
        built = self._query(query, fields, filters)
        if built is None or limit <= 0:
            return [], False
        searcher = self.searcher
        # tantivy sets aside room for as many hits as asked: never ask for more than there are.
        most = searcher.num_docs + 1
        fetch = min(limit + 1, most)
        while True:
            hits = searcher.search(built, fetch, count=False).hits
            if len(hits) < fetch or hits[-1][0] < hits[limit - 1][0]:
                break
            fetch = min(max(fetch * 8, _TIE_FETCH), most)
        bar = hits[min(limit, len(hits)) - 1][0] if hits else 0.0
        kept = [hit for hit in hits if hit[0] >= bar]
        return self._best(kept, limit), len(hits) > limit

    def stream(self, query: SearchQuery, fields: Sequence[str], filters: RowFilters) -> Iterator[int]:
        """Yield the rowids of every match, best first.

        Memory holds one chunk of hits and the claims of one score (as one integer each), not
        every match: a word in half a million claims streams in a few tens of MiB.
        """
        built = self._query(query, fields, filters)
        if built is None:
            return
        searcher = self.searcher
        offset, chunk = 0, STREAM_CHUNK
        score: float | None = None
        tied = array.array("q")  # the claims of the current score: newest first, then by rowid
        while hits := searcher.search(built, chunk, count=False, offset=offset).hits:
            offset += len(hits)
            chunk = min(chunk * 2, STREAM_MOST)
            addresses = [address for _, address in hits]
            rowids = searcher.fast_field_values("rowid", addresses)
            dates = searcher.fast_field_values("date", addresses)
            del addresses
            for (hit_score, _), rowid, day in zip(hits, rowids, dates, strict=True):
                if hit_score != score:
                    yield from (key & _ROWID_MASK for key in sorted(tied))
                    tied = array.array("q")
                    score = hit_score
                tied.append(((_LAST_DAY - int(day or 0)) << _ROWID_BITS) | int(rowid or 0))
        yield from (key & _ROWID_MASK for key in sorted(tied))

    def _best(self, hits: list[tuple[float, tantivy.DocAddress]], limit: int) -> list[int]:
        """Return the rowids of the best `limit` hits: best score first; equal scores newest first,
        then in store order."""
        addresses = [address for _, address in hits]
        rowids = self.searcher.fast_field_values("rowid", addresses)
        dates = self.searcher.fast_field_values("date", addresses)
        keys = [
            (-score, ((_LAST_DAY - int(day or 0)) << _ROWID_BITS) | int(rowid or 0))
            for (score, _), day, rowid in zip(hits, dates, rowids, strict=True)
        ]
        return [key & _ROWID_MASK for _, key in heapq.nsmallest(limit, keys)]

    def _query(self, query: SearchQuery, fields: Sequence[str], filters: RowFilters) -> tantivy.Query | None:
        """Build the engine's query, or None when some group can match nothing."""
        import tantivy

        schema = self._index.schema
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for group in query.groups:
            either = [q for term in group if (q := _term_query(schema, term, fields)) is not None]
            if not either:
                return None  # a group without a single word to look for
            clauses.append((tantivy.Occur.Must, _any(either)))
        for term in query.excluded:
            excluded = _term_query(schema, term, fields)
            if excluded is not None:
                clauses.append((tantivy.Occur.MustNot, excluded))
        for restriction in _filter_queries(schema, filters):
            # A filter only selects: its score of 0 leaves the ranking to the words.
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(restriction, 0.0)))
        return tantivy.Query.boolean_query(clauses)


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    import tantivy

    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _term_query(schema: tantivy.Schema, term: Term, fields: Sequence[str]) -> tantivy.Query | None:
    """Match a term in any of the fields, each weighted by its boost."""
    import tantivy

    per_field = []
    for name in fields:
        found = _field_query(schema, name, term)
        if found is not None:
            per_field.append(tantivy.Query.boost_query(found, FIELD_BOOSTS[name]))
    return _any(per_field) if per_field else None


def _field_query(schema: tantivy.Schema, field: str, term: Term) -> tantivy.Query | None:
    import tantivy

    if term.prefix:
        # The last word is a prefix of indexed (stemmed) terms; its letters and digits need no
        # escaping in a regular expression, and the analyser leaves nothing else.
        prefixed: list[str | tuple[int, str]] = list(_prefix_words(term.text))
        if not prefixed:
            return None
        if len(prefixed) == 1:
            return tantivy.Query.regex_query(schema, field, f"{prefixed[0]}.*")
        return tantivy.Query.phrase_prefix_query(schema, field, prefixed)
    words = analyse(term.text)
    if not words:
        return None
    if len(words) == 1:
        return tantivy.Query.term_query(schema, field, words[0], index_option="position")
    phrase: list[str | tuple[int, str]] = list(words)
    return tantivy.Query.phrase_query(schema, field, phrase)


def _prefix_words(text: str) -> list[str]:
    """The terms of a prefix query: its words stemmed as indexed, the last one a bare prefix."""
    start = analyse(text, stem=False)
    return [*(analyse(w)[0] for w in start[:-1]), *start[-1:]]


def _filter_queries(schema: tantivy.Schema, filters: RowFilters) -> Iterator[tantivy.Query]:
    import tantivy

    if filters.speaker_rows is not None:
        yield tantivy.Query.term_set_query(schema, "speaker_row", list(filters.speaker_rows))
    if filters.source_rows is not None:
        yield tantivy.Query.term_set_query(schema, "source_row", list(filters.source_rows))
    if filters.kind is not None:
        yield tantivy.Query.term_query(schema, "kind", filters.kind)
    if filters.since is not None or filters.until is not None:
        yield tantivy.Query.range_query(
            schema, "date", tantivy.FieldType.Unsigned, filters.since, filters.until
        )


def highlighter(query: SearchQuery, start: str, end: str) -> Callable[[str], str]:
    """Return a function that wraps the words of a field that the query matched in start/end.

    It sees words as the index does (folded and stemmed), so it marks what made a claim match:
    a word in any form, every word of a prefix, a phrase as one run.
    """
    words: set[str] = set()
    prefixes: list[str] = []
    phrases: list[list[str]] = []
    for term in (t for group in query.groups for t in group):
        if term.prefix:
            *whole, last = _prefix_words(term.text) or [""]
            words.update(whole)
            prefixes += [last] if last else []
        elif len(found := analyse(term.text)) == 1:
            words.add(found[0])
        elif found:
            phrases.append(found)
    stems: dict[str, str] = {}

    def stem(word: str) -> str:
        found = stems.get(word)
        if found is None:
            terms = analyse(word)
            found = stems[word] = terms[0] if terms else ""
        return found

    def mark(value: str) -> str:
        tokens = [(m.start(), m.end(), stem(m.group())) for m in _WORD.finditer(value)]
        runs: list[tuple[int, int]] = []  # (first token, last token) of each marked run
        for i, (_, _, term) in enumerate(tokens):
            if term in words or any(term.startswith(p) for p in prefixes):
                runs.append((i, i))
        for phrase in phrases:
            n = len(phrase)
            for i in range(len(tokens) - n + 1):
                if all(tokens[i + k][2] == phrase[k] for k in range(n)):
                    runs.append((i, i + n - 1))
        if not runs:
            return value
        pieces, at = [], 0
        for first, last in _merged(runs):
            pieces += [value[at : tokens[first][0]], start, value[tokens[first][0] : tokens[last][1]], end]
            at = tokens[last][1]
        pieces.append(value[at:])
        return "".join(pieces)

    return mark


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(runs):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged
