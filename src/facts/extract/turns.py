"""Find a transcript's turns: speaker-labelled paragraphs, WebVTT voices and SRT cues, by content.

Layouts read: `MS. SINGH: ...` and `Q ...` (briefings), `Sabrina Singh (00:12):` (rev.com-style
exports), `Sabrina Singh  00:12` on a line of its own (otter.ai-style), `Tom Reed: ...` (Q&A
interviews), WebVTT `<v Name>` voices, and SRT cues whose text starts with a label.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_UPPER = "A-ZÀ-ÖØ-ÞČĆĐŁŃŐŘŚŠŰŽĞİŞ"  # capitals of the Latin alphabets names are printed in
_CAPS_LABEL = re.compile(
    rf"(?P<label>(?:(?:MR|MS|MRS|DR|THE)\.?\s+)?[{_UPPER}][{_UPPER}.'’-]*[{_UPPER}.]"
    rf"(?:\s+[{_UPPER}][{_UPPER}.'’-]*){{0,3}}(?:\s+\([^)\n]{{1,60}}\))?):\s*"
)
# "Q  Governor, ...", "Q: ...", "A. ..."; "Q (inaudible) ..." where a question is half heard.
_QA_LABEL = re.compile(
    r"(?P<label>Q|A|QUESTION|ANSWER)(?:[.:]\s*|\s{2,}|\t+|\s*\([^)\n]{1,60}\)[.:]?\s*)(?=\S)"
)
_REV_LABEL = re.compile(rf"(?P<label>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){{0,4}})\s+\(\s*{_TIME}\s*\):\s*")
_OTTER_LABEL = re.compile(rf"(?P<label>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){{0,4}})\s{{2,}}{_TIME}\s*$")
# "Tom Reed: You said ..." - followed by words, not a tally ("Clinton: 2,316.").
_NAME_LABEL = re.compile(
    r"(?P<label>[A-Z][a-z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}):\s+(?=\S*[^\W\d_]\S*\s+\S+\s+\S)"
)
_NOT_LABELS = frozenset(
    "NOTE UPDATE EDITOR'S NOTE EDITOR’S NOTE CORRECTION WASHINGTON UPDATED SOURCE PHOTO AP".split(" ")
)
_CUE_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<label>[^>]+)>")
# A stage direction or a time mark: "(Laughter.)", "[crosstalk 00:01:02]", "[inaudible]".
_DIRECTION = r"(?:\([^()\n]{1,80}\)|\[[^\[\]\n]{1,80}\])\.?"
_ONLY_DIRECTION = re.compile(rf"^(?:{_DIRECTION}\s*)+$")
_LEADING_DIRECTION = re.compile(rf"^(?:{_DIRECTION}\s*)+")
_TRAILING_DIRECTION = re.compile(rf"(?:\s*{_DIRECTION})+$")
_THE_END = re.compile(r"^(?:[-–—*\s]*END\b[^a-z]*|#{3}|\*{3})$")  # "END", "-END-", "END 2:31 P.M. EST"
MIN_TURNS = 3


class Turn(NamedTuple):
    """One speaker's turn: the label as printed and the spans of its paragraphs (directions left out)."""

    label: str
    paragraphs: list[tuple[int, int]]


def find_turns(text: str) -> list[Turn]:
    """Return a transcript's turns in order, or none when the text is not laid out as a transcript."""
    if text.lstrip("\ufeff").startswith("WEBVTT") or _is_srt(text):
        turns = _cue_turns(text)
    else:
        turns = _labelled_turns(text)
    counts = Counter(t.label for t in turns)
    if len(turns) < MIN_TURNS or len(counts) < 2 or counts.most_common(1)[0][1] < 2:
        return []
    return turns


def header_end(text: str, turns: list[Turn]) -> int:
    """Return where the header (title, date, who is speaking) ends: at the first turn's line."""
    if not turns or not turns[0].paragraphs:
        return 0
    return text.rfind("\n", 0, turns[0].paragraphs[0][0]) + 1


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _labelled_turns(text: str) -> list[Turn]:
    """Read turns from labelled paragraphs; a paragraph without a label continues the turn before."""
    found: list[tuple[str, int, int, str]] = []  # (label, body start, body end, pattern name)
    for start, end in _lines(text):
        line = text[start:end]
        if _THE_END.match(line.strip()):
            break
        label, body = _label(line)
        found.append((label or "", start + body, end, label and _kind(line) or ""))
    # A "Name:" label counts only when it recurs: an article's "Update: ..." line is not a speaker.
    names = Counter(label for label, _, _, kind in found if kind == "name")
    turns: list[Turn] = []
    for label, start, end, kind in found:
        if label and (kind != "name" or names[label] >= 2):
            turns.append(Turn(label, []))
        elif not label and not turns:
            continue  # the header
        if turns:
            _add_paragraph(text, turns[-1], start, end)
    return turns


def _label(line: str) -> tuple[str | None, int]:
    """Return a line's speaker label and where its words begin, or (None, 0)."""
    for pattern in (_REV_LABEL, _OTTER_LABEL, _QA_LABEL, _CAPS_LABEL, _NAME_LABEL):
        match = pattern.match(line)
        if match and match["label"].strip().upper() not in _NOT_LABELS:
            return " ".join(match["label"].split()), match.end()
    return None, 0


def _kind(line: str) -> str:
    caps = _CAPS_LABEL.match(line) or _QA_LABEL.match(line)
    if _REV_LABEL.match(line) or _OTTER_LABEL.match(line) or caps:
        return "marked"
    return "name"


def _add_paragraph(text: str, turn: Turn, start: int, end: int) -> None:
    """Add a paragraph to a turn, without stage directions at its ends; a direction alone is dropped."""
    body = text[start:end]
    if not body.strip() or _ONLY_DIRECTION.match(body.strip()):
        return
    lead = _LEADING_DIRECTION.match(body)
    trail = _TRAILING_DIRECTION.search(body)
    start += lead.end() if lead else 0
    end -= len(trail.group()) if trail else 0
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        turn.paragraphs.append((start, end))


def _is_srt(text: str) -> bool:
    head = text.lstrip("\ufeff").lstrip().split("\n", 2)
    return len(head) >= 2 and head[0].strip().isdigit() and _CUE_TIMING.match(head[1]) is not None


def _cue_turns(text: str) -> list[Turn]:
    """Read WebVTT or SRT cues: a voice (or a label) starts a turn, unlabelled cues continue it."""
    turns: list[Turn] = []
    for block in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", block.group())]
        timing = next((i for i, (a, b) in enumerate(lines) if _CUE_TIMING.match(block.group()[a:b])), None)
        if timing is None:
            continue  # the WEBVTT line, a NOTE or a STYLE block: no cue
        for a, b in lines[timing + 1 :]:
            _cue_line(text, turns, block.start() + a, block.start() + b)
    return turns


def _cue_line(text: str, turns: list[Turn], start: int, end: int) -> None:
    """Add one line of a cue's text to the turn its voice or label starts, else to the last turn."""
    line = text[start:end]
    offset = start + len(line) - len(line.lstrip())
    voice = _VOICE.match(line.strip())
    if voice:
        label: str | None = " ".join(voice["label"].split())
        body = offset + voice.end()
    else:
        label, skip = _label(line.strip())
        body = offset + skip
    if label and (not turns or turns[-1].label != label):
        turns.append(Turn(label, []))
    if turns:
        close = text.rfind("</v>", body, end)
        _add_paragraph(text, turns[-1], body, close if close >= 0 else end)
