"""Read a Word document (.docx) with python-docx: its paragraphs, tables and core properties."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from facts.errors import FactsError
from facts.ingest.readers.types import Details, Document, derived_name, library_version, original_of

media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
extension = ".docx"  # what a document read from standard input is named with


@cache
def word_reader_version() -> str:
    """Name the library (and version) that reads a Word document, as recorded in the store."""
    return library_version("python-docx")


def sniff(head: bytes, name: str) -> bool:
    """Say whether a document is a Word file: a ZIP archive whose first entries are an Office package's."""
    return head.startswith(b"PK\x03\x04") and (b"[Content_Types].xml" in head or b"word/" in head)


def read(data: bytes, name: str, shown: str) -> Document:
    """Read the body's paragraphs and table cells in order, one a line; title and author from the file."""
    import docx  # python-docx, imported only when a Word file comes

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise FactsError(f"Cannot read the Word document {shown}: {err}.") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:  # after the body: python-docx keeps them apart
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    lines = [" ".join(p.split()) for p in paragraphs if p.strip()]
    if not lines:
        raise FactsError(f"{shown} is a Word document with no text.")
    properties = document.core_properties
    details = Details(title=_clean(properties.title), author=_clean(properties.author))
    original = original_of(data, name, media_type, word_reader_version())
    return Document(derived_name(name), data, "\n\n".join(lines) + "\n", details, original)


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None
