"""The index of a store: SQLite tables of its records and a tantivy index of their words.

Both are a cache, built from the JSON store, stamped with its fingerprint and rebuilt when the
store changes outside facts; a writer of facts adds its new claims to both.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facts import __version__
from facts.errors import NotFoundError, StoreError
from facts.names import speaker_search_key
from facts.search.cache import open_cache, rebuild_cache
from facts.search.query import Filters, SearchQuery, speaker_words
from facts.search.textsearch import (
    FIELDS,
    RowFilters,
    TextDocument,
    TextIndex,
    create_text_index,
    day_number,
    highlighter,
    open_text_index,
)
from facts.store.atomic import locked
from facts.store.paths import StorePaths, cache_dir
from facts.store.records import ClaimRecord, Results, SourceRecord, SpeakerRecord

if TYPE_CHECKING:
    from facts.store.models import Claim, Source, Speaker

# Bump when the schema or what goes into it changes, so old caches are rebuilt.
INDEX_VERSION = 6
_BATCH = 5_000
_VARIABLES = 500  # bound parameters per statement, well under every SQLite build's limit
MARK_START, MARK_END = "\x02", "\x03"

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)
Alongside = Callable[[StorePaths], None]  # work started beside an index build

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE speakers (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
    role TEXT, organization TEXT, aliases TEXT NOT NULL, names TEXT NOT NULL,
    search_key TEXT NOT NULL,
    claims INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sources (
    rowid INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, title TEXT NOT NULL, outlet TEXT,
    url TEXT, published TEXT, published_note TEXT, sha256 TEXT NOT NULL, author TEXT, original TEXT,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, claims INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE claims (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, kind TEXT NOT NULL,
    speaker INTEGER NOT NULL REFERENCES speakers, date TEXT NOT NULL,
    date_precision TEXT NOT NULL, date_basis TEXT, source INTEGER NOT NULL REFERENCES sources,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, page INTEGER
);
"""
_INDEXES = """
CREATE INDEX claims_by_speaker ON claims (speaker, date, id);
CREATE INDEX claims_by_date ON claims (date, id);
"""

_CLAIM_COLUMNS = """
    c.id, c.text, c.kind, c.date, c.date_precision, c.date_basis, c.span_start, c.span_end,
    s.id, s.name, s.kind, s.role, s.organization,
    src.file, src.title, src.outlet, src.url, src.published, src.author, c.page
"""
_ROWID_AT = _CLAIM_COLUMNS.count(",") + 1  # c.rowid, read after the claim's columns
# What a match's marks are made from: the speaker's names and the source's title, as indexed.
_MARKED_FIELDS = "s.names, src.title || coalesce(' ; ' || src.outlet, '')"
_CLAIM_JOINS = """
    JOIN speakers s ON s.rowid = c.speaker JOIN sources src ON src.rowid = c.source
"""


def fingerprint(paths: StorePaths) -> str:
    """Summarise what the store's files are now, cheaply: sizes, times and inodes.

    The change time (ctime) is in it because no one can set it back: an edit in place that keeps
    the size and restores the modification time (`touch -r`) still changes it.
    """
    parts: list[Any] = [INDEX_VERSION, __version__, str(paths.root)]
    for path in (paths.manifest, paths.claims, paths.sources_dir):
        try:
            parts.append(_file_state(path.stat()))
        except OSError:
            parts.append(None)
    return json.dumps(parts)


def _file_state(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def index_path(paths: StorePaths) -> Path:
    """Return where the cached index of a store lives."""
    # zlib rather than hashlib keeps start-up short; the fingerprint inside the file names the
    # store, so two paths that share a key rebuild rather than mix their answers.
    name = str(paths.root).encode()
    return cache_dir() / f"index-{zlib.crc32(name):08x}{zlib.adler32(name):08x}.sqlite3"


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
        restrictions = self._row_filters(filters)
        if limit is None:
            rowids: Iterable[int] = self._text.stream(query, fields, restrictions)
            truncated = False
        else:
            rowids, truncated = self._text.ranked(query, fields, restrictions, limit)
        marked: dict[str, str] = {}
        matched: dict[str, dict[str, str]] = {}
        mark = highlighter(query, MARK_START, MARK_END) if marks else None

        def claims() -> Iterator[ClaimRecord]:
            # The marks are filled in as each claim is read, before it is passed on.
            for row in self._rows_of(rowids, extra=_MARKED_FIELDS if mark else ""):
                if mark is not None:
                    text, speaker, title = mark(row[1]), mark(row[-2]), mark(row[-1])
                    marked[row[0]] = text
                    matched[row[0]] = _matched_fields(text, speaker, title, fields)
                yield _claim(row)

        if limit is None:
            return Results(claims(), marked=marked, matched=matched)
        return Results(list(claims()), truncated=truncated, marked=marked, matched=matched)

    def _rows_of(self, rowids: Iterable[int], extra: str = "") -> Iterator[Sequence[Any]]:
        """Yield the claim rows of these rowids in their order, _VARIABLES at a time."""
        columns = f"{_CLAIM_COLUMNS}, c.rowid" + (f", {extra}" if extra else "")
        rowids = iter(rowids)
        while part := list(itertools.islice(rowids, _VARIABLES)):
            rows = self._db.execute(
                f"SELECT {columns} FROM claims c {_CLAIM_JOINS} "
                f"WHERE c.rowid IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
            by_rowid = {row[_ROWID_AT]: row for row in rows}
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
                f"SELECT {_CLAIM_COLUMNS} FROM claims c {_CLAIM_JOINS} WHERE 1 {where} ORDER BY c.date, c.id",
                params,
            )
            return Results(_claim(row) for row in _rows(cursor))
        # Page through rowids on the (speaker, date, id) or (date, id) index, then fetch the
        # page's rows: sorting whole claim rows would read every matching claim's text.
        page = f"SELECT c.rowid FROM claims c WHERE 1 {where} ORDER BY c.date, c.id LIMIT ?"
        params.append(limit + 1)  # one more tells whether the list was cut
        rows = self._db.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims c {_CLAIM_JOINS} WHERE c.rowid IN ({page}) "
            "ORDER BY c.date, c.id",
            params,
        ).fetchall()
        return Results([_claim(row) for row in rows[:limit]], truncated=_cut(rows, limit))

    def verified(self, claims: Iterable[ClaimRecord]) -> Iterator[ClaimRecord]:
        """Pass claims through, checking each one's source once: an edited one stops the stream.

        A source whose size or times differ from the index's record is hashed; the same bytes
        (a touch) pass, other bytes raise StoreError.
        """
        stored: dict[str, tuple[int, int, int, str]] | None = None
        folder = str(self.paths.sources_dir)
        checked: set[str] = set()
        for claim in claims:
            file = claim["source"]["file"]
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
            f"SELECT {_CLAIM_COLUMNS} FROM claims c {_CLAIM_JOINS} WHERE c.id = ?", [claim_id]
        ).fetchone()
        if row is not None:
            return _claim(row)
        # A unique start of an id will do, as git takes a short commit hash.
        starting = self._db.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims c {_CLAIM_JOINS} WHERE c.id > ? AND c.id < ? "
            "ORDER BY c.id LIMIT 4",
            [claim_id, claim_id + "\U0010ffff"],
        ).fetchall()
        if len(starting) == 1 and claim_id:
            return _claim(starting[0])
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


def _claim(row: Sequence[Any]) -> ClaimRecord:
    record: ClaimRecord = {
        "id": row[0],
        "text": row[1],
        "kind": row[2],
        "speaker": {
            "id": row[8],
            "name": row[9],
            "kind": row[10],
            "role": row[11],
            "organization": row[12],
        },
        "date": row[3],
        "date_precision": row[4],
        "date_basis": row[5],
        "source": {
            "file": row[13],
            "title": row[14],
            "outlet": row[15],
            "url": row[16],
            "published": row[17],
            "author": row[18],
        },
        "span": {"start": row[6], "end": row[7]},
    }
    if row[19] is not None:
        record["page"] = row[19]
    return record


def open_index(
    paths: StorePaths,
    progress: Progress | None = None,
    store_locked: bool = False,
    alongside: Alongside | None = None,
) -> ClaimIndex:
    """Open the store's cached index, building it first if it is missing or stale.

    A writer that holds the store's lock passes store_locked, so the build does not wait for it.
    alongside is called with the store's paths just before a build into the cache starts, under
    the store's read lock: work that can run in another process meanwhile.
    """
    return open_cache(
        _IndexCache(paths, progress),
        paths,
        lambda: fingerprint(paths),
        store_locked=store_locked,
        before_build=None if alongside is None else lambda: alongside(paths),
    )


def rebuild_index(
    paths: StorePaths, progress: Progress | None = None, alongside: Alongside | None = None
) -> ClaimIndex:
    """Build the store's index afresh, whatever the cache holds (alongside: see open_index)."""
    return rebuild_cache(
        _IndexCache(paths, progress),
        paths,
        lambda: fingerprint(paths),
        before_build=None if alongside is None else lambda: alongside(paths),
    )


class _IndexCache:
    """The index as a cache: an SQLite file naming the folder of its tantivy words."""

    def __init__(self, paths: StorePaths, progress: Progress | None) -> None:
        self.paths = paths
        self.progress = progress
        self.target = index_path(paths)
        self.text_name: str | None = None

    def open_fresh(self, wanted: str) -> ClaimIndex | None:
        if not self.target.is_file():
            return None
        try:
            connection = _connect_read_only(self.target)
            meta = dict(
                connection.execute("SELECT key, value FROM meta WHERE key IN ('fingerprint', 'text')")
            )
        except sqlite3.DatabaseError:
            return None  # unreadable or foreign file: rebuild over it
        if meta.get("fingerprint") != wanted or "text" not in meta:
            connection.close()
            return None
        try:
            text = open_text_index(self.target.parent / meta["text"])
        except (OSError, ValueError):
            connection.close()
            return None  # replaced by a build since this file was opened, or lost: rebuild
        return ClaimIndex(connection, text, self.paths)

    def write(self, temporary: Path, wanted: str) -> None:
        # Each build's words go to a folder of its own, named in the SQLite file: the file's rename
        # switches both at once, and a reader of the old file still finds the old folder.
        target = self.target
        self.text_name = f"{target.stem}.text-{os.urandom(6).hex()}"
        _remove_text_folders(target, keep=_text_folder_of(target))
        text_folder = target.parent / self.text_name
        text_folder.mkdir()
        try:
            connection = sqlite3.connect(temporary)
            try:
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                _build(connection, create_text_index(text_folder), self.paths, self.progress)
                connection.execute("INSERT INTO meta VALUES ('text', ?)", [self.text_name])
                connection.execute("INSERT INTO meta VALUES ('fingerprint', ?)", [wanted])
                connection.commit()
            finally:
                connection.close()
        except BaseException:
            import shutil

            shutil.rmtree(text_folder, ignore_errors=True)
            raise

    def written(self) -> None:
        _remove_text_folders(self.target, keep=self.text_name)

    def in_memory(self, wanted: str) -> ClaimIndex:
        connection = sqlite3.connect(":memory:")
        text = create_text_index(None)
        _build(connection, text, self.paths, self.progress)
        return ClaimIndex(connection, text, self.paths)

    def changed_while_built(self, wanted: str) -> ClaimIndex:
        raise StoreError(
            f"The store at {self.paths.root} changed while it was being indexed.",
            hint="Run the command again.",
        )


def _connect_read_only(path: Path | None) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _text_folder_of(target: Path) -> str | None:
    try:
        with contextlib.closing(_connect_read_only(target)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'text'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _remove_text_folders(target: Path, keep: str | None) -> None:
    """Remove the text folders of earlier or killed builds (the caller holds the index lock).

    A process still searching an old folder keeps its open files; one that opens it after this
    finds no folder and builds or opens the new index instead.
    """
    import shutil  # only builds need it; queries start quicker without it

    for folder in target.parent.glob(f"{target.stem}.text-*"):
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)


def _build(
    connection: sqlite3.Connection, text: TextIndex, paths: StorePaths, progress: Progress | None
) -> None:
    # pydantic is needed only here, so queries on a fresh index never import it.
    from facts.store.reader import load_store

    manifest, claims = load_store(paths, progress=progress)
    db = connection
    db.executescript(_SCHEMA)
    speaker_rows = {sp.id: _insert_speaker(db, sp) for sp in manifest.speakers}
    source_rows = {src.file: _insert_source(db, paths, src) for src in manifest.sources}
    speaker_words = {sp.id: (speaker_rows[sp.id], _speaker_names(sp)) for sp in manifest.speakers}
    source_words = {src.file: (source_rows[src.file], _source_title(src)) for src in manifest.sources}
    writer = text.writer(bulk=True)
    batch: list[tuple[Any, ...]] = []
    for rowid, claim in enumerate(claims, start=1):  # a new table numbers its rows from 1
        batch.append(_claim_row(claim, speaker_rows, source_rows))
        writer.add(_text_document(rowid, claim, speaker_words, source_words))
        if len(batch) >= _BATCH:
            db.executemany(_INSERT_CLAIM, batch)
            batch.clear()
    db.executemany(_INSERT_CLAIM, batch)
    writer.commit()
    db.executescript(_INDEXES)
    # One GROUP BY pass each: a subquery per source would scan the claims once per source.
    for table, column in (("speakers", "speaker"), ("sources", "source")):
        db.execute(
            f"UPDATE {table} SET claims = counts.n FROM "
            f"(SELECT {column} AS owner, count(*) AS n FROM claims GROUP BY {column}) AS counts "
            f"WHERE counts.owner = {table}.rowid"
        )
    db.execute("INSERT INTO meta VALUES ('store', ?)", [str(paths.root)])
    db.commit()


Words = dict[str, tuple[int, str]]  # a speaker's id or source's file: its rowid, its indexed words


def _text_document(rowid: int, claim: Claim, speakers: Words, sources: Words) -> TextDocument:
    (speaker_row, names), (source_row, title) = speakers[claim.speaker], sources[claim.source]
    return TextDocument(
        rowid=rowid,
        text=claim.text,
        speaker=names,
        title=title,
        speaker_row=speaker_row,
        source_row=source_row,
        kind=claim.kind.value,
        date=day_number(claim.date.isoformat()),
    )


def _speaker_names(sp: Speaker) -> str:
    return " ; ".join([sp.name, *sp.aliases])


def _source_title(src: Source) -> str:
    return src.title + (f" ; {src.outlet}" if src.outlet else "")


_INSERT_CLAIM = "INSERT INTO claims VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _insert_speaker(db: sqlite3.Connection, sp: Speaker) -> int:
    cursor = db.execute(
        "INSERT INTO speakers VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [
            sp.id,
            sp.name,
            sp.kind.value,
            sp.role,
            sp.organization,
            json.dumps(list(sp.aliases), ensure_ascii=False),
            _speaker_names(sp),
            speaker_search_key(sp.name, sp.aliases, sp.role, sp.organization),
        ],
    )
    return cursor.lastrowid or 0


def _insert_source(db: sqlite3.Connection, paths: StorePaths, src: Source) -> int:
    try:
        st = (paths.sources_dir / src.file).stat()
    except OSError:
        from facts.store.reader import validate_hint

        raise StoreError(
            f"The store lists source {src.file!r} but {paths.sources_dir} has no such file.",
            hint=validate_hint(paths),
        ) from None
    cursor = db.execute(
        "INSERT INTO sources VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [
            src.file,
            src.title,
            src.outlet,
            src.url,
            src.published.isoformat() if src.published else None,
            src.published_note,
            src.sha256,
            src.author,
            src.original.file if src.original else None,
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
        ],
    )
    return cursor.lastrowid or 0


def _claim_row(claim: Claim, speaker_rows: dict[str, int], source_rows: dict[str, int]) -> tuple[Any, ...]:
    return (
        claim.id,
        claim.text,
        claim.kind.value,
        speaker_rows[claim.speaker],
        claim.date.isoformat(),
        claim.date_precision.value,
        claim.date_basis,
        source_rows[claim.source],
        claim.span.start,
        claim.span.end,
        claim.page,
    )


def add_to_index(
    paths: StorePaths,
    before: str,
    speakers: Sequence[Speaker],
    sources: Sequence[Source],
    claims: Sequence[Claim],
) -> bool:
    """Add what a writer just added to the store to its cached index, if that index was fresh.

    before is the store's fingerprint before the change; the caller holds the store's lock.
    Return whether the index was updated (otherwise the next query rebuilds it).
    """
    target = index_path(paths)
    if not target.is_file():
        return False
    try:
        with locked(target.with_suffix(".lock")), contextlib.closing(sqlite3.connect(target)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != before:
                return False
            text_folder = db.execute("SELECT value FROM meta WHERE key = 'text'").fetchone()
            if text_folder is None:
                return False
            text = open_text_index(target.parent / text_folder[0])
            # Each new or named speaker and source: (rowid, the words the text index holds).
            speaker_words: Words = {sp.id: (_insert_speaker(db, sp), _speaker_names(sp)) for sp in speakers}
            source_words: Words = {
                src.file: (_insert_source(db, paths, src), _source_title(src)) for src in sources
            }
            for table, key, words, found in (
                ("speakers", "id", speaker_words, "names"),
                ("sources", "file", source_words, "title || coalesce(' ; ' || outlet, '')"),
            ):
                wanted = sorted({getattr(c, table[:-1]) for c in claims} - set(words))
                for start in range(0, len(wanted), _VARIABLES):
                    part = wanted[start : start + _VARIABLES]
                    marks = ",".join("?" * len(part))
                    query = f"SELECT {key}, rowid, {found} FROM {table} WHERE {key} IN ({marks})"
                    words.update((r[0], (r[1], r[2])) for r in db.execute(query, part))
            speaker_rows = {key: value[0] for key, value in speaker_words.items()}
            source_rows = {key: value[0] for key, value in source_words.items()}
            writer = text.writer()
            for claim in claims:
                rowid = db.execute(_INSERT_CLAIM, _claim_row(claim, speaker_rows, source_rows)).lastrowid
                writer.add(_text_document(rowid or 0, claim, speaker_words, source_words))
                for table, rows in (("speakers", speaker_rows), ("sources", source_rows)):
                    owner = rows[getattr(claim, table[:-1])]
                    db.execute(f"UPDATE {table} SET claims = claims + 1 WHERE rowid = ?", [owner])
            # The words first: killed between the two commits, the SQLite file keeps the old
            # fingerprint, which no longer matches the store, so the next query rebuilds both.
            writer.commit()
            # The new state of the files, with every change of this writer made.
            db.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", [fingerprint(paths)])
            db.commit()
    except (OSError, ValueError, sqlite3.Error):
        return False  # the next query rebuilds it
    return True
