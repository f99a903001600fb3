"""Read one document as it comes: a text file in any common encoding, or a saved web page."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import NamedTuple

from facts.errors import FactsError
from facts.ingest.encoding import decode_text
from facts.store.files import MAX_DOCUMENT_BYTES, open_regular, read_bounded
from facts.store.models import Original
from facts.store.paths import os_error_message

# WHATWG MIME sniffing: a document is HTML when, after whitespace (and a BOM), it opens with one
# of these tags. An article that merely quotes "<p>" further down stays text.
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|"
    rb"title|b|br|p|meta|article|section|nav|header|\?xml[^>]*>\s*<(?:!doctype\s+)?html)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_SNIFF_BYTES = 1024


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
    or text in another encoding), `original` records how it was derived, and the store keeps both.
    """

    name: str
    data: bytes
    text: str
    details: Details = NO_DETAILS
    original: Original | None = None

    @property
    def sha256(self) -> str:
        """Return the SHA-256 of the document as it came."""
        return hashlib.sha256(self.data).hexdigest()

    def text_bytes(self) -> bytes:
        """Return the text as the store keeps it in sources/: UTF-8."""
        return self.data if self.original is None else self.text.encode("utf-8")


def is_html(data: bytes) -> bool:
    """Say whether a document's bytes are a web page, by content (not by file name)."""
    head = data[:_SNIFF_BYTES]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":
                head = head.replace(b"\x00", b"")
            break
    return _HTML_START.match(head) is not None


def read_document(path: Path, name: str | None = None) -> Document:
    """Read a document from a file (`-` for standard input); its store name is its file name."""
    data = document_bytes(path)
    if name is None:
        # Standard input has no name: one made from its content keeps two different inputs apart.
        name = path.name if str(path) != "-" else f"stdin-{hashlib.sha256(data).hexdigest()[:12]}.txt"
    return parse_document(data, name, "standard input" if str(path) == "-" else str(path))


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


def parse_document(data: bytes, name: str, shown: str | None = None) -> Document:
    """Turn a document's bytes into its text and details: a web page's article, or a text file's text."""
    shown = shown or name
    if not data.strip():
        raise FactsError(f"{shown} is empty: there is nothing to extract.")
    if is_html(data):
        from facts.ingest.pages import read_page

        return read_page(data, name, shown)
    decoded = decode_text(data, shown)
    if not decoded.text.strip():
        raise FactsError(f"{shown} is empty: there is nothing to extract.")
    original = None
    if decoded.encoding != "utf-8":
        original = Original(
            file=name,
            sha256=hashlib.sha256(data).hexdigest(),
            media_type="text/plain",
            encoding=decoded.encoding,
            derived_by=f"decoded from {decoded.encoding}",
        )
    return Document(name, data, decoded.text, Details(), original)
