"""Queries over a store's built index: every method returns records ready to print."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from facts.errors import NotFoundError, StoreError
from facts.search.claim_lines import ClaimLine, LineResults
from facts.search.claim_rows import CLAIM_COLUMNS, CLAIM_JOINS, ROWID_AT, claim_record
from facts.search.query import Filters, SearchQuery, speaker_words
from facts.search.textsearch import FIELDS, RowFilters, TextIndex, day_number, highlighter
from facts.store.manifest import ViewOriginal, ViewSource
from facts.store.paths import StorePaths
from facts.store.records import ClaimRecord, Results, SourceRecord, SpeakerRecord

_BATCH = 5_000
_VARIABLES = 500  # bound parameters per statement, well under every SQLite build's limit
MARK_START, MARK_END = "\x02", "\x03"

# What a match's marks are made from: the speaker's names and the source's title, as indexed.
_MARKED_FIELDS = "s.names, src.title || coalesce(' ; ' || src.outlet, '')"
# A ClaimLine's fields, its source by rowid: joins per row cost more than the line's own read.
_LINE_COLUMNS = "c.id, c.source, c.line"
T = TypeVar("T")


def _source_file(claim: Any) -> str:
    return claim["source"]["file"]  # type: ignore[no-any-return]


def _parts(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """Split values into runs of at most _VARIABLES, the bound parameters one statement takes."""
    for start in range(0, len(items), _VARIABLES):
        yield items[start : start + _VARIABLES]


class ClaimIndex:
    """Queries over one built index; every method returns records ready to print."""

    def __init__(self, connection: sqlite3.Connection, text: TextIndex, paths: StorePaths) -> None:
        self._db = connection
        self._text = text
        self.paths = paths

    def close(self) -> None:
        self._db.close()

    def search(
        self,
        query: SearchQuery,
        filters: Filters,
        limit: int | None,
        marks: bool = True,
        fields: Sequence[str] = FIELDS,
    ) -> Results:
        """Return the claims matching a query in the given fields, best first.

        The text index ranks them (see facts.search.textsearch for the order of equal scores); their
        rows are read here a batch at a time, so without a limit the claims stream and memory
        does not grow with the number of matches. marks asks for the matched words marked in
        each field, which tables and `matched_in` show.
        """
        rowids, truncated = self._matches(query, filters, limit, fields)
        marked: dict[str, str] = {}
        matched: dict[str, dict[str, str]] = {}
        mark = highlighter(query, MARK_START, MARK_END) if marks else None

        def claims() -> Iterator[ClaimRecord]:
            # The marks are filled in as each claim is read, before it is passed on.
            columns = f"{CLAIM_COLUMNS}, c.rowid" + (f", {_MARKED_FIELDS}" if mark else "")
            for row in self._rows_of(rowids, columns, ROWID_AT):
                if mark is not None:
                    text, speaker, title = mark(row[1]), mark(row[-2]), mark(row[-1])
                    marked[row[0]] = text
                    matched[row[0]] = _matched_fields(text, speaker, title, fields)
                yield claim_record(row)

        if limit is None:
            return Results(claims(), marked=marked, matched=matched)
        return Results(list(claims()), truncated=truncated, marked=marked, matched=matched)

    def search_lines(
        self, query: SearchQuery, filters: Filters, limit: int | None, fields: Sequence[str] = FIELDS
    ) -> LineResults:
        """Return the stored lines of the claims search returns, in its order; a stream without a limit."""
        rowids, truncated = self._matches(query, filters, limit, fields)
        lines = self._lines(self._rows_of(rowids, f"{_LINE_COLUMNS}, c.rowid", 3, joins=""))
        return LineResults(lines if limit is None else list(lines), truncated)

    def _lines(self, rows: Iterable[Sequence[Any]]) -> Iterator[ClaimLine]:
        """Turn rows of _LINE_COLUMNS into ClaimLines, naming their sources' files."""
        files: dict[int, str] | None = None
        for row in rows:
            if files is None:  # read once, when there is a claim (a query per source costs more)
                files = dict(self._db.execute("SELECT rowid, file FROM sources"))
            yield ClaimLine(row[0], files[row[1]], row[2])

    def _matches(
        self, query: SearchQuery, filters: Filters, limit: int | None, fields: Sequence[str]
    ) -> tuple[Iterable[int], bool]:
        """Return the rowids of the claims matching a query, best first, and whether the limit cut them."""
        restrictions = self._row_filters(filters)
        if filters.stance is not None or filters.cue is not None:
            return self._how_said(self._text.stream(query, fields, restrictions), filters, limit)
        if limit is None:
            return self._text.stream(query, fields, restrictions), False
        return self._text.ranked(query, fields, restrictions, limit)

    def _how_said(
        self, ranked: Iterable[int], filters: Filters, limit: int | None
    ) -> tuple[Iterable[int], bool]:
        """Keep the ranked matches whose stance and cue pass the filters, best first, a batch at a time.

        The text index holds neither (its schema stays as it was); the rows say them.
        """
        where, params = self._where(Filters(stance=filters.stance, cue=filters.cue))

        def kept() -> Iterator[int]:
            batches = iter(ranked)
            while part := list(itertools.islice(batches, _VARIABLES)):
                query = f"SELECT c.rowid FROM claims c WHERE c.rowid IN ({','.join('?' * len(part))}){where}"
                passing = {r[0] for r in self._db.execute(query, [*part, *params])}
                yield from (r for r in part if r in passing)

        if limit is None:
            return kept(), False
        page = list(itertools.islice(kept(), limit + 1))
        return page[:limit], len(page) > limit

    def _rows_of(
        self, rowids: Iterable[int], columns: str, rowid_at: int, joins: str = CLAIM_JOINS
    ) -> Iterator[Sequence[Any]]:
        """Yield these claims' rows (columns, c.rowid at rowid_at) in their order, _VARIABLES at a time."""
        rowids = iter(rowids)
        while part := list(itertools.islice(rowids, _VARIABLES)):
            rows = self._db.execute(
                f"SELECT {columns} FROM claims c {joins} WHERE c.rowid IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
            by_rowid = {row[rowid_at]: row for row in rows}
            # A claim the text index has and this one lacks is from a writer still committing.
            yield from (by_rowid[r] for r in part if r in by_rowid)

    def _row_filters(self, filters: Filters) -> RowFilters:
        """Translate filters by ids and dates into the text index's rowids and day numbers."""

        def rows_of(table: str, key: str, values: frozenset[str] | None) -> list[int] | None:
            if values is None:
                return None
            found: list[int] = []
            wanted = sorted(values)
            for start in range(0, len(wanted), _VARIABLES):
                part = wanted[start : start + _VARIABLES]
                query = f"SELECT rowid FROM {table} WHERE {key} IN ({','.join('?' * len(part))})"
                found += (r[0] for r in self._db.execute(query, part))
            return found

        return RowFilters(
            speaker_rows=rows_of("speakers", "id", filters.speaker_ids),
            source_rows=rows_of("sources", "file", filters.source_files),
            kind=filters.kind,
            since=day_number(filters.since.isoformat()) if filters.since else None,
            until=day_number(filters.until.isoformat()) if filters.until else None,
        )

    def claims(self, filters: Filters, limit: int | None) -> Results:
        """Return the claims that pass the filters, oldest first; without a limit, as a stream."""
        where, params = self._where(filters)
        if limit is None:
            # The (speaker, date, id) or (date, id) index gives the order: nothing is sorted.
            cursor = self._db.execute(
                f"SELECT {CLAIM_COLUMNS} FROM claims c {CLAIM_JOINS} WHERE 1 {where} ORDER BY c.date, c.id",
                params,
            )
            return Results(claim_record(row) for row in _rows(cursor))
        # Page through rowids on the (speaker, date, id) or (date, id) index, then fetch the
        # page's rows: sorting whole claim rows would read every matching claim's text.
        page = f"SELECT c.rowid FROM claims c WHERE 1 {where} ORDER BY c.date, c.id LIMIT ?"
        params.append(limit + 1)  # one more tells whether the list was cut
        rows = self._db.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims c {CLAIM_JOINS} WHERE c.rowid IN ({page}) "
            "ORDER BY c.date, c.id",
            params,
        ).fetchall()
        return Results([claim_record(row) for row in rows[:limit]], truncated=_cut(rows, limit))

    def claim_lines(self, filters: Filters, limit: int | None) -> LineResults:
        """Return the stored lines of the claims claims() would return, in its order."""
        where, params = self._where(filters)
        select = f"SELECT {_LINE_COLUMNS} FROM claims c WHERE"
        if limit is None:
            query = f"{select} 1 {where} ORDER BY c.date, c.id"
            return LineResults(self._lines(_rows(self._db.execute(query, params))))
        page = f"SELECT c.rowid FROM claims c WHERE 1 {where} ORDER BY c.date, c.id LIMIT ?"  # as claims()
        query = f"{select} c.rowid IN ({page}) ORDER BY c.date, c.id"
        rows = self._db.execute(query, [*params, limit + 1]).fetchall()
        return LineResults(list(self._lines(rows[:limit])), truncated=_cut(rows, limit))

    def all_lines(self) -> Iterator[ClaimLine]:
        """Yield the stored line of every claim in the store's order (claims.jsonl's), for an export."""
        query = f"SELECT {_LINE_COLUMNS} FROM claims c ORDER BY c.rowid"
        return self._lines(_rows(self._db.execute(query)))

    def verified(self, claims: Iterable[T], source: Callable[[T], str] = _source_file) -> Iterator[T]:
        """Pass claims through, checking each one's source once: an edited one stops the stream.

        A source whose size or times differ from the index's record is hashed; the same bytes
        (a touch) pass, other bytes raise StoreError.
        """
        stored: dict[str, tuple[int, int, int, str]] | None = None
        folder = str(self.paths.sources_dir)
        checked: set[str] = set()
        for claim in claims:
            file = source(claim)
            if file not in checked:
                checked.add(file)
                if stored is None:  # read once, when a stream gets this far
                    rows = self._db.execute("SELECT file, size, mtime_ns, ctime_ns, sha256 FROM sources")
                    stored = {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}
                _check_source(folder, file, stored.get(file))
            yield claim

    def claim(self, claim_id: str) -> ClaimRecord:
        """Return one claim by id; raise NotFoundError with close ids if there is none."""
        row = self._db.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims c {CLAIM_JOINS} WHERE c.id = ?", [claim_id]
        ).fetchone()
        if row is not None:
            return claim_record(row)
        # A unique start of an id will do, as git takes a short commit hash.
        starting = self._db.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims c {CLAIM_JOINS} WHERE c.id > ? AND c.id < ? "
            "ORDER BY c.id LIMIT 4",
            [claim_id, claim_id + "\U0010ffff"],
        ).fetchall()
        if len(starting) == 1 and claim_id:
            return claim_record(starting[0])
        if len(starting) > 1 and claim_id:
            shown = ", ".join(r[0] for r in starting[:3]) + (" and more" if len(starting) > 3 else "")
            raise NotFoundError(
                f"{claim_id!r} starts several claim ids: {shown}.", hint="Give more of the id."
            )
        near = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM claims WHERE id LIKE ? ORDER BY id LIMIT 3",
                [f"%{_like_escape(claim_id)}%"],
            )
        ]
        hint = f"Did you mean {' or '.join(near)}?" if near else "Run `facts list` to see ids."
        raise NotFoundError(f"No claim has the id {claim_id!r}.", hint=hint)

    def known_claim_ids(self, ids: Sequence[str]) -> set[str]:
        """Return which of these claim ids the index already has."""
        known: set[str] = set()
        unique = sorted(set(ids))
        for start in range(0, len(unique), _VARIABLES):
            part = unique[start : start + _VARIABLES]
            marks = ",".join("?" * len(part))
            known.update(r[0] for r in self._db.execute(f"SELECT id FROM claims WHERE id IN ({marks})", part))
        return known

    def sources_named(self, files: Iterable[str]) -> dict[str, ViewSource]:
        """Return the store's sources among these file names, by name."""
        found: dict[str, ViewSource] = {}
        for part in _parts(sorted(set(files))):
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                "SELECT file, sha256, published, original, original_sha256, is_primary "
                f"FROM sources WHERE file IN ({marks})",
                part,
            )
            for file, sha256, published, original, original_sha256, primary in rows:
                found[file] = ViewSource(
                    file,
                    sha256,
                    None if published is None else dt.date.fromisoformat(published),
                    None if original is None else ViewOriginal(original, original_sha256),
                    bool(primary),
                )
        return found

    def files_of_documents(self, digests: Iterable[str]) -> dict[str, str]:
        """Map each of these SHA-256 digests of a document (as it came) the store has to its source's name."""
        found: dict[str, str] = {}
        for part in _parts(sorted(set(digests))):
            marks = ",".join("?" * len(part))
            for column in ("sha256", "original_sha256"):
                query = f"SELECT {column}, file FROM sources WHERE {column} IN ({marks})"
                found.update((digest, file) for digest, file in self._db.execute(query, part))
        return found

    def primary_files(self) -> frozenset[str]:
        """Return the names of the primary sources (the statements' own texts)."""
        return frozenset(r[0] for r in self._db.execute("SELECT file FROM sources WHERE is_primary"))

    def claims_of_source(self, file: str) -> list[tuple[int, int, str]]:
        """Return (span start, span end, speaker id) of each claim of one source."""
        if self._db.execute("SELECT 1 FROM sources WHERE file = ?", [file]).fetchone() is None:
            return []  # a new document: no need to look through the claims
        rows = self._db.execute(
            "SELECT c.span_start, c.span_end, s.id FROM claims c JOIN speakers s ON s.rowid = c.speaker "
            "WHERE c.source = (SELECT rowid FROM sources WHERE file = ?)",
            [file],
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def speakers(self) -> list[SpeakerRecord]:
        """Return every speaker with its aliases and number of claims."""
        return self._speakers("", [])

    def find_speakers(self, name: str) -> list[SpeakerRecord]:
        """Return the speakers whose name, aliases, role or organization hold every word of name."""
        words = speaker_words(name)
        return self._speakers(" AND ".join(["instr(search_key, ?) > 0"] * len(words)), words)

    def _speakers(self, where: str, params: list[str]) -> list[SpeakerRecord]:
        rows = self._db.execute(
            "SELECT id, name, kind, role, organization, aliases, claims FROM speakers "
            + (f"WHERE {where} " if where else "")
            + "ORDER BY name, id",
            params,
        )
        return [
            SpeakerRecord(
                id=r[0],
                name=r[1],
                kind=r[2],
                role=r[3],
                organization=r[4],
                aliases=json.loads(r[5]),
                claims=r[6],
            )
            for r in rows
        ]

    def sources(self) -> list[SourceRecord]:
        """Return every source with its number of claims."""
        rows = self._db.execute(
            "SELECT file, title, outlet, url, published, published_note, sha256, author, original, claims "
            "FROM sources ORDER BY file"
        )
        return [
            SourceRecord(
                file=r[0],
                title=r[1],
                outlet=r[2],
                url=r[3],
                published=r[4],
                published_note=r[5],
                sha256=r[6],
                author=r[7],
                original=r[8],
                claims=r[9],
            )
            for r in rows
        ]

    def changed_sources(self, files: Sequence[str]) -> list[str]:
        """Return which of these source files differ on disk from when the index was built."""
        changed = []
        for file in set(files):
            row = self._db.execute(
                "SELECT size, mtime_ns, ctime_ns FROM sources WHERE file = ?", [file]
            ).fetchone()
            try:
                st = (self.paths.sources_dir / file).stat()
                now: tuple[int, int, int] | None = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            except OSError:
                now = None
            if row is None or now != tuple(row):
                changed.append(file)
        return changed

    def _where(self, filters: Filters) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if filters.speaker_ids is not None:
            marks = ",".join("?" * len(filters.speaker_ids))
            clauses.append(f"c.speaker IN (SELECT rowid FROM speakers WHERE id IN ({marks}))")
            params += sorted(filters.speaker_ids)
        if filters.source_files is not None:
            marks = ",".join("?" * len(filters.source_files))
            clauses.append(f"c.source IN (SELECT rowid FROM sources WHERE file IN ({marks}))")
            params += sorted(filters.source_files)
        if filters.since is not None:
            clauses.append("c.date >= ?")
            params.append(filters.since.isoformat())
        if filters.until is not None:
            clauses.append("c.date <= ?")
            params.append(filters.until.isoformat())
        if filters.kind is not None:
            clauses.append("c.kind = ?")
            params.append(filters.kind)
        if filters.stance is not None:
            clauses.append("c.stance = ?")
            params.append(filters.stance)
        if filters.cue is not None:
            clauses.append("(c.cue_lemma = ? OR lower(c.cue) = ?)")
            params += [filters.cue, filters.cue]
        return "".join(f" AND {c}" for c in clauses), params


def _matched_fields(text: str, speaker: str, title: str, searched: Sequence[str]) -> dict[str, str]:
    """Return which fields a search matched (text, speaker, source), each with its marked words."""
    fields = {"text": (text, "text"), "speaker": (speaker, "speaker"), "source": (title, "title")}
    return {
        name: value for name, (value, field) in fields.items() if field in searched and MARK_START in value
    }


def _check_source(folder: str, file: str, recorded: tuple[int, int, int, str] | None) -> None:
    path = os.path.join(folder, file)
    try:
        st = os.stat(path)
        if recorded is not None and (st.st_size, st.st_mtime_ns, st.st_ctime_ns) == recorded[:3]:
            return
        import hashlib

        with open(path, "rb") as handle:
            if recorded is not None and hashlib.sha256(handle.read()).hexdigest() == recorded[3]:
                return
    except OSError:
        pass
    raise StoreError(
        f"The store has a problem: sources/{file} was changed after its claims were indexed.",
        hint="Run `facts validate` to list every problem.",
    )


def _rows(cursor: sqlite3.Cursor) -> Iterator[Any]:
    """Yield a cursor's rows a batch at a time."""
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def _cut(rows: list[Any], limit: int | None) -> bool:
    return limit is not None and len(rows) > limit


def _like_escape(text: str) -> str:
    return text.replace("%", "").replace("_", "")
