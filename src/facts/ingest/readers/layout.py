"""Join hard-wrapped lines (a PDF's, an email's) into the one-paragraph-a-line text the extractor reads."""

from __future__ import annotations

import re

_STARTS_ITEM = re.compile(r"^(?:[-•*–]\s|\d+[.)]\s|[A-Z][A-Z .'’-]+:|Q[.:]?\s|A[.:]\s)")
# Of the longest line: wrapped text fills its lines, so a line this short is a paragraph's last
# (or a heading), unless the next word was too long to fit, which a quarter of a line allows.
SHORT_LINE = 0.75


def reflow(lines: list[str]) -> list[str]:
    """Return the paragraphs of wrapped lines: a blank line, a short line, or a line that starts a
    list item or a speaker's turn ends the paragraph before it."""
    stripped = [" ".join(line.split()) for line in lines]
    longest = max((len(line) for line in stripped), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in stripped:
        if not line:
            _flush(current, paragraphs)
            continue
        if current and _STARTS_ITEM.match(line):
            _flush(current, paragraphs)
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1] + line  # a word hyphenated across lines
        else:
            current.append(line)
        if len(line) < SHORT_LINE * longest:
            _flush(current, paragraphs)
    _flush(current, paragraphs)
    return paragraphs


def _flush(current: list[str], paragraphs: list[str]) -> None:
    if current:
        paragraphs.append(" ".join(current))
        current.clear()
