"""Read who a phrase names: a person with a title, a surname, a pronoun, an unnamed source, an institution."""

from __future__ import annotations

import re
from typing import NamedTuple

from facts.extract.name_words import (
    FEMALE_WORDS,
    HONORIFICS,
    INSTITUTION_NOUNS,
    LOWER_TITLE_WORDS,
    MALE_WORDS,
    ORGANIZATION_WORDS,
    PERSON_NOUNS,
    TITLE_WORDS,
)

DETERMINERS = frozenset(
    """
    the a an both two three four five six several many some one other another its their his her our
    senior top
    """.split()
)
# Words that may open a sentence before its subject: "But", "Although", "Even", "For her part".
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|but|so|yet|however|meanwhile|also|still|then|later|now|separately|earlier|instead|"
    r"indeed|moreover|further|furthermore|finally|again|already|previously|in turn|for (?:his|her|their|its) "
    r"part|although|though|while|whilst|when|whenever|even|if|because|since|once|as|after|before|until|"
    r"unless|whereas|only|just|perhaps|maybe|ultimately|thus|hence|instead|otherwise|likewise|similarly|"
    r"notably|specifically|privately|publicly|initially|originally|recently|today|yesterday|now|sometimes|"
    r"often|usually|occasionally|hours|minutes|days|weeks|months|years|moments),?(?:\s+|$))+",
    re.I,
)
# A phrase that opens with a preposition is an adverbial ("In Florida", "Like Makaeff"), not a speaker.
_QUANTIFIER = (
    r"(?:(?:about|nearly|almost|roughly|around|over|only|just|more\s+than|fewer\s+than|less\s+than)\s+)?"
    r"(?:many|most|some|several|few|a few|others|other|all|half|a majority|a minority|dozens|hundreds|those|"
    r"(?:one|two|three|a)[- ](?:third|thirds|quarter|quarters|fifth|fifths)|"
    r"thousands|millions|[\d.,]+%|[\w.-]+ percent|[\w-]+ (?:in|out of) [\w-]+)"
)
_GROUP = re.compile(
    rf"(?i:{_QUANTIFIER})(?:\s+(?:of|in|among|at)\s+(?:the\s+|those\s+|these\s+)?[\w’'-]+(?:\s+[\w’'-]+){{0,3}}"
    r"|(?:\s+[A-Z]?[\w’'-]+){0,3}\s+[A-Za-z’'-]+s)?"
)
_NOBODY = frozenset(
    """
    none nobody everyone everybody anyone anybody nothing everything something this that
    these those there here what which why how where such each every neither either whoever
    """.split()
)
_PREPOSITIONS = frozenset(
    """
    in on at of for with from to by like unlike about against among amid despite during into onto over
    under upon within without through throughout toward towards beyond behind beside besides near via per
    """.split()
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# A phrase that names a time: "Last Sunday", "This March", "Sunday", "Early June".
_TIME_PHRASE = re.compile(
    r"(?i:(?:last|next|this|early|late|every|on|by|since|until)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"(?i:(?:last|next|this|early|late|every|since|until)\s+)(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|week|month|year|weekend|summer|winter|spring|autumn|fall))"
    r"(?:[’']s)?\b"
)
_WHEN = (
    r"(?:(?:early|late|mid-?)\s*)?(?:(?:19|20)\d\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?)"
)
_TIME_AROUND = re.compile(
    rf"^(?:In|On|By|Since|During|Until)\s+{_WHEN},?\s+(?=\S)|\s+(?:in|on|since|during)\s+{_WHEN}$"
)
_POLLED = re.compile(
    r"\s+(?:in|from)\s+(?:a|an|the)\s+(?:[\w.’'-]+\s+){0,6}?(?:poll|survey|study)(?:\s+[\w.’'-]+){0,4}$"
)
# Lower-case words that open a role before a capitalised title or name: "former Sen. Jim Webb".
_ROLE_ADJECTIVES = frozenset(
    "retired former outgoing incoming acting interim longtime veteran embattled then-".split()
)
_FINITE = frozenset(
    """
    is was were are am be been being has have had will would could can may might must shall should do does
    did not also it there this that which who what we i you us me
    """.split()
)
# Words of _FINITE that are never a name when capitalised; "Will Rogers" and "Theresa May" are names.
_WORDS_NOT_NAMES = frozenset(
    "is was were are am has have had it there this that which who what we i you us me".split()
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][\w’'\-.]*|[A-Z]\.|(?:de|da|del|der|van|von|bin|al|la|le|du|dos)|Jr\.|Sr\.|II|III|IV)$"
)
_CAPITALISED = re.compile(r"^[A-Z0-9]")
_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"})


class Mention(NamedTuple):
    """What a speaker phrase says about its speaker."""

    kind: str  # "person", "surname", "pronoun", "unnamed" or "institution"
    name: str  # as it should be shown: "Sabrina Singh", "State Department official", "the Pentagon"
    role: str | None = None
    organization: str | None = None
    head: str | None = None  # the head noun of an unnamed or institutional phrase: "official"
    gender: str | None = None  # "m" or "f" when an honorific, a first name or a noun tells


def gender_of(words: list[str]) -> str | None:
    """Tell "m" or "f" from a phrase's honorific, first name or gendered noun, or None."""
    for word in words:
        key = word.lower()
        if key in MALE_WORDS:
            return "m"
        if key in FEMALE_WORDS:
            return "f"
    return None


def words_of(phrase: str) -> list[str]:
    """Split a phrase into words, keeping abbreviations such as "U.S." and "Sgt." whole."""
    return phrase.replace(",", " ").split()


def surname(name: str) -> str:
    """Return the family name of a person's name: its last word that is not a suffix."""
    parts = [w for w in name.split() if w not in _SUFFIXES]
    return parts[-1] if parts else name


def strip_article(phrase: str) -> str:
    """Drop a leading "the", "a" or "an"."""
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)


def _is_finite(word: str) -> bool:
    """Tell a verb or pronoun that ends a noun phrase; a capitalised "Will" or "May" may be a name."""
    lowered = word.lower()
    return lowered in _FINITE and (word.islower() or lowered in _WORDS_NOT_NAMES)


def _is_name_word(word: str) -> bool:
    return bool(_NAME_TOKEN.match(word)) and word not in TITLE_WORDS


def _is_org_word(word: str) -> bool:
    return word.removesuffix("’s").removesuffix("'s") in ORGANIZATION_WORDS


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into its title ("Deputy Pentagon Press Secretary") and the name after it."""
    start = len(words)
    while start > 0 and _is_name_word(words[start - 1]) and not _is_org_word(words[start - 1]):
        start -= 1
    while 0 < start < len(words) and words[start - 1] in ("of", "for", "the"):
        start += 1  # "Secretary of State Antony Blinken": State belongs to the title
    return words[:start], words[start:]


def _organization_of(words: list[str]) -> str | None:
    """Return the organisation named in a phrase's "for/of/at/with/from ..." tail, if any."""
    for i, word in enumerate(words):
        if word in ("for", "of", "at", "with", "from", "by") and i + 1 < len(words):
            tail = words[i + 1 :]
            if any(_CAPITALISED.match(w) for w in tail):
                return " ".join(tail).rstrip("’'s").removesuffix("’s")
    return None


def _head_of(words: list[str]) -> tuple[str, int]:
    """Return a noun phrase's head noun and its index: the last word before any "for/of/at/..." tail."""
    end = len(words)
    for i, word in enumerate(words):
        if i > 0 and word in ("for", "of", "at", "with", "from", "in", "by"):
            end = i
            break
    return words[end - 1], end - 1


def read_phrase(phrase: str) -> Mention | None:
    """Read a speaker phrase as a mention, or return None if it does not name a speaker."""
    mention = _read(phrase)
    if mention is None or mention.kind in ("pronoun", "institution"):
        return mention
    return mention._replace(gender=gender_of(words_of(phrase)))


def _read(phrase: str) -> Mention | None:
    phrase = _LEADING_FILLER.sub("", phrase.strip(" \t\n,;:—–-")).strip()
    # "In 2017 Microsoft", "Microsoft in 2017", "On Monday the mayor": the time is not the speaker
    phrase = _TIME_AROUND.sub("", phrase).strip()
    if not phrase or re.search(r"\w(?:[’']s|s[’'])$", phrase):
        return None  # "The Granite State's", "Europeans'": whose, not who
    lowered = phrase.lower()
    if lowered in PRONOUNS:
        return Mention("pronoun", lowered)
    if re.sub(r"[’'](?:s|re|d|ll|ve|m)$", "", lowered) in PRONOUNS:
        return None  # "He's", "they'd": a pronoun and a verb
    if lowered in ("another", "one", "another one", "someone", "somebody"):
        return Mention("unnamed", phrase, head="person")  # "Another said ...": one more unnamed person
    words = words_of(phrase)
    if _TIME_PHRASE.match(phrase):
        return None  # "Last Sunday", "Next March", "Sunday's": a time, not a speaker
    if len(words) > 1 and words[0] in _ROLE_ADJECTIVES and words[1][0].isupper():
        # "retired Army Lt. Gen. Mick Bednarek": the adjective belongs to the role
        inner = _read(" ".join(words[1:]))
        if inner is not None and inner.kind in ("person", "surname"):
            return inner._replace(role=" ".join(filter(None, (words[0], inner.role))))
        return inner
    polled = _POLLED.sub("", phrase)  # "78 percent of voters| in a recent CBS News poll|"
    if _GROUP.fullmatch(polled):
        # "many", "some Democrats", "Sixty-six percent", "45% of Republicans": an unnamed group
        return Mention("unnamed", phrase, role=phrase, head="people")
    if words[0].lower() in _PREPOSITIONS:
        return None
    if words[0].lower() in _NOBODY or (len(words) > 1 and all(w.isupper() and len(w) > 3 for w in words)):
        return None  # "None", "Everyone", a header in capitals ("FULL TEXT")
    if words[0].islower() and words[0].endswith(("ing", "ed")) and words[0] not in PERSON_NOUNS:
        return None  # "citing internal documents": a participle, not a noun phrase
    if len(words) > 12 or any(_is_finite(w) for w in words):
        return None
    if any(not (_CAPITALISED.match(w) or w.lower() in DETERMINERS or w.islower()) for w in words):
        return None
    first = words[0]
    head, _ = _head_of(words)
    named = len(split_title(words)[1]) >= 2  # "Secretary of State Antony Blinken" ends in a name
    if (
        (head == first or head.islower())
        and head.lower() in PERSON_NOUNS | INSTITUTION_NOUNS
        and first.lower() not in DETERMINERS
        and not named
    ):
        # "officials", "port officials", "Analysts at the Centre for Economic Research"
        return _determiner_phrase(["", *words])
    if first.lower() in DETERMINERS and not (first[0].isupper() and first not in ("The", "A", "An")):
        return _determiner_phrase(words)
    if first in ("The", "A", "An", "Both", "Two", "Several", "Some", "Many", "One", "Other", "Its", "Their"):
        return _determiner_phrase([first.lower(), *words[1:]])
    return _capitalised_phrase(words)


def _determiner_phrase(words: list[str]) -> Mention | None:
    """Read "a State Department official", "the statement", "the Pentagon", "both countries"."""
    if len(words) < 2:
        return None
    head, head_index = _head_of(words)
    organization = _organization_of(words)
    modifiers = words[1:head_index]
    name = " ".join(w for w in words if w)
    if "and" in words:  # "the Biden administration and Iraqi leaders": a group, named as written
        return Mention("institution", name, head=head.lower())
    if head.lower() in PERSON_NOUNS:
        capitalised = [w for w in modifiers if _CAPITALISED.match(w)]
        organization = organization or (" ".join(capitalised) if capitalised else None)
        return Mention(
            "unnamed", name, role=" ".join(words[1:]), organization=organization, head=head.lower()
        )
    if head.lower() in INSTITUTION_NOUNS:
        return Mention("institution", name, organization=organization, head=head.lower())
    proper = all(_CAPITALISED.match(w) or w in ("of", "for", "and") for w in words[1:])
    if proper and words[0].lower() == "the":
        return Mention("institution", name, head=head.lower())  # "the Pentagon", "the United States"
    return None


def _capitalised_phrase(words: list[str]) -> Mention | None:
    """Read "Deputy Pentagon Press Secretary Sabrina Singh", "Singh", "Iraq", "U.S. Army"."""
    for i, word in enumerate(words[1:], 1):
        # "Economist Jonas Berg of the University of Vallby": a person, then where they work.
        if word in ("of", "at", "from", "with"):
            person = _capitalised_phrase(words[:i])
            if person is not None and person.kind in ("person", "surname"):
                return person._replace(organization=" ".join(words[i + 1 :]))
            break
    joiners = ("of", "for", "the", "and")
    if not any(w[0].isupper() for w in words):
        return None
    if not all(_CAPITALISED.match(w) or w in joiners or w.lower() in LOWER_TITLE_WORDS for w in words):
        # Lower-case words other than titles and joiners: "Iraqi leaders", "Biden administration and ..."
        title, name = split_title(words)
        if len(name) >= 2 and "and" not in title:  # "council member Robert Chan", "former president X Y"
            before_name = " ".join(w for w in title if w not in HONORIFICS)
            return Mention(
                "person", " ".join(w for w in name if w not in HONORIFICS), role=before_name or None
            )
        if "and" not in words and words[-1].lower() in PERSON_NOUNS:  # "officials", "Iraqi officials"
            return _determiner_phrase(["", *words])
        if words[-1].lower() in PERSON_NOUNS | INSTITUTION_NOUNS:
            return Mention("institution", " ".join(words), head=words[-1].lower())
        return None
    title, name = split_title(words)
    name = [w for w in name if w not in HONORIFICS]
    if not name:
        if title and all(w in TITLE_WORDS or w.lower() in LOWER_TITLE_WORDS for w in title):
            return None  # a bare title: "Press Secretary"
        return Mention("institution", " ".join(words))
    role: str | None = " ".join(w for w in title if w not in HONORIFICS) or None
    if any(_is_org_word(w) or w in joiners for w in title) and not any(
        w in TITLE_WORDS or w.lower() in LOWER_TITLE_WORDS for w in title
    ):
        return Mention("institution", " ".join(words))  # "Department of Defense", "New York Times"
    if len(name) == 1 and not title:
        lowered = name[0].lower()
        if _is_org_word(name[0]) or lowered in INSTITUTION_NOUNS:
            return Mention("institution", name[0], head=lowered)  # "Police said", "Congress said"
        if lowered in PERSON_NOUNS:
            return _determiner_phrase(["", lowered])  # "Officials said"
    if len(name) == 1:
        # "Gen. Milley" is a person; a bare "Singh" or "Iraq" is decided by what the text named before.
        return Mention("surname" if title else "word", name[0], role=role)
    return Mention("person", " ".join(name), role=role)
