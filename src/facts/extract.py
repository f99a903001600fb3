"""Propose attributed claims from a plain-text news article: quotations, reported speech and captions.

Rule-based, in the tradition of textacy's direct quotations and the BBC's citron: find quotation
marks and speech verbs, read the speaker phrase next to the verb, and resolve it to a person,
unnamed source or institution the text (or the store) already knows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple, TypedDict

from facts.errors import FactsError
from facts.mentions import (
    HONORIFICS,
    PLACES,
    SPOKES_NOUNS,
    TITLE_WORDS,
    Mention,
    read_phrase,
    strip_article,
    surname,
)
from facts.query import fold
from facts.records import ClaimRecord, SourceRef
from facts.textdates import DatedCue, full_dates, resolve_cue

SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds stressed stresses cautioned cautions confirmed confirms reiterated
    reiterates emphasized emphasizes emphasised emphasises noted notes warned warns explained explains
    argued argues insisted insists acknowledged acknowledges announced announces stated states declared
    declares remarked remarks wrote writes mentioned mentions asserted asserts claimed claims maintained
    maintains contended contends observed replied responded recalled recalls predicted predicts suggested
    suggests urged urges conceded concedes admitted admits affirmed affirms reaffirmed reaffirms
    highlighted highlights underscored underscores testified tweeted posted outlined outlines estimated
    estimates concluded concludes vowed vows promised promises pledged pledges revealed reveals disclosed
    countered counters agreed complained complains believes thinks expects hopes
    """.split()
)
# "-ing" forms that continue the sentence's attribution: "Iraq reiterated ..., reiterating that ...".
PARTICIPLES = frozenset(
    """
    adding noting saying stressing warning emphasizing emphasising reiterating telling arguing insisting
    explaining acknowledging cautioning confirming declaring asserting claiming suggesting urging vowing
    pledging promising stating highlighting underscoring
    """.split()
)
# Verbs whose object can itself be the claim: "Both countries reaffirmed their commitment to ...".
OBJECT_VERBS = frozenset(
    """
    reiterated reiterates reaffirmed reaffirms emphasized emphasizes emphasised stressed stresses
    underscored underscores outlined outlines announced announces highlighted highlights expressed
    expresses voiced pledged pledges vowed promised confirmed confirms
    """.split()
)
# Verbs that may take a clause without "that": "Singh said the US is not withdrawing".
CLAUSE_VERBS = frozenset(
    """
    said says added adds believes believe thinks insisted insists argued argues wrote writes conceded
    claimed claims contended maintained asserted
    """.split()
)
_DETERMINERS = r"(?:its|their|his|her|our|a|an|the)"
# Words after "said" that start an adverbial, not the reported clause: "said on Friday".
_NOT_A_CLAUSE = (
    r"(?:on|in|at|during|to|of|for|with|by|from|after|before|as|yesterday|today|tonight|last|this|earlier|"
    r"later|recently|previously|repeatedly|again|nothing|so|too|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)"
)
_QUOTE_OPEN = '“"‘'
_PLACEHOLDER = "\x00"  # what a quotation's words become in the masked text
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Cmdr|Adm|Brig|Pvt|Cpl|Spc|Sen|Rep|Gov|Prof|Rev|St|Jr|Sr|No"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs|etc|approx|Mt|Ft)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])$"
)
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9\x00])")
_VERB = re.compile(r"\b(?P<verb>[a-z]+)\b")
_CLAUSE_BREAK = re.compile(
    r",\s+(?:[a-z]+ing\b|after\b|amid\b|amidst\b|according\b|despite\b|before\b|which\b|citing\b|"
    r"following\b|as\s+(?!well\b)|while\b|although\b|though\b|but\s+(?:he|she|they|it)\b|"
    r"a\s+(?:point|view|sentiment|position|message|concern|claim|stance|warning)\b)"
    r"|\s+(?:but|and)\s+(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b"
)
# "KESWICK, March 14, 2023 — " or "WASHINGTON (AP) — " before a news story's first sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]+(?:,\s+[A-Z0-9][\w.’' -]*?)*(?:\s+\([A-Za-z ]+\))?\s*[—–-]{1,2}\s+")
_ECHO = re.compile(
    r",\s+(?:a|an)\s+(?:point|view|sentiment|position|message|concern|stance|claim)\s+(?:that\s+was\s+)?"
    r"(?:also\s+)?(?:made|highlighted|echoed|stressed|shared|raised|repeated|emphasized|emphasised|"
    r"underscored|voiced|noted)\s+by\s+(?P<phrase>[^,.;:\x00“”\"]+?)"
    r"(?:\s+(?:in|during|at|on)\s+[^,.;:\x00]*)?\s*(?=[,.;:]|$)"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<phrase>[^,.;:\x00“”\"]+)")
# Words that end a speaker phrase after the verb: "said Sabrina Singh| during a press conference".
_PHRASE_ENDS = frozenset(
    """
    on during at in when while who which that after before as adding telling noting because since to
    told according but and about via amid last this earlier later yesterday today
    """.split()
)
_CAPTION_CREDIT = re.compile(r"\((?P<credit>[^()]*\b[Pp]hoto\b[^()]*)\)\s*$")
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset("the a an of to in on and or that is are was were be for with it its at by".split())
MIN_QUOTE_WORDS = 2
MIN_REPORTED_WORDS = 3


class NewSpeaker(TypedDict):
    """A speaker the store does not have yet, as `facts add` will write it."""

    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None
    aliases: list[str]


class Extraction(NamedTuple):
    """What `facts extract` proposes for one document: its claims and the speakers new to the store."""

    source: SourceRef
    claims: list[ClaimRecord]
    new_speakers: list[NewSpeaker]


class StoreSpeaker(NamedTuple):
    """A speaker already in the store, for matching names against."""

    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None
    aliases: tuple[str, ...]


class Quote(NamedTuple):
    """A quotation: where its words are (marks excluded) and where its marks are."""

    start: int
    end: int
    outer_start: int  # the opening mark
    outer_end: int  # just past the closing mark, or the paragraph's end if it runs on
    runs_on: bool  # the next paragraph continues it (no closing mark before the paragraph break)


class Paragraph(NamedTuple):
    start: int
    end: int


class _Entity:
    """One speaker as this document knows it; store_id is set when it is a speaker of the store."""

    __slots__ = ("aliases", "first", "head", "kind", "name", "organization", "role", "store_id")

    def __init__(
        self, kind: str, name: str, first: int, mention: Mention, store: StoreSpeaker | None
    ) -> None:
        self.kind = kind
        self.name = store.name if store else name
        self.role = store.role if store else mention.role
        self.organization = store.organization if store else mention.organization
        self.store_id = store.id if store else None
        self.head = mention.head
        self.first = first
        self.aliases: list[str] = []


class _Found(NamedTuple):
    """A claim found in the text, before ids and dates are given."""

    start: int
    end: int
    kind: str
    entity: _Entity
    cue_text: str  # the words around the attribution, where "on Friday" is looked for
    at: int  # where the attribution is, for ordering cues


class _Attribution(NamedTuple):
    entity: _Entity
    verb: str
    verb_start: int
    verb_end: int
    phrase_before: bool  # "X said" rather than "said X"
    region: tuple[int, int]  # the attribution's words, for date cues
    phrase_end: int  # just past the speaker phrase


def paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs: its non-blank lines."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            found.append(Paragraph(start, match.end() - (len(match.group()) - len(match.group().rstrip()))))
    return found


def _is_opening(text: str, i: int, start: int) -> bool:
    """Tell whether the mark at i opens a quotation (straight quotes and ‘ depend on what is before)."""
    if text[i] == "“":
        return True
    before = text[i - 1] if i > start else " "
    if text[i] == "‘":
        return before.isspace() or before in '(“"—–-'
    return before.isspace() or before in "(—–-[:"


def find_quotes(text: str, paras: Sequence[Paragraph]) -> list[Quote]:
    """Find every quotation, with quotations that run over paragraphs split at the paragraph breaks."""
    quotes = []
    for number, para in enumerate(paras):
        i = para.start
        while i < para.end:
            char = text[i]
            if char in _QUOTE_OPEN and _is_opening(text, i, para.start):
                closer = {"“": "”", '"': '"', "‘": "’"}[char]
                close = _closing_mark(text, i + 1, para.end, closer)
                if close is None:
                    if char == "‘":  # an apostrophe-like mark with no partner: not a quotation
                        i += 1
                        continue
                    runs_on = number + 1 < len(paras) and text[paras[number + 1].start] in '“"'
                    quotes.append(_trimmed(text, i, para.end, para.end, runs_on))
                    break
                quotes.append(_trimmed(text, i, close, close + 1, False))
                i = close + 1
                continue
            i += 1
    return [q for q in quotes if q.end > q.start]


def _closing_mark(text: str, start: int, end: int, closer: str) -> int | None:
    for j in range(start, end):
        if text[j] == closer and (closer != "’" or j + 1 >= end or not text[j + 1].isalpha()):
            return j
    return None


def _trimmed(text: str, mark: int, stop: int, outer_end: int, runs_on: bool) -> Quote:
    """Take a quotation's words without the marks, outer spaces and a trailing comma."""
    start, end = mark + 1, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Quote(start, end, mark, outer_end, runs_on)


def masked(text: str, quotes: Iterable[Quote]) -> str:
    """Blank out the words inside quotations (keeping offsets), so rules only read the narration.

    A final . ! or ? inside a quotation is kept, so that it still ends its sentence.
    """
    chars = list(text)
    for quote in quotes:
        for i in range(quote.start, quote.end):
            if not (i == quote.end - 1 and chars[i] in ".!?"):
                chars[i] = _PLACEHOLDER
    return "".join(chars)


def sentences(narration: str, para: Paragraph) -> list[tuple[int, int]]:
    """Split a paragraph of masked text into sentences, not at abbreviations such as "Gen." or "U.S."."""
    found, start = [], para.start
    dateline = _DATELINE.match(narration[para.start : para.end])
    if dateline:
        start += dateline.end()
    for match in _SENTENCE_END.finditer(narration, para.start, para.end):
        if narration[match.start()] == "." and _ABBREVIATION.search(
            narration[max(start, match.start() - 12) : match.start()]
        ):
            continue
        found.append((start, match.start() + 1))
        start = match.end()
    found.append((start, para.end))
    return [(s, e) for s, e in found if e > s]


class _Book:
    """The speakers of one document: names resolved to entities, in the order the text names them."""

    def __init__(self, store_speakers: Sequence[StoreSpeaker], same_source: set[str]) -> None:
        self.entities: list[_Entity] = []
        self.last_person: _Entity | None = None
        self.store_speakers = store_speakers
        self.same_source = same_source

    def resolve(self, mention: Mention, at: int, phrase: str) -> _Entity | None:
        """Return the entity a mention names, creating it when the text names someone new."""
        entity = self._find(mention, at)
        if entity is None:
            return None
        if mention.role and not entity.role:
            entity.role = mention.role
        if mention.organization and not entity.organization:
            entity.organization = mention.organization
        if (
            phrase
            and fold(phrase) != fold(entity.name)
            and phrase not in entity.aliases
            and mention.kind != "pronoun"
        ):
            entity.aliases.append(phrase)
        if entity.kind == "person":
            self.last_person = entity
        return entity

    def _find(self, mention: Mention, at: int) -> _Entity | None:
        kind = mention.kind
        if kind == "pronoun":
            return self.last_person
        if kind in ("surname", "word"):
            key = fold(mention.name)
            for entity in reversed(self.entities):
                if entity.kind == "person" and fold(surname(entity.name)) == key:
                    return entity
                if key in {fold(strip_article(n)) for n in (entity.name, *entity.aliases)}:
                    return entity
            store = self._store_match(mention.name, person_surname=True)
            if store is None and kind == "word":
                store = self._store_match(mention.name)
            # A bare capitalised word is a surname unless it names a place or body ("Iraq said").
            new_kind = "institution" if kind == "word" and mention.name in PLACES else "person"
            return self._add(store.kind if store else new_kind, mention.name, at, mention, store)
        if kind == "person":
            for entity in self.entities:
                if entity.kind == "person" and _same_person(entity.name, mention.name):
                    return entity
            return self._add("person", mention.name, at, mention, self._store_match(mention.name))
        key = fold(strip_article(mention.name))
        if kind == "unnamed" and re.fullmatch(r"(?i)the\s+\S+", mention.name):
            for entity in reversed(self.entities):  # "the official" points back to "a senior official"
                if entity.kind == "unnamed" and entity.head == mention.head:
                    return entity
        for entity in self.entities:
            if entity.kind == kind and key in {
                fold(strip_article(n)) for n in (entity.name, *entity.aliases)
            }:
                return entity
        store = self._store_match(mention.name)
        name = strip_article(mention.name)
        if kind == "unnamed" and name.lower() == mention.head:
            name = f"unnamed {name.lower()}"
        return self._add(kind, name if kind == "unnamed" else mention.name, at, mention, store)

    def _store_match(self, name: str, *, person_surname: bool = False) -> StoreSpeaker | None:
        """Find a store speaker by name or alias; generic names ("the statement") only in the same source."""
        key = fold(strip_article(name))
        for speaker in self.store_speakers:
            names = (speaker.name, *speaker.aliases)
            if person_surname:
                if speaker.kind == "person" and key in {
                    fold(surname(speaker.name)),
                    *map(fold, speaker.aliases),
                }:
                    return speaker
                continue
            if key not in {fold(strip_article(n)) for n in names}:
                continue
            # A proper name ("Iraq") matches anywhere; "the statement" only the same document's.
            if speaker.id in self.same_source or (
                speaker.kind != "unnamed" and _has_capital(strip_article(name))
            ):
                return speaker
        return None

    def _add(self, kind: str, name: str, at: int, mention: Mention, store: StoreSpeaker | None) -> _Entity:
        for entity in self.entities:
            if store is not None and entity.store_id == store.id:
                return entity
        entity = _Entity(store.kind if store else kind, name, at, mention, store)
        self.entities.append(entity)
        return entity


def _has_capital(text: str) -> bool:
    return any(c.isupper() for c in text)


def _same_person(a: str, b: str) -> bool:
    """Tell whether two full names name one person: same family name and same first name."""
    wa, wb = a.split(), b.split()
    return fold(surname(a)) == fold(surname(b)) and fold(wa[0]) == fold(wb[0])


def _speaker_before(narration: str, start: int, verb_start: int) -> tuple[str, int, str] | None:
    """Return the phrase just before a verb ("Despite the progress, the official| cautioned").

    The third value is an aside between commas, when the phrase has one: "The union's general
    secretary, Mick Lynch, told ..." gives the role and "Mick Lynch".
    """
    start = max(start, verb_start - 400)  # a speaker phrase is short; bound the work on huge sentences
    pre = narration[start:verb_start]
    chunks = re.split(r"[,;:()“”\"\x00—–]|\s-\s", pre)
    last = chunks[-1]
    if last.strip():
        # "A maintenance worker who asked not to be named ... said": the speaker is before "who".
        relative = re.search(r"\s(?:who|whom|whose)\s", last)
        if relative:
            return last[: relative.start()], verb_start - len(last), ""
        return last, verb_start - len(last), ""
    # "The statement, issued after nine months of talks, outlines ...": skip the aside.
    parts = pre.split(",")
    if len(parts) >= 3 and not parts[-1].strip() and parts[-2].strip():
        phrase = re.split(r"[;:()“”\"\x00—–]", parts[-3])[-1]
        if phrase.strip():
            at = start + len(",".join(parts[:-2])) - len(phrase)
            return phrase, at, parts[-2]
    return None


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
        if words and word.lower() in _PHRASE_ENDS:
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


def _clause_end(narration: str, start: int, end: int) -> int:
    """Return where a reported clause ends: the sentence end, or a break such as ", after ..."."""
    match = _CLAUSE_BREAK.search(narration, start, end)
    stop = match.start() if match else end
    while stop > start and (narration[stop - 1].isspace() or narration[stop - 1] in ".!?;:,"):
        stop -= 1
    return stop


def _words(text: str) -> int:
    return len(text.split())


class _Extractor:
    def __init__(self, text: str, store_speakers: Sequence[StoreSpeaker], same_source: set[str]) -> None:
        self.text = text
        self.paras = paragraphs(text)
        self.quotes = find_quotes(text, self.paras)
        self.quote_starts = [q.start for q in self.quotes]
        self.narration = masked(text, self.quotes)
        self.book = _Book(store_speakers, same_source)
        self.found: list[_Found] = []
        self.quote_speakers: dict[Quote, _Entity] = {}

    def run(self, title_para: int | None) -> list[_Found]:
        seen: set[str] = set()
        pending: list[Quote] = []
        previous_speaker: _Entity | None = None
        for number, para in enumerate(self.paras):
            body = self.text[para.start : para.end].strip()
            if body in seen:  # a repeated paragraph (a caption scraped twice) is one claim, not two
                continue
            seen.add(body)
            if number == title_para:
                pending.extend(self._quotes_in(para))
                continue
            if self._caption(para):
                previous_speaker = None
                continue
            previous_speaker = self._paragraph(para, previous_speaker)
        self._fragments(pending)
        self._spokesperson_named_later()
        return self.found

    def _quotes_in(self, para: Paragraph) -> list[Quote]:
        """Return the quotations that start in a paragraph."""
        first = bisect.bisect_left(self.quote_starts, para.start)
        return self.quotes[first : bisect.bisect_left(self.quote_starts, para.end)]

    def _caption(self, para: Paragraph) -> bool:
        """Take a photo caption, "... (U.S. Army photo by ...)", as claims of its credited source."""
        match = _CAPTION_CREDIT.search(self.text, para.start, para.end)
        if not match:
            return False
        credit = match["credit"]
        owner = re.split(r"\s*\b[Pp]hoto\b", credit)[0].strip(" /,:")
        if not owner:
            by = re.search(r"\b(?:by|:)\s*(?P<name>[^/;,]+)", credit)
            owner = by["name"].strip() if by else ""
        mention = read_phrase(owner) if owner else None
        if mention is None:
            return True
        if mention.kind == "word":
            mention = mention._replace(kind="institution")
        entity = self.book.resolve(mention, para.start, owner)
        if entity is None:
            return True
        end = match.start()
        parts: list[tuple[int, int]] = []
        for start, stop in sentences(self.narration, Paragraph(para.start, end)):
            while stop > start and self.text[stop - 1].isspace():
                stop -= 1
            sentence = self.text[start:stop]
            dates = full_dates(sentence)
            undated = sentence[: dates[0][0]] + sentence[dates[0][1] :] if dates else ""
            if parts and dates and not re.search(r"\b[a-z]", undated):
                # "Al Asad Air Base, Iraq, Feb. 27, 2023." ends the sentence before it.
                parts[-1] = (parts[-1][0], stop)
            elif _words(sentence) >= 4:
                parts.append((start, stop))
        for start, stop in parts:
            self.found.append(_Found(start, stop, "caption", entity, self.text[para.start : para.end], start))
        return True

    def _paragraph(self, para: Paragraph, previous_speaker: _Entity | None) -> _Entity | None:
        """Find the claims of one paragraph; return who spoke last in it, for a quote that follows."""
        quotes = self._quotes_in(para)
        by_sentence: list[tuple[tuple[int, int], list[_Attribution]]] = []
        for sentence in sentences(self.narration, para):
            self._note_subject(*sentence)
            attributions = self._attributions(*sentence)
            by_sentence.append((sentence, attributions))
            self._reported(sentence, attributions)
        speaker = None
        starts = [s for (s, _), _ in by_sentence]
        for quote in quotes:
            attribution = _nearest(quote, by_sentence, starts)
            entity = attribution.entity if attribution else None
            region = attribution.region if attribution else (para.start, para.start)
            if entity is None:
                entity = (
                    self._continued(quote) or previous_speaker
                    if self.text[para.start] in _QUOTE_OPEN
                    else None
                )
            if entity is None or _words(self.text[quote.start : quote.end]) < MIN_QUOTE_WORDS:
                continue
            self.quote_speakers[quote] = entity
            self.found.append(
                _Found(
                    quote.start, quote.end, "quote", entity, self.narration[region[0] : region[1]], region[0]
                )
            )
            speaker = entity
        return speaker

    def _note_subject(self, start: int, end: int) -> None:
        """Note a person named as a sentence's subject, so that a later "he said" finds them."""
        run = re.match(
            r"\s*((?:[A-Z][\w’'.-]*|of|the)(?:\s+(?:[A-Z][\w’'.-]*|of|the))*)", self.narration[start:end]
        )
        if not run:
            return
        phrase = re.sub(r"(?:’s|'s)$", "", run.group(1))
        mention = read_phrase(phrase)
        if mention is None or mention.kind not in ("person", "surname", "word"):
            return
        if mention.kind == "word" and not any(
            e.kind == "person" and fold(surname(e.name)) == fold(mention.name) for e in self.book.entities
        ):
            return
        self.book.resolve(mention, start, phrase)

    def _continued(self, quote: Quote) -> _Entity | None:
        """Give a paragraph that continues a quotation from the paragraph before the same speaker."""
        i = bisect.bisect_left(self.quote_starts, quote.start)
        earlier = self.quotes[i - 1] if i > 0 else None
        if earlier is None or not earlier.runs_on or self.text[earlier.outer_end : quote.outer_start].strip():
            return None
        return self.quote_speakers.get(earlier)

    def _attributions(self, start: int, end: int) -> list[_Attribution]:
        """Find the speech verbs of a sentence and the speaker each one names."""
        found: list[_Attribution] = []
        narration = self.narration
        for match in _VERB.finditer(narration, start, end):
            verb = match["verb"]
            if verb in PARTICIPLES and found and narration[start : match.start()].rstrip().endswith(","):
                first = found[0]
                found.append(first._replace(verb=verb, verb_start=match.start(), verb_end=match.end()))
                continue
            if verb not in SPEECH_VERBS:
                continue
            before = _speaker_before(narration, start, match.start())
            mention = read_phrase(before[0]) if before else None
            phrase, at, phrase_before = ("", 0, True)
            aside = None
            if before is not None:
                if mention is not None:
                    phrase, at = before[0].strip(), before[1]
                aside = read_phrase(before[2]) if before[2].strip() else None
            if (
                mention is not None
                and aside is not None
                and aside.kind == "person"
                and mention.kind != "person"
            ):
                # "The union's general secretary, Mick Lynch, told ...": the name, with the role before it.
                mention = aside._replace(role=aside.role or strip_article(phrase))
            elif (
                mention is not None
                and aside is not None
                and mention.kind == "person"
                and aside.kind == "unnamed"
            ):
                # "Ana Pérez, the city's engineer, said ...": the aside is her role.
                mention = mention._replace(role=mention.role or strip_article(before[2] if before else ""))
            if (
                mention is None
                and verb not in ("told", "tells")
                and (
                    not narration[start : match.start()].strip()
                    or re.search(r"[,\x00”\"—–:]\s*$", narration[start : match.start()])
                )
            ):
                after = _speaker_after(narration, match.end(), end)
                mention = read_phrase(after[0]) if after else None
                if after and mention:
                    phrase, at, phrase_before = after[0].strip(), after[1], False
                    role = _role_after(narration, at + len(phrase), end)
                    if mention.kind in ("person", "surname") and role and not mention.role:
                        mention = mention._replace(role=role)  # "said Priya Natarajan, a nurse who ..."
            if (
                mention is None
                and found
                and re.search(r"\b(?:and|but)\s*$", narration[start : match.start()])
            ):
                # "Lindqvist acknowledged the risk but said ...": the same speaker goes on.
                previous = found[-1]
                found.append(
                    previous._replace(
                        verb=verb, verb_start=match.start(), verb_end=match.end(), phrase_before=True
                    )
                )
                continue
            if mention is None:
                continue
            entity = self.book.resolve(mention, at, phrase)
            if entity is None:
                continue
            region = (min(at, match.start()), max(match.end(), at + len(phrase)) + 40)
            found.append(
                _Attribution(
                    entity, verb, match.start(), match.end(), phrase_before, region, at + len(phrase)
                )
            )
        for match in _ACCORDING.finditer(narration, start, end):
            phrase = match["phrase"].strip()
            mention = read_phrase(phrase)
            entity = self.book.resolve(mention, match.start("phrase"), phrase) if mention else None
            if entity is not None:
                span = (match.start(), match.end())
                found.append(_Attribution(entity, "according", *span, True, span, match.end()))
        return found

    def _reported(self, sentence: tuple[int, int], attributions: list[_Attribution]) -> None:
        """Take reported speech: "X said (that) ...", "..., X said.", "according to X, ..."."""
        start, end = sentence
        narration = self.narration
        for attribution in attributions:
            content = self._content(attribution, start, end)
            if content is None:
                continue
            c_start, c_end = content
            text = self.text[c_start:c_end]
            blanked = narration[c_start:c_end].count(_PLACEHOLDER)
            if (
                _words(text) < MIN_REPORTED_WORDS
                or blanked > 0.8 * len(text)
                or self.text[c_start] in _QUOTE_OPEN
            ):
                continue
            self.found.append(
                _Found(
                    c_start,
                    c_end,
                    "reported",
                    attribution.entity,
                    self._cue_text(attribution, start, end, content),
                    attribution.verb_start,
                )
            )
            echo = _ECHO.match(narration, c_end, end)
            if echo is not None:
                mention = read_phrase(echo["phrase"])
                entity = (
                    self.book.resolve(mention, echo.start("phrase"), echo["phrase"].strip())
                    if mention
                    else None
                )
                if entity is not None:
                    self.found.append(
                        _Found(
                            c_start,
                            c_end,
                            "reported",
                            entity,
                            narration[echo.start() : echo.end()],
                            echo.start(),
                        )
                    )

    def _cue_text(self, attribution: _Attribution, start: int, end: int, content: tuple[int, int]) -> str:
        """Return the sentence without the claim's own words, where a date cue belongs to the attribution."""
        return self.narration[start : content[0]] + " " + self.narration[content[1] : end]

    def _content(self, attribution: _Attribution, start: int, end: int) -> tuple[int, int] | None:
        narration = self.narration
        verb, v_end = attribution.verb, attribution.verb_end
        if verb == "according":
            after = narration[v_end:end]
            if re.match(r"\s*,\s*\S", after):  # "According to X, the talks ..."
                c_start = v_end + len(after) - len(after.split(",", 1)[1].lstrip())
                return c_start, _clause_end(narration, c_start, end)
            return self._before_attribution(attribution, start, end)
        if not attribution.phrase_before and verb not in PARTICIPLES:
            return self._before_attribution(attribution, start, end)
        rest = narration[v_end:end]
        if match := re.match(r"(?:\s+[^\s,.;:\x00“”\"]+){0,8}?\s+that\s+(?=\S)", rest):
            c_start = v_end + match.end()
        elif verb in OBJECT_VERBS and (match := re.match(rf"\s+(?={_DETERMINERS}\s)", rest)):
            c_start = v_end + match.end()
        elif verb in CLAUSE_VERBS and (match := re.match(rf"\s+(?!{_NOT_A_CLAUSE}\b)(?=[\w$£€]+\s)", rest)):
            c_start = v_end + match.end()
        else:
            return self._before_attribution(attribution, start, end)
        c_end = _clause_end(narration, c_start, end)
        return (c_start, c_end) if c_end > c_start else None

    def _before_attribution(self, attribution: _Attribution, start: int, end: int) -> tuple[int, int] | None:
        """Take "CONTENT, X said." when the attribution closes the sentence (or its main clause)."""
        narration = self.narration
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
        if narration[start] in _QUOTE_OPEN or _PLACEHOLDER in narration[start:c_end]:
            return None
        return (start, c_end) if c_end > start else None

    def _fragments(self, quotes: Sequence[Quote]) -> None:
        """Give a headline's short quotation ("Not Withdrawing") the speaker of the quote it is taken from."""
        for quote in quotes:
            words = fold(self.text[quote.start : quote.end])
            if not words:
                continue
            for found in self.found:
                if found.kind == "quote" and re.search(
                    rf"\b{re.escape(words)}\b", fold(self.text[found.start : found.end])
                ):
                    self.found.append(_Found(quote.start, quote.end, "quote", found.entity, "", found.at))
                    break

    def _spokesperson_named_later(self) -> None:
        """Read "a spokesperson ... said" followed by "said Press Secretary Jane Doe" as one speaker."""
        for unnamed in [e for e in self.book.entities if e.kind == "unnamed" and e.head in SPOKES_NOUNS]:
            later = [
                e for e in self.book.entities if e.kind == "person" and e.first > unnamed.first and e.role
            ]
            named = next(
                (e for e in later if re.search(r"(?i)spokes|press secretary|press officer", e.role or "")),
                None,
            )
            if named is None or _paragraph_gap(self.paras, unnamed.first, named.first) > 2:
                continue
            self.found = [f._replace(entity=named) if f.entity is unnamed else f for f in self.found]
            named.aliases.append(unnamed.name)


def _paragraph_gap(paras: Sequence[Paragraph], a: int, b: int) -> int:
    """Return how many paragraphs apart two offsets are."""
    starts = [p.start for p in paras]
    return bisect.bisect_right(starts, b) - bisect.bisect_right(starts, a)


def _nearest(
    quote: Quote, by_sentence: list[tuple[tuple[int, int], list[_Attribution]]], starts: list[int]
) -> _Attribution | None:
    """Return a quote's attribution: in its own sentence, else in a sentence near it in the paragraph."""
    i = bisect.bisect_right(starts, quote.start) - 1  # the sentence the quotation starts in
    if i < 0:
        return None
    for j in (i, i - 1, i + 1, i - 2):
        if 0 <= j < len(by_sentence) and by_sentence[j][1]:
            candidates = by_sentence[j][1]
            return min(
                candidates,
                key=lambda a: min(abs(a.verb_start - quote.outer_end), abs(a.verb_start - quote.outer_start)),
            )
    return None


def title_paragraph(text: str, paras: Sequence[Paragraph]) -> int | None:
    """Return the index of the headline: the first short paragraph that does not end like a sentence."""
    for number, para in enumerate(paras[:3]):
        line = text[para.start : para.end]
        if len(line) <= 200 and not line.rstrip().endswith((".", "?", "!", ")", ":", "”", '"')):
            return number
    return None


def printed_date(text: str, paras: Sequence[Paragraph]) -> date | None:
    """Return a date printed near the top of the text (a dateline), not in a photo caption."""
    for para in paras[:4]:
        if _CAPTION_CREDIT.search(text, para.start, para.end):
            continue
        dates = full_dates(text[para.start : para.end])
        if dates:
            return dates[0][2]
    return None


def slug(text: str, most: int = 60) -> str:
    """Make an id part from text: lower-case ASCII words joined by hyphens."""
    words = _SLUG_WORD.findall(fold(text).replace("’", "").replace("'", ""))
    return "-".join(words)[:most].strip("-") or "x"


def extract_claims(
    text: str,
    *,
    file: str,
    title: str | None = None,
    published: date | None = None,
    store_speakers: Sequence[StoreSpeaker] = (),
    same_source: Iterable[str] = (),
) -> Extraction:
    """Propose the claims of one article, each with its speaker, date and exact span."""
    extractor = _Extractor(text, store_speakers, set(same_source))
    heading = title_paragraph(text, extractor.paras)
    found = extractor.run(heading)
    if title is None:
        title = (
            text[extractor.paras[heading].start : extractor.paras[heading].end]
            if heading is not None
            else file
        )
    if published is not None:
        reference, basis = published, f"the publication date, {published}"
    else:
        printed = printed_date(text, extractor.paras)
        if printed is None:
            raise FactsError(
                f"{file} prints no date near its top, so its claims cannot be dated.",
                hint="Pass --published YYYY-MM-DD.",
            )
        reference, basis = printed, f"the date printed at the top of the text, {printed}"
    source: SourceRef = {
        "file": file,
        "title": title.strip() or file,
        "outlet": None,
        "url": None,
        "published": reference.isoformat() if published is not None else None,
    }
    stem = slug(file.rsplit(".", 1)[0], 40)
    ids = _Ids()
    claims: list[ClaimRecord] = []
    cues: dict[int, list[tuple[int, DatedCue]]] = {}  # speaker -> (where, cue) of their attributions
    own_cues: dict[int, DatedCue | None] = {}
    unique = sorted(
        {(f.start, f.end, id(f.entity)): f for f in found}.values(), key=lambda f: (f.start, f.end)
    )
    for item in sorted(unique, key=lambda f: f.at):
        cue = own_cues[id(item)] = resolve_cue(item.cue_text, reference) if item.kind != "caption" else None
        if cue is not None:
            cues.setdefault(id(item.entity), []).append((item.at, cue))
    new_ids = _speaker_ids(extractor.book.entities, stem, store_speakers)
    for item in unique:
        entity = item.entity
        dated = _claim_date(item, own_cues[id(item)], reference, basis, cues.get(id(entity), []), text)
        speaker_id = entity.store_id or new_ids[id(entity)]
        claim_id = ids.new(f"{stem}-{_id_word(entity)}-{_gist(text[item.start : item.end])}")
        claims.append(
            {
                "id": claim_id,
                "text": text[item.start : item.end],
                "kind": item.kind,
                "speaker": {
                    "id": speaker_id,
                    "name": entity.name,
                    "kind": entity.kind,
                    "role": entity.role,
                    "organization": entity.organization,
                },
                "date": dated.date.isoformat(),
                "date_precision": dated.precision,
                "date_basis": dated.basis,
                "source": source,
                "span": {"start": item.start, "end": item.end},
            }
        )
    used = {id(f.entity) for f in unique}
    speakers: list[NewSpeaker] = [
        {
            "id": new_ids[id(e)],
            "name": e.name,
            "kind": e.kind,
            "role": e.role,
            "organization": e.organization,
            "aliases": _aliases(e),
        }
        for e in extractor.book.entities
        if e.store_id is None and id(e) in used
    ]
    return Extraction(source, claims, speakers)


def _aliases(entity: _Entity) -> list[str]:
    names = {fold(entity.name)}
    aliases = []
    candidates = [*entity.aliases]
    if entity.kind == "person" and " " in entity.name:
        candidates.append(surname(entity.name))
    for alias in candidates:
        alias = alias.strip()
        if alias and fold(alias) not in names and alias.lower() not in ("he", "she"):
            names.add(fold(alias))
            aliases.append(alias)
    return aliases


def _speaker_ids(
    entities: Sequence[_Entity], stem: str, store_speakers: Sequence[StoreSpeaker]
) -> dict[int, str]:
    """Give each new speaker an id; unnamed and generic speakers are scoped to their document."""
    taken = _Ids(s.id for s in store_speakers)
    ids = {}
    for entity in entities:
        if entity.store_id:
            continue
        base = slug(strip_article(entity.name), 60)
        if entity.kind == "unnamed" or not _has_capital(entity.name):
            base = f"{base}-{stem}"[:110]
        ids[id(entity)] = taken.new(base)
    return ids


class _Ids:
    """Hand out ids that are not taken: base, else base-2, base-3, ..."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.next_suffix: dict[str, int] = {}

    def new(self, base: str) -> str:
        candidate = base
        while candidate in self.taken:
            suffix = self.next_suffix.get(base, 2)
            self.next_suffix[base] = suffix + 1
            candidate = f"{base}-{suffix}"
        self.taken.add(candidate)
        return candidate


def _id_word(entity: _Entity) -> str:
    """Name a speaker in a claim id: a person's surname, else the head of the phrase ("official")."""
    if entity.kind == "person":
        return slug(surname(entity.name), 24)
    if entity.kind == "unnamed" and entity.head:
        return slug(entity.head, 24)
    return "-".join(slug(strip_article(entity.name), 40).split("-")[:3])


def _gist(text: str) -> str:
    words = [w for w in _SLUG_WORD.findall(fold(text).replace("’", "")) if w not in _STOP_WORDS]
    return "-".join(words[:4]) or "claim"


def _claim_date(
    item: _Found,
    own: DatedCue | None,
    reference: date,
    basis: str,
    cues: list[tuple[int, DatedCue]],
    text: str,
) -> DatedCue:
    """Date a claim: its caption's date, a cue in its attribution, the speaker's last cue, or publication."""
    if item.kind == "caption":
        para_end = text.find("\n", item.start)
        printed = full_dates(text[item.start : para_end if para_end >= 0 else len(text)])
        para_start = text.rfind("\n", 0, item.start) + 1
        printed = printed or full_dates(text[para_start : para_end if para_end >= 0 else len(text)])
        if printed:
            return DatedCue(printed[0][2], "day", "the date printed in the photo caption")
        return DatedCue(reference, "day", basis)
    if own is not None:
        return own
    earlier = [cue for at, cue in cues if at <= item.at]
    if earlier:
        cue = earlier[-1]
        return cue._replace(basis=f"the same speaker's earlier attribution in this text: {cue.basis}")
    return DatedCue(reference, "day", basis)
