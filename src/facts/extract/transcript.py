"""Make a transcript's claims: each paragraph of an answer turn, by the person its label names.

A label is resolved to the person the header (title, date line, list of participants) or the
first mention in the text names: "MS. SINGH" is the "Deputy Pentagon Press Secretary Sabrina
Singh" of the title. Questions (Q, a reporter, the interviewer the introduction names, an
unnamed "Speaker 2") and stage directions are not claims. Every turn is dated to the event the
header dates, else to the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from facts.errors import FactsError
from facts.extract.claims import Extraction, NewSpeaker, slug
from facts.extract.dates import full_dates
from facts.extract.entities import StoreSpeaker
from facts.extract.mentions import read_phrase, surname
from facts.extract.turns import Turn, find_turns, header_end
from facts.names import fold
from facts.store.records import ClaimRecord, SourceRef

_HONORIFICS = frozenset("MR MS MRS MISS DR THE".split())
# Labels of people who ask, chair or run the event: their turns are not claims.
_ASKERS = re.compile(
    r"^(?:Q|QUESTION|INTERVIEWER|REPORTER|JOURNALIST|AUDIENCE(?: MEMBER)?|MODERATOR|STAFF|OPERATOR|"
    r"HOST|PARTICIPANT(?: \d+)?|UNIDENTIFIED.*|SPEAKER \d+|UNKNOWN.*|VOICE|MALE|FEMALE)$",
    re.IGNORECASE,
)
_ANSWER = re.compile(r"^(?:A|ANSWER)$", re.IGNORECASE)
_TITLES = frozenset(
    "PRESIDENT SECRETARY PREMIER CHANCELLOR MAYOR GOVERNOR SENATOR CHAIRMAN CHAIR AMBASSADOR "
    "GENERAL ADMIRAL MINISTER SPEAKER JUDGE JUSTICE COMMISSIONER DIRECTOR".split()
)
_NAME_WORD = r"[A-Z][\w’'.-]*"
_SUFFIX = r"(?:\s+(?:Jr\.|Sr\.|II|III|IV))?"
# An interviewer, as an introduction names one: "Interview by Tom Reed", "Tom Reed spoke with ...".
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}"
_TITLED_PERSON = rf"(?:{_NAME_WORD}\s+|of\s+|the\s+){{0,6}}{_NAME_WORD}"
_INTERVIEWER = re.compile(
    rf"(?:[Ii]nterview(?:ed)? by|[Cc]onducted by|[Ii]nterviewer:)\s+(?P<by>{_PERSON})"
    rf"|(?P<subject>{_PERSON})\s+(?:spoke|talked|sat down)\s+(?:with|to)\b"
)
_INTERVIEWEE = re.compile(
    rf"\b(?:spoke|talked|sat down)\s+(?:with|to)\s+(?P<who>{_TITLED_PERSON})"
    rf"|\b(?:[Ii]nterview(?:ed)?|conversation|Q&A|Q & A)\s+with\s+(?P<with>{_TITLED_PERSON})"
)
# Words that put a date on the event rather than on the publication of its transcript.
_EVENT_WORDS = re.compile(
    r"\b(?:recorded|held|spoke|talked|interviewed|sat down|took place|conducted|delivered|briefing|"
    r"hearing)\b",
    re.IGNORECASE,
)


class Voice(NamedTuple):
    """Who a label names: a person of the store or a new one, or nobody whose words are claims."""

    name: str
    role: str | None = None
    organization: str | None = None
    store_id: str | None = None
    asks: bool = False  # a question, a chair's or an unnamed speaker's turn: no claims


def is_transcript(text: str) -> bool:
    """Say whether a text is laid out as a transcript (labelled turns, WebVTT or SRT)."""
    return bool(find_turns(text))


def asks(text: str, turn: Turn) -> bool:
    """Tell a turn that only asks (every paragraph a question) from one that answers."""
    return bool(turn.paragraphs) and all(text[a:b].rstrip(" )]").endswith("?") for a, b in turn.paragraphs)


def speaking_turns(text: str, store_speakers: Sequence[StoreSpeaker] = ()) -> list[tuple[Turn, Voice]]:
    """Return each turn of a transcript with the voice its label resolves to."""
    turns = find_turns(text)
    voices = _Voices(text, text[: header_end(text, turns)], store_speakers)
    return [(turn, voices.of(turn.label)) for turn in turns]


def transcript_claims(
    text: str,
    *,
    file: str,
    title: str | None = None,
    published: date | None = None,
    store_speakers: Sequence[StoreSpeaker] = (),
) -> Extraction:
    """Propose a transcript's claims: one per paragraph of each answer turn, by its labelled speaker."""
    turns = find_turns(text)
    header = text[: header_end(text, turns)]
    reference, basis = _event_date(header, published, file)
    lines = [
        re.sub(r"^NOTE\s+", "", line.strip())
        for line in header.splitlines()
        if line.strip() and not re.match(r"WEBVTT|\d+$|.*-->", line.strip())
    ]
    source: SourceRef = {
        "file": file,
        "title": title or (lines[0] if lines else file),
        "outlet": None,
        "url": None,
        "published": (published or reference).isoformat(),
        "primary": True,  # a transcript is the record quotations of its speakers are checked against
    }
    voices = _Voices(text, header, store_speakers)
    stem = slug(file.rsplit(".", 1)[0], 40)
    ids = _Ids()
    claims: list[ClaimRecord] = []
    speakers: dict[str, NewSpeaker] = {}
    for turn in turns:
        voice = voices.of(turn.label)
        if voice.asks or asks(text, turn):
            continue
        speaker_id = voice.store_id or voices.new_id(voice)
        if voice.store_id is None:
            speakers.setdefault(speaker_id, _new_speaker(speaker_id, voice, turn.label))
        for start, end in turn.paragraphs:
            gist = "-".join(slug(text[start:end], 40).split("-")[:4])
            claims.append(
                {
                    "id": ids.new(f"{stem}-{slug(surname(voice.name), 24)}-{gist}"),
                    "text": text[start:end],
                    "kind": "transcript",
                    "speaker": {
                        "id": speaker_id,
                        "name": voice.name,
                        "kind": "person",
                        "role": voice.role,
                        "organization": voice.organization,
                    },
                    "date": reference.isoformat(),
                    "date_precision": "day",
                    "date_basis": basis,
                    "source": source,
                    "span": {"start": start, "end": end},
                    # A turn is the speaker's own words: asserted, with no verb of saying to record.
                    "stance": "asserts",
                    "cue": None,
                    "cue_lemma": None,
                }
            )
    return Extraction(source, claims, list(speakers.values()), {})  # a turn is its own context


def _event_date(header: str, published: date | None, file: str) -> tuple[date, str]:
    """Date the event from the header: a date the words before call the event's ("recorded", "spoke
    ... on"), else its first full date; else the publication date."""
    dates = full_dates(header)
    if dates:
        event = next((d for d in dates if _EVENT_WORDS.search(header[max(0, d[0] - 80) : d[0]])), dates[0])
        return event[2], f"the date of the event the transcript's header gives, {event[2]}"
    if published is not None:
        return published, f"the publication date, {published}"
    raise FactsError(
        f"{file} is a transcript whose header prints no date, so its turns cannot be dated.",
        hint="Pass --published YYYY-MM-DD.",
    )


def _new_speaker(speaker_id: str, voice: Voice, label: str) -> NewSpeaker:
    aliases = [surname(voice.name)] if " " in voice.name else []
    return {
        "id": speaker_id,
        "name": voice.name,
        "kind": "person",
        "role": voice.role,
        "organization": voice.organization,
        "aliases": aliases,
    }


class _Voices:
    """Resolve labels to people, once each, from the header, the text and the store."""

    def __init__(self, text: str, header: str, store_speakers: Sequence[StoreSpeaker]) -> None:
        self.text = text
        self.header = header
        self.store = {fold(n): s for s in store_speakers for n in (s.name, *s.aliases)}
        self.taken = {s.id for s in store_speakers}
        self.interviewer, self.interviewee = _interview_roles(header)
        self.known: dict[str, Voice] = {}
        self.ids: dict[str, str] = {}

    def of(self, label: str) -> Voice:
        """Return the voice a label names."""
        if label not in self.known:
            self.known[label] = self._resolve(label)
        return self.known[label]

    def new_id(self, voice: Voice) -> str:
        """Give a new speaker an id the store does not use."""
        if voice.name not in self.ids:
            base = candidate = slug(voice.name, 60)
            number = 2
            while candidate in self.taken:
                candidate, number = f"{base}-{number}", number + 1
            self.taken.add(candidate)
            self.ids[voice.name] = candidate
        return self.ids[voice.name]

    def _resolve(self, label: str) -> Voice:
        bare = re.sub(r"\s*\([^)]*\)$", "", label).strip()  # "MS. SINGH (via phone)"
        if _ASKERS.match(bare):
            return Voice(bare, asks=True)
        if _ANSWER.match(bare):
            return self._stored(self.interviewee) if self.interviewee else Voice(bare, asks=True)
        words = [w for w in re.findall(r"[\w’'-]+", bare) if w.upper().rstrip(".") not in _HONORIFICS]
        if not words:
            return Voice(bare, asks=True)
        titled = words[0].upper() in _TITLES
        if len(words) == 1 and titled:  # "THE PRESIDENT"
            found = self._titled(words[0]) or Voice(words[0].title())
        elif len(words) >= 2 and not titled:  # "Sabrina Singh", "DAVID ASHE"
            full = " ".join(w if not w.isupper() else w.title() for w in words)
            found = self._mention(words[-1], first=full.rsplit(" ", 1)[0]) or Voice(full)
        else:  # "SINGH", "SECRETARY AUSTIN": a person another label, the header or the text names
            role = " ".join(words[:-1]).title() or None
            key = fold(words[-1])
            labelled = next((v for v in self.known.values() if fold(surname(v.name)) == key), None)
            found = labelled or self._mention(words[-1]) or Voice(words[-1].title(), role)
        if self.interviewer and fold(found.name) == fold(self.interviewer.name):
            return found._replace(asks=True)
        return self._stored(found)

    def _stored(self, voice: Voice) -> Voice:
        """Return the voice as the store's speaker when the store knows the name."""
        known = self.store.get(fold(voice.name))
        if known is None:
            return voice
        return voice._replace(name=known.name, role=known.role or voice.role, store_id=known.id)

    def _mention(self, key: str, first: str | None = None) -> Voice | None:
        """Find the person a surname names: first in the header, else at its first mention in the text."""
        pattern = re.compile(
            rf"((?:{_NAME_WORD}\s+|of\s+|the\s+){{0,7}})({re.escape(key.title())}|{re.escape(key)}){_SUFFIX}\b"
        )
        for where in (self.header, self.text):
            for match in pattern.finditer(where):
                voice = _voice_at(where, match)
                # A label ("MS. SINGH:") is no mention: a name must be written as names are.
                named = voice is not None and " " in voice.name and not voice.name.isupper()
                if voice and named and (first is None or voice.name.startswith(first)):
                    return voice
        return None

    def _titled(self, title: str) -> Voice | None:
        """Find the person a title names ("THE PRESIDENT"): "President Jane Doe" in the header."""
        match = re.search(rf"\b{title.title()}\s+((?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD})", self.header)
        if match is None:
            return None
        mention = read_phrase(f"{title.title()} {match[1]}")
        return Voice(mention.name, mention.role, mention.organization) if mention else None


def _voice_at(text: str, match: re.Match[str]) -> Voice | None:
    """Read the person a name match names, with the role before it or after a comma."""
    phrase = re.sub(r"^(?:(?:of|the)\s+)+", "", match.group().strip())
    mention = read_phrase(phrase)
    if mention is None or mention.kind not in ("person", "surname"):
        return None
    role = mention.role
    if role is None:
        after = re.match(
            r",\s*((?:[A-Z][\w.’'-]*|of|the|for|and)(?:\s+(?:[A-Z][\w.’'-]*|of|the|for|and))*)",
            text[match.end() :],
        )
        role = after[1].strip() if after and after[1][0].isupper() else None
    return Voice(mention.name, role, mention.organization)


def _interview_roles(header: str) -> tuple[Voice | None, Voice | None]:
    """Return the interviewer and the interviewee an introduction names, where it names them."""
    asker = _INTERVIEWER.search(header)
    interviewer = None
    if asker:
        mention = read_phrase(asker["by"] or asker["subject"])
        interviewer = Voice(mention.name, mention.role) if mention else None
    answerer = None
    for match in _INTERVIEWEE.finditer(header):
        mention = read_phrase(match["who"] or match["with"])
        if mention and mention.kind == "person" and (interviewer is None or mention.name != interviewer.name):
            answerer = Voice(mention.name, mention.role)
            break
    if answerer is None:  # "A:" is then the first person the introduction names, not the interviewer
        for run in re.finditer(r"(?:[A-Z][\w’'-]*\.?[ ]+){1,5}[A-Z][\w’'-]+", header):
            mention = read_phrase(run.group())
            other = interviewer is None or mention is not None and mention.name != interviewer.name
            if mention and mention.kind == "person" and " " in mention.name and other:
                return interviewer, Voice(mention.name, mention.role)
    return interviewer, answerer


class _Ids:
    """Hand out claim ids that are not taken: base, else base-2, base-3, ..."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def new(self, base: str) -> str:
        candidate, number = base[:118].strip("-"), 2
        while candidate in self.taken:
            candidate, number = f"{base[:110].strip('-')}-{number}", number + 1
        self.taken.add(candidate)
        return candidate
