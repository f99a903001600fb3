"""Decode a text file's bytes: UTF-8 (with or without BOM), UTF-16, Latin-1 or Windows-1252."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from facts.errors import FactsError

# The encodings news archives use for plain text. Restricting the detector to them keeps it from
# reading a short Latin-1 article as Johab or Windows-1250, which a free guess does.
_CANDIDATES = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1252", "latin_1"]
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Windows-1252 prints letters and punctuation at 0x80-0x9F where Latin-1 has control codes; a file
# without those bytes reads the same in both, and is then Latin-1.
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")


class Decoded(NamedTuple):
    """A file's text and the encoding it was read with (a Python codec name)."""

    text: str
    encoding: str


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode a text file's bytes, detecting its encoding; refuse a file that is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding, name)
            except UnicodeDecodeError as err:
                raise FactsError(
                    f"{name} starts like {encoding} text but is not: bad byte at {err.start}."
                ) from None
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: plain UTF-8 files never need it

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise FactsError(f"{name} is not text: it is in no encoding facts reads (binary data?).")
    encoding = codecs.lookup(best.encoding).name  # "cp1252", "latin-1", "utf-16-le", ...
    if encoding in ("cp1252", "iso8859-1"):
        encoding = "cp1252" if _CP1252_ONLY.search(data) else "latin-1"
    return _checked(data.decode(encoding), encoding, name)


def _checked(text: str, encoding: str, name: str) -> Decoded:
    if "\x00" in text:
        raise FactsError(f"{name} is not text: it has NUL bytes (binary data?).")
    return Decoded(text, encoding)
