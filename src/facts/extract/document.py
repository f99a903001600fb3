"""Walk an article paragraph by paragraph and find its claims: quotations, reported speech, captions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from facts.extract.content import ECHO, reported_content
from facts.extract.cues import Attribution, find_attributions
from facts.extract.dates import full_dates
from facts.extract.entities import Book, Entity, StoreSpeaker
from facts.extract.lexicon import PARTICIPLES, SPEECH_VERBS
from facts.extract.mentions import read_phrase
from facts.extract.name_words import SPOKES_NOUNS
from facts.extract.quotes import MARK, Quote, find_quotes
from facts.extract.subjects import note_names, note_subject
from facts.extract.text import (
    CAPTION_CREDIT,
    PLACEHOLDER,
    Paragraph,
    count_words,
    masked,
    paragraphs,
    sentences,
)
from facts.names import fold

# A quotation's own tag, right after it: '," she said', '," he added'.
_TAGGED = re.compile(
    r"\s*[,.!?]?\s*(?:he|she|they|we|I)\s+(?:[a-z]+ly\s+)?(?:said|says|added|adds|told|tells|asked|asks|"
    r"wrote|writes|continued|explained|recalled|insisted|replied)\b"
)
MIN_QUOTE_WORDS = 2
MAX_SCARE_QUOTE_WORDS = 4
MIN_REPORTED_WORDS = 3


class Found(NamedTuple):
    """A claim found in the text, before ids and dates are given."""

    start: int
    end: int
    kind: str
    entity: Entity
    cue_text: str  # the words around the attribution, where "on Friday" is looked for
    at: int  # where the attribution is, for ordering cues
    cue: str | None = None  # the verb or phrase of attribution as written: "denied", "according to"
    cue_at: tuple[int, int] | None = None  # where that cue is, shown when reviewing
    phrase: tuple[int, int] | None = None  # the speaker phrase as the text writes it


class DocumentReader:
    """Read one article and collect what it attributes to whom."""

    def __init__(self, text: str, store_speakers: Sequence[StoreSpeaker], same_source: set[str]) -> None:
        self.text = text
        self.paras = paragraphs(text)
        self.quotes = find_quotes(text, self.paras)
        self.quote_starts = [q.start for q in self.quotes]
        self.narration = masked(text, self.quotes)
        self.book = Book(store_speakers, same_source, text)
        self.found: list[Found] = []
        self.quote_speakers: dict[Quote, Entity] = {}

    def run(self, title_para: int | None) -> list[Found]:
        seen: set[str] = set()
        pending: list[Quote] = []
        previous_speaker: Entity | None = None
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
        match = CAPTION_CREDIT.search(self.text, para.start, para.end)
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
            elif count_words(sentence) >= 4:
                parts.append((start, stop))
        for start, stop in parts:
            self.found.append(Found(start, stop, "caption", entity, self.text[para.start : para.end], start))
        return True

    def _paragraph(self, para: Paragraph, previous_speaker: Entity | None) -> Entity | None:
        """Find the claims of one paragraph; return who spoke last in it, for a quote that follows."""
        quotes = self._quotes_in(para)
        by_sentence: list[tuple[tuple[int, int], list[Attribution]]] = []
        for sentence in sentences(self.narration, para):
            note_subject(self.narration, self.book, *sentence)
            note_names(self.narration, self.book, *sentence)
            attributions = find_attributions(self.narration, self.book, *sentence)
            by_sentence.append((sentence, attributions))
            self._reported(sentence, attributions)
        speaker = None
        starts = [s for (s, _), _ in by_sentence]
        for quote in quotes:
            attribution = _nearest(quote, by_sentence, starts)
            own = _sentence_of(quote, by_sentence, starts)
            if attribution is not None and own is not None and attribution not in own[1]:
                if _TAGGED.match(self.narration, quote.outer_end, own[0][1]):
                    # '"…," she said' whose "she" names no one known: not the speaker of a sentence nearby
                    attribution = None
            if own is not None and self._embedded(quote, own[0]):
                # A quotation inside narration is a claim only when its own sentence attributes it, and a
                # word or two ("economic bubble", a film's title) only when a verb of saying introduces it.
                words = self.text[quote.start : quote.end].split()
                short = len(words) <= MAX_SCARE_QUOTE_WORDS
                if not own[1] or (short and not self._introduced(quote, own[0])) or _title(words):
                    continue
                attribution = min(own[1], key=lambda a: abs(a.verb_start - quote.outer_start))
            entity = attribution.entity if attribution else None
            region = attribution.region if attribution else (para.start, para.start)
            if entity is None:
                entity = (
                    self._continued(quote) or previous_speaker if self.narration[para.start] == MARK else None
                )
            if entity is None or count_words(self.text[quote.start : quote.end]) < MIN_QUOTE_WORDS:
                continue
            self.quote_speakers[quote] = entity
            self.found.append(
                Found(
                    quote.start,
                    quote.end,
                    "quote",
                    entity,
                    self.narration[region[0] : region[1]],
                    region[0],
                    self._written(attribution) if attribution and attribution.entity is entity else None,
                    (attribution.verb_start, attribution.verb_end) if attribution else None,
                    attribution.phrase if attribution else None,
                )
            )
            speaker = entity
        if speaker is None and by_sentence and by_sentence[-1][1]:
            last = by_sentence[-1][1][-1]
            if re.fullmatch(r"(?:\s+[\w.’'-]+){0,4}\s*:\s*", self.narration[last.phrase_end : para.end]):
                speaker = last.entity  # "She said:", and the quotation in the next paragraph
        return speaker

    def _embedded(self, quote: Quote, sentence: tuple[int, int]) -> bool:
        """Tell whether narration of the same sentence comes before a quotation."""
        return re.search(r"[A-Za-z]", self.narration[sentence[0] : quote.outer_start]) is not None

    def _introduced(self, quote: Quote, sentence: tuple[int, int]) -> bool:
        """Tell whether a verb of saying or a colon introduces a quotation, or an attribution follows it."""
        before = self.narration[max(sentence[0], quote.outer_start - 80) : quote.outer_start]
        after = self.narration[quote.outer_end : min(sentence[1], quote.outer_end + 80)]
        words = re.findall(r"[a-z]+", before.lower())[-3:]
        # "…," said the mayor / "…," the mayor said: a verb among the next words, before other punctuation.
        following = re.split(r"[,;:!?\x00\"]", after.lstrip(" ,.!?"), maxsplit=1)[0].split()[:6]
        return (
            before.rstrip().endswith((":", ","))
            or any(w in SPEECH_VERBS or w in PARTICIPLES or w in ("as", "called", "calling") for w in words)
            or any(w.rstrip(".") in SPEECH_VERBS for w in following)
        )

    def _continued(self, quote: Quote) -> Entity | None:
        """Give a paragraph that continues a quotation from the paragraph before the same speaker."""
        i = bisect.bisect_left(self.quote_starts, quote.start)
        earlier = self.quotes[i - 1] if i > 0 else None
        if earlier is None or not earlier.runs_on or self.text[earlier.outer_end : quote.outer_start].strip():
            return None
        return self.quote_speakers.get(earlier)

    def _reported(self, sentence: tuple[int, int], attributions: list[Attribution]) -> None:
        """Take reported speech: "X said (that) ...", "..., X said.", "according to X, ..."."""
        start, end = sentence
        narration = self.narration
        for attribution in attributions:
            for content in reported_content(narration, attribution, start, end):
                content = _before_others(narration, content, attribution, attributions)
                self._report(attribution, content, sentence)

    def _report(self, attribution: Attribution, content: tuple[int, int], sentence: tuple[int, int]) -> None:
        """Keep one reported content of an attribution, unless it is too short or mostly a quotation."""
        start, end = sentence
        narration = self.narration
        c_start, c_end = content
        while c_end > c_start and (self.text[c_end - 1].isspace() or self.text[c_end - 1] in ",;:"):
            c_end -= 1  # a content cut before a masked quotation or a later cue may end in a space
        text = self.text[c_start:c_end]
        blanked = narration[c_start:c_end].count(PLACEHOLDER)
        if (
            count_words(text) < MIN_REPORTED_WORDS
            or blanked > 0.8 * len(text)
            # a content that opens with a quotation is that quotation, unless it is a word or two of it
            or (self.narration[c_start] == MARK and blanked > 0.4 * len(text))
        ):
            return
        self.found.append(
            Found(
                c_start,
                c_end,
                "reported",
                attribution.entity,
                self._cue_text(attribution, start, end, content),
                attribution.verb_start,
                self._written(attribution),
                (attribution.verb_start, attribution.verb_end),
                attribution.phrase,
            )
        )
        echo = ECHO.match(narration, c_end, end)
        if echo is not None:
            mention = read_phrase(echo["phrase"])
            entity = (
                self.book.resolve(mention, echo.start("phrase"), echo["phrase"].strip()) if mention else None
            )
            if entity is not None:
                self.found.append(
                    Found(
                        c_start,
                        c_end,
                        "reported",
                        entity,
                        narration[echo.start() : echo.end()],
                        echo.start(),
                        echo["verb"],
                        (echo.start(), echo.end()),
                        (echo.start("phrase"), echo.start("phrase") + len(echo["phrase"].strip())),
                    )
                )

    def _written(self, attribution: Attribution) -> str:
        """Return an attribution's cue as the text writes it: "denied", "According to"."""
        if attribution.verb == "according":
            return self.text[attribution.verb_start : attribution.verb_start + len("according to")]
        return self.text[attribution.verb_start : attribution.verb_end]

    def _cue_text(self, attribution: Attribution, start: int, end: int, content: tuple[int, int]) -> str:
        """Return the sentence without the claim's own words, where a date cue belongs to the attribution."""
        return self.narration[start : content[0]] + " " + self.narration[content[1] : end]

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
                    self.found.append(
                        Found(quote.start, quote.end, "quote", found.entity, "", found.at, found.cue)
                    )
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
            where = fold(f"{named.role or ''} {named.organization or ''}")
            body = (
                unnamed.organization
                if unnamed.organization and unnamed.name.startswith(unnamed.organization)
                else None
            )
            if body and fold(body) not in where:
                continue  # "a Twitter spokesman" is not the White House press secretary named later
            self.found = [f._replace(entity=named) if f.entity is unnamed else f for f in self.found]
            named.aliases.append(unnamed.name)


def _before_others(
    narration: str, content: tuple[int, int], attribution: Attribution, attributions: list[Attribution]
) -> tuple[int, int]:
    """Cut a content before another attribution that ends it: "the pier was sold|, a spokesman said"."""
    c_start, c_end = content
    for other in attributions:
        if other.entity is attribution.entity or not c_start < other.verb_start < c_end:
            continue
        cut = min(other.verb_start, other.phrase[0] if other.phrase else other.verb_start)
        rest = narration[max(other.verb_end, other.phrase_end) : c_end]
        if cut > c_start and re.search(r",\s*$", narration[c_start:cut]) and len(rest.split()) <= 3:
            c_end = min(c_end, cut)
    return c_start, c_end


def _paragraph_gap(paras: Sequence[Paragraph], a: int, b: int) -> int:
    """Return how many paragraphs apart two offsets are."""
    starts = [p.start for p in paras]
    return bisect.bisect_right(starts, b) - bisect.bisect_right(starts, a)


def _title(words: list[str]) -> bool:
    """Tell a title ("Those Guys Have All the Fun") from speech: every longer word capitalised."""
    longer = [w for w in words if len(w.strip(",.:;!?")) > 3]
    return len(words) >= 2 and bool(longer) and all(w[0].isupper() for w in longer)


def _sentence_of(
    quote: Quote, by_sentence: list[tuple[tuple[int, int], list[Attribution]]], starts: list[int]
) -> tuple[tuple[int, int], list[Attribution]] | None:
    """Return the sentence a quotation starts in, with its attributions."""
    i = bisect.bisect_right(starts, quote.outer_start) - 1
    return by_sentence[i] if 0 <= i < len(by_sentence) else None


def _tagged_after(quote: Quote, sentence: tuple[tuple[int, int], list[Attribution]]) -> bool:
    """Tell whether the sentence right after a quotation opens with its attribution ("Lee asked.")."""
    (start, _), attributions = sentence
    return start - quote.outer_end <= 2 and any(a.verb_start - start < 60 for a in attributions)


def _nearest(
    quote: Quote, by_sentence: list[tuple[tuple[int, int], list[Attribution]]], starts: list[int]
) -> Attribution | None:
    """Return a quote's attribution: in its own sentence, else in a sentence near it in the paragraph."""
    i = bisect.bisect_right(starts, quote.start) - 1  # the sentence the quotation starts in
    if i < 0:
        return None
    order = [i, i - 1, i + 1, i - 2]
    if not by_sentence[i][1] and i + 1 < len(by_sentence) and _tagged_after(quote, by_sentence[i + 1]):
        order = [i + 1, i - 1, i - 2]  # '"Why now?" Ms. Lee asked.': the question ended its sentence
    for j in order:
        if 0 <= j < len(by_sentence) and by_sentence[j][1]:
            candidates = by_sentence[j][1]
            return min(
                candidates,
                key=lambda a: min(abs(a.verb_start - quote.outer_end), abs(a.verb_start - quote.outer_start)),
            )
    return None
