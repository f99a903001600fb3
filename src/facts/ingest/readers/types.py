"""What a document reader is, and what it returns: one `Document` per file's bytes."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import NamedTuple, Protocol

from facts.store.models import Original


class Details(NamedTuple):
    """What is known about a document besides its text: from the page, or from the command line."""

    title: str | None = None
    published: date | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None

    def overridden_by(self, other: Details) -> Details:
        """Return these details with every field that `other` gives replaced by its value."""
        pairs = zip(self, other, strict=True)
        return Details._make(mine if theirs is None else theirs for mine, theirs in pairs)


NO_DETAILS = Details()


class Document(NamedTuple):
    """A document as read: the name and UTF-8 text its claims point into, and where it came from.

    `data` is the file's bytes as they came. When the text is not simply those bytes (a web page,
    a PDF, text in another encoding), `original` records how it was derived, and the store keeps both.
    `pages` holds the offset in `text` where each page starts, for a document that has pages.
    """

    name: str
    data: bytes
    text: str
    details: Details = NO_DETAILS
    original: Original | None = None
    pages: tuple[int, ...] = ()

    @property
    def sha256(self) -> str:
        """Return the SHA-256 of the document as it came."""
        return hashlib.sha256(self.data).hexdigest()

    def text_bytes(self) -> bytes:
        """Return the text as the store keeps it in sources/: UTF-8."""
        return self.data if self.original is None else self.text.encode("utf-8")


class FormatReader(Protocol):
    """One document format: recognised by its first bytes, read into a `Document`."""

    @property
    def media_type(self) -> str:
        """The format's media type, as recorded for an original."""
        ...

    @property
    def extension(self) -> str:
        """The file name ending of the format, for a document that came without a name."""
        ...

    def sniff(self, head: bytes, name: str) -> bool:
        """Say whether a document that starts with `head` is in this format (by content, not name)."""
        ...

    def read(self, data: bytes, name: str, shown: str) -> Document:
        """Read the document's text and details; raise FactsError with a sentence if it cannot."""
        ...


def derived_name(name: str) -> str:
    """Return the store name of a text derived from a document: the document's name with .txt added."""
    return f"{name}.txt"


def original_of(
    data: bytes, name: str, media_type: str, derived_by: str, encoding: str | None = None
) -> Original:
    """Describe a document kept as it came in originals/, from which the source text was derived."""
    return Original(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,  # each reader names one of Original's media types
        encoding=encoding,
        derived_by=derived_by,
    )


def library_version(*names: str) -> str:
    """Name libraries and their versions, as a derived text's `derived_by` records them."""
    from importlib.metadata import version

    first, *rest = names
    also = f" ({', '.join(f'{n} {version(n)}' for n in rest)})" if rest else ""
    return f"{first} {version(first)}{also}"
