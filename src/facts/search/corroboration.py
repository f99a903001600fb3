"""Who else reports a claim: the store's statements, cached beside its index.

The statements (see statements.py) are kept in a SQLite file of their own in the cache folder,
named like the index's file and stamped with the same fingerprint of the store's files. A file
whose stamp is not the store's current fingerprint is never read: it is rebuilt from
claims.jsonl on first need. Commands that print no corroboration never open it, so a plain
query pays nothing for it. The JSON store itself is only read.

An addition (facts add) updates the file in place with the new claims only, in one SQLite
transaction: the file keeps the claims filed under each key (see statements.py), by their line's
offset in claims.jsonl (which an addition only appends to), and the first claim of each wording,
so the new claims find their candidates without reading the old ones. A removal or an edit
rewrites claims.jsonl, so the next command that needs the statements rebuilds them in full.

A big store's statements are built in a process of their own while a command builds the index
(build_alongside): the index build leaves part of the machine's cores idle, so the first command
after the store changed waits for the longer of the two builds, not their sum.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import os
import sqlite3
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple, TypedDict

from facts.errors import StoreError
from facts.search.cache import open_cache
from facts.store import bounded
from facts.store.atomic import locked
from facts.store.paths import StorePaths, os_error_message
from facts.store.records import ClaimRecord

# Bump when the grouping rule or this file's schema changes, so old caches are rebuilt.
STATEMENTS_VERSION = 4
_BATCH = 10_000
# From this size of claims.jsonl (about 30,000 claims) on, the statements are built alongside the
# index; a smaller store's statements take less time than starting a Python process.
SIDE_BUILD_BYTES = 16 * 1024 * 1024

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


class ReportedBy(TypedDict):
    sources: int  # how many sources carry the statement, this claim's own included
    claims: list[str]  # the statement's other claims


class ConflictRef(TypedDict):
    claim: str
    speaker: str


class Member(NamedTuple):
    """One claim of a statement."""

    claim: str
    speaker: str
    source: str
    kind: str
    start: int  # its span in its source
    end: int


class Statement(NamedTuple):
    """A statement carried by more than one claim."""

    id: int
    claims: int
    sources: int
    speakers: int  # different speaker ids among its claims
    wordings: int  # different normalised words among its quotations
    members: list[Member]


class Corroboration:
    """Lookups in a store's statements; only the claims asked about are read."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def close(self) -> None:
        self._db.close()

    def members(self, claim_ids: Sequence[str]) -> dict[str, list[Member]]:
        """Return, for each given claim that shares its statement, every claim of that statement."""
        found: dict[str, list[Member]] = {}
        # SQLite allows 32,766 parameters; a printed list is rarely longer than one chunk.
        for at in range(0, len(claim_ids), 10_000):
            chunk = list(claim_ids[at : at + 10_000])
            rows = self._db.execute(
                "SELECT asked.claim, m.claim, m.speaker, m.source, m.kind, m.span_start, m.span_end "
                "FROM members asked "
                "JOIN members m ON m.statement = asked.statement "
                f"WHERE asked.claim IN ({','.join('?' * len(chunk))}) ORDER BY m.claim",
                chunk,
            )
            for asked, *member in rows:
                found.setdefault(asked, []).append(Member(*member))
        return found

    def reach(self, claim_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Return how many sources, then claims, carry each given claim's statement ((1, 1) alone)."""
        counts = dict.fromkeys(claim_ids, (1, 1))
        for claim, members in self.members(claim_ids).items():
            counts[claim] = (len({m.source for m in members}), len(members))
        return counts

    def annotate(self, claims: Iterable[ClaimRecord]) -> Iterator[dict[str, Any]]:
        """Yield the claims with their reported_by and conflicts fields, looked up a batch at a time
        so that a stream stays a stream."""
        it = iter(claims)
        while batch := list(itertools.islice(it, 1_000)):
            members = self.members([c["id"] for c in batch])
            for c in batch:
                yield {**c, **reports(c["id"], c["speaker"]["id"], members.get(c["id"], []))}

    def annotated(self, claims: Iterable[ClaimRecord]) -> Iterator[dict[str, Any]]:
        """Yield every claim with its reported_by and conflicts; for a whole store's stream."""
        by_statement: dict[int, list[Member]] = {}
        statement_of: dict[str, int] = {}
        for statement, *member in self._db.execute(
            "SELECT statement, claim, speaker, source, kind, span_start, span_end FROM members "
            "ORDER BY statement, claim"
        ):
            by_statement.setdefault(statement, []).append(Member(*member))
            statement_of[member[0]] = statement
        for c in claims:
            members = by_statement.get(statement_of.get(c["id"], -1), [])
            yield {**c, **reports(c["id"], c["speaker"]["id"], members)}

    def conflicts(self) -> list[Statement]:
        """Return the statements credited to different speakers, or quoted in different words by
        several sources, most widely reported first."""
        rows = self._db.execute(
            "SELECT id, claims, sources, speakers, wordings FROM statements "
            "WHERE speakers > 1 OR (wordings > 1 AND sources > 1) "
            "ORDER BY sources DESC, claims DESC, first"
        ).fetchall()
        found = []
        for row in rows:
            members = [
                Member(*m)
                for m in self._db.execute(
                    "SELECT claim, speaker, source, kind, span_start, span_end FROM members "
                    "WHERE statement = ? ORDER BY claim",
                    [row[0]],
                )
            ]
            found.append(Statement(row[0], row[1], row[2], row[3], row[4], members))
        return found


def reports(claim_id: str, speaker_id: str, members: Sequence[Member]) -> dict[str, Any]:
    """Return a claim's reported_by and conflicts fields from the claims of its statement."""
    others = [m for m in members if m.claim != claim_id]
    own = next((m for m in members if m.claim == claim_id), None)
    reported_by: ReportedBy = {
        "sources": len({m.source for m in members}) or 1,
        "claims": [m.claim for m in others],
    }
    # A span inside the other's (or holding it) in one source is the same words taken twice.
    conflicts: list[ConflictRef] = [
        {"claim": m.claim, "speaker": m.speaker}
        for m in others
        if m.speaker != speaker_id and not (own is not None and _nested(own, m))
    ]
    return {"reported_by": reported_by, "conflicts": conflicts}


def _nested(a: Member, b: Member) -> bool:
    """Whether one of two claims' spans lies inside the other's, in the same source."""
    if a.source != b.source:
        return False
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def statements_path(paths: StorePaths) -> Path:
    """Return where the cached statements of a store live: beside its index, under the same key."""
    from facts.search.index import index_path

    index = index_path(paths)
    return index.with_name("statements-" + index.stem.removeprefix("index-") + ".sqlite3")


def open_statements(paths: StorePaths, busy: Callable[[], None] | None = None) -> Corroboration:
    """Open the store's cached statements, building them first if missing or stale.

    busy is called when the statements must be built, or waited for while another process
    builds them (a second or more): time enough on a big store to tell the user.
    """
    from facts.search.index import fingerprint

    return open_cache(
        _StatementsCache(paths, busy), paths, lambda: fingerprint(paths), on_wait=busy, before_build=busy
    )


class _StatementsCache:
    """The statements as a cache: an SQLite file of their own, beside the index."""

    def __init__(self, paths: StorePaths, busy: Callable[[], None] | None) -> None:
        self.paths = paths
        self.busy = busy
        self.target = statements_path(paths)

    def open_fresh(self, wanted: str) -> Corroboration | None:
        return _open_cached(self.target, wanted)

    def write(self, temporary: Path, wanted: str) -> None:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            _build(connection, self.paths, wanted)
        finally:
            connection.close()

    def written(self) -> None:
        pass

    def in_memory(self, wanted: str) -> Corroboration:
        if self.busy is not None:
            self.busy()
        connection = sqlite3.connect(":memory:")
        _build(connection, self.paths, wanted)
        return Corroboration(connection)

    def changed_while_built(self, wanted: str) -> Corroboration:
        # The store changed outside facts while we read it: answer from what was read.
        return self.in_memory(wanted)


_side_builds: list[Any] = []  # the processes build_alongside started (subprocess.Popen)


def build_alongside(paths: StorePaths) -> None:
    """Start building the store's statements in a process of their own, if they are stale.

    The caller is about to build the index and holds the store's read lock, which the child shares.
    A command that then needs the statements waits for the child through the statements' lock;
    one that does not waits for it on exit, so no build outlives the command that started it.
    If the child fails, the statements are stale and the next open_statements builds them.
    """
    from facts.search.index import fingerprint

    try:
        if paths.claims.stat().st_size < SIDE_BUILD_BYTES:
            return
    except OSError:
        return
    fresh = _open_cached(statements_path(paths), fingerprint(paths))
    if fresh is not None:
        fresh.close()
        return
    import atexit
    import subprocess

    command = [sys.executable, "-m", "facts.search.corroboration", str(paths.root), paths.claims_name]
    try:
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError:
        return  # built in this process when first needed, as without a side build
    if not _side_builds:
        atexit.register(wait_for_side_builds)
    _side_builds.append(child)


def wait_for_side_builds() -> None:
    """Wait until the statements builds this process started have ended.

    Interrupted (Ctrl-C while waiting), it interrupts them too, as it would the build in this process:
    each removes its unfinished file, and the statements are left to the next command.
    """
    try:
        while _side_builds:
            _side_builds[-1].wait()
            _side_builds.pop()
    except KeyboardInterrupt:
        import signal

        for child in _side_builds:
            with contextlib.suppress(OSError):
                child.send_signal(signal.SIGINT)
        _side_builds.clear()


def _open_cached(target: Path, wanted: str) -> Corroboration | None:
    if os.path.lexists(f"{target}-journal"):
        return None  # an update is running or was killed: wait for it, or rebuild
    try:
        connection = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        meta = {}
    if meta.get("fingerprint") != wanted or meta.get("version") != str(STATEMENTS_VERSION):
        connection.close()
        return None
    return Corroboration(connection)


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


def _open_claims(paths: StorePaths) -> IO[bytes]:
    try:
        return paths.claims.open("rb")
    except OSError as err:
        raise StoreError(f"Cannot read {paths.claims}: {os_error_message(err)}") from err


def _words_key(words: str) -> int:
    """Return a wording's 64-bit key (signed, as SQLite stores integers)."""
    import hashlib  # builds and additions only

    return int.from_bytes(hashlib.blake2b(words.encode(), digest_size=8).digest(), "big", signed=True)


def _build(connection: sqlite3.Connection, paths: StorePaths, wanted: str) -> None:
    from facts.search.statements import StatementFinder  # the grouping: builds and additions only

    finder = StatementFinder()
    offsets = array("q")
    speakers: list[str] = []
    sources: list[str] = []
    kinds: list[str] = []
    spans = array("q")
    with _open_claims(paths) as handle, _no_cycle_collection():
        try:
            for line in _lines(handle, 0):
                finder.add(line.id, line.text)
                offsets.append(line.offset)
                # Interned: a million claims name a few thousand speakers and sources.
                speakers.append(sys.intern(line.speaker))
                sources.append(sys.intern(line.source))
                kinds.append(sys.intern(line.kind))
                spans.extend((line.start, line.end))
            end = handle.tell()
        except OSError as err:
            raise StoreError(f"Cannot read {paths.claims}: {os_error_message(err)}") from err
        grouping = finder.finish()
    ids, all_words = finder.ids, grouping.words
    groups = sorted((sorted(g, key=ids.__getitem__) for g in grouping.groups), key=lambda g: ids[g[0]])
    with connection:
        connection.executescript(_SCHEMA)
        for number, group in enumerate(groups, 1):
            members = [
                _Member(
                    ids[i],
                    speakers[i],
                    sources[i],
                    kinds[i],
                    _words_key(all_words[i] or ""),
                    spans[2 * i],
                    spans[2 * i + 1],
                )
                for i in group
            ]
            wording = {_words_key(all_words[i] or ""): all_words[i] or "" for i in group}
            connection.execute(
                "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?)",
                [number, *_counts(members, wording.__getitem__)],
            )
            connection.executemany(
                "INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(m.claim, number, *m[1:]) for m in members],
            )
        # Two wordings with one key (a 1 in 2**64 chance) are both listed; an addition that meets
        # the key reads their lines, and if none has its words, leaves the file to be rebuilt.
        firsts = (
            (_words_key(w), offsets[i])
            for i, w in enumerate(all_words)
            if w is not None and i not in grouping.same_as
        )
        while batch := list(itertools.islice(firsts, _BATCH)):
            connection.executemany("INSERT INTO wordings VALUES (?, ?)", batch)
        # Indexed once filled: one sort, where a keyed table would take a million random inserts.
        connection.execute("CREATE INDEX wordings_by_words ON wordings (words)")
        postings = (
            (key, None if held is None else array("q", map(offsets.__getitem__, held)).tobytes())
            for key, held in grouping.postings.items()
        )
        while batch_postings := list(itertools.islice(postings, _BATCH)):
            connection.executemany("INSERT INTO samples VALUES (?, ?)", batch_postings)
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("fingerprint", wanted), ("version", str(STATEMENTS_VERSION)), ("claims_bytes", str(end))],
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
    quotations not counted apart, see statements.distinct_reports) and first claim id.

    words_of gives the normalised words of a wording's key.
    """
    from facts.search.statements import Report, distinct_reports

    speakers, wordings = distinct_reports(
        [
            Report(m.speaker, m.source, m.start, m.end, words_of(m.words) if m.kind == "quote" else None)
            for m in members
        ]
    )
    return (len(members), len({m.source for m in members}), speakers, wordings, min(m.claim for m in members))


def add_to_statements(paths: StorePaths, before: str) -> bool:
    """Add the claims a writer just appended to the store's cached statements, if those were fresh.

    before is the store's fingerprint before the change; the caller holds the store's lock.
    Return whether the statements were updated (otherwise the next command that needs them
    rebuilds them). Either every new claim is in, under the new fingerprint, or nothing changed.
    """
    target = statements_path(paths)
    if not target.is_file():
        return False
    try:
        with (
            locked(target.with_suffix(".lock")),
            contextlib.closing(sqlite3.connect(target)) as db,
            _open_claims(paths) as handle,
        ):
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("fingerprint") != before or meta.get("version") != str(STATEMENTS_VERSION):
                return False
            if not _add_lines(db, handle, int(meta["claims_bytes"])):
                return False  # closed without a commit: nothing changed
            from facts.search.index import fingerprint

            db.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", [fingerprint(paths)])
            db.execute("UPDATE meta SET value = ? WHERE key = 'claims_bytes'", [str(handle.tell())])
            db.commit()
    except (OSError, sqlite3.Error, StoreError, ValueError, KeyError):
        return False  # the next command that needs the statements rebuilds them
    return True


def _add_lines(db: sqlite3.Connection, handle: IO[bytes], start: int) -> bool:
    """Find the statements of the lines from start on and write them; False if only a rebuild can."""
    from facts.search.statements import MAX_POSTING, MIN_WORDS, same_statement, sample_keys, word_list

    new = list(_lines(handle, start))
    end = handle.tell()
    edges: list[tuple[str, str]] = []
    new_members: dict[str, _Member] = {}

    def line_at(offset: int) -> _Line | None:
        found = next(_lines(handle, offset), None)
        return found if found is not None and found.offset == offset else None

    for line in new:
        tokens = word_list(line.text)
        key = _words_key(" ".join(tokens))
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
                other_key = _words_key(" ".join(word_list(other.text)))
                new_members[other.id] = _member_of(other, other_key)

    def words_of(key: int) -> str:
        for (offset,) in db.execute("SELECT line FROM wordings WHERE words = ?", [key]):
            found = line_at(offset)
            if found is not None and _words_key(" ".join(tokens := word_list(found.text))) == key:
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


def _build_in_child(arguments: Sequence[str]) -> int:
    """Build the statements of the store named by arguments (build_alongside's child)."""
    root, claims_name = arguments
    try:
        open_statements(StorePaths(Path(root), claims_name)).close()
    except (StoreError, OSError, sqlite3.Error):
        return 1  # the parent's command builds them when it needs them
    return 0


if __name__ == "__main__":
    sys.exit(_build_in_child(sys.argv[1:]))
