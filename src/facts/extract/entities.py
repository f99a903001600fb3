"""The speakers of one document: mentions resolved to people, unnamed sources and institutions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from facts.extract.mentions import PLACES, Mention, strip_article, surname
from facts.query import fold


class StoreSpeaker(NamedTuple):
    """A speaker already in the store, for matching names against."""

    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None
    aliases: tuple[str, ...]


class Entity:
    """One speaker as this document knows it; store_id is set when it is a speaker of the store."""

    __slots__ = (
        "aliases",
        "first",
        "gender",
        "head",
        "kind",
        "last_seen",
        "name",
        "organization",
        "role",
        "store_id",
    )

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
        self.last_seen = first
        self.gender = mention.gender
        self.aliases: list[str] = []

    @property
    def plural(self) -> bool:
        """Tell whether "they" can name this speaker: a group, an organisation, or plural sources."""
        return self.kind == "institution" or (self.kind == "unnamed" and (self.head or "").endswith("s"))


class Book:
    """The speakers of one document: names resolved to entities, in the order the text names them."""

    def __init__(self, store_speakers: Sequence[StoreSpeaker], same_source: set[str]) -> None:
        self.entities: list[Entity] = []
        self.known: list[tuple[Mention, int, str]] = []  # full names the narration mentions
        self.store_speakers = store_speakers
        self.same_source = same_source

    def resolve(self, mention: Mention, at: int, phrase: str) -> Entity | None:
        """Return the entity a mention names, creating it when the text names someone new."""
        entity = self._find(mention, at)
        if entity is None:
            return None
        if mention.role and not entity.role:
            entity.role = mention.role
        if mention.organization and not entity.organization:
            entity.organization = mention.organization
        if mention.gender and not entity.gender:
            entity.gender = mention.gender
        entity.last_seen = max(entity.last_seen, at)
        if (
            phrase
            and fold(phrase) != fold(entity.name)
            and phrase not in entity.aliases
            and mention.kind != "pronoun"
        ):
            entity.aliases.append(phrase)
        return entity

    def know(self, mention: Mention, at: int, phrase: str) -> None:
        """Learn a person's full name from the narration, without making them the last one named."""
        if any(e.kind == "person" and _same_person(e.name, mention.name) for e in self.entities):
            return
        key = fold(surname(mention.name))
        for entity in self.entities:
            if entity.kind == "person" and " " not in _bare(entity.name) and fold(_bare(entity.name)) == key:
                return  # a surname the text already uses for someone: keep it theirs
        self.known.append((mention, at, phrase))

    def _antecedent(self, pronoun: str) -> Entity | None:
        """Return whom a pronoun names: the speaker the text named last that agrees with it."""
        if pronoun in ("he", "she"):
            gender = "m" if pronoun == "he" else "f"
            fits = [e for e in self.entities if e.kind == "person" and e.gender in (gender, None)]
            fits += [
                e
                for e in self.entities
                if e.kind == "unnamed" and not e.plural and e.gender in (gender, None)
            ]
        elif pronoun == "they":
            fits = [e for e in self.entities if e.plural]
        elif pronoun == "it":
            fits = [e for e in self.entities if e.kind == "institution"]
        else:
            return None
        if not fits:
            return None
        chosen = max(fits, key=lambda e: e.last_seen)
        if pronoun in ("he", "she") and chosen.gender is None:
            chosen.gender = "m" if pronoun == "he" else "f"
        return chosen

    def _find(self, mention: Mention, at: int) -> Entity | None:
        kind = mention.kind
        if kind == "pronoun":
            return self._antecedent(mention.name)
        if kind in ("surname", "word"):
            key = fold(mention.name)
            for entity in reversed(self.entities):
                if entity.kind == "person" and fold(surname(entity.name)) == key:
                    return entity
                if key in {fold(strip_article(n)) for n in (entity.name, *entity.aliases)}:
                    return entity
            known = next(
                (k for k in reversed(self.known) if fold(surname(k[0].name)) == key and k[1] <= at), None
            )
            if known is not None and (kind == "surname" or mention.name not in PLACES):
                named = self._find(known[0]._replace(role=mention.role or known[0].role), at)
                if named is not None:
                    named.aliases.append(known[2])
                    return named
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
                speaker.kind != "unnamed" and has_capital(strip_article(name))
            ):
                return speaker
        return None

    def _add(self, kind: str, name: str, at: int, mention: Mention, store: StoreSpeaker | None) -> Entity:
        for entity in self.entities:
            if store is not None and entity.store_id == store.id:
                return entity
        entity = Entity(store.kind if store else kind, name, at, mention, store)
        self.entities.append(entity)
        return entity


def _bare(name: str) -> str:
    """Return a name without a leading honorific: "Mr. Pincus" gives "Pincus"."""
    return re.sub(r"^(?:Mr|Mrs|Ms|Dr|Mx)\.?\s+", "", name)


def has_capital(text: str) -> bool:
    """Tell whether a text has an upper-case letter: a proper name rather than a description."""
    return any(c.isupper() for c in text)


def _same_person(a: str, b: str) -> bool:
    """Tell whether two full names name one person: same family name and same first name."""
    wa, wb = a.split(), b.split()
    return fold(surname(a)) == fold(surname(b)) and fold(wa[0]) == fold(wb[0])
