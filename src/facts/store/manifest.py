"""What adding documents needs to know of a store, read from store.json without building its models.

At a million claims store.json lists 50,000 sources: pydantic models of them all cost a third of a
second and most of an add's memory, and an addition needs only ids, names and digests (it checks
what it adds itself: facts.store.checks.addition_problems). The file is taken as valid because the index
vouches for it: the index is stamped with the state of store.json, and a store changed outside
`facts` has a stale index, which opening rebuilds through the full check (facts.store.reader.load_store),
so a writer opens the index, under the store's lock, before it reads this view.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from facts.store import bounded
from facts.store.files import open_regular
from facts.store.paths import StorePaths

if TYPE_CHECKING:  # the extractor uses ViewSpeaker and loads no pydantic
    from facts.store.models import Source, Speaker, StoreManifest


class ViewSpeaker(NamedTuple):
    """A speaker of the store, as plain values."""

    id: str
    name: str
    kind: str
    role: str | None
    organization: str | None
    aliases: tuple[str, ...]


class ViewOriginal(NamedTuple):
    """The document a source's text was derived from."""

    file: str
    sha256: str


class ViewSource(NamedTuple):
    """A source of the store: its name, digest, publication date and original."""

    file: str
    sha256: str
    published: date | None
    original: ViewOriginal | None
    primary: bool = False  # a statement's own text, which quotations are checked against


class StoreView(NamedTuple):
    """The speakers, sources and retired ids of a store."""

    speakers: tuple[ViewSpeaker, ...]
    sources: tuple[ViewSource, ...]
    retired_speakers: tuple[str, ...]
    retired_claims: tuple[str, ...]


# The last view read, by store.json's state: one add reads it before extracting, before
# planning and under the lock.
_last_view: tuple[tuple[object, ...], StoreView] | None = None


def read_view(paths: StorePaths) -> StoreView:
    """Return the store's view; a store.json this cannot read is read the full way, which says why.

    Only the index vouches for the rest: a writer opens the store's index (under its lock) first.
    """
    global _last_view
    try:
        with open_regular(paths.manifest, follow_symlinks=False) as handle:
            st = os.fstat(handle.fileno())
            key = (str(paths.manifest), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            if _last_view is not None and _last_view[0] == key:
                return _last_view[1]
            view = _view_of_json(bounded.loads(handle.read()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        from facts.store.reader import read_manifest

        return view_of(read_manifest(paths))
    _last_view = (key, view)
    return view


def view_of(manifest: StoreManifest) -> StoreView:
    """Return the view of a manifest already read and checked."""
    return StoreView(
        tuple(map(speaker_view, manifest.speakers)),
        tuple(map(source_view, manifest.sources)),
        tuple(manifest.retired_speakers),
        tuple(manifest.retired_claims),
    )


def speaker_view(speaker: Speaker) -> ViewSpeaker:
    """Return a speaker record as a view's speaker."""
    s = speaker
    return ViewSpeaker(s.id, s.name, s.kind.value, s.role, s.organization, tuple(s.aliases))


def source_view(source: Source) -> ViewSource:
    """Return a source record as a view's source."""
    original = source.original
    return ViewSource(
        source.file,
        source.sha256,
        source.published,
        ViewOriginal(original.file, original.sha256) if original else None,
        bool(source.primary),
    )


def _view_of_json(data: dict[str, Any]) -> StoreView:
    published = {}  # a few hundred distinct days among 50,000 sources: parse each once
    sources = []
    for s in data["sources"]:
        day = s.get("published")
        if day is not None and day not in published:
            published[day] = date.fromisoformat(day)
        original = s.get("original")
        sources.append(
            ViewSource(
                s["file"],
                s["sha256"],
                None if day is None else published[day],
                ViewOriginal(original["file"], original["sha256"]) if original else None,
                bool(s.get("primary", False)),
            )
        )
    speakers = tuple(
        ViewSpeaker(
            s["id"], s["name"], s["kind"], s.get("role"), s.get("organization"), tuple(s.get("aliases", ()))
        )
        for s in data["speakers"]
    )
    return StoreView(
        speakers,
        tuple(sources),
        tuple(data.get("retired_speakers", ())),
        tuple(data.get("retired_claims", ())),
    )
