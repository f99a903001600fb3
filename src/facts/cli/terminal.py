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

# C0 and C1 controls and DEL (but not tab and line feed), and the invisible characters that
# change the direction of text: ALM, LRM, RLM, the embeddings and overrides, and the isolates.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ACTING = "\x00-\x08\x0b-\x1f" + _BEYOND_C0
# Characters that take no room and could hide text or make two names look alike: the zero-width
# space, word joiner and invisible operators, the BOM, the Mongolian vowel separator, the Hangul
# fillers and the tag characters (which can carry a whole hidden sentence).
_HIDING = "\u200b\u2060-\u2064\ufeff\u180e\u115f\u1160\u3164\uffa0\U000e0000-\U000e007f"
# The zero-width joiner and non-joiner shape Arabic, Persian, Indic scripts and emoji: they are
# shown only beside an ASCII character, where they shape nothing and can only hide.
_JOINER_BY_ASCII = "[\u200c\u200d](?=[\x00-\x7f])|(?<=[\x00-\x7f])[\u200c\u200d]"
_UNSAFE = re.compile(f"[{_ACTING}{_HIDING}]|{_JOINER_BY_ASCII}")
# What JSON leaves unescaped of those (json.dumps escapes C0 itself).
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}{_HIDING}]|{_JOINER_BY_ASCII}")


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


def escape_json(text: str) -> str:
    """Escape in JSON text the characters json.dumps leaves raw that could act on a terminal.

    The result decodes to the same strings: a script reading it sees exactly what is stored.
    """
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON spells a character beyond the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


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
