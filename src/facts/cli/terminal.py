"""Make stored text safe to print: it is shown as text and can never control the terminal.

A store holds words copied from documents that anyone may have written. An escape sequence in
them (clear the screen, set the window title, a hyperlink, move the cursor) or a bidirectional
override (which makes text read in another order than it is stored) must not reach a terminal
as such. Each such character is shown instead: C0 controls as their Unicode control pictures
(ESC as ␛), the rest as <U+XXXX>. Tabs and line breaks are kept. So are characters that take no
room where they could hide text (a zero-width space, a tag character): they are shown too.
"""

from __future__ import annotations

import re
from typing import Protocol, TextIO

from facts.search.claim_lines import BEYOND_C0, HIDING, JOINER_BY_ASCII, escape_json

__all__ = ["ShownText", "escape_json", "for_terminal", "visible"]

# C0 and C1 controls and DEL (but not tab and line feed), and the characters of claim_lines'
# BEYOND_C0, HIDING and JOINER_BY_ASCII: those JSON text leaves raw, which escape_json escapes.
_ACTING = "\x00-\x08\x0b-\x1f" + BEYOND_C0
_UNSAFE = re.compile(f"[{_ACTING}{HIDING}]|{JOINER_BY_ASCII}")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control picture: ␛ for ESC, ␍ for CR
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """Return text with every control and direction-changing character replaced by a visible sign."""
    return _UNSAFE.sub(_shown, text)


class _Writer(Protocol):
    def write(self, text: str, /) -> int: ...


class ShownText:
    """A text stream that writes through another with every such character shown: CSV for a terminal."""

    def __init__(self, out: _Writer) -> None:
        self._out = out

    def write(self, text: str) -> int:
        # CSV ends its lines with CR LF (RFC 4180): on a screen that is a line end, not a ␍ to show.
        return self._out.write(visible(text.replace("\r\n", "\n")))


def for_terminal(out: TextIO) -> TextIO:
    """Return out itself for a program, or out with every such character shown if it is a terminal."""
    return ShownText(out) if out.isatty() else out  # type: ignore[return-value]
