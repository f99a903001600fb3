"""Attribution cues: speech verbs and "according to", with the speaker phrase each one names."""

from __future__ import annotations

import re
from typing import NamedTuple

from facts.extract.entities import Book, Entity
from facts.extract.lexicon import PARTICIPLES, PHRASE_ENDS, SPEECH_VERBS
from facts.extract.mentions import HONORIFICS, TITLE_WORDS, read_phrase, strip_article

_VERB = re.compile(r"\b(?P<verb>[a-z]+)\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<phrase>[^,.;:\x00“”\"]+)")


class Attribution(NamedTuple):
    """A cue of attribution in a sentence and the speaker it names."""

    entity: Entity
    verb: str
    verb_start: int
    verb_end: int
    phrase_before: bool  # "X said" rather than "said X"
    region: tuple[int, int]  # the attribution's words, for date cues
    phrase_end: int  # just past the speaker phrase


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


def find_attributions(narration: str, book: Book, start: int, end: int) -> list[Attribution]:
    """Find the speech verbs of a sentence and the speaker each one names."""
    found: list[Attribution] = []
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
        if mention is not None and aside is not None and aside.kind == "person" and mention.kind != "person":
            # "The union's general secretary, Mick Lynch, told ...": the name, with the role before it.
            mention = aside._replace(role=aside.role or strip_article(phrase))
        elif (
            mention is not None and aside is not None and mention.kind == "person" and aside.kind == "unnamed"
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
        if mention is None and found and re.search(r"\b(?:and|but)\s*$", narration[start : match.start()]):
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
        entity = book.resolve(mention, at, phrase)
        if entity is None:
            continue
        region = (min(at, match.start()), max(match.end(), at + len(phrase)) + 40)
        found.append(
            Attribution(entity, verb, match.start(), match.end(), phrase_before, region, at + len(phrase))
        )
    for match in _ACCORDING.finditer(narration, start, end):
        phrase = match["phrase"].strip()
        mention = read_phrase(phrase)
        entity = book.resolve(mention, match.start("phrase"), phrase) if mention else None
        if entity is not None:
            span = (match.start(), match.end())
            found.append(Attribution(entity, "according", *span, True, span, match.end()))
    return found
