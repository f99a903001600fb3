"""Document formats, one module each behind `FormatReader`, chosen by the document's first bytes.

A new format is a new module with `media_type`, `sniff` and `read`, placed in `READERS` before
the formats it could be mistaken for; plain text comes last and takes whatever is left.
"""

from __future__ import annotations

from facts.errors import FactsError
from facts.ingest.readers import html, mail, pdf, text, word
from facts.ingest.readers.types import NO_DETAILS, Details, Document, FormatReader

READERS: tuple[FormatReader, ...] = (pdf, word, mail, html, text)
SNIFF_BYTES = 8192  # enough for a ZIP's first entry names and an email's header block


def reader_for(data: bytes, name: str) -> FormatReader:
    """Return the reader of the first format whose signature the document's first bytes carry."""
    head = data[:SNIFF_BYTES]
    return next(reader for reader in READERS if reader.sniff(head, name))


def read_bytes(data: bytes, name: str, shown: str | None = None) -> Document:
    """Turn a document's bytes into its text and details, whatever its format."""
    shown = shown or name
    if not data.strip():
        raise FactsError(f"{shown} is empty: there is nothing to extract.")
    return reader_for(data, name).read(data, name, shown)


__all__ = ["NO_DETAILS", "READERS", "Details", "Document", "FormatReader", "read_bytes", "reader_for"]
