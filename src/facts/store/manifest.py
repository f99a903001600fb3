"""What adding documents needs to know of a store, read without building its models.

An addition needs the store's speakers (to match the people a document names), its retired ids,
and of its sources only the few it touches, which it asks the index for (a store of ten million
claims lists half a million sources: reading them all would cost seconds and most of an add's
memory). The files are taken as valid because the index vouches for them: the index is stamped
with the state of the store's files, and a store changed outside `facts` has a stale index, which
opening rebuilds through the full check (facts.store.reader.load_store), so a writer opens the
index, under the store's lock, before it reads this view.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from facts.store import bounded
from facts.store.files import open_regular
from facts.store.paths import StorePaths, files_state

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
    """The format, speakers and retired ids of a store (its sources are asked of the index)."""

    format: int
    speakers: tuple[ViewSpeaker, ...]
    retired_speakers: tuple[str, ...]
    retired_claims: tuple[str, ...]


# The last view read, by the state of its files: one add reads it before extracting, before
# planning and under the lock.
_last_view: tuple[tuple[object, ...], StoreView] | None = None


def read_view(paths: StorePaths) -> StoreView:
    """Return the store's view; files this cannot read are read the full way, which says why.

    Only the index vouches for the rest: a writer opens the store's index (under its lock) first.
    """
    global _last_view
    try:
        key = files_state(paths)
        if _last_view is not None and _last_view[0] == key:
            return _last_view[1]
        with open_regular(paths.manifest, follow_symlinks=False) as handle:
            header = bounded.loads(handle.read())
        if header["format"] == 1:
            view = _view_of_json(header, header["speakers"])
        else:
            with open_regular(paths.speakers_list, follow_symlinks=False) as handle:
                lines = handle.read().splitlines()
            view = _view_of_json(header, [bounded.loads(line) for line in lines if line.strip()])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        from facts.store.reader import read_manifest

        return view_of(read_manifest(paths))
    _last_view = (key, view)
    return view


def view_of(manifest: StoreManifest) -> StoreView:
    """Return the view of a manifest already read and checked."""
    return StoreView(
        manifest.format,
        tuple(map(speaker_view, manifest.speakers)),
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


def _view_of_json(header: dict[str, Any], speakers: list[dict[str, Any]]) -> StoreView:
    return StoreView(
        int(header["format"]),
        tuple(
            ViewSpeaker(
                s["id"],
                s["name"],
                s["kind"],
                s.get("role"),
                s.get("organization"),
                tuple(s.get("aliases", ())),
            )
            for s in speakers
        ),
        tuple(header.get("retired_speakers", ())),
        tuple(header.get("retired_claims", ())),
    )
