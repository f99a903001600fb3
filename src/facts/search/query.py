"""Turn what the user typed into searches: parsed queries, speaker and source matching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from facts.errors import QueryError
from facts.names import fold
from facts.store.records import SourceRecord

# A query is phrases in double quotes and bare words; * ends a prefix, OR joins two terms,
# NOT or a leading - excludes one. Every other character is part of a term's text, which the
# search index analyses into words: no character a user types is an operator of the engine.
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD_CHAR = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_QUERY_LENGTH = 10_000
# SQLite refuses an expression deeper than 1,000 terms; a name is a few words.
MAX_SPEAKER_WORDS = 50


class Filters(NamedTuple):
    """Restrictions that search, by-speaker and list share."""

    speaker_ids: frozenset[str] | None = None
    source_files: frozenset[str] | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None
    stance: str | None = None
    cue: str | None = None  # a cue's lemma or its form as written, lower-case


class Term(NamedTuple):
    """One thing to look for: a word, a "phrase" of words, or a prefix (withdr*)."""

    text: str
    phrase: bool = False
    prefix: bool = False

    def __str__(self) -> str:
        return _quote(self.text) + (" *" if self.prefix else "")


class SearchQuery(NamedTuple):
    """A parsed query: every group must match (any one of its terms); no excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def __str__(self) -> str:
        # The query in FTS-like notation, for messages and tests.
        text = " AND ".join(
            str(g[0]) if len(g) == 1 else "(" + " OR ".join(map(str, g)) + ")" for g in self.groups
        )
        for term in self.excluded:
            text = f"({text}) NOT {term}"
        return text


def parse_search(query: str) -> SearchQuery:
    """Parse a user's query into terms; raise QueryError if it has no words."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"The query is longer than {MAX_QUERY_LENGTH:,} characters.")
    # Control and format characters are never part of a word.
    query = _CONTROL.sub(" ", query)
    groups: list[list[Term]] = []  # each group is alternatives joined by OR; groups are ANDed
    excluded: list[Term] = []
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
            term = Term(phrase, phrase=True) if _WORD_CHAR.search(phrase) else None
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
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def _bare_term(word: str) -> Term | None:
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not _WORD_CHAR.search(word):
        return None
    return Term(word, prefix=prefix)


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


def speaker_words(name: str) -> list[str]:
    """Split a by-speaker name into folded words, each of which must match; raise if none."""
    words = fold(name).split()
    if not words:
        raise QueryError("The speaker name is empty.")
    if len(words) > MAX_SPEAKER_WORDS:
        raise QueryError(f"The speaker name has {len(words):,} words; give at most {MAX_SPEAKER_WORDS}.")
    return words


def match_sources(sources: Iterable[SourceRecord], text: str) -> list[SourceRecord]:
    """Return the sources whose file name, title, outlet or URL contains text, ignoring case and accents."""
    wanted = fold(text)
    return [
        s for s in sources if any(wanted in fold(s[key] or "") for key in ("file", "title", "outlet", "url"))
    ]
