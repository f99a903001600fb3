"""Read one document as it comes, from a file or standard input, with the reader its content calls for."""

from __future__ import annotations

import hashlib
from pathlib import Path

from facts.errors import FactsError
from facts.ingest.fetch import fetch, web_address
from facts.ingest.readers import html, read_bytes
from facts.ingest.readers.types import NO_DETAILS, Details, Document
from facts.store.files import MAX_DOCUMENT_BYTES, open_regular, read_bounded
from facts.store.paths import os_error_message

# Re-exported: the document types and the web-page test live with the readers now.
__all__ = ["NO_DETAILS", "Details", "Document", "is_html", "parse_document", "read_document"]


def is_html(data: bytes) -> bool:
    """Say whether a document's bytes are a web page, by content (not by file name)."""
    return html.sniff(data, "")


def read_document(path: Path, name: str | None = None) -> Document:
    """Read a document from a file (`-` for standard input) or a web address; its store name is its file's."""
    url = web_address(str(path))
    if url is not None:
        return read_address(url, name)
    data = document_bytes(path)
    if name is None:
        # Standard input has no name: one made from its content keeps two different inputs apart.
        name = path.name if str(path) != "-" else stdin_name(data)
    return parse_document(data, name, "standard input" if str(path) == "-" else str(path))


def stdin_name(data: bytes) -> str:
    """Name a document read from standard input by its content: stdin-, a hash, its format's ending.

    Two different inputs never clash, and a page piped in is stored as a saved page would be
    (stdin-….html, its text stdin-….html.txt), not as text named .txt.
    """
    from facts.ingest.readers import reader_for

    return f"stdin-{hashlib.sha256(data).hexdigest()[:12]}{reader_for(data, '').extension}"


def document_bytes(path: Path) -> bytes:
    """Read a document's bytes as it came: the one way every command reads a document it is given.

    Only a regular file (or `-`, standard input) is read, and only up to MAX_DOCUMENT_BYTES: a
    FIFO, a device such as /dev/zero (named or behind a symlink) or a folder is refused with
    FactsError, never waited on or read into memory, and so is a file larger than the bound.
    """
    try:
        if str(path) == "-":
            import sys

            data = read_bounded(sys.stdin.buffer, MAX_DOCUMENT_BYTES, "standard input")
        else:
            data = read_bounded(open_regular(path), MAX_DOCUMENT_BYTES, path)
    except OSError as err:
        raise FactsError(f"Cannot read {path}: {os_error_message(err)}.") from None
    if not _is_text(path.name):
        raise FactsError(
            f"The name of {path} is not valid UTF-8.", hint="Rename the file, then extract or add it."
        )
    return data


def _is_text(name: str) -> bool:
    # Undecodable bytes in a file name arrive as lone surrogates, which no store file may hold.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_address(url: str, name: str | None = None) -> Document:
    """Fetch a document from a web address and read it as the same file saved would be read."""
    fetched = fetch(url)
    document = read_bytes(fetched.data, name or fetched.name, url)
    # The page's own address (a canonical link) if it gives one, else the address it came from.
    details = document.details._replace(url=document.details.url or fetched.url)
    return document._replace(details=details)


def parse_document(data: bytes, name: str, shown: str | None = None) -> Document:
    """Turn a document's bytes into its text and details, in whichever format its content shows."""
    return read_bytes(data, name, shown)
