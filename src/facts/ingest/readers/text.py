"""Read a plain text file in any common encoding: the reader of last resort."""

from __future__ import annotations

from facts.errors import FactsError
from facts.ingest.encoding import decode_text
from facts.ingest.readers.types import Details, Document, original_of

media_type = "text/plain"
extension = ".txt"  # what a document read from standard input is named with


def sniff(head: bytes, name: str) -> bool:
    """Take any document no other reader recognised; decoding then says whether it is text."""
    return True


def read(data: bytes, name: str, shown: str) -> Document:
    """Decode a text file; keep the bytes as the original when they were not UTF-8."""
    decoded = decode_text(data, shown)
    if not decoded.text.strip():
        raise FactsError(f"{shown} is empty: there is nothing to extract.")
    original = None
    if decoded.encoding != "utf-8":
        derived_by = f"decoded from {decoded.encoding}"
        original = original_of(data, name, media_type, derived_by, decoded.encoding)
    return Document(name, data, decoded.text, Details(), original)
