"""Who else reports a claim: the store's statements, cached beside its index.

The statements (see statements.py) are kept in a SQLite file of their own in the cache folder,
named like the index's file and stamped with the same fingerprint of the store's files. A file
whose stamp is not the store's current fingerprint is never read: it is rebuilt from
claims.jsonl on first need. Commands that print no corroboration never open it, so a plain
query pays nothing for it. The JSON store itself is only read.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypedDict

from facts.errors import StoreError
from facts.paths import StorePaths, os_error_message
from facts.records import ClaimRecord
from facts.statements import ClaimText, group_statements, words

# Bump when the grouping rule or this file's schema changes, so old caches are rebuilt.
STATEMENTS_VERSION = 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE statements (
    id INTEGER PRIMARY KEY, claims INTEGER NOT NULL, sources INTEGER NOT NULL,
    speakers INTEGER NOT NULL, wordings INTEGER NOT NULL
);
CREATE TABLE members (
    claim TEXT PRIMARY KEY, statement INTEGER NOT NULL, speaker TEXT NOT NULL,
    source TEXT NOT NULL, kind TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX members_by_statement ON members (statement, claim);
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
                "SELECT asked.claim, m.claim, m.speaker, m.source, m.kind FROM members asked "
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
            "SELECT statement, claim, speaker, source, kind FROM members ORDER BY statement, claim"
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
            "ORDER BY sources DESC, claims DESC, id"
        ).fetchall()
        found = []
        for row in rows:
            members = [
                Member(*m)
                for m in self._db.execute(
                    "SELECT claim, speaker, source, kind FROM members WHERE statement = ? ORDER BY claim",
                    [row[0]],
                )
            ]
            found.append(Statement(row[0], row[1], row[2], row[3], row[4], members))
        return found


def reports(claim_id: str, speaker_id: str, members: Sequence[Member]) -> dict[str, Any]:
    """Return a claim's reported_by and conflicts fields from the claims of its statement."""
    others = [m for m in members if m.claim != claim_id]
    reported_by: ReportedBy = {
        "sources": len({m.source for m in members}) or 1,
        "claims": [m.claim for m in others],
    }
    conflicts: list[ConflictRef] = [
        {"claim": m.claim, "speaker": m.speaker} for m in others if m.speaker != speaker_id
    ]
    return {"reported_by": reported_by, "conflicts": conflicts}


def statements_path(paths: StorePaths) -> Path:
    """Return where the cached statements of a store live: beside its index, under the same key."""
    from facts.index import index_path

    index = index_path(paths)
    return index.with_name("statements-" + index.stem.removeprefix("index-") + ".sqlite3")


def open_statements(paths: StorePaths) -> Corroboration:
    """Open the store's cached statements, building them first if missing or stale."""
    from facts.index import fingerprint

    wanted = fingerprint(paths)
    target = statements_path(paths)
    found = _open_cached(target, wanted)
    if found is not None:
        return found
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
        os.close(handle)
    except OSError:
        # No usable cache folder: build in memory and carry on.
        connection = sqlite3.connect(":memory:")
        _build(connection, paths, wanted)
        return Corroboration(connection)
    try:
        connection = sqlite3.connect(temporary)
        try:
            _build(connection, paths, wanted)
        finally:
            connection.close()
        # Written whole, then renamed: a reader sees the old file or the new one, never half.
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    found = _open_cached(target, wanted)
    if found is None:  # the store changed while we read it: answer from what was read
        connection = sqlite3.connect(":memory:")
        _build(connection, paths, wanted)
        return Corroboration(connection)
    return found


def _open_cached(target: Path, wanted: str) -> Corroboration | None:
    try:
        connection = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:
        row = version = None
    if row is None or row[0] != wanted or version is None or version[0] != str(STATEMENTS_VERSION):
        connection.close()
        return None
    return Corroboration(connection)


def _claim_texts(paths: StorePaths, kinds: dict[str, str]) -> Iterator[ClaimText]:
    # json rather than the pydantic models: only four fields are needed, and the index build
    # has validated the store already.
    try:
        with paths.claims.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                try:
                    c = json.loads(line)
                    claim = ClaimText(c["id"], c["text"], c["speaker"], c["source"])
                    kinds[claim.id] = c["kind"]
                except (ValueError, KeyError, TypeError):
                    continue  # validation reports it; a broken line reports no statement
                yield claim
    except OSError as err:
        raise StoreError(f"Cannot read {paths.claims}: {os_error_message(err)}") from err


def _build(connection: sqlite3.Connection, paths: StorePaths, wanted: str) -> None:
    kinds: dict[str, str] = {}
    claims = {c.id: c for c in _claim_texts(paths, kinds)}
    groups = group_statements(claims.values())
    with connection:
        connection.executescript(_SCHEMA)
        for number, group in enumerate(groups, 1):
            members = [claims[i] for i in group]
            quoted = {words(m.text) for m in members if kinds[m.id] == "quote"}
            connection.execute(
                "INSERT INTO statements VALUES (?, ?, ?, ?, ?)",
                [
                    number,
                    len(members),
                    len({m.source for m in members}),
                    len({m.speaker for m in members}),
                    len(quoted),
                ],
            )
            connection.executemany(
                "INSERT INTO members VALUES (?, ?, ?, ?, ?)",
                [(m.id, number, m.speaker, m.source, kinds[m.id]) for m in members],
            )
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("fingerprint", wanted), ("version", str(STATEMENTS_VERSION))]
        )
