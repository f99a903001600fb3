"""What goes into a store's index: its schema, a build from the whole store, a writer's additions."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from facts.errors import StoreError
from facts.names import speaker_search_key
from facts.search.claim_lines import (
    source_json,
    source_ref,
    speaker_json,
    speaker_ref,
    stored_claim_line,
)
from facts.search.textsearch import TextDocument, TextIndex, day_number
from facts.store.paths import StorePaths
from facts.store.records import SourceRef, SpeakerRef

if TYPE_CHECKING:
    from facts.store.manifest import ViewSource
    from facts.store.models import Claim, Source, Speaker, StoreManifest

# Bump when the schema or what goes into it changes, so old caches are rebuilt.
INDEX_VERSION = 9
_BATCH = 5_000
_VARIABLES = 500  # bound parameters per statement, well under every SQLite build's limit

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)

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
    original_sha256 TEXT, is_primary INTEGER NOT NULL,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, claims INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE claims (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, kind TEXT NOT NULL,
    speaker INTEGER NOT NULL REFERENCES speakers, date TEXT NOT NULL,
    date_precision TEXT NOT NULL, date_basis TEXT, source INTEGER NOT NULL REFERENCES sources,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
    stance TEXT NOT NULL, cue TEXT, cue_lemma TEXT, page INTEGER,
    line TEXT NOT NULL  -- the claim's finished JSON line (claim_lines.stored_line), for bulk output
);
"""
_INDEXES = """
CREATE INDEX claims_by_speaker ON claims (speaker, date, id);
CREATE INDEX claims_by_date ON claims (date, id);
CREATE INDEX sources_by_sha256 ON sources (sha256);
CREATE INDEX sources_by_original ON sources (original_sha256) WHERE original_sha256 IS NOT NULL;
"""


def build_index(
    connection: sqlite3.Connection, text: TextIndex, paths: StorePaths, progress: Progress | None
) -> None:
    """Fill an empty index (its SQLite connection and its words) from the whole store, checked."""
    # pydantic is needed only here, so queries on a fresh index never import it.
    from facts.store.manifest import source_view
    from facts.store.reader import stream_store

    # The sources are streamed into their table; what the claims' checks need of each (its digest
    # and date) is kept as a small view: their models would take most of a gigabyte at 10M claims.
    manifest, sources = stream_store(paths)
    db = connection
    db.executescript(_SCHEMA)
    speaker_rows = {sp.id: _insert_speaker(db, sp) for sp in manifest.speakers}
    speaker_words = {sp.id: (speaker_rows[sp.id], _speaker_names(sp)) for sp in manifest.speakers}
    source_rows: dict[str, int] = {}
    checked: dict[str, ViewSource] = {}
    for src in sources:
        source_rows[src.file] = _insert_source(db, paths, src)
        checked[src.file] = source_view(src)
    speaker_of = {sp.id: sp for sp in manifest.speakers}
    line_of = _Lines(lambda key: speaker_ref(speaker_of[key]), lambda key: _indexed_source(db, key))
    writer = text.writer(bulk=True)
    batch: list[tuple[Any, ...]] = []
    source: tuple[str, tuple[int, str]] = ("", (0, ""))
    for rowid, claim in enumerate(_checked_claims(paths, manifest, checked, progress), start=1):  # from 1
        if claim.source != source[0]:
            # A source's title is read back when its claims come (they come together), not kept for each.
            row = source_rows[claim.source]
            title = db.execute(
                "SELECT title || coalesce(' ; ' || outlet, '') FROM sources WHERE rowid = ?", [row]
            )
            source = (claim.source, (row, title.fetchone()[0]))
        batch.append(_claim_row(claim, speaker_rows, source_rows, line_of(claim)))
        writer.add(_text_document(rowid, claim, speaker_words[claim.speaker], source[1]))
        if len(batch) >= _BATCH:
            _insert_claims(db, batch, paths)
    _insert_claims(db, batch, paths)
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


class _IdsInTheIndex:
    """The claim ids a build has read, as the claims table's unique index holds them: a set of
    ten million ids would take a gigabyte. A repeated id fails its insert (_insert_claims)."""

    def first_time(self, claim_id: str) -> bool:
        return True


def _checked_claims(
    paths: StorePaths, manifest: StoreManifest, sources: Mapping[str, ViewSource], progress: Progress | None
) -> Iterator[Claim]:
    """Yield the store's claims, checked as load_store checks them; raise on the first problem."""
    from facts.store.checks import Problem
    from facts.store.reader import scan_claims, validate_hint

    for item in scan_claims(paths, manifest, progress, seen_ids=_IdsInTheIndex(), sources=sources):
        if isinstance(item, Problem):
            raise StoreError(f"The store has a problem: {item}.", hint=validate_hint(paths))
        yield item


def _insert_claims(db: sqlite3.Connection, batch: list[tuple[Any, ...]], paths: StorePaths) -> None:
    before = db.total_changes
    try:
        db.executemany(_INSERT_CLAIM, batch)
    except sqlite3.IntegrityError:
        from facts.store.reader import validate_hint

        # The rows before the one that failed went in: it is the next one.
        repeated = batch[db.total_changes - before][0]
        raise StoreError(
            f"The store has a problem: {paths.claims.name}: duplicate claim id {repeated!r}.",
            hint=validate_hint(paths),
        ) from None
    batch.clear()


Words = dict[str, tuple[int, str]]  # a speaker's id or source's file: its rowid, its indexed words


def _text_document(
    rowid: int, claim: Claim, speaker: tuple[int, str], source: tuple[int, str]
) -> TextDocument:
    (speaker_row, names), (source_row, title) = speaker, source
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


_INSERT_CLAIM = "INSERT INTO claims VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


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
        "INSERT INTO sources VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
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
            src.original.sha256 if src.original else None,
            int(bool(src.primary)),
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
        ],
    )
    return cursor.lastrowid or 0


class _Lines:
    """Make claims' stored lines; a speaker's or source's part is made once while its claims come."""

    def __init__(self, speaker: Callable[[str], SpeakerRef], source: Callable[[str], SourceRef]) -> None:
        self._speaker = functools.lru_cache(maxsize=_REFS)(lambda key: speaker_json(speaker(key)))
        self._source = functools.lru_cache(maxsize=_REFS)(lambda key: source_json(source(key)))

    def __call__(self, claim: Claim) -> str:
        return stored_claim_line(claim, self._speaker(claim.speaker), self._source(claim.source))


_REFS = 4_096  # speakers and sources whose parts are kept: bounded, whatever the store's size


def _claim_row(
    claim: Claim, speaker_rows: dict[str, int], source_rows: dict[str, int], line: str
) -> tuple[Any, ...]:
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
        claim.stance.value,
        claim.cue,
        claim.cue_lemma,
        claim.page,
        line,
    )


def add_rows(
    db: sqlite3.Connection,
    text: TextIndex,
    paths: StorePaths,
    speakers: Sequence[Speaker],
    sources: Sequence[Source],
    claims: Sequence[Claim],
) -> None:
    """Add a writer's new speakers, sources and claims to an index's tables and words; commit the words."""
    # Each new or named speaker and source: (rowid, the words the text index holds).
    speaker_words: Words = {sp.id: (_insert_speaker(db, sp), _speaker_names(sp)) for sp in speakers}
    source_words: Words = {src.file: (_insert_source(db, paths, src), _source_title(src)) for src in sources}
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
    line_of = _added_lines(db, speakers, sources)
    writer = text.writer()
    for claim in claims:
        row = _claim_row(claim, speaker_rows, source_rows, line_of(claim))
        rowid = db.execute(_INSERT_CLAIM, row).lastrowid
        writer.add(
            _text_document(rowid or 0, claim, speaker_words[claim.speaker], source_words[claim.source])
        )
        for table, rows in (("speakers", speaker_rows), ("sources", source_rows)):
            owner = rows[getattr(claim, table[:-1])]
            db.execute(f"UPDATE {table} SET claims = claims + 1 WHERE rowid = ?", [owner])
    # The words first: killed between the two commits, the SQLite file keeps the old
    # fingerprint, which no longer matches the store, so the next query rebuilds both.
    writer.commit()


def _added_lines(db: sqlite3.Connection, speakers: Sequence[Speaker], sources: Sequence[Source]) -> _Lines:
    """Make the stored lines of a writer's claims: their speakers and sources are new or in the index."""
    new_speakers = {sp.id: speaker_ref(sp) for sp in speakers}
    new_sources = {src.file: source_ref(src) for src in sources}

    def speaker(key: str) -> SpeakerRef:
        if key in new_speakers:
            return new_speakers[key]
        row = db.execute(
            "SELECT id, name, kind, role, organization FROM speakers WHERE id = ?", [key]
        ).fetchone()
        return SpeakerRef(id=row[0], name=row[1], kind=row[2], role=row[3], organization=row[4])

    def source(key: str) -> SourceRef:
        return new_sources[key] if key in new_sources else _indexed_source(db, key)

    return _Lines(speaker, source)


def _indexed_source(db: sqlite3.Connection, file: str) -> SourceRef:
    """Return a source of the index as a claim names it."""
    row = db.execute("SELECT file, title, outlet, url, published, author FROM sources WHERE file = ?", [file])
    file, title, outlet, url, published, author = row.fetchone()
    return SourceRef(file=file, title=title, outlet=outlet, url=url, published=published, author=author)
