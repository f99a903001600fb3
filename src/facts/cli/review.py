"""The interactive review of `facts add`: each claim in its sentence, taken, skipped or re-attributed."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from facts.cli.output import console
from facts.cli.terminal import visible
from facts.errors import FactsError
from facts.extract import NewSpeaker
from facts.extract.context import ClaimContext
from facts.store.manifest import StoreView
from facts.store.records import ClaimRecord

QUESTION = (
    "Add it? [y]es, [n]o, [s]peaker: give it another, [a]ll the rest, [q]uit and add those taken so far: "
)
CLAIM_STYLE = "bold underline"
CUE_STYLE = "italic cyan"
PHRASE_STYLE = "bold yellow"


def claim_in_sentence(
    text: str, claim: ClaimRecord, context: ClaimContext, marks: bool, indent: str = ""
) -> Text:
    """Return the sentence with the claim, cue and speaker phrase styled; marks puts ‹ › round the claim."""
    span = claim["span"]
    styled = [(span["start"], span["end"], CLAIM_STYLE)]
    for part, style in ((context.cue, CUE_STYLE), (context.phrase, PHRASE_STYLE)):
        if part is not None and (part[1] <= span["start"] or part[0] >= span["end"]):
            styled.append((part[0], part[1], style))  # one inside the claim's words is not a cue of it
    start, end = context.sentence
    out = Text(indent)
    at = start
    for s, e, style in sorted(styled):
        if s < at or e > end or s < start:
            continue
        out.append(visible(text[at:s]))
        open_mark, close_mark = ("‹", "›") if marks and style == CLAIM_STYLE else ("", "")
        out.append(open_mark + visible(text[s:e]) + close_mark, style=style)
        at = e
    out.append(visible(text[at:end]))
    return out


def claim_heading(
    number: int, total: int, claim: ClaimRecord, text: str, context: ClaimContext | None
) -> str:
    """Return the lines above a claim: kind, speaker, date, and how the text names the speaker."""
    speaker = claim["speaker"]
    role = f" ({speaker['role']})" if speaker["role"] else ""
    lines = [f"[{number}/{total}] {claim['kind']} · {speaker['name']}{role} · {claim['date']}"]
    if context is not None and (context.phrase or context.cue):
        said = [f"speaker as written: “{text[slice(*context.phrase)]}”"] if context.phrase else []
        said += [f"cue: “{text[slice(*context.cue)]}”"] if context.cue else []
        lines.append("  " + " · ".join(said))
    return visible("\n".join(lines))


def review_claims(
    proposed: Sequence[ClaimRecord],
    contexts: Mapping[str, ClaimContext],
    text: str,
    store: StoreView,
    drafts: Sequence[NewSpeaker],
) -> list[ClaimRecord]:
    """Ask about each proposed claim on the terminal; return those taken, with any speaker given by hand."""
    err = console(stderr=True)
    marks = err.no_color or not err.is_terminal
    accepted: list[ClaimRecord] = []
    for number, claim in enumerate(proposed, 1):
        context = contexts.get(claim["id"])
        err.print()
        err.print(claim_heading(number, len(proposed), claim, text, context), markup=False, highlight=False)
        if context is not None:
            err.print(claim_in_sentence(text, claim, context, marks, "  "), highlight=False)
        else:
            err.print(visible(f"  “{claim['text']}”"), markup=False, highlight=False)
        while True:
            answer = _ask(QUESTION)
            choice = answer.strip().lower()[:1] if answer else "q"
            if choice == "s":
                claim = _respeak(claim, store, drafts)
            elif choice in ("y", "n", "a", "q"):
                break
        if choice == "y":
            accepted.append(claim)
        elif choice == "a":
            return [*accepted, claim, *proposed[number:]]
        elif choice == "q":
            if not answer:
                sys.stderr.write("\n")
            return accepted
    return accepted


def _ask(question: str) -> str:
    sys.stderr.write(question)
    sys.stderr.flush()
    return sys.stdin.readline()


def _respeak(claim: ClaimRecord, store: StoreView, drafts: Sequence[NewSpeaker]) -> ClaimRecord:
    """Ask for the claim's speaker; return the claim with it, or unchanged on an empty answer."""
    from facts.ingest.review import speaker_named

    name = _ask("Speaker (id, name or alias; a new name adds a person): ").strip()
    if not name:
        return claim
    try:
        ref, new = speaker_named(name, store, drafts)
    except FactsError as problem:
        sys.stderr.write(visible(f"{problem.message}\n"))
        return claim
    sys.stderr.write(visible(f"  speaker: {ref['name']} ({ref['id']}{', a new person' if new else ''})\n"))
    return {**claim, "speaker": ref}


def context_table(documents: Sequence[tuple[str, Sequence[ClaimRecord], Mapping[str, ClaimContext]]]) -> Any:
    """Render proposed claims as a table: speaker and how the text names them, cue, and the sentence.

    documents holds, for each document, its text, its proposed claims and their contexts.
    """
    from rich.table import Table

    marks = console().no_color or not console().is_terminal
    table = Table(show_lines=True, expand=True)
    table.add_column("Speaker", ratio=2, overflow="fold")
    table.add_column("Cue", ratio=1, overflow="fold")
    table.add_column("Claim in its sentence", ratio=5, overflow="fold")
    for text, claims, contexts in documents:
        for claim in claims:
            context = contexts.get(claim["id"])
            speaker = Text(visible(claim["speaker"]["name"]))
            cue = Text()
            if context is not None and context.phrase is not None:
                speaker.append(f"\nas written: {visible(text[slice(*context.phrase)])}", style=PHRASE_STYLE)
            if context is not None and context.cue is not None:
                cue.append(visible(text[slice(*context.cue)]), style=CUE_STYLE)
            sentence = (
                claim_in_sentence(text, claim, context, marks)
                if context is not None
                else Text(visible(claim["text"]))
            )
            sentence.append(Text(f"\n{claim['id']} · {claim['kind']} · {claim['date']}", style="dim"))
            table.add_row(speaker, cue, sentence)
    return table
