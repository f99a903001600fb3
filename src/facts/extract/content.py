"""Reported content: where the words a speaker is reported to have said begin and end."""

from __future__ import annotations

import re

from facts.extract.cues import Attribution
from facts.extract.lexicon import (
    CALLED,
    DETERMINER_PATTERN,
    LEMMA_OF,
    NOT_A_CLAUSE,
    OBJECT_VERBS,
    PARTICIPLES,
    SPEECH_VERBS,
)
from facts.extract.quotes import MARK

_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:[a-z]+ing\b|after\b|amid\b|amidst\b|according\b|despite\b|before\b|which\b|citing\b|"
    r"following\b|as\s+(?!well\b)|while\b|although\b|though\b|but\s+(?:he|she|they|it)\b|"
    r"a\s+(?:point|view|sentiment|position|message|concern|claim|stance|warning)\b)"
    r"|\s+(?:but|and)\s+(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b"
)
ECHO = re.compile(
    r",\s+(?:a|an)\s+(?:point|view|sentiment|position|message|concern|stance|claim)\s+(?:that\s+was\s+)?"
    r"(?:also\s+)?(?P<verb>made|highlighted|echoed|stressed|shared|raised|repeated|emphasized|emphasised|"
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


_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# What may stand between a verb of saying and its clause, skipped one piece at a time: a time
# ("Tuesday", "last week"), a manner or place ("in a statement", "at a rally in Ohio"), a listener.
_ADVERBIAL = re.compile(
    r"\s+(?:"
    rf"(?:on\s+|last\s+|this\s+|early\s+|late\s+)?{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|yesterday|today|tonight|earlier|later|recently|again|also|repeatedly|privately|publicly|previously|once"
    r"|for\s+(?:days|weeks|months|years|decades|some\s+time|a\s+long\s+time)|in\s+the\s+past|at\s+the\s+time"
    r"|for\s+the\s+(?:first|second|third|last|latest)\s+time"
    r"|in\s+(?:19|20)\d\d|(?:on|in|at|during)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*\s+\"[\x00\s]*[.!?]?\""
    r"|last\s+(?:week|month|year|night)|this\s+(?:week|month|year|morning)|in\s+(?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December)"
    r"|(?:in|on|at|during|with|via|through)\s+(?:an?|the|his|her|their|its|a\s+joint)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|interview|email|e-mail|speech|letter|post|tweet|op-ed|memo|release|video|message|"
    r"appearance|address|broadcast|call|conference|hearing|debate|rally|event|meeting|briefing|forum|"
    r"dinner|session|show|program|segment|report|filing|court|book|column|blog|podcast|stop|town\s+hall)"
    r"(?:\s+(?:on|with|to|in|at)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*(?:,\s+[A-Z][\w.’'-]*)?)?"
    r"|(?:on|to|in)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*"
    r")(?=[\s,.;:!?]|$)"
)
# "said Thursday during a taping of a town hall in Buffalo, New York, that ...": a setting, then "that".
_THAT_AFTER_SETTING = re.compile(
    r"(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\s+(?:yesterday|today|earlier|later))?"
    r"\s+(?:in|at|on|during|to)\s+(?:[^\s,.;:\x00\"]+(?:,(?=\s+[A-Z]))?\s+){1,14}?[^\s,.;:\x00\"]+,\s+that\s+(?=\S)"
)
# Whom "told" names before the clause: "told reporters", "told The Associated Press", "told him".
_LISTENER = re.compile(
    r"\s+(?:reporters|journalists|supporters|voters|lawmakers|him|her|them|us|me|me\.|"
    r"(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:crowd|audience|reporters|paper|newspaper|station|"
    r"network|committee|jury|court|group|panel|magazine|outlet|website|program|show|agency|Times|Post|"
    r"Journal|Press|News)|(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)(?=[\s,.;!?])"
)
# The first word of a reported clause: not a preposition or an adverb of time ("said on Friday").
_CLAUSE_START = re.compile(
    rf"\s+(?:that\s+)?(?!{NOT_A_CLAUSE}\b|(?:January|February|March|April|June|July|August|September|"
    r"October|November|December|how|what|why|where|whether|goodbye|hello|yes|no|it\.|so\.|this\.)\b"
    r"|when\s+(?:asked|pressed|questioned)\b|[a-z]+ly\s+(?:on|in|at|as|after|during|when|while|to)\b"
    r"|[a-z]+(?:ed|ing)\s+(?:the|a|an|his|her|their|its|our|to|in|on|at|that|about|from|with|for|by|up|out|"
    r"down|back|him|them|it|us|me|[A-Z0-9]))"
    r"(?=[\w$£€\"])"
)
# Verbs that take a noun as often as a clause ("announced plans", "wrote a letter", "admitted errors"):
# their clause needs "that" or a pronoun subject.
OBJECT_PRONE = frozenset(
    """
    announce write reveal post tweet confirm acknowledge admit report disclose outline deny concede
    dispute refute rebut reject rule submit question
    """.split()
)
_AS_OPENING = re.compile(r"\s*As\s")
_ACCUSED = re.compile(r"\s+(?:[^\s,.;:\x00\"]+\s+){1,6}?of\s+(?=[a-z]+ing\b)")
# Cues of a question whose content is the clause after "whether" or "if": "asked whether the ...".
_QUESTIONS = frozenset({"ask", "question", "wonder", "inquire"})
_WHETHER = re.compile(r"(?:\s+[^\s,.;:\x00\"]+){0,3}?\s+(?:whether|if)\s+(?=\S)")
_PRONOUN_SUBJECT = re.compile(r"(?:he|she|they|it|we|I|you|there)\b")
_COORDINATOR = re.compile(r"\s(?:but|and|or)\s")
# Two names joined ("Christie and Sessions"): a subject of two, not two clauses.
_NAMES_JOINED = re.compile(r"[A-Z][\w.’'-]*\s(?:and|or)\s[A-Z]")
_SHORT_SUBJECT = re.compile(r"(?:[\w’'.-]+)(?:\s+[\w’'.-]+){0,2}")
_SUBORDINATE = re.compile(
    r"\s*(?:Although|Though|While|Whilst|When|If|Because|Since|As|After|Before|Once|Unless|Whereas|"
    r"Even\s+(?:though|if|as))\b"
)
# A clause has a finite verb: an auxiliary or modal, a clitic, a past form, or a verb after a pronoun.
_FINITE = re.compile(
    r"\b(?:is|was|were|are|am|be|been|has|had|have|will|would|could|can|should|may|might|must|shall|did|"
    r"does|do|won't|can't|cannot|went|said|told|made|took|came|got|gave|knew|thought|saw|won|lost|ran|"
    r"began|left|felt|kept|held|brought|paid|met|sent|spent|built|led|heard|found|became|needs|wants|"
    r"rose|fell|grew|spoke|wrote|broke|chose|drove|fought|forgot|hid|shook|stole|struck|swore|threw|"
    r"woke|wore|bought|caught|sought|taught|sold|stood|understood|sat|shot|slept|meant|sank|drew|flew|"
    r"blew|hung|stuck|fed|fled|lay|laid|overcame|forgave|ate|did|put|set|cut|hit|let|quit|cost|hurt|"
    r"shut|split|read|bet|beat|bore|tore|rang|sang|swam|won|dealt|lent|bent|spun|dug|sped|"
    r"says|seems|means|remains|goes|makes|takes|knows|thinks|believes|supports|plans|hopes|expects)\b"
    r"|n[’']t\b|[’'](?:s|re|ll|d|ve|m)\b|\b[a-z]{2,}ed\b|\b(?:he|she|it|who|that)\s+[a-z]+s\b"
    r"|\b(?:I|we|you|they)\s+[a-z]+\b",
)
# A third-person verb after a noun, in a clause of five words or more before ", X said":
# "The job marks his return to politics, a friend said."
_PRESENT_VERB = re.compile(r"^\S+(?:\s+\S+){1,4}?\s+[a-z]{2,}s\s+(?:\S+\s+){1,}\S+")
# Words that open an adverbial clause or phrase: "Despite the sheen, officials said ..." reports
# nothing before the comma, while "As talks progress, the ties will grow, the statement said" does.
_NOT_CONTENT = re.compile(
    r"(?:After|Before|When|While|Whilst|Although|Though|Despite|As|If|Because|Since|Once|Until|Unless|"
    r"Also|At|In|On|During|For|With|Without|From|By|Under|Over|Asked|Speaking|Pressed|Told|Like|Unlike|"
    r"Beyond|Still|However|Yet|So|And|But|Meanwhile|Later|Earlier|Then)\b"
    # a participle opening a phrase ("Speaking at the event"), not a subject ("Waiting lists will grow")
    r"|[A-Z][a-z]+(?:ing|ed)\s+(?:about|whether|if|to|on|at|in|by|for|with|from|the|a|an|his|her|their|its|"
    r"our|during|after|before|as|out|up|back|over|into|through)\b"
)


def reported_content(narration: str, attribution: Attribution, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of what an attribution reports in its sentence: none, one, or two around it."""
    verb, v_end = attribution.verb, attribution.verb_end
    if verb == "according":
        after = narration[v_end:end]
        opens = not re.search(r"[A-Za-z]", narration[start : attribution.verb_start])
        if opens and re.match(r"\s*,\s*\S", after):  # "According to X, the talks ..."
            c_start = v_end + len(after) - len(after.split(",", 1)[1].lstrip())
            return [(c_start, clause_end(narration, c_start, end))]
        return _around_attribution(narration, attribution, start, end)
    if as_content := _as_said(narration, attribution, start, end):
        return as_content
    if LEMMA_OF.get(verb) == "accuse":
        # "accused the minister of hiding behind averages": whom, and of what
        charge = _ACCUSED.match(narration, v_end, end)
        if charge is None or not attribution.phrase_before:
            return []
        c_start = v_end + len(charge.group()) - len(charge.group().lstrip())
        c_end = clause_end(narration, c_start, end)
        return [(c_start, c_end)] if c_end > c_start else []
    if LEMMA_OF.get(verb) == "call":
        return _called(narration, attribution, end)
    if LEMMA_OF.get(verb) in _QUESTIONS:
        # "asked whether the audit ..." is a question, kept as one; "asked them to leave" reports nothing.
        whether = _WHETHER.match(narration, v_end, end)
        if whether is None or not attribution.phrase_before:
            return []
        c_end = clause_end(narration, whether.end(), end)
        return [(whether.end(), c_end)] if c_end > whether.end() else []
    if not attribution.phrase_before and verb not in PARTICIPLES:
        return _around_attribution(narration, attribution, start, end)
    clause = _clause_after(narration, verb, v_end, end)
    if clause is None:
        return _around_attribution(narration, attribution, start, end)
    c_end = clause_end(narration, clause, end)
    if _SUBORDINATE.match(narration, start, attribution.verb_start):
        # "Although Park said the fund was empty, the board met": the report ends with its clause.
        comma = narration.find(",", clause, c_end)
        c_end = clause_end(narration, clause, comma) if comma >= 0 else c_end
    return [(clause, c_end)] if c_end > clause else []


def _as_said(narration: str, attribution: Attribution, start: int, end: int) -> list[tuple[int, int]]:
    """Take "As Okafor noted, the tenants ..." and "As reported by X, ...": the clause after the comma."""
    after_at = max(attribution.verb_end, attribution.phrase_end)
    if not _AS_OPENING.match(narration, start) or "," in narration[start:after_at]:
        return []
    comma = re.match(r"[^,;:\x00\"]{0,40}?,\s+", narration[after_at:end])
    if comma is None or comma.group().strip(" ,") and not _ADVERBIAL.fullmatch(comma.group().rstrip(" ,")):
        return []
    c_start = after_at + comma.end()
    c_end = clause_end(narration, c_start, end)
    return [(c_start, c_end)] if c_end > c_start else []


def _called(narration: str, attribution: Attribution, end: int) -> list[tuple[int, int]]:
    """Take "called the plan “a disaster”": what was called, and the quoted words it was called."""
    if not attribution.phrase_before:
        return []
    called = CALLED.match(narration, attribution.verb_end, end)
    if called is None:
        return []
    c_start = called.start("what")
    c_end = clause_end(narration, called.end(), end)
    while c_end < len(narration) and narration[c_end] in f"{MARK}.,!?":
        c_end += 1  # the closing mark, and a full stop the quotation keeps inside it
    while narration[c_end - 1] in ",":
        c_end -= 1
    return [(c_start, c_end)] if c_end > called.end() else []


def _clause_after(narration: str, verb: str, at: int, end: int) -> int | None:
    """Return where the clause a verb reports begins ("said Tuesday in a statement that |the ..."), if any."""
    rest = narration[at:end]
    if long_that := _THAT_AFTER_SETTING.match(rest):
        return at + long_that.end()
    # "said in an interview on Friday that", "told reporters that": a few words, none of them a noun's
    # determiner outside such a phrase ("reiterated his request that" is not a clause of saying).
    if (
        (match := re.match(r"(?:\s+[^\s,.;:\x00\"]+){0,6}?\s+that\s+(?=\S)", rest))
        and not re.search(r"\bto\s+[a-z]", match.group())  # "urged people to seek shelter that way"
        # "said it is important that ...": the clause begins at "it", not after its own "that"
        and not re.search(
            r"\b(?:is|was|are|were|be|been|has|have|had|will|would|can|could|should|must)\b", match.group()
        )
    ) and (
        not re.search(r"\b(?:his|her|its|their|our|my|the|a|an)\b", match.group())
        or re.match(r"\s+(?:in|at|on|during|to|told|tells)\b", match.group())
        or LEMMA_OF.get(verb) == "tell"
    ):
        return at + match.end()
    if verb in OBJECT_VERBS and (match := re.match(rf"\s+(?={DETERMINER_PATTERN}\s)", rest)):
        return at + match.end()
    i = 0
    if LEMMA_OF.get(verb) == "tell" and (listener := _LISTENER.match(rest)):
        i = listener.end()
    for _ in range(3):
        adverbial = _ADVERBIAL.match(rest, i)
        if adverbial is None:
            break
        i = adverbial.end()
    clause = _CLAUSE_START.match(rest, i)
    if clause is None:
        return None
    if LEMMA_OF.get(verb) in OBJECT_PRONE and not _PRONOUN_SUBJECT.match(rest, clause.end()):
        return None  # "announced plans to ...", "wrote a letter": an object, not a clause
    c_start = at + clause.end()
    # The clause's own verb comes before any "but", "and" or "or": in "might claim momentum but would
    # be able to ...", "momentum" is an object, not a clause.
    c_end = clause_end(narration, c_start, end)
    joint = next(
        (
            j
            for j in _COORDINATOR.finditer(narration, c_start, c_end)
            if not _NAMES_JOINED.match(narration, max(c_start, narration.rfind(" ", c_start, j.start()) + 1))
        ),
        None,
    )
    if joint is not None and _SHORT_SUBJECT.fullmatch(narration, c_start, joint.start()):
        joint = None  # "she and her peers referred to ...": a subject of two, then its verb
    if not _FINITE.search(narration, c_start, joint.start() if joint else c_end):
        return None
    return c_start


def _around_attribution(
    narration: str, attribution: Attribution, start: int, end: int
) -> list[tuple[int, int]]:
    """Take "CONTENT, X said." and "CONTENT, X said, MORE CONTENT." around an attribution."""
    first = min(attribution.verb_start, attribution.region[0])
    pre = narration[start:first]
    if not re.search(r",\s*$", pre):
        return []
    after_at = max(attribution.verb_end, attribution.phrase_end)
    i = 0
    if LEMMA_OF.get(attribution.verb) == "tell" and (listener := _LISTENER.match(narration, after_at, end)):
        i = listener.end() - after_at  # "..., a spokesman told The Associated Press."
    while adverbial := _ADVERBIAL.match(narration, after_at + i, end):
        i = adverbial.end() - after_at
    after = narration[after_at + i : end]
    head = after.split(",", 1)[0]
    if head.strip(" .!?"):
        return []  # the verb goes on to its own object or clause: "officials said they ..."
    after_at += i
    c_end = start + len(pre.rstrip().rstrip(","))
    spans = []
    if (
        narration[start] != MARK
        and c_end > start
        and not (_NOT_CONTENT.match(narration, start) and "," not in narration[start:c_end])
        and (_FINITE.search(narration, start, c_end) or _PRESENT_VERB.search(narration[start:c_end]))
    ):
        spans.append((start, c_end))
    # "said X, a nurse": what follows is X's role; "according to X, which ...": a clause about X.
    if "," in after and attribution.phrase_before and attribution.verb != "according":
        tail = after.split(",", 1)[1]
        if re.match(
            r"\s*(?:[a-z]+ing|after|as|amid|when|while|before|following|citing|adding|but|and)\b", tail
        ):
            return spans
        # "Beyond that, he said, the plan ..." or "..., officials said, was aimed at ...": the rest goes on.
        t_start = after_at + len(head) + 1 + len(tail) - len(tail.lstrip())
        t_end = clause_end(narration, t_start, end)
        if t_end > t_start and narration[t_start] != MARK and _FINITE.search(narration, t_start, t_end):
            spans.append((t_start, t_end))
    return spans
