"""Attribution cues: speech verbs and "according to", with the speaker phrase each one names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from facts.extract.entities import Book, Entity
from facts.extract.lexicon import AMBIGUOUS, CALLED, LEMMA_OF, PARTICIPLES, PHRASE_ENDS, SPEECH_VERBS
from facts.extract.mentions import Mention, read_phrase, strip_article
from facts.extract.name_words import HONORIFICS, TITLE_WORDS
from facts.extract.sources import read_described, read_source, source_phrase

# A verb in lower case, or one opening its sentence before the speaker: "Said Comey, ..."
_VERB = re.compile(r"\b(?P<verb>[a-z]+|(?:Said|Says|Added|Adds|Wrote|Writes|Asked|Asks)(?=\s+[A-Z]))\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")


class Attribution(NamedTuple):
    """A cue of attribution in a sentence and the speaker it names."""

    entity: Entity
    verb: str
    verb_start: int
    verb_end: int
    phrase_before: bool  # "X said" rather than "said X"
    region: tuple[int, int]  # the attribution's words, for date cues
    phrase_end: int  # just past the speaker phrase
    phrase: tuple[int, int] | None = None  # the speaker phrase as the text writes it, for review


# Auxiliaries and adverbs between a speaker and the verb: "has repeatedly insisted", "later said".
_BETWEEN = re.compile(
    r"(?:\s+(?:(?:on\s+|early\s+|late\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?|"
    r"(?:last|this|next)\s+(?:week|month|year|night|morning|evening)|"
    r"(?:less\s+than\s+|more\s+than\s+)?(?:[\w-]+\s+){1,2}ago|has|have|had|was|were|is|are|would|will|could|can|may|might|should|also|later|then|again|"
    r"first|once|since|long|often|further|earlier|already|still|now|just|even|too|herself|himself|"
    r"today|yesterday|tonight|formally|officially|publicly|jointly|"
    r"themselves|itself|[a-z]+ly|"
    r"(?:went|goes|go|continued|continues|proceeded|was\s+quick|were\s+quick|was\s+prompted)\s+(?:on\s+)?to))+\s*$"
)
# "went on to say", "was quick to add": the subject says it; "declined to say" and "wants to say" do not.
_GOES_ON_TO = re.compile(
    r"\b(?:went|goes|go|continued|continues|proceeded|was\s+quick|were\s+quick|was\s+prompted)\s+(?:on\s+)?to\s+$"
)
# An aside after a name: a relative clause, an age, a home town, a party and state, a description.
_APPOSITIVE = re.compile(
    r"(?:who|whom|whose|which|where|a|an|the|his|her|its|their|then|now|formerly|once|also|both|one|each|"
    r"himself|herself|of|from|in|at|for|with|when|while|after|before|if|like|unlike|[a-z]+ed|[a-z]+ing|"
    r"[RDI]-|\d+)\b|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}$"
)
_PASSIVE = re.compile(r"\b(?:was|were|been|be|being|is|are|get|got)\s+(?:[a-z]+ly\s+)?$")
_NOT_A_VERB_AFTER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your|of|in|on|for|with|by|from|to|"
    r"not|never|no)\s+$",
    re.I,
)
# A phrase that opens a sentence before its subject: "In an email, ", "Speaking on Fox News, ".
_OPENING_PHRASE = re.compile(
    r"\s*(?:In|On|At|During|After|Before|Speaking|Asked|With|For|Despite|Earlier|Later|Meanwhile|However|"
    r"Still|Yet|Now|Then|Instead|Separately|Last|This|Since|Like|Unlike|By|From|Under|Over|Through)\b"
    r"[^,\x00\"]{0,80},\s+"
)
# A lower-case word that is a verb, ending the subject before it: "had", "threw", "announced".
_LOOKS_FINITE = re.compile(
    r"[a-z]+ed|is|was|were|are|has|had|have|will|would|could|can|may|might|must|should|did|does|do|"
    r"began|threw|took|made|went|came|gave|got|said|told|wrote|spoke|sat|stood|ran|led|left|kept|held|"
    r"brought|sent|put|set|won|lost|saw|knew|thought|found|became|felt|met|paid|also|has|again|then"
)
# "and said", "but has also said": the verb shares the subject of a clause before it.
_JOINED = re.compile(
    r"\b(?:and|but)(?:\s+(?:has|have|had|was|is|would|will|also|later|then|again|quickly|[a-z]+ly))*\s*$"
)
# A name set off by commas after a role: ", Tom Reed." or ", Ana Ruiz, who ...".
_APPOSED_NAME = re.compile(
    r",\s+(?P<name>(?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'-]*)(?=\s*(?:[.,;:!?\x00\"”]|$))"
)
_TRAILING_NAME = re.compile(r"(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w’'-]+\s*$")
# "ended her speech by saying", "drew boos upon saying": the subject of the sentence says it.
_BY_SAYING = re.compile(r"\b(?:by|upon)\s+$")
_BY_SAYING_VERBS = frozenset("saying telling writing asking adding".split())
# A short lower-case noun phrase with an article: "the narrator", "a longtime caller".
_DESCRIBED_SPEAKER = re.compile(r"(?:the|a|an|another|one)\s+(?:[a-z][\w-]*\s+){0,2}(?P<head>[a-z][\w-]*)")
# "As reported by Western Journalism, ...": the speaker after "by".
_AS = re.compile(r"\s*As\s+(?:[a-z]+ly\s+)?")
_AS_BY = re.compile(r"\s+by(?=\s)")
# A quotation and then its speaker before the verb: '"…," Conway notes.'
_TAG_AFTER_QUOTE = re.compile(r"\s*\"[\x00\s.,!?]*\"?\s*,?\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}\s+")
# "..., as the Heritage Foundation notes."
_AS_X = re.compile(r",\s+as\s+[^,;:\x00\"]{1,70}\s$")
_PARENTHESES = re.compile(r"\([^()\x00]*\)")
_PERSON_KINDS = ("person", "surname", "word")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _speaker_before(narration: str, start: int, verb_start: int) -> tuple[Mention, str, int] | None:
    """Read the speaker phrase just before a verb, with its role: (mention, phrase as written, where).

    "Despite the progress, the official| cautioned"; "Sen. Rand Paul (R-Ky.) has repeatedly| said";
    "Cory James, 22, of Flint, Mich., said" and "The union's general secretary, Mick Lynch, told"
    walk back over the asides to the name.
    """
    lo = max(start, verb_start - 400)  # a speaker phrase is short; bound the work on huge sentences
    pre = _PARENTHESES.sub(_blank, narration[lo:verb_start])
    if _PASSIVE.search(pre):
        return None  # "it was announced", "he was told": the subject did not say it
    between = _BETWEEN.search(pre)
    if between and pre[: between.start()].strip(" ,"):
        pre = pre[: between.start()]
    hard = max(pre.rfind(c) for c in ';:"\x00()')
    pre = re.sub(r"\s[—–-]\s|—", lambda m: "," * len(m.group()), pre)
    segments: list[tuple[str, int]] = []
    at = lo + hard + 1
    for part in pre[hard + 1 :].split(","):
        segments.append((part, at))
        at += len(part) + 1
    last, last_at = segments[-1]
    if last.strip() and not re.fullmatch(r"\s*(?:who|which)\s*", last):
        relative = re.search(r"\s(?:who|whom|whose)\s", last)
        phrase = last[: relative.start()] if relative else last
        mention = _read_speaker(narration, phrase, last_at)
        if mention is None:
            # "Vikram Amar, dean of the law school, said": the last part is an aside; the name is before it
            return _named_before_aside(segments) if phrase.strip()[:1].islower() else None
        at = last_at + len(phrase) - len(phrase.lstrip())
        if re.search(r"\sand\s", phrase):
            # "Sens. Tom Udall, Jeff Merkley, Ron Wyden and Maria Cantwell said": the whole list speaks.
            for text, start_of in reversed(segments[:-1]):
                listed = read_phrase(text) if text.strip() else None
                if listed is None or listed.kind not in ("person", "surname", "word"):
                    break
                at = start_of + len(text) - len(text.lstrip())
            if at < last_at:
                phrase = narration[at : last_at + len(phrase)].strip()
                mention = mention._replace(name=phrase)
        return mention, phrase.strip(), at
    chain: list[tuple[Mention | None, str, int]] = []
    for text, at in reversed(segments[:-1]):
        mention = read_phrase(text) if text.strip() else None
        if mention is None and not (_APPOSITIVE.match(text.strip()) or text.strip()[:1].islower()):
            break
        chain.append((mention, text.strip(), at + len(text) - len(text.lstrip())))
    named = [(m, t, a) for m, t, a in reversed(chain) if m is not None]
    if not named:
        return _name_ending(segments[-2]) if len(segments) > 1 and last.strip() else None
    mention, phrase, at = named[0]
    if mention.kind not in _PERSON_KINDS:
        person = next((n for n in named if n[0].kind in ("person", "surname")), None)
        if person is not None:  # "The union's general secretary, Mick Lynch, told": the role, then the name
            return person[0]._replace(role=person[0].role or strip_article(phrase)), person[1], person[2]
        return mention, phrase, at
    role = next((strip_article(t) for m, t, _ in named[1:] if m.kind == "unnamed"), None)
    if role and not mention.role and mention.kind in ("person", "surname"):
        mention = mention._replace(role=role)  # "Ana Pérez, the city's engineer, said"
    return mention, phrase, at


def _read_speaker(narration: str, phrase: str, at: int) -> Mention | None:
    """Read the phrase before a verb: a speaker phrase, a described group, or a noun after a quotation."""
    mention = read_phrase(phrase) or read_described(phrase.strip())
    if mention is None and narration[max(0, at - 3) : at].rstrip(" ,").endswith('"'):
        mention = _described_speaker(phrase)  # '"…," the narrator says': whoever the noun is
    return mention


def _described_speaker(phrase: str) -> Mention | None:
    """Read "the narrator" or "a caller" right after a quotation as an unnamed speaker."""
    match = _DESCRIBED_SPEAKER.fullmatch(phrase.strip())
    if match is None:
        return None
    return Mention("unnamed", match.group(), role=strip_article(match.group()), head=match["head"])


def _named_before_aside(segments: list[tuple[str, int]]) -> tuple[Mention, str, int] | None:
    """Return the person named just before a final aside: "Vikram Amar|, dean of the law school,| said"."""
    if len(segments) < 2:
        return None
    text, at = segments[-2]
    mention = read_phrase(text) if text.strip() else None
    if mention is None or mention.kind not in ("person", "surname"):
        return None
    role = strip_article(segments[-1][0].strip())
    phrase = text.strip()
    return mention._replace(role=mention.role or role), phrase, at + len(text) - len(text.lstrip())


def _name_ending(segment: tuple[str, int]) -> tuple[Mention, str, int] | None:
    """Return the person whose name ends the clause before "who said": "... steep for |Mr. Sanders|"."""
    text, at = segment
    run = _TRAILING_NAME.search(text)
    mention = read_phrase(run.group()) if run else None
    if run is None or mention is None or mention.kind not in ("person", "surname"):
        return None
    return mention, run.group(), at + run.start()


def _is_abbreviation(word: str) -> bool:
    """Tell "Sgt." or "U.S." or "J." (part of a name) from a word that ends a sentence."""
    known = re.fullmatch(r"(?:[A-Z]\.)+|Jr\.|Sr\.|Inc\.|Co\.", word)
    return word in TITLE_WORDS or word in HONORIFICS or known is not None


def _speaker_after(narration: str, verb_end: int, end: int) -> tuple[str, int] | None:
    """Return the phrase just after a verb ("said| Deputy Pentagon Press Secretary Sabrina Singh| during")."""
    words: list[tuple[str, int]] = []
    end = min(end, verb_end + 300)
    for match in re.finditer(
        r"[^\s,.;:()\x00“”\"—–]+(?:\.(?=[^\s]|\s+[A-Z][a-z]))?\.?", narration[verb_end:end]
    ):
        between = narration[verb_end + (words[-1][1] if words else 0) : verb_end + match.start()]
        if words and re.search(r"[,;:()\x00“”\"—–]", between):
            break
        word = match.group()
        if word.endswith(".") and not _is_abbreviation(word):
            words.append((word[:-1], match.end() - 1))  # the sentence's full stop, not an abbreviation
            break
        if not words and word.lower() in ("that", "it", "they", "we", "i", "you", "this", "there"):
            return None
        if words and word.lower() in PHRASE_ENDS:
            break
        if word[0].isupper() and words and words[-1][0].lower() in ("he", "she"):
            break
        words.append((word, match.end()))
    if not words:
        return None
    offset = verb_end + len(narration[verb_end:end]) - len(narration[verb_end:end].lstrip())
    return narration[offset : verb_end + words[-1][1]], offset


def _role_after(narration: str, start: int, end: int) -> str | None:
    """Return the role in ", a nurse who lives on Gull Island" after a name, up to "who" or the next comma."""
    match = re.match(
        r",\s+((?:(?:the|a|an)\s+)?[^,.;:\x00“”\"()]{2,80}?)(?=\s+(?:who|which|whose|that)\b|[,.;]|$)",
        narration[start:end],
    )
    if match is None:
        return None
    mention = read_phrase(match.group(1))
    return strip_article(match.group(1)) if mention is not None and mention.kind == "unnamed" else None


def _name_after(narration: str, start: int, end: int) -> tuple[Mention, str, int] | None:
    """Return the person named in ", Tom Reed." just after a role: (mention, name, where)."""
    match = _APPOSED_NAME.match(narration, start, end)
    if match is None:
        return None
    mention = read_phrase(match["name"])
    if mention is None or mention.kind != "person":
        return None
    return mention, match["name"], match.start("name")


def _by_subject(narration: str, book: Book, start: int, verb: re.Match[str]) -> Attribution | None:
    """Attribute a verb to the subject of its sentence's main clause, if the sentence opens with one."""
    subject = _subject(narration, start, verb.start())
    if subject is None:
        return None
    mention, phrase, at = subject
    entity = book.resolve(mention, at, phrase)
    if entity is None:
        return None
    # The region starts at the subject, so that nothing before the verb is read as reported content.
    region = (at, verb.end() + 40)
    phrase_span = (at, at + len(phrase))
    said = _verb_of(verb)
    return Attribution(entity, said, verb.start(), verb.end(), True, region, verb.end(), phrase_span)


def subject_of(narration: str, start: int, stop: int) -> tuple[Mention, str, int] | None:
    """Return the subject of a sentence, as _subject reads it, for noting who a sentence is about."""
    return _subject(narration, start, stop)


def _subject(narration: str, start: int, stop: int) -> tuple[Mention, str, int] | None:
    """Return the subject of a sentence: the noun phrase before its first verb ("In an email, |Mr. Ross|
    wrote ...", "|Carly Fiorina| threw her support ...")."""
    window = narration[start : min(stop, start + 300)]
    opening = _OPENING_PHRASE.match(window)
    offset = opening.end() if opening else len(window) - len(window.lstrip())
    words: list[str] = []
    for word in window[offset:].split(" "):
        bare = word.strip(",")
        if not bare or (bare.islower() and (_LOOKS_FINITE.fullmatch(bare) or bare in PHRASE_ENDS)):
            break
        words.append(word)
        if word.endswith(",") or len(words) > 8:
            break
    while words:
        phrase = " ".join(words).rstrip(",")
        mention = read_phrase(phrase)
        if mention is not None and mention.kind != "pronoun" or mention is not None and len(words) == 1:
            return mention, phrase, start + offset
        words.pop()
    return None


def _verb_of(match: re.Match[str]) -> str:
    return match["verb"].lower()


def find_attributions(narration: str, book: Book, start: int, end: int) -> list[Attribution]:
    """Find the speech verbs of a sentence and the speaker each one names."""
    found: list[Attribution] = []
    for match in _VERB.finditer(narration, start, end):
        word = match["verb"]
        if word not in SPEECH_VERBS and word not in PARTICIPLES:
            if not word[0].isupper() or narration[start : match.start()].strip():
                continue  # not a cue; a capitalised "Said" only where it opens its sentence
        attribution = _verb_attribution(narration, book, start, end, match, found)
        if attribution is not None:
            found.append(attribution)
    found.extend(_according_to(narration, book, start, end))
    return found


def _verb_attribution(
    narration: str, book: Book, start: int, end: int, match: re.Match[str], found: list[Attribution]
) -> Attribution | None:
    """Return the attribution one verb makes, given those found before it in the sentence."""
    verb = _verb_of(match)
    before = narration[max(start, match.start() - 8) : match.start()]
    by_saying = verb in _BY_SAYING_VERBS and _BY_SAYING.search(before)
    if verb in PARTICIPLES and (before.rstrip().endswith(",") or by_saying):
        # "Iraq reiterated ..., reiterating that ...", "Fiorina backed Cruz, saying ...": the
        # speaker of the sentence's attribution, or else the subject of its main clause.
        if found:
            return found[0]._replace(verb=verb, verb_start=match.start(), verb_end=match.end())
        return _by_subject(narration, book, start, match)
    if not _says(narration, start, end, match):
        return None
    # After "and" or "but" the subject is further back ("The board voted no and said ..."), not the
    # words just before the verb.
    joined = _JOINED.search(narration, max(start, match.start() - 40), match.start())
    mention, phrase, at, phrase_before = _named_speaker(narration, start, end, match, joined is not None)
    if mention is None and joined:
        # "Lindqvist acknowledged the risk but said ...": the same speaker goes on, or the subject.
        if found:
            previous = found[-1]
            return previous._replace(
                verb=verb, verb_start=match.start(), verb_end=match.end(), phrase_before=True
            )
        return _by_subject(narration, book, start, match)
    if mention is None:
        return None
    entity = book.resolve(mention, at, phrase)
    if entity is None:
        return None
    region = (min(at, match.start()), max(match.end(), at + len(phrase)) + 40)
    return Attribution(
        entity,
        verb,
        match.start(),
        match.end(),
        phrase_before,
        region,
        at + len(phrase),
        (at, at + len(phrase)),
    )


def _says(narration: str, start: int, end: int, match: re.Match[str]) -> bool:
    """Tell whether a verb of saying is used as one here, not as a noun or an intention."""
    verb = _verb_of(match)
    if verb not in SPEECH_VERBS:
        return False
    if LEMMA_OF[verb] == "call" and not CALLED.match(narration, match.end(), end):
        return False  # "called for calm", "called him twice": no words reported
    if (
        verb in AMBIGUOUS
        and not re.match(r"\s+that\b", narration[match.end() : end])
        and not _TAG_AFTER_QUOTE.fullmatch(narration, start, match.start())
        and not _AS_X.search(narration, max(start, match.start() - 80), match.start())
    ):
        return False  # "the remarks", "his claims": a noun unless a clause or a quotation goes with it
    # "the state", "a report", "to say": a noun or an intention, not an attribution
    if _GOES_ON_TO.search(narration, max(start, match.start() - 24), match.start()):
        return True
    return not _NOT_A_VERB_AFTER.search(narration, max(start, match.start() - 12), match.start())


def _named_speaker(
    narration: str, start: int, end: int, match: re.Match[str], joined: bool
) -> tuple[Mention | None, str, int, bool]:
    """Return the speaker phrase a verb names (mention, words, offset, whether before the verb):
    the words before it, else, after a comma or at the sentence's start, the words after it."""
    verb = _verb_of(match)
    before = None if joined else _speaker_before(narration, start, match.start())
    mention, phrase, at, phrase_before = (*before, True) if before else (None, "", 0, True)
    by = _AS_BY.match(narration, match.end(), end) if _AS.fullmatch(narration, start, match.start()) else None
    if (
        mention is None
        and verb not in ("told", "tells")
        and (
            not narration[start : match.start()].strip()
            or re.search(r"[,\x00”\"—–:]\s*$", narration[start : match.start()])
            or by is not None
        )
    ):
        after = _speaker_after(narration, by.end() if by else match.end(), end)
        mention = read_phrase(after[0]) if after else None
        if after and mention:
            phrase, at, phrase_before = after[0].strip(), after[1], False
            role = _role_after(narration, at + len(phrase), end)
            if mention.kind in ("person", "surname") and role and not mention.role:
                mention = mention._replace(role=role)  # "said Priya Natarajan, a nurse who ..."
            elif mention.kind == "unnamed" and (named := _name_after(narration, at + len(phrase), end)):
                # "said the firm's managing director, Tom Reed": the person, in that role
                mention, phrase, at = named[0]._replace(role=strip_article(phrase)), named[1], named[2]
    return mention, phrase, at, phrase_before


def _according_to(narration: str, book: Book, start: int, end: int) -> Iterator[Attribution]:
    """Yield the attributions of "according to X" in a sentence."""
    for match in _ACCORDING.finditer(narration, start, end):
        phrase = source_phrase(narration, match.end(), end)
        mention = read_source(phrase) if phrase else None
        entity = book.resolve(mention, match.end(), phrase) if mention else None
        if entity is not None:
            phrase_end = match.end() + len(phrase)
            span = (match.start(), phrase_end)
            yield Attribution(entity, "according", *span, True, span, phrase_end, (match.end(), phrase_end))
