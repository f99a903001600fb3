"""Match an addition's new speakers again, under the writer's lock, against speakers added since.

An addition is planned (extracted, its speakers matched) before the store's lock is taken, so
that a slow extraction never holds other writers up. Another writer may add a speaker in the
meantime: the person a document names as "Quill" is then the "Mara Quill" just added, as it
would have been had the two adds run one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from facts.names import fold
from facts.store.manifest import ViewSpeaker
from facts.store.models import Claim, Speaker, SpeakerKind


def names_anyone(speaker: Speaker | ViewSpeaker, name: str) -> bool:
    """Tell whether a name of this speaker names it in any document, not only in its own.

    A description ("the statement", "unnamed residents") names someone only inside one
    document; a proper name ("Quill", "the Port Authority") anywhere.
    """
    return str(speaker.kind) != SpeakerKind.UNNAMED.value and not name.islower()


def rematch(
    speakers: Sequence[Speaker], claims: Sequence[Claim], added_since: Iterable[Speaker | ViewSpeaker]
) -> tuple[list[Speaker], list[Claim]]:
    """Give claims of a new speaker the id of the one speaker added since that goes by its name.

    Returns the new speakers still needed and the claims with their speakers updated.
    """
    by_name: dict[str, set[str]] = {}
    for other in added_since:
        for name in (other.name, *other.aliases):
            if names_anyone(other, name):
                by_name.setdefault(fold(name), set()).add(other.id)
    if not by_name:
        return list(speakers), list(claims)
    moved: dict[str, str] = {}
    for speaker in speakers:
        found = by_name.get(fold(speaker.name), set()) if names_anyone(speaker, speaker.name) else set()
        if len(found) == 1:
            moved[speaker.id] = next(iter(found))
    if not moved:
        return list(speakers), list(claims)
    kept = [s for s in speakers if s.id not in moved]
    return kept, [c.model_copy(update={"speaker": moved.get(c.speaker, c.speaker)}) for c in claims]
