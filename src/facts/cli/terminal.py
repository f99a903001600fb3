"""Make stored text safe to print: it is shown as text and can never control the terminal.

A store holds words copied from documents that anyone may have written. An escape sequence in
them (clear the screen, set the window title, a hyperlink, move the cursor) or a bidirectional
override (which makes text read in another order than it is stored) must not reach a terminal
as such. Each such character is shown instead: C0 controls as their Unicode control pictures
(ESC as ␛), the rest as <U+XXXX>. Tabs and line breaks are kept.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (but not tab and line feed), and the invisible characters that
# change the direction of text: ALM, LRM, RLM, the embeddings and overrides, and the isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What JSON leaves unescaped of those (json.dumps escapes C0 itself).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
