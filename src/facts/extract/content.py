"""Reported content: where the words a speaker is reported to have said begin and end."""

from __future__ import annotations

import re

from facts.extract.cues import Attribution
from facts.extract.lexicon import (
    CLAUSE_VERBS,
    DETERMINER_PATTERN,
    NOT_A_CLAUSE,
    OBJECT_VERBS,
    PARTICIPLES,
    SPEECH_VERBS,
)
from facts.extract.quotes import MARK
from facts.extract.text import PLACEHOLDER

_CLAUSE_BREAK = re.compile(
    r",\s+(?:[a-z]+ing\b|after\b|amid\b|amidst\b|according\b|despite\b|before\b|which\b|citing\b|"
    r"following\b|as\s+(?!well\b)|while\b|although\b|though\b|but\s+(?:he|she|they|it)\b|"
    r"a\s+(?:point|view|sentiment|position|message|concern|claim|stance|warning)\b)"
    r"|\s+(?:but|and)\s+(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b"
)
ECHO = re.compile(
    r",\s+(?:a|an)\s+(?:point|view|sentiment|position|message|concern|stance|claim)\s+(?:that\s+was\s+)?"
    r"(?:also\s+)?(?:made|highlighted|echoed|stressed|shared|raised|repeated|emphasized|emphasised|"
    r"underscored|voiced|noted)\s+by\s+(?P<phrase>[^,.;:\x00“”\"]+?)"
    r"(?:\s+(?:in|during|at|on)\s+[^,.;:\x00]*)?\s*(?=[,.;:]|$)"
)


def clause_end(narration: str, start: int, end: int) -> int:
    """Return where a reported clause ends: the sentence end, or a break such as ", after ..."."""
    match = _CLAUSE_BREAK.search(narration, start, end)
    stop = match.start() if match else end
    while stop > start and (narration[stop - 1].isspace() or narration[stop - 1] in ".!?;:,"):
        stop -= 1
    return stop


def reported_content(
    narration: str, attribution: Attribution, start: int, end: int
) -> tuple[int, int] | None:
    """Return the span of what an attribution reports in its sentence, if it reports anything."""
    verb, v_end = attribution.verb, attribution.verb_end
    if verb == "according":
        after = narration[v_end:end]
        if re.match(r"\s*,\s*\S", after):  # "According to X, the talks ..."
            c_start = v_end + len(after) - len(after.split(",", 1)[1].lstrip())
            return c_start, clause_end(narration, c_start, end)
        return _before_attribution(narration, attribution, start, end)
    if not attribution.phrase_before and verb not in PARTICIPLES:
        return _before_attribution(narration, attribution, start, end)
    rest = narration[v_end:end]
    if match := re.match(r"(?:\s+[^\s,.;:\x00“”\"]+){0,8}?\s+that\s+(?=\S)", rest):
        c_start = v_end + match.end()
    elif verb in OBJECT_VERBS and (match := re.match(rf"\s+(?={DETERMINER_PATTERN}\s)", rest)):
        c_start = v_end + match.end()
    elif verb in CLAUSE_VERBS and (match := re.match(rf"\s+(?!{NOT_A_CLAUSE}\b)(?=[\w$£€]+\s)", rest)):
        c_start = v_end + match.end()
    else:
        return _before_attribution(narration, attribution, start, end)
    c_end = clause_end(narration, c_start, end)
    return (c_start, c_end) if c_end > c_start else None


def _before_attribution(
    narration: str, attribution: Attribution, start: int, end: int
) -> tuple[int, int] | None:
    """Take "CONTENT, X said." when the attribution closes the sentence (or its main clause)."""
    first = min(attribution.verb_start, attribution.region[0])
    pre = narration[start:first]
    if not re.search(r",\s*$", pre):
        return None
    after = narration[max(attribution.verb_end, attribution.phrase_end) : end]
    # Only adverbs may follow ("said on Monday"), then perhaps ", after ..." or ", adding ...".
    head = after.split(",", 1)[0]
    if re.search(r"[\x00“”\";:]|\b(?:that|to)\b", head) or (
        "," in after
        and not re.match(
            r"\s*(?:[a-z]+ing|after|as|amid|when|while|before|following|citing)\b", after.split(",", 1)[1]
        )
    ):
        return None
    c_end = start + len(pre.rstrip().rstrip(","))
    if narration[start] == MARK or PLACEHOLDER in narration[start:c_end]:
        return None
    return (start, c_end) if c_end > start else None
