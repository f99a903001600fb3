"""Turn what the user typed into searches: FTS5 expressions, speaker and source matching."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from facts.errors import QueryError
from facts.records import SourceRecord, SpeakerRecord

# A query is phrases in double quotes and bare words; * ends a prefix, OR joins two terms,
# NOT or a leading - excludes one. Everything else is passed to FTS5 inside double quotes,
# so no character a user types can change the meaning of the expression.
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD_CHAR = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_QUERY_LENGTH = 10_000
# SQLite refuses an expression deeper than 1,000 terms; a name is a few words.
MAX_SPEAKER_WORDS = 50
# A name longer than this is no typo of a speaker's name, and comparing it costs its length squared.
MAX_SUGGEST_LENGTH = 200


class Filters(NamedTuple):
    """Restrictions that search, by-speaker and list share."""

    speaker_ids: frozenset[str] | None = None
    source_files: frozenset[str] | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None


def fts_expression(query: str) -> str:
    """Build a safe FTS5 MATCH expression from a user's query; raise QueryError if it has no words."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"The query is longer than {MAX_QUERY_LENGTH:,} characters.")
    # FTS5 ends a string at NUL; control and format characters are never part of a word anyway.
    query = _CONTROL.sub(" ", query)
    groups: list[list[str]] = []  # each group is alternatives joined by OR; groups are ANDed
    excluded: list[str] = []
    join_next = False
    negate_next = False
    for match in _TOKEN.finditer(query):
        phrase, bare = match.group(1), match.group(2)
        if bare in ("OR", "NOT") and phrase is None:
            if bare == "OR":
                join_next = bool(groups)
            else:
                negate_next = True
            continue
        negate = negate_next
        negate_next = False
        if phrase is not None:
            term = _quote(phrase) if _WORD_CHAR.search(phrase) else None
        else:
            assert bare is not None
            if bare.startswith("-") and len(bare) > 1:
                negate, bare = True, bare[1:]
            term = _bare_term(bare)
        if term is None:
            continue
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        raise QueryError(
            "The query has no words to search for.",
            hint='Try words or a "quoted phrase", for example: facts search withdrawal',
        )
    expression = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    for term in excluded:
        expression = f"({expression}) NOT {term}"
    return expression


def _bare_term(word: str) -> str | None:
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not _WORD_CHAR.search(word):
        return None
    return _quote(word) + (" *" if prefix else "")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def as_text(value: str) -> str:
    """Turn a command-line argument into text: bytes that are not UTF-8 become U+FFFD.

    Python hands such bytes over as lone surrogates, which SQLite and UTF-8 output refuse.
    """
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def shortened(text: str, most: int = 80) -> str:
    """Return text cut to at most `most` characters, with … where it was cut, for echoing in a message."""
    return text if len(text) <= most else text[: most - 1] + "…"


def fold(text: str) -> str:
    """Fold case and accents so 'São' and 'sao' compare equal."""
    if text.isascii():  # no accents to drop: most names, and far quicker
        return text.casefold()
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _speaker_labels(speaker: SpeakerRecord) -> list[str]:
    return [speaker["name"], *speaker["aliases"]]


def speaker_search_key(name: str, aliases: Sequence[str], role: str | None, organization: str | None) -> str:
    """Return the folded text that a by-speaker name is matched against."""
    return fold(" | ".join([name, *aliases, role or "", organization or ""]))


def speaker_words(name: str) -> list[str]:
    """Split a by-speaker name into folded words, each of which must match; raise if none."""
    words = fold(name).split()
    if not words:
        raise QueryError("The speaker name is empty.")
    if len(words) > MAX_SPEAKER_WORDS:
        raise QueryError(f"The speaker name has {len(words):,} words; give at most {MAX_SPEAKER_WORDS}.")
    return words


def suggest_speakers(speakers: Sequence[SpeakerRecord], name: str, most: int = 3) -> list[str]:
    """Return the names of the speakers closest to a name that matched no one."""
    import difflib

    wanted = fold(name)
    if len(wanted) > MAX_SUGGEST_LENGTH:
        return []
    best: dict[str, float] = {}
    for speaker in speakers:
        candidates = _speaker_labels(speaker)
        candidates += [word for label in candidates for word in label.split()]
        score = max(
            difflib.SequenceMatcher(None, wanted, fold(candidate)).ratio() for candidate in candidates
        )
        if score >= 0.6:
            best[speaker["name"]] = max(score, best.get(speaker["name"], 0.0))
    return sorted(best, key=lambda n: -best[n])[:most]


def match_sources(sources: Iterable[SourceRecord], text: str) -> list[SourceRecord]:
    """Return the sources whose file name, title, outlet or URL contains text, ignoring case and accents."""
    wanted = fold(text)
    return [
        s for s in sources if any(wanted in fold(s[key] or "") for key in ("file", "title", "outlet", "url"))
    ]
