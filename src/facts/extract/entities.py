"""The speakers of one document: mentions resolved to people, unnamed sources and institutions."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence

from facts.extract.mentions import Mention, strip_article, surname
from facts.extract.name_words import PLACES
from facts.names import fold
from facts.store.manifest import ViewSpeaker

_LOWER_WORD = re.compile(r"(?<![\w’'.-])[a-z][a-z’'-]+\b")
# A pronoun points back to one of the speakers named most recently, never further.
MAX_ANTECEDENT_DISTANCE = 50


# A speaker already in the store, for matching names against: the store's view of it as it is.
StoreSpeaker = ViewSpeaker


class Entity:
    """One speaker as this document knows it; store_id is set when it is a speaker of the store."""

    __slots__ = (
        "aliases",
        "first",
        "order",
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
        self.order: int = 0  # when the document first named it, among its entities
        self.last_seen = first
        self.gender = mention.gender
        self.aliases: list[str] = []

    @property
    def plural(self) -> bool:
        """Tell whether "they" can name this speaker: a group, an organisation, or plural sources."""
        return self.kind == "institution" or (self.kind == "unnamed" and (self.head or "").endswith("s"))


class Book:
    """The speakers of one document: names resolved to entities, in the order the text names them.

    Every lookup goes through an index (by name, surname, head noun, store id), so resolving a
    mention costs the same in an article of five speakers and in one of five thousand.
    """

    def __init__(self, store_speakers: Sequence[StoreSpeaker], same_source: set[str], text: str = "") -> None:
        self.entities: list[Entity] = []
        # The document's own lower-case words: a capitalised "Similar" or "Back" that the text also
        # writes in lower case is a word that opens a sentence, not a name.
        self.common = frozenset(_LOWER_WORD.findall(text))
        self.store = _store_index(tuple(store_speakers))
        self.same_source = same_source
        self._by_name: dict[str, list[Entity]] = defaultdict(list)  # folded names and aliases
        self._by_surname: dict[str, list[Entity]] = defaultdict(list)  # people, by folded surname
        self._by_head: dict[str | None, list[Entity]] = defaultdict(list)  # unnamed sources
        self._by_store_id: dict[str, Entity] = {}
        self._known: dict[str, list[tuple[Mention, int, str]]] = defaultdict(list)  # full names, by surname
        self._recent: dict[Entity, None] = {}  # entities, the last named last

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
        self._seen(entity, at)
        if phrase and mention.kind != "pronoun":
            self._alias(entity, phrase)
        return entity

    def know(self, mention: Mention, at: int, phrase: str) -> None:
        """Learn a person's full name from the narration, without making them the last one named."""
        key = fold(surname(mention.name))
        for entity in self._by_surname.get(key, ()):
            if _same_person(entity.name, mention.name) or " " not in _bare(entity.name):
                self._seen(entity, at)
                return  # known already, or a surname the text already uses for someone: keep it theirs
        self._known[key].append((mention, at, phrase))

    def knows_surname(self, name: str) -> bool:
        """Tell whether the text has named a person with this surname."""
        key = fold(name)
        return bool(self._by_surname.get(key) or self._known.get(key))

    def _seen(self, entity: Entity, at: int) -> None:
        if at >= entity.last_seen:
            entity.last_seen = at
            self._recent.pop(entity, None)
            self._recent[entity] = None

    def _alias(self, entity: Entity, phrase: str) -> None:
        if fold(phrase) != fold(entity.name) and phrase not in entity.aliases:
            entity.aliases.append(phrase)
            self._by_name[fold(strip_article(phrase))].append(entity)

    def _antecedent(self, pronoun: str) -> Entity | None:
        """Return whom a pronoun names: the speaker the text named last that agrees with it."""
        gender = {"he": "m", "she": "f"}.get(pronoun)
        for count, entity in enumerate(reversed(self._recent)):
            if count >= MAX_ANTECEDENT_DISTANCE:
                break
            if gender is not None:
                fits = entity.gender in (gender, None) and (
                    entity.kind == "person" or (entity.kind == "unnamed" and not entity.plural)
                )
            elif pronoun == "they":
                fits = entity.plural
            else:
                fits = pronoun == "it" and entity.kind == "institution"
            if fits:
                if gender is not None and entity.gender is None:
                    entity.gender = gender
                return entity
        return None

    def _find(self, mention: Mention, at: int) -> Entity | None:
        kind = mention.kind
        if kind == "pronoun":
            return self._antecedent(mention.name)
        if kind in ("surname", "word"):
            return self._find_surname(mention, at)
        if kind == "person":
            same_surname = self._by_surname.get(fold(surname(mention.name)), [])
            for entity in same_surname:
                if _same_person(entity.name, mention.name):
                    return entity
            bare = [e for e in same_surname if " " not in _bare(e.name) and e.store_id is None]
            if len(bare) == 1 and len(same_surname) == 1:
                # "Park said" before "Mina Park has not played": one person, under the fullest name
                entity = bare[0]
                self._alias(entity, entity.name)
                entity.name = mention.name
                self._by_name[fold(mention.name)].append(entity)
                return entity
            return self._add("person", mention.name, at, mention, self.store.match(mention.name, self))
        key = fold(strip_article(mention.name))
        if (
            kind == "unnamed"
            and re.fullmatch(r"(?i)the\s+\S+", mention.name)
            and self._by_head.get(mention.head)
        ):
            return self._by_head[mention.head][-1]  # "the official" points back to "a senior official"
        for entity in self._by_name.get(key, ()):
            if entity.kind == kind:
                return entity
        store = self.store.match(mention.name, self)
        name = strip_article(mention.name)
        if kind == "unnamed" and name.lower() == mention.head:
            name = f"unnamed {name.lower()}"
        return self._add(kind, name if kind == "unnamed" else mention.name, at, mention, store)

    def _find_surname(self, mention: Mention, at: int) -> Entity | None:
        """Resolve a bare surname or capitalised word: a person named before, a full name, or someone new."""
        key = fold(mention.name)
        candidates: list[Entity] = [*self._by_surname.get(key, []), *self._by_name.get(key, [])]
        if candidates:
            return max(candidates, key=lambda e: e.order)
        known = next((k for k in reversed(self._known.get(key, ())) if k[1] <= at), None)
        if known is not None and (mention.kind == "surname" or mention.name not in PLACES):
            named = self._find(known[0]._replace(role=mention.role or known[0].role), at)
            if named is not None:
                self._alias(named, known[2])
                return named
        store = self.store.match(mention.name, self, person_surname=True)
        if store is None and mention.kind == "word":
            store = self.store.match(mention.name, self)
            if store is None and key in self.common:
                return None
        # A bare capitalised word is a surname unless it names a place or body ("Iraq said").
        new_kind = "institution" if mention.kind == "word" and mention.name in PLACES else "person"
        return self._add(store.kind if store else new_kind, mention.name, at, mention, store)

    def _add(self, kind: str, name: str, at: int, mention: Mention, store: StoreSpeaker | None) -> Entity:
        if store is not None and store.id in self._by_store_id:
            return self._by_store_id[store.id]
        entity = Entity(store.kind if store else kind, name, at, mention, store)
        entity.order = len(self.entities)
        self.entities.append(entity)
        self._by_name[fold(strip_article(entity.name))].append(entity)
        if entity.kind == "person":
            self._by_surname[fold(surname(entity.name))].append(entity)
        if entity.kind == "unnamed":
            self._by_head[entity.head].append(entity)
        if store is not None:
            self._by_store_id[store.id] = entity
        return entity


@functools.lru_cache(maxsize=4)
def _store_index(speakers: tuple[StoreSpeaker, ...]) -> _StoreIndex:
    """Index a store's speakers once for every document extracted against the same store (a batch)."""
    return _StoreIndex(speakers)


class _StoreIndex:
    """The store's speakers, indexed by folded name, alias and surname."""

    def __init__(self, speakers: Sequence[StoreSpeaker]) -> None:
        self.by_name: dict[str, list[StoreSpeaker]] = defaultdict(list)
        self.by_surname: dict[str, list[StoreSpeaker]] = defaultdict(list)
        for speaker in speakers:
            for name in {fold(strip_article(n)) for n in (speaker.name, *speaker.aliases)}:
                self.by_name[name].append(speaker)
            if speaker.kind == "person":
                for name in {fold(surname(speaker.name)), *map(fold, speaker.aliases)}:
                    self.by_surname[name].append(speaker)

    def match(self, name: str, book: Book, *, person_surname: bool = False) -> StoreSpeaker | None:
        """Find a store speaker by name or alias; generic names ("the statement") only in the same source."""
        key = fold(strip_article(name))
        if person_surname:
            found = self.by_surname.get(key)
            return found[0] if found else None
        for speaker in self.by_name.get(key, ()):
            # A proper name ("Iraq") matches anywhere; "the statement" only the same document's.
            if speaker.id in book.same_source or (
                speaker.kind != "unnamed" and has_capital(strip_article(name))
            ):
                return speaker
        return None


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
