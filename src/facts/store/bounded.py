"""Read store and candidates files within bounds: lines of bounded length, numbers of bounded length.

These files are plain text anyone may edit. A line of a gigabyte would be read whole (a minute
and twice its size in memory), and an integer of thousands of digits makes Python's int()
refuse it with a ValueError no caller expects. Each becomes a data problem that names the file
and where in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from facts.store.files import MAX_DOCUMENT_BYTES

# A claim's text is words of one source (at most MAX_DOCUMENT_BYTES), and JSON writes a
# character in at most six bytes (\u001b); the rest of a claim is a few short fields.
MAX_CLAIM_LINE_BYTES = 6 * MAX_DOCUMENT_BYTES + (1 << 20)
# Spans, dates and counts: no integer in a store or a candidates file needs more digits.
MAX_INT_DIGITS = 30
_LONG_NUMBER = re.compile(rf"\d{{{MAX_INT_DIGITS + 1},}}")
_SKIP_CHUNK = 1 << 20


class _LongNumber(ValueError):
    pass


def _bounded_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS + 1:  # a sign and MAX_INT_DIGITS digits
        raise _LongNumber(text)
    return int(text)


def loads(text: str | bytes) -> Any:
    """Parse JSON as json.loads does; an integer too long to be data raises json.JSONDecodeError."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except _LongNumber as err:
        doc = text if isinstance(text, str) else text.decode("utf-8", "replace")
        found = _LONG_NUMBER.search(doc)
        message = f"a number of {len(str(err).lstrip('-'))} digits (at most {MAX_INT_DIGITS} are read)"
        raise json.JSONDecodeError(message, doc, found.start() if found else 0) from None


def numbered_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Yield each line with its number from 1; one longer than MAX_CLAIM_LINE_BYTES comes as None,
    never read whole."""
    limit = MAX_CLAIM_LINE_BYTES
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of it a chunk at a time
                line = handle.readline(_SKIP_CHUNK)
            yield number, None
            continue
        yield number, line


def too_long() -> str:
    """Say why a line was refused, in a few words."""
    return f"the line is longer than {MAX_CLAIM_LINE_BYTES:,} bytes"
