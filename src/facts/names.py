"""Names compared as people type them: folded case and accents, the key a speaker is found by, suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

# A name longer than this is no typo of a speaker's name, and comparing it costs its length squared.
MAX_SUGGEST_LENGTH = 200


class Labelled(TypedDict):
    """What a suggestion reads of a speaker: its name and aliases (a speaker record has more)."""

    name: str
    aliases: list[str]


def fold(text: str) -> str:
    """Fold case and accents so 'São' and 'sao' compare equal."""
    if text.isascii():  # no accents to drop: most names, and far quicker
        return text.casefold()
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def speaker_search_key(name: str, aliases: Sequence[str], role: str | None, organization: str | None) -> str:
    """Return the folded text that a by-speaker name is matched against."""
    return fold(" | ".join([name, *aliases, role or "", organization or ""]))


def suggest_speakers(speakers: Sequence[Labelled], name: str, most: int = 3) -> list[str]:
    """Return the names of the speakers closest to a name that matched no one."""
    import difflib

    wanted = fold(name)
    if len(wanted) > MAX_SUGGEST_LENGTH:
        return []
    best: dict[str, float] = {}
    for speaker in speakers:
        candidates = [speaker["name"], *speaker["aliases"]]
        candidates += [word for label in candidates for word in label.split()]
        score = max(
            difflib.SequenceMatcher(None, wanted, fold(candidate)).ratio() for candidate in candidates
        )
        if score >= 0.6:
            best[speaker["name"]] = max(score, best.get(speaker["name"], 0.0))
    return sorted(best, key=lambda n: -best[n])[:most]
