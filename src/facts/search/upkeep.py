"""Keep a store's caches in step with a writer: the index and the statements gain what it adds."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from facts.search import index, statement_cache
from facts.store.manifest import ViewSource
from facts.store.paths import StorePaths

if TYPE_CHECKING:
    from facts.store.models import Claim, Source, Speaker


class StoreCaches:
    """The caches the store's writer keeps up to date (facts.store.writer.WriterCaches)."""

    def stamp(self, paths: StorePaths) -> str:
        """Return the fingerprint of the store's files now."""
        return index.fingerprint(paths)

    def known(
        self, paths: StorePaths, claim_ids: Sequence[str], files: Collection[str]
    ) -> tuple[set[str], dict[str, ViewSource]]:
        """Return which of these claim ids and source files the index has, building a stale one first."""
        opened = index.open_index(paths, store_locked=True)
        try:
            return opened.known_claim_ids(claim_ids), opened.sources_named(files)
        finally:
            opened.close()

    def added(
        self,
        paths: StorePaths,
        before: str,
        speakers: Sequence[Speaker],
        sources: Sequence[Source],
        claims: Sequence[Claim],
    ) -> None:
        """Add a writer's new records to the index and the statements, where they were fresh."""
        index.add_to_index(paths, before, speakers, sources, claims)
        statement_cache.add_to_statements(paths, before)  # the cached statements gain the new claims too
