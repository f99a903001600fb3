"""Write a store as a SQLite database for Datasette and sqlite-utils, with a metadata file beside it.

Tables: speakers, sources, statements and claims, linked by foreign keys (indexed, and labelled in
the metadata so Datasette shows a claim's speaker by name), and claims_fts, sqlite-utils' full-text
index of claims over their text and speaker_names (the speaker's name and aliases: `facts search`
searches both) with the porter stemmer, as `facts search` stems. Dates
are ISO text and aliases JSON arrays, so Datasette offers date and array facets. Each claim keeps
the paragraph of its source around it (the context `facts show` prints), so a claim's page reads
on its own.

Claims stream from the store into the database a batch at a time: memory stays flat however many
claims there are. The database is written beside FILE and moved over it when complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from facts.cli.export import store_claims
from facts.cli.formats.detail import paragraph_around
from facts.errors import StoreError
from facts.search.statement_cache import StatementCache
from facts.store.paths import StorePaths, os_error_message, source_text
from facts.store.reader import read_manifest
from facts.store.records import ClaimRecord

# Rows per INSERT batch: big enough to amortise Python's overhead, small enough to stay flat.
BATCH = 2_000
# Source texts kept in memory for the claims' context; a store's claims come source by source.
SOURCE_TEXTS = 32
# The FTS5 tokenizer: `facts search` stems English words and folds accents, as this does.
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def metadata_path(database: Path) -> Path:
    """Return where the Datasette metadata of a database file goes: beside it, named after it."""
    return database.with_name(database.stem + ".metadata.json")


def write_sqlite(paths: StorePaths, target: Path, statements: StatementCache | None) -> int:
    """Write the store to a SQLite database at target and its metadata beside it; return the claims written.

    The caller holds the store's readers' lock, so the statements are those of the claims read.
    """
    import sqlite_utils

    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():  # said now, not after the whole export
        example = target / "facts.db"
        raise StoreError(f"Cannot write {target}: it is a folder.", hint=f"Name a file, e.g. {example}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
        umask = os.umask(0)  # mkstemp makes the file private; the export is an ordinary file
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
    except OSError as err:
        raise StoreError(f"Cannot write {target}: {os_error_message(err)}.") from None
    try:
        db = sqlite_utils.Database(temporary)
        # A new file that replaces the target only when complete: no journal or sync is needed.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        count = _fill(db, paths, statements)
        db.close()
        metadata_path(target).write_text(
            json.dumps(datasette_metadata(target.stem), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        os.replace(temporary, target)
    except OSError as err:
        raise StoreError(f"Cannot write {target}: {os_error_message(err)}.") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count


def _fill(db: Any, paths: StorePaths, statements: StatementCache | None) -> int:
    manifest = read_manifest(paths)
    _create_tables(db)
    db["speakers"].insert_all(
        (
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind.value,
                "role": s.role,
                "organization": s.organization,
                "aliases": list(s.aliases),
            }
            for s in manifest.speakers
        ),
        batch_size=BATCH,
    )
    db["sources"].insert_all(
        (
            {
                "file": s.file,
                "title": s.title,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
                "author": s.author,
            }
            for s in manifest.sources
        ),
        batch_size=BATCH,
    )
    counter = _Counter()
    names = {s.id: " ; ".join([s.name, *s.aliases]) for s in manifest.speakers}
    rows = claim_rows(paths, store_claims(paths), names)
    db["claims"].insert_all(counter.count(rows), batch_size=BATCH)
    if statements is not None:
        db["statements"].insert_all(
            (dict(zip(_STATEMENT_COLUMNS, row, strict=True)) for row in statements.statement_rows()),
            batch_size=BATCH,
        )
        db.conn.executemany("UPDATE claims SET statement = ? WHERE id = ?", statements.claim_statements())
    _finish(db)
    return counter.n


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def count(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            self.n += 1
            yield row


_STATEMENT_COLUMNS = ("id", "claims", "sources", "speakers", "wordings", "first_claim")


def _create_tables(db: Any) -> None:
    db["speakers"].create(
        {
            "id": str,
            "name": str,
            "kind": str,
            "role": str,
            "organization": str,
            "aliases": str,
            "claims": int,
        },
        pk="id",
        not_null={"name", "kind"},
    )
    db["sources"].create(
        dict.fromkeys(("file", "title", "outlet", "url", "published", "author"), str) | {"claims": int},
        pk="file",
        not_null={"title"},
    )
    db["statements"].create(
        {"id": int, "claims": int, "sources": int, "speakers": int, "wordings": int, "first_claim": str},
        pk="id",
    )
    db["claims"].create(
        {
            "id": str,
            "text": str,
            "kind": str,
            "speaker": str,
            "speaker_names": str,
            "date": str,
            "date_precision": str,
            "date_basis": str,
            "source": str,
            "span_start": int,
            "span_end": int,
            "context": str,
            "statement": int,
        },
        pk="id",
        not_null={"text", "kind", "speaker", "date", "source"},
        foreign_keys=[
            ("speaker", "speakers", "id"),
            ("source", "sources", "file"),
            ("statement", "statements", "id"),
        ],
    )


def claim_rows(
    paths: StorePaths, claims: Iterable[ClaimRecord], names: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    """Yield a claims table row for each claim, with its speaker's names (by speaker id, for the
    full-text index) and the paragraph of its source around it."""
    texts: OrderedDict[str, str] = OrderedDict()
    for claim in claims:
        file = claim["source"]["file"]
        text = texts.get(file)
        if text is None:
            text = texts[file] = source_text(paths, file)
            if len(texts) > SOURCE_TEXTS:
                texts.popitem(last=False)
        start, end = claim["span"]["start"], claim["span"]["end"]
        yield {
            "id": claim["id"],
            "text": claim["text"],
            "kind": claim["kind"],
            "speaker": claim["speaker"]["id"],
            "speaker_names": names[claim["speaker"]["id"]],
            "date": claim["date"],
            "date_precision": claim["date_precision"],
            "date_basis": claim["date_basis"],
            "source": file,
            "span_start": start,
            "span_end": end,
            "context": paragraph_around(text, start, end)[1],
            "statement": None,
        }


def _finish(db: Any) -> None:
    """Index the foreign keys and dates, count claims per speaker and source, and build the FTS table."""
    for column in ("speaker", "source", "statement", "date"):
        db["claims"].create_index([column])
    db["statements"].create_index(["first_claim"])
    for table, key in (("speakers", "id"), ("sources", "file")):
        column = table.removesuffix("s")
        count = f"SELECT count(*) FROM claims c WHERE c.{column} = {table}.{key}"
        db.execute(f"UPDATE {table} SET claims = ({count})")
    # Without triggers: the export is written once and read only.
    db["claims"].enable_fts(["text", "speaker_names"], tokenize=FTS_TOKENIZE, create_triggers=False)
    db["claims"].optimize()
    db.conn.commit()  # sqlite3 keeps the UPDATEs' implicit transaction open until told


def datasette_metadata(name: str) -> dict[str, Any]:
    """Return Datasette metadata for an export opened under a database name: titles, search, links."""
    from facts.cli.export_queries import CANNED_QUERIES

    return {
        "title": "facts: who said what, when, and where",
        "description": "Attributed claims: each with its source's exact words, speaker, date and source.",
        "databases": {
            name: {
                "tables": {
                    "claims": {
                        "title": "Claims",
                        "description": "One attributed statement each: the source's exact words, who "
                        "said them and when, and the paragraph of the source around them.",
                        "fts_table": "claims_fts",
                        "fts_pk": "rowid",
                        "label_column": "text",
                        "sort_desc": "date",
                        "facets": ["kind", "speaker", {"date": "date"}],
                    },
                    "speakers": {
                        "title": "Speakers",
                        "description": "People, unnamed sources and institutions, with the names "
                        "the sources use for them (aliases).",
                        "label_column": "name",
                        "sort_desc": "claims",
                        "facets": ["kind", {"array": "aliases"}],
                    },
                    "sources": {
                        "title": "Sources",
                        "description": "The documents the claims come from.",
                        "label_column": "title",
                        "sort_desc": "claims",
                    },
                    "statements": {
                        "title": "Statements",
                        "description": "Claims that report the same statement, in one source or several.",
                        "sort_desc": "sources",
                    },
                    "claims_fts": {"hidden": True},
                },
                "queries": CANNED_QUERIES,
            }
        },
    }
