"""Keep a store's caches in step with a writer: the index and the statements gain what it adds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from facts.search.corroboration import add_to_statements
from facts.search.index import add_to_index, fingerprint, open_index
from facts.store.paths import StorePaths

if TYPE_CHECKING:
    from facts.store.models import Claim, Source, Speaker


class StoreCaches:
    """The caches the store's writer keeps up to date (facts.store.writer.WriterCaches)."""

    def stamp(self, paths: StorePaths) -> str:
        """Return the fingerprint of the store's files now."""
        return fingerprint(paths)

    def known_claim_ids(self, paths: StorePaths, ids: Sequence[str]) -> set[str]:
        """Return which of these claim ids the store's index has, building a stale one first."""
        index = open_index(paths, store_locked=True)
        try:
            return index.known_claim_ids(ids)
        finally:
            index.close()

    def added(
        self,
        paths: StorePaths,
        before: str,
        speakers: Sequence[Speaker],
        sources: Sequence[Source],
        claims: Sequence[Claim],
    ) -> None:
        """Add a writer's new records to the index and the statements, where they were fresh."""
        add_to_index(paths, before, speakers, sources, claims)
        add_to_statements(paths, before)  # the cached statements gain the new claims too
