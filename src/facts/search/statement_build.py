"""Build a store's cached statements from claims.jsonl, and add a writer's new claims to them.

The grouping itself is facts.search.statement_grouping (its rule facts.search.statement_rule);
this module writes what it finds into the cache's SQLite file (see facts.search.statement_cache
for when it is built and read).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

from facts.errors import StoreError
from facts.store import bounded
from facts.store.paths import StorePaths, os_error_message

# Bump when the grouping rule or this file's schema changes, so old caches are rebuilt.
STATEMENTS_VERSION = 4
_BATCH = 10_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY, claims INTEGER NOT NULL, sources INTEGER NOT NULL,
    speakers INTEGER NOT NULL, wordings INTEGER NOT NULL, first TEXT NOT NULL
);
CREATE TABLE members (
    claim TEXT PRIMARY KEY, statement INTEGER NOT NULL, speaker TEXT NOT NULL,
    source TEXT NOT NULL, kind TEXT NOT NULL, words INTEGER NOT NULL,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX members_by_statement ON members (statement, claim);
-- For additions: the first claim (its line's offset) of each wording, and each key's claims
-- (offsets, packed), NULL once it has more than MAX_POSTING and is skipped.
CREATE TABLE wordings (words INTEGER NOT NULL, line INTEGER NOT NULL);
CREATE TABLE samples (key INTEGER PRIMARY KEY, lines BLOB);
"""


class _Line(NamedTuple):
    """A claim as the statements need it, with where its line starts in claims.jsonl."""

    offset: int
    id: str
    text: str
    speaker: str
    source: str
    kind: str
    start: int
    end: int


_decode = json.JSONDecoder().decode  # json.loads less its checks of the argument's type and encoding


def _lines(handle: IO[bytes], start: int) -> Iterator[_Line]:
    # json rather than the pydantic models: only five fields are needed, and the index build
    # has validated the store already.
    offset = start
    handle.seek(start)
    for _, line in bounded.numbered_lines(handle):
        if line is None:  # over the bound: validation reports it; skipped, never held whole
            offset = handle.tell()
            continue
        at, offset = offset, offset + len(line)
        try:
            c = _decode(line.decode())
            span = c["span"]
            yield _Line(
                at, c["id"], c["text"], c["speaker"], c["source"], c["kind"], span["start"], span["end"]
            )
        except (ValueError, KeyError, TypeError):
            continue  # validation reports it; a broken line reports no statement


def open_claims(paths: StorePaths) -> IO[bytes]:
    try:
        return paths.claims.open("rb")
    except OSError as err:
        raise StoreError(f"Cannot read {paths.claims}: {os_error_message(err)}") from err


def build_statements(
    connection: sqlite3.Connection, paths: StorePaths, wanted: str, spill_near: Path | None
) -> None:
    """Group the store's claims into statements and write them, in memory that does not grow
    with the claims' words (see statement_finder): what it holds goes to a temporary folder in
    spill_near, or in the system's temporary folder if None."""
    from facts.search.statement_finder import StatementFinder, spill_folder

    with open_claims(paths) as handle, spill_folder(spill_near) as folder, _no_cycle_collection():
        finder = StatementFinder(folder, os.fstat(handle.fileno()).st_size)
        try:
            try:
                for line in _lines(handle, 0):
                    finder.add(line.id, line.text, line.offset)
                end = handle.tell()
            except OSError as err:
                raise StoreError(f"Cannot read {paths.claims}: {os_error_message(err)}") from err
            with connection:
                connection.executescript(_SCHEMA)
                # Two wordings with one key (a 1 in 2**64 chance) are both listed; an addition that
                # meets the key reads their lines, and if none has its words, leaves the file to be rebuilt.
                groups = finder.finish(
                    partial(_insert, connection, "INSERT INTO wordings VALUES (?, ?)"),
                    partial(_insert, connection, "INSERT INTO samples VALUES (?, ?)"),
                )
                # Indexed once filled: one sort, where a keyed table would take millions of random inserts.
                connection.execute("CREATE INDEX wordings_by_words ON wordings (words)")
                # Numbered in the order of their first claim id, as the claims of each are listed.
                firsts = sorted(
                    (min(finder.record(i)[0] for i in group), n) for n, group in enumerate(groups)
                )
                for number, (_, at) in enumerate(firsts, 1):
                    _insert_statement(connection, handle, number, [finder.tag(i) for i in groups[at]])
                connection.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("fingerprint", wanted),
                        ("version", str(STATEMENTS_VERSION)),
                        ("claims_bytes", str(end)),
                    ],
                )
        finally:
            finder.close()


def _insert(connection: sqlite3.Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    it = iter(rows)
    while batch := list(itertools.islice(it, _BATCH)):
        connection.executemany(sql, batch)


def _insert_statement(
    connection: sqlite3.Connection, handle: IO[bytes], number: int, lines: list[int]
) -> None:
    """Write one statement from its claims' lines (offsets in claims.jsonl)."""
    from facts.search.statement_rule import word_list, words_key

    members: list[_Member] = []
    wording: dict[int, str] = {}
    for offset in lines:
        line = next(_lines(handle, offset))
        joined = " ".join(word_list(line.text))
        members.append(_member_of(line, words_key(joined)))
        wording[members[-1].words] = joined
    members.sort()
    connection.execute(
        "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?)", [number, *_counts(members, wording.__getitem__)]
    )
    connection.executemany(
        "INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(m.claim, number, *m[1:]) for m in members]
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector: the build makes millions of objects that live until it ends and
    form no cycles, and the collector would walk them all again and again as they grow."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Member(NamedTuple):
    claim: str
    speaker: str
    source: str
    kind: str
    words: int  # the key of its normalised words
    start: int  # its span in its source
    end: int


def _member_of(line: _Line, words: int) -> _Member:
    return _Member(line.id, line.speaker, line.source, line.kind, words, line.start, line.end)


def _counts(members: Sequence[_Member], words_of: Callable[[int], str]) -> tuple[int, int, int, int, str]:
    """Return a statement's claims, sources, speakers, quoted wordings (nested spans and cut
    quotations not counted apart, see statement_grouping.distinct_reports) and first claim id.

    words_of gives the normalised words of a wording's key.
    """
    from facts.search.statement_grouping import Report, distinct_reports

    speakers, wordings = distinct_reports(
        [
            Report(m.speaker, m.source, m.start, m.end, words_of(m.words) if m.kind == "quote" else None)
            for m in members
        ]
    )
    return (len(members), len({m.source for m in members}), speakers, wordings, min(m.claim for m in members))


def add_lines(db: sqlite3.Connection, handle: IO[bytes], start: int) -> bool:
    """Find the statements of the lines from start on and write them; False if only a rebuild can."""
    from facts.search.statement_grouping import MAX_POSTING
    from facts.search.statement_rule import MIN_WORDS, same_statement, sample_keys, word_list, words_key

    new = list(_lines(handle, start))
    end = handle.tell()
    edges: list[tuple[str, str]] = []
    new_members: dict[str, _Member] = {}

    def line_at(offset: int) -> _Line | None:
        found = next(_lines(handle, offset), None)
        return found if found is not None and found.offset == offset else None

    for line in new:
        tokens = word_list(line.text)
        key = words_key(" ".join(tokens))
        new_members[line.id] = _member_of(line, key)
        if len(tokens) < MIN_WORDS:
            continue
        rows = db.execute("SELECT line FROM wordings WHERE words = ?", [key]).fetchall()
        if rows:
            same = next(
                (s for s in map(line_at, (r[0] for r in rows)) if s and word_list(s.text) == tokens), None
            )
            if same is None:
                return False  # another wording has this key: its members' counts could be wrong
            edges.append((line.id, same.id))
            new_members[same.id] = _member_of(same, key)
            continue
        db.execute("INSERT INTO wordings VALUES (?, ?)", [key, line.offset])
        candidates: set[int] = set()
        for sample in sample_keys(tokens):
            row = db.execute("SELECT lines FROM samples WHERE key = ?", [sample]).fetchone()
            held = array("q")
            if row is not None:
                if row[0] is None:
                    continue  # boilerplate already
                held.frombytes(row[0])
            if len(held) >= MAX_POSTING:
                # Its pairs would stop counting in a rebuild, which may split statements.
                return False
            candidates.update(held)
            held.append(line.offset)
            db.execute("INSERT OR REPLACE INTO samples VALUES (?, ?)", [sample, held.tobytes()])
        for offset in sorted(candidates):
            other = line_at(offset)
            if other is None:
                return False
            first, second = (line, other) if line.id < other.id else (other, line)
            if same_statement(word_list(first.text), word_list(second.text)):
                edges.append((line.id, other.id))
                other_key = words_key(" ".join(word_list(other.text)))
                new_members[other.id] = _member_of(other, other_key)

    def words_of(key: int) -> str:
        for (offset,) in db.execute("SELECT line FROM wordings WHERE words = ?", [key]):
            found = line_at(offset)
            if found is not None and words_key(" ".join(tokens := word_list(found.text))) == key:
                return " ".join(tokens)
        return ""

    _join(db, edges, new_members, words_of)
    handle.seek(end)
    return True


def _join(
    db: sqlite3.Connection,
    edges: Sequence[tuple[str, str]],
    read: dict[str, _Member],
    words_of: Callable[[int], str],
) -> None:
    """Merge the statements that the edges connect, and give each merged one its counts.

    read holds every claim the edges name (new ones, and old ones read from their lines).
    """
    parent: dict[str, str] = {}

    def root(claim: str) -> str:
        parent.setdefault(claim, claim)
        while parent[claim] != claim:
            parent[claim] = parent[parent[claim]]
            claim = parent[claim]
        return claim

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[str, list[str]] = {}
    for claim in parent:
        components.setdefault(root(claim), []).append(claim)
    next_id = (db.execute("SELECT max(id) FROM statements").fetchone()[0] or 0) + 1
    for claims in components.values():
        found: set[int] = set()
        for at in range(0, len(claims), 500):
            part = claims[at : at + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT statement FROM members WHERE claim IN ({marks})"
            found.update(row[0] for row in db.execute(query, part))
        statements = sorted(found)
        members = {claim: read[claim] for claim in claims}
        for statement in statements:
            for claim, *fields in db.execute(
                "SELECT claim, speaker, source, kind, words, span_start, span_end FROM members "
                "WHERE statement = ?",
                [statement],
            ):
                members[claim] = _Member(claim, *fields)
        if statements:
            number = statements[0]
            db.executemany("DELETE FROM statements WHERE id = ?", [[s] for s in statements])
            db.executemany("DELETE FROM members WHERE statement = ?", [[s] for s in statements])
        else:
            number, next_id = next_id, next_id + 1
        db.execute(
            "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?)",
            [number, *_counts(list(members.values()), words_of)],
        )
        db.executemany(
            "INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(m.claim, number, *m[1:]) for m in members.values()],
        )
