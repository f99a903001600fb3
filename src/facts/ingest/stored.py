"""What the store has of the documents at hand, asked of its index: never a read of every source."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from facts.store.manifest import ViewSource
from facts.store.paths import StorePaths


class Stored(NamedTuple):
    """The store's sources among some names, and which of some documents it has."""

    names: dict[str, ViewSource]  # by name
    documents: dict[str, str]  # SHA-256 of a document as it came -> the name of its source


def stored(
    paths: StorePaths,
    names: Iterable[str] = (),
    digests: Iterable[str] = (),
    on_wait: Callable[[], None] | None = None,
) -> Stored:
    """Ask the store's index (built first if stale) which of these names and documents it has.

    on_wait is called if a build of the index waits over a second for a writer.
    """
    from facts.search.index import open_index

    index = open_index(paths, on_wait=on_wait)
    try:
        return Stored(index.sources_named(names), index.files_of_documents(digests))
    finally:
        index.close()


def names_of(file_name: str) -> tuple[str, str]:
    """Return the names a document read from a file could be stored under: its own, or its text's."""
    from facts.ingest.readers.types import derived_name

    return file_name, derived_name(file_name)
