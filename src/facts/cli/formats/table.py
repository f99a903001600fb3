"""Rich tables for people: claims, statements in conflict, speakers, sources and checked quotations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from facts.cli.formats.fields import shown_date, shown_kind
from facts.cli.terminal import visible
from facts.search.claim_index import MARK_END, MARK_START
from facts.store.records import ClaimRecord, SourceRecord, SpeakerRecord

if TYPE_CHECKING:  # rich is imported only when a table is drawn
    from rich.console import RenderableType
    from rich.text import Text


HIGHLIGHT_STYLE = "bold reverse"


def marked_text(text: str) -> Text:
    """Turn text with \\x02…\\x03 marks around matched words into highlighted rich Text."""
    from rich.text import Text

    result = Text()
    highlighted = False
    for part in text.replace(MARK_END, MARK_START).split(MARK_START):
        result.append(visible(part), style=HIGHLIGHT_STYLE if highlighted else None)
        highlighted = not highlighted
    return result


# From this width the claims table has columns of its own for kind and source.
WIDE_TABLE = 120


_KIND_WIDTH = 8  # "reported"


def _claims_table_widths(width: int, wide: bool, longest_id: int) -> tuple[int, int, int]:
    """Return the widths of the speaker, claim and source columns for a table this wide.

    The claim column is made at least as wide as the longest id where the width allows, taking
    room from the speaker's column (names wrap; ids must not be cut).
    """
    columns = 5 if wide else 3
    free = width - (3 * columns + 1) - 10  # borders and padding, and the date
    source = 0
    if wide:
        source = max(12, free // 6)
        free -= _KIND_WIDTH + source
    speaker = max(14, free // 4)
    claim = free - speaker
    if claim < longest_id:
        taken = min(longest_id - claim, speaker - 10)
        speaker, claim = speaker - taken, claim + taken
    return speaker, max(claim, 10), source


def claims_table(
    claims: Sequence[ClaimRecord],
    marked: Mapping[str, str],
    matched: Mapping[str, Mapping[str, str]] | None = None,
    width: int = 100,
) -> RenderableType:
    """Render claims as a table: date, speaker, the claim with its id, and where it comes from.

    An id is never cut: the claim column is at least as wide as the longest id, and the text
    wraps around it. A claim matched only through its speaker or source says so under its text.
    """
    from rich.table import Table
    from rich.text import Text

    wide = width >= WIDE_TABLE
    speaker_width, claim_width, source_width = _claims_table_widths(
        width, wide, max((len(c["id"]) for c in claims), default=0)
    )
    table = Table(show_lines=True, expand=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Speaker", width=speaker_width, overflow="fold")
    table.add_column("Claim", width=claim_width, overflow="fold")
    if wide:
        table.add_column("Kind", width=_KIND_WIDTH, no_wrap=True)
        table.add_column("Source", width=source_width)
    for c in claims:
        claim = marked_text(marked[c["id"]]) if c["id"] in marked else Text(visible(c["text"]))
        fields = (matched or {}).get(c["id"], {})
        if fields and "text" not in fields:
            for name, value in fields.items():
                claim.append(f"\n(matched in {name}: ", style="italic")
                claim.append_text(marked_text(value))
                claim.append(")", style="italic")
        _mark_corroboration(claim, c)
        claim.append(Text(f"\n{c['id']}", style="dim", overflow="fold"))
        where = visible(c["source"]["outlet"] or c["source"]["file"])
        speaker = Text(visible(c["speaker"]["name"]))
        if wide:
            table.add_row(shown_date(c), speaker, claim, shown_kind(c, "\n"), Text(where))
        else:
            claim.append(f"\n{shown_kind(c)} · {where}", style="dim")
            table.add_row(shown_date(c), speaker, claim)
    return table


def corroboration_note(claim: Mapping[str, Any]) -> tuple[str, str]:
    """Return what a table says of a claim's other reports and of its conflicting ones, if anything."""
    reported = claim.get("reported_by")
    if not reported or not reported["claims"]:
        return "", ""
    n = reported["sources"]
    others = len(reported["claims"])
    said = f"reported by {n} sources" if n > 1 else f"reported {others + 1} times in its source"
    speakers = sorted({c["speaker"] for c in claim.get("conflicts", [])})
    conflict = f"conflict: also credited to {', '.join(speakers)}" if speakers else ""
    return said, conflict


def _mark_corroboration(cell: Text, claim: Mapping[str, Any]) -> None:
    said, conflict = corroboration_note(claim)
    if said:
        cell.append(f"\n{said}", style="bold cyan")
    if conflict:
        cell.append(visible(f"\n{conflict}"), style="bold red")


def conflicts_table(conflicts: Sequence[Mapping[str, Any]]) -> RenderableType:
    """Render conflicting statements: each with its reports, speaker and source, one row a report."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Speaker", ratio=1, overflow="fold")
    table.add_column("Claim", ratio=3, overflow="fold")
    for s in conflicts:
        why = "different speakers" if s["reason"] == "speakers" else "different words"
        for n, c in enumerate(s["claims"]):
            label = Text(f"{s['statement']}") if n == 0 else Text("")
            cell = Text(visible(c["text"]))
            cell.append(
                visible(f"\n{c['id']} · {c['date']} · {c['source']['outlet'] or c['source']['file']}"),
                style="dim",
            )
            if n == 0:
                cell.append(
                    f"\n{why}, {s['sources']} source{'s' if s['sources'] != 1 else ''}", style="bold red"
                )
            table.add_row(label, Text(visible(c["speaker"]["name"])), cell)
    return table


def speakers_table(speakers: Sequence[SpeakerRecord]) -> RenderableType:
    """Render speakers as a table with their role, aliases and number of claims."""
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=True)
    # Wide enough for the longest id (ids sit on their own line and are never split), within reason.
    longest = max((len(s["id"]) for s in speakers), default=0)
    table.add_column("Speaker", width=max(min(longest, 40), 14), overflow="fold")
    table.add_column("Role", ratio=3)
    table.add_column("Aliases", ratio=2)
    table.add_column("Claims", justify="right", no_wrap=True)
    for s in speakers:
        role = ", ".join(p for p in (s["role"], s["organization"]) if p and p != s["name"])
        table.add_row(
            Text(visible(s["name"])).append(f"\n{s['id']}", style="dim"),
            Text(visible(role)),
            Text(visible("; ".join(s["aliases"]))),
            str(s["claims"]),
        )
    return table


def sources_table(sources: Sequence[SourceRecord]) -> RenderableType:
    """Render sources as a table with their title, publication date and number of claims."""
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("Source", ratio=3)
    table.add_column("Published", no_wrap=True)
    table.add_column("Claims", justify="right", no_wrap=True)
    for s in sources:
        title = s["title"] + (f" ({s['outlet']})" if s["outlet"] else "")
        cell = Text(visible(title))
        if s["author"]:
            cell.append(visible(f"\nby {s['author']}"))
        cell.append(visible(f"\n{s['file']}"), style="dim")
        if s["original"]:
            cell.append(visible(f" (from {s['original']})"), style="dim")
        if s["url"]:
            cell.append(visible(f"\n{s['url']}"), style="dim")
        table.add_row(
            cell,
            s["published"] or "unknown",
            str(s["claims"]),
        )
    return table


def checks_table(found: Sequence[Mapping[str, Any]]) -> RenderableType:
    """Render checked quotations: each beside its verdict, how it differs and the primary passage."""
    from rich.table import Table
    from rich.text import Text

    from facts.search.primary import difference

    table = Table(show_lines=True)
    table.add_column("Quotation", ratio=3, overflow="fold")
    table.add_column("Primary source", ratio=2, overflow="fold")
    for r in found:
        quoted = Text(visible(r["text"]))
        quoted.append(visible(f"\n{r['claim']} · {r['speaker']}"), style="dim")
        primary = Text(visible(f"{r['verdict']}: {difference(r)}"), style="bold")
        if r["primary"]:
            primary.append(visible(f"\n{r['primary_text']}\n{r['primary']}"))
        table.add_row(quoted, primary)
    return table
