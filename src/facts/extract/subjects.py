"""Note whom a sentence names, so that a later "he said" or "Mr. Pincus said" finds them.

The people a sentence mentions by full name, and the one it is about (its subject), are noted in
the document's book of entities as the article is read, before its attributions are looked for.
"""

from __future__ import annotations

import re

from facts.extract.cues import subject_of
from facts.extract.entities import Book
from facts.extract.mentions import read_phrase
from facts.extract.name_words import PLACES

# Two to four capitalised words, perhaps with an initial: a person's full name in the narration.
_FULL_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+){1,2}\b(?![’']s\s+[a-z])")
# A finite verb after a sentence's first words: its subject acts ("Carson defied", "Holm has said").
# "Border agents stopped", "Similar complaints were": a plural noun and its verb, so the word before
# them is a modifier, not a subject.
_ACTS = re.compile(
    r"\s+(?:[a-z]+ly\s+)?(?:[a-z]{2,}ed|[a-z]{2,}s(?!\s+(?:[a-z]+ly\s+)?(?:[a-z]{2,}ed|were|are|have|had|will|"
    r"would|can|could|may|might|must|should|do|did|say|said|told|told|[a-z]+s)\b)|has|had|was|is|will|would|said|told)\b"
)
# Two or more people named together: "Senators Laura Brandt and Eric Solano".
_NAME = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w’'-]+)+"
_PEOPLE = re.compile(rf"(?:[A-Z][\w.’'-]*\s+)*{_NAME}(?:,\s+{_NAME})*\s+and\s+{_NAME}")
# A sentence that opens with a gerund or participle clause: "Hosting Lee", "Asked about".
_OPENING_CLAUSE = re.compile(r"[A-Z][a-z]{2,}(?:ing|ed)\b(?<!Sterling)(?<!Channing)(?<!Irving)(?<!Manning)")
# A verb of saying before its speaker: "Said Ruiz, ...".
_SAID_FIRST = re.compile(r"(?:Said|Says|Added|Adds|Wrote|Writes|Asked|Asks)\s")
# A short adverbial with no comma before a sentence's subject: "In the summer", "After a long wait".
_LEADING_ADVERBIAL = re.compile(
    r"\s*(?:In|On|At|During|After|Before|Since|By|For|Over|Under|Through|Until|With|Later|Earlier)\s+"
    r"(?:(?:the|a|an|last|this|that|his|her|their|its)\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?=[A-Z])"
)
# An opening phrase set off by a comma before a sentence's subject, and the places and settings that
# may follow it: "In Louisville on March 1, ", "The day before, at a rally in Beaumont, Tex., ".
_OPENING = re.compile(
    r"\s*(?:(?:In|On|At|During|After|Before|Since|By|For|Over|Under|Through|Until|With|Later|Earlier|Last|"
    r"Like|Unlike|Despite|Outside|Inside|Back)\b|The\s+(?:day|night|week|month|year|morning)\s+(?:before|after)\b|"
    r"(?:A|One|Two|Three|Several|Few)\s+(?:\w+\s+)?(?:hours?|days?|weeks?|months?|years?)\s+(?:later|earlier|ago|before|after)\b)"
    r"[^,;:\x00\"]{0,80},\s+"
    r"(?:(?:(?:in|on|at|during|after|before)\b[^,;:\x00\"]{0,60}|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?),\s+)*(?=[A-Z])"
)
# A sentence whose subject is a role: "The singer has ...", "The judge told ...".
_ROLE_SUBJECT = re.compile(
    r"\s*(?P<phrase>The\s+(?:[a-z]+\s+)?[a-z]+)\s+(?:has|had|is|was|will|would|[a-z]{2,}(?:ed|s))\b"
)
# Lower-case role words, then a name: "Obama |consultant Cornell Belcher| picked up ...".
_ROLE_THEN_NAME = re.compile(r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+[A-Z][\w’'.-]+\s+[A-Z]")


def note_names(narration: str, book: Book, start: int, end: int) -> None:
    """Note the full names a sentence mentions, so that "Mr. Pincus said" later is Andrew J. Pincus."""
    for run in _FULL_NAME.finditer(narration, start, end):
        if _OPENING_CLAUSE.match(run.group()) or _SAID_FIRST.match(run.group()):
            continue  # "Hosting Lee at the summit", "Said Ruiz": a clause or a cue, not a first name
        mention = read_phrase(run.group())
        if mention is not None and mention.kind == "person":
            book.know(mention, run.start(), run.group())


def note_subject(narration: str, book: Book, start: int, end: int) -> None:
    """Note a person named as a sentence's subject, so that a later "he said" finds them."""
    if lead := _LEADING_ADVERBIAL.match(narration, start, end) or _OPENING.match(narration, start, end):
        start = lead.end()  # "In the summer |Joe Smith decided ...", "In Louisville on March 1, |Ms. Ode was"
    run = re.match(
        r"\s*((?:[A-Z][\w’'.-]*|of|the)(?:\s+(?:[A-Z][\w’'.-]*|of|the|and(?=\s+[A-Z])))*)",
        narration[start:end],
    )
    if not run:
        return
    if (role := _ROLE_SUBJECT.match(narration, start, end)) is not None:
        # "The singer has fought her label": an unnamed person a later "she said" may name
        mention = read_phrase(role["phrase"])
        if mention is not None and mention.kind == "unnamed" and not (mention.head or "").endswith("s"):
            book.resolve(mention, role.start("phrase"), role["phrase"])
        return
    phrase = re.sub(r"(?:’s|'s)$", "", run.group(1))
    opening = _OPENING_CLAUSE.match(phrase) or _SAID_FIRST.match(phrase)
    if opening or narration.startswith(":", start + run.end()):
        return  # "Hosting Lee at the summit ...", "Correction: ...": not who the sentence is about
    role_then_name = _ROLE_THEN_NAME.match(narration, start + run.end(), end)
    titled = subject_of(narration, start, end) if role_then_name else None
    if titled is not None and titled[0].kind == "person" and phrase in titled[1]:
        # "Obama consultant Cornell Belcher picked up ...": the person, not the first capitalised word
        book.resolve(titled[0], titled[2], titled[1])
        return
    mention = read_phrase(phrase)
    if mention is not None and mention.kind == "institution" and _PEOPLE.fullmatch(phrase):
        book.resolve(mention, start, phrase)  # "Laura Brandt and Eric Solano met": a "they"
        return
    if mention is None or mention.kind not in ("person", "surname", "word"):
        return
    known = book.knows_surname(mention.name)
    # A bare capitalised word is a person when the text knows the surname, or a verb follows it
    # ("Carson defied the question"), unless it names a place.
    acts = _ACTS.match(narration, start + run.end(), end) is not None
    if mention.kind == "word" and not (known or (acts and mention.name not in PLACES)):
        return
    book.resolve(mention, start, phrase)
