"""What "according to" names: a person or body, or a poll, report or source described at length."""

from __future__ import annotations

import re

from facts.extract.mentions import Mention, read_phrase

# The phrase after "according to" runs to a comma, a colon, a quotation or the sentence's end; a full
# stop inside it may belong to an abbreviation ("Mr. Rhodes", "the U.S. Census Bureau").
_PHRASE = re.compile(r"[^,;:\x00“”\"]+")
_ABBREVIATED = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z](?:\.[A-Z])*|\b(?:[a-z]\.)+[a-z]?)$")
# A described source opens with a determiner, a number or a possessive: "a lawsuit filed in ...",
# "early results of exit polls", "Axelrod's memoir", "two senators present".
_DESCRIBED = re.compile(
    r"(?:(?:the|a|an|one|two|three|four|five|several|many|some|multiple|early|new|recent|internal|"
    r"court|preliminary|unofficial|official|his|her|its|their)\s|[A-Z][\w.-]*[’']s\s|\d)"
)
# Words that end the source and start a clause of the sentence: "according to X is ...".
_CLAUSE_WORDS = re.compile(
    r"\s(?:is|was|are|were|has|have|had|will|would|can|could|should|may|might|must|did|does)\s"
)
_MAX_WORDS = 16
# Words that make a phrase a clause or a list, not one described group: "the council voted ... which".
_NOT_DESCRIPTION = re.compile(
    r"(?i)\b(?:which|that|what|who|whom|whose|as|and|or|to|but|found|said|voted|--)\b|[—–]|^(?:and|but|so)\b"
)
# "a lawsuit filed in", "a poll conducted by": a participle describes its head only before a preposition.
_PREPOSITION = re.compile(r"in|at|by|on|for|from|with|during|last|this|earlier|after|before|over")
_SURVEYED = frozenset("polled surveyed interviewed questioned".split())
_OPENERS = frozenset("the a an some most many several two three four five".split())
# What may describe a head noun after it: a participle, a preposition, "polled".
_DESCRIPTION = re.compile(
    r"(?:[a-z]+(?:ing|ed)|of|in|at|from|with|on|for|by|across|around|inside|outside|near|close|"
    r"polled|surveyed|interviewed|present)$"
)


def source_phrase(narration: str, at: int, end: int) -> str:
    """Return the phrase after "according to" that starts at `at`: up to a comma or the sentence's end."""
    match = _PHRASE.match(narration, at, end)
    if match is None:
        return ""
    phrase = match.group()
    for stop in re.finditer(r"\.(?=\s|$)", phrase):
        if not _ABBREVIATED.search(phrase, 0, stop.start()):
            return phrase[: stop.start()].rstrip()
    return phrase.rstrip(" .")


def read_source(phrase: str) -> Mention | None:
    """Read the source "according to" names: as any speaker phrase, else as a described source.

    "according to a Quinnipiac poll conducted in February" is that poll, named as the text describes
    it; "according to plan" names nobody.
    """
    mention = read_phrase(phrase)
    if mention is not None:
        return mention
    words = phrase.split()
    clause = _CLAUSE_WORDS.search(f" {phrase} ")
    if not words or len(words) > _MAX_WORDS or clause or not _DESCRIBED.match(phrase + " "):
        return None
    described = read_described(phrase)
    return described or Mention("institution", phrase, head=words[-1].lower())


def read_described(phrase: str) -> Mention | None:
    """Read a group or source with what describes it after its head, named as the text writes it.

    "House Republicans supporting the bill", "Some 56 percent of voters polled", "a Quinnipiac poll
    conducted in February": the longest readable beginning says what kind of speaker it is.
    """
    words = phrase.split()
    if not words or len(words) > _MAX_WORDS or _CLAUSE_WORDS.search(f" {phrase} "):
        return None
    if _NOT_DESCRIPTION.search(phrase) or not words[0][:1].isupper() and words[0] not in _OPENERS:
        return None
    for size in range(len(words) - 1, 1, -1):
        head = read_phrase(" ".join(words[:size]))
        if head is not None and head.kind in ("unnamed", "institution"):
            after = words[size + 1] if size + 1 < len(words) else ""
            participle = (
                words[size].endswith("ed")
                and words[size] not in _SURVEYED
                and not _PREPOSITION.fullmatch(after)
            )
            if not _DESCRIPTION.match(words[size]) or participle:
                return None  # "Democrats, Republicans" or a clause, not a description of the head
            return head._replace(name=phrase, role=phrase if head.kind == "unnamed" else head.role)
    return None
