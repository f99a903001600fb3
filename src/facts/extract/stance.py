"""What a speaker did with the words attributed to them: asserted, denied or asked them."""

from __future__ import annotations

import re
from typing import NamedTuple

from facts.extract.lexicon import LEMMA_OF

# Cues by which a speaker says the content is not so ("denied that ...", "disputed claims that ...").
DENYING = frozenset("deny dispute refute rebut reject".split())
# Cues of a question: "asked whether ...", "wondered if ...".
ASKING = frozenset("ask question wonder inquire enquire".split())
_ACCORDING = re.compile(r"(?i)according\s+to")


class Cue(NamedTuple):
    """The words of an attribution as written, their dictionary form, and the speaker's stance."""

    text: str | None
    lemma: str | None
    stance: str  # "asserts", "denies" or "asks"


def read_cue(written: str | None, content: str) -> Cue:
    """Read a cue as written ("denied", "According to") and the content it attributes into a Cue."""
    if not written:
        return Cue(None, None, "asks" if _one_question(content) else "asserts")
    if _ACCORDING.match(written):
        return Cue(" ".join(written.split()), "according to", "asserts")
    lemma = LEMMA_OF.get(written.lower(), written.lower())
    if lemma in DENYING:
        stance = "denies"
    elif lemma in ASKING or _one_question(content):
        stance = "asks"
    else:
        stance = "asserts"
    return Cue(written, lemma, stance)


def _one_question(content: str) -> bool:
    """Tell a quotation that is a single question ("Where did the money go?") from a statement."""
    text = content.strip().rstrip("\"'”’ ")
    return text.endswith("?") and not re.search(r"[.!?]\s", text[:-1])
