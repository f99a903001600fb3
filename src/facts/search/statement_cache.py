"""A store's statements, cached beside its index: who else reports a claim, and which statements conflict.

The statements (see statement_grouping.py) are kept in a SQLite file of their own in the cache folder,
named like the index's file and stamped with the same fingerprint of the store's files. A file
whose stamp is not the store's current fingerprint is never read: it is rebuilt from
claims.jsonl on first need. Commands that print no corroboration never open it, so a plain
query pays nothing for it. The JSON store itself is only read.

An addition (facts add) updates the file in place with the new claims only, in one SQLite
transaction: the file keeps the claims filed under each key (see statement_rule.py), by their line's
offset in claims.jsonl (which an addition only appends to), and the first claim of each wording,
so the new claims find their candidates without reading the old ones. A removal or an edit
rewrites claims.jsonl, so the next command that needs the statements rebuilds them in full.

A big store's statements are built in a process of their own while a command builds the index
(build_alongside): the index build leaves part of the machine's cores idle, so the first command
after the store changed waits for the longer of the two builds, not their sum.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypedDict

from facts.errors import StoreError
from facts.search.cache import open_cache
from facts.search.claim_lines import ClaimLine
from facts.search.statement_build import STATEMENTS_VERSION, add_lines, build_statements, open_claims
from facts.store.atomic import locked
from facts.store.paths import StorePaths, os_error_message
from facts.store.records import ClaimRecord

# From this size of claims.jsonl (about 30,000 claims) on, the statements are built alongside the
# index; a smaller store's statements take less time than starting a Python process.
SIDE_BUILD_BYTES = 16 * 1024 * 1024


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


class StatementCache:
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

    def line_reports(self, lines: Iterable[ClaimLine]) -> Iterator[tuple[ClaimLine, dict[str, Any] | None]]:
        """Yield each claim's line with its reported_by and conflicts, or None for a claim its
        statement's only one, looked up a batch at a time so that a stream stays a stream."""
        it = iter(lines)
        while batch := list(itertools.islice(it, 1_000)):
            members = self.members([c.id for c in batch])
            for c in batch:
                shared = members.get(c.id)  # the claim's own member among them names its speaker
                speaker = next((m.speaker for m in shared if m.claim == c.id), "") if shared else ""
                yield c, None if shared is None else reports(c.id, speaker, shared)

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

    def statement_rows(self) -> Iterator[tuple[int, int, int, int, int, str]]:
        """Yield every statement of more than one claim: id, claims, sources, speakers, wordings
        and its first claim id."""
        yield from self._db.execute(
            "SELECT id, claims, sources, speakers, wordings, first FROM statements ORDER BY id"
        )

    def claim_statements(self) -> Iterator[tuple[int, str]]:
        """Yield (statement id, claim id) for every claim that shares its statement."""
        yield from self._db.execute("SELECT statement, claim FROM members ORDER BY statement, claim")

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


def open_statements(paths: StorePaths, busy: Callable[[], None] | None = None) -> StatementCache:
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

    def open_fresh(self, wanted: str) -> StatementCache | None:
        return _open_cached(self.target, wanted)

    def write(self, temporary: Path, wanted: str) -> None:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            build_statements(connection, self.paths, wanted, self.target.parent)
        finally:
            connection.close()

    def written(self) -> None:
        pass

    def in_memory(self, wanted: str) -> StatementCache:
        if self.busy is not None:
            self.busy()
        connection = sqlite3.connect(":memory:")
        try:
            # The cache folder cannot be used: the build's temporary files go to the system's.
            build_statements(connection, self.paths, wanted, None)
        except OSError as err:
            message = os_error_message(err)
            raise StoreError(
                f"Cannot write the temporary files of the statements' build: {message}."
            ) from None
        return StatementCache(connection)

    def changed_while_built(self, wanted: str) -> StatementCache:
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

    command = [sys.executable, "-m", "facts.search.statement_cache", str(paths.root), paths.claims_name]
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


def _open_cached(target: Path, wanted: str) -> StatementCache | None:
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
    return StatementCache(connection)


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
            open_claims(paths) as handle,
        ):
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("fingerprint") != before or meta.get("version") != str(STATEMENTS_VERSION):
                return False
            if not add_lines(db, handle, int(meta["claims_bytes"])):
                return False  # closed without a commit: nothing changed
            from facts.search.index import fingerprint

            db.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", [fingerprint(paths)])
            db.execute("UPDATE meta SET value = ? WHERE key = 'claims_bytes'", [str(handle.tell())])
            db.commit()
    except (OSError, sqlite3.Error, StoreError, ValueError, KeyError):
        return False  # the next command that needs the statements rebuilds them
    return True


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
