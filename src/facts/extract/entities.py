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


class Book:
    """The speakers of one document: names resolved to entities, in the order the text names them."""

    def __init__(self, store_speakers: Sequence[StoreSpeaker], same_source: set[str]) -> None:
        self.entities: list[Entity] = []
        self.last_person: Entity | None = None
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

    def _find(self, mention: Mention, at: int) -> Entity | None:
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


def has_capital(text: str) -> bool:
    """Tell whether a text has an upper-case letter: a proper name rather than a description."""
    return any(c.isupper() for c in text)


def _same_person(a: str, b: str) -> bool:
    """Tell whether two full names name one person: same family name and same first name."""
    wa, wb = a.split(), b.split()
    return fold(surname(a)) == fold(surname(b)) and fold(wa[0]) == fold(wb[0])
