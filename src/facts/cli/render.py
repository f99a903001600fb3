"""Turn records into output: rich tables for people, TSV, JSON, JSON Lines and CSV for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Protocol

from facts.cli.terminal import escape_json, visible
from facts.search.claim_index import MARK_END, MARK_START
from facts.store.records import ClaimRecord, SourceRecord, SpeakerRecord

if TYPE_CHECKING:  # rich is imported only when a table is drawn
    from rich.console import RenderableType
    from rich.text import Text

HIGHLIGHT_STYLE = "bold reverse"
# Every field of the JSON contract, flattened, in the contract's order.
CSV_COLUMNS = [
    "id",
    "text",
    "kind",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "speaker_role",
    "speaker_organization",
    "date",
    "date_precision",
    "date_basis",
    "source_file",
    "source_title",
    "source_outlet",
    "source_url",
    "source_published",
    "span_start",
    "span_end",
    "stance",
    "cue",
    "cue_lemma",
]


class Writable(Protocol):
    """Anything text is written to: a file, stdout, or a filter in front of it."""

    def write(self, text: str, /) -> int: ...


def to_json(records: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> str:
    """Render records (or one record) as indented JSON, ending with a newline."""
    return escape_json(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"


def to_jsonl(records: Sequence[Mapping[str, Any]]) -> str:
    """Render records as JSON Lines: one compact object per line."""
    return "".join(escape_json(json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as CSV under a header row; None becomes an empty field."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def _cell(value: object) -> str:
    """Make a value fit one TSV field: no tabs or line breaks."""
    return " ".join(str("" if value is None else value).split())


def to_tsv(rows: Sequence[Sequence[object]]) -> str:
    """Render rows as tab-separated lines with no header, each field on one line, controls shown."""
    # One pass over the whole output costs less than one a field, and fields hold no tab or line break.
    return visible("".join("\t".join(_cell(v) for v in row) + "\n" for row in rows))


def claim_row(c: ClaimRecord) -> tuple[object, ...]:
    """Flatten a claim into CSV_COLUMNS order."""
    speaker, source = c["speaker"], c["source"]
    return (
        c["id"],
        c["text"],
        c["kind"],
        speaker["id"],
        speaker["name"],
        speaker["kind"],
        speaker["role"],
        speaker["organization"],
        c["date"],
        c["date_precision"],
        c["date_basis"],
        source["file"],
        source["title"],
        source["outlet"],
        source["url"],
        source["published"],
        c["span"]["start"],
        c["span"]["end"],
        c["stance"],
        c["cue"],
        c["cue_lemma"],
    )


TSV_COLUMNS = ["id", "date", "speaker", "kind", "source", "text"]


def write_json(records: Iterable[Mapping[str, Any]], out: Writable) -> None:
    """Write records as an indented JSON array one at a time: the text to_json makes, in constant memory."""
    first = True
    for record in records:
        out.write("[\n" if first else ",\n")
        # JSON strings hold no raw newlines, so each line of the dump is one line of the array.
        lines = escape_json(json.dumps(record, ensure_ascii=False, indent=2)).split("\n")
        out.write("\n".join("  " + line for line in lines))
        first = False
    out.write("[]\n" if first else "\n]\n")


def claim_json_line(c: ClaimRecord) -> str:
    """Return json.dumps(c, ensure_ascii=False) of a claim record, about twice as fast.

    Listing a million claims spends most of its time here; the strings are escaped by json's
    own C function, and a test checks the result equals json.dumps for arbitrary claims.
    """
    speaker, source, span = c["speaker"], c["source"], c["span"]
    return (
        f'{{"id": {_q(c["id"])}, "text": {_q(c["text"])}, "kind": {_q(c["kind"])}, '
        f'"speaker": {{"id": {_q(speaker["id"])}, "name": {_q(speaker["name"])}, '
        f'"kind": {_q(speaker["kind"])}, "role": {_q(speaker["role"])}, '
        f'"organization": {_q(speaker["organization"])}}}, '
        f'"date": {_q(c["date"])}, "date_precision": {_q(c["date_precision"])}, '
        f'"date_basis": {_q(c["date_basis"])}, '
        f'"source": {{{_fields(source)}}}, '
        f'"span": {{"start": {int(span["start"])}, "end": {int(span["end"])}}}, '
        f'"stance": {_q(c["stance"])}, "cue": {_q(c["cue"])}, "cue_lemma": {_q(c["cue_lemma"])}'
        + (f', "page": {int(c["page"])}}}' if "page" in c else "}")
    )


def _fields(record: Mapping[str, Any]) -> str:
    # Every field of a claim's source is text or null; its keys are the contract's (and "author").
    return ", ".join(f"{_q(key)}: {_q(value)}" for key, value in record.items())


def _q(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


_CLAIM_KEYS = tuple(ClaimRecord.__annotations__)
_CORROBORATED_KEYS = (*_CLAIM_KEYS, "reported_by", "conflicts")


def write_claims_jsonl(claims: Iterable[ClaimRecord], out: Writable) -> None:
    """Write claims as JSON Lines, one at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for claim in claims:
        # A record with other keys, or in another order, goes through json itself.
        keys = tuple(claim)
        if keys == _CLAIM_KEYS:
            line = claim_json_line(claim)
        elif keys == _CORROBORATED_KEYS:  # the contract's fields, then reported_by and conflicts
            extra = {"reported_by": claim["reported_by"], "conflicts": claim["conflicts"]}  # type: ignore[typeddict-item]
            line = claim_json_line(claim)[:-1] + ", " + encode(extra)[1:]
        else:
            line = encode(claim)
        out.write(escape_json(line) + "\n")


def write_jsonl(records: Iterable[Mapping[str, Any]], out: Writable) -> None:
    """Write records as JSON Lines, one at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: dumps makes one per call
    for record in records:
        out.write(escape_json(encode(record)) + "\n")


def claims_csv(claims: Sequence[ClaimRecord]) -> str:
    """Render claims as CSV with a header row, nested fields flattened."""
    return to_csv(CSV_COLUMNS, [claim_row(c) for c in claims])


def write_claims_csv(claims: Iterable[ClaimRecord], out: Writable) -> None:
    """Write claims as CSV with a header row, nested fields flattened, one at a time.

    out decides how the text is shown (commands.write_csv shows controls on a terminal).
    """
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(claim_row(c) for c in claims)


def write_claims_tsv(claims: Iterable[ClaimRecord], out: Writable, header: bool = False) -> None:
    """Write claims as tab-separated lines, one at a time: id, date, speaker, kind, source file, text."""
    if header:
        out.write(to_tsv([TSV_COLUMNS]))
    for c in claims:
        row = (c["id"], shown_date(c), c["speaker"]["name"], c["kind"], c["source"]["file"], c["text"])
        out.write(to_tsv([row]))


SPEAKER_COLUMNS = ["id", "name", "claims", "role", "organization", "aliases"]
SOURCE_COLUMNS = ["file", "published", "claims", "title", "outlet", "author", "url"]


def speaker_rows(speakers: Sequence[SpeakerRecord]) -> list[tuple[object, ...]]:
    """Return speakers as flat rows in SPEAKER_COLUMNS order, for TSV and CSV."""
    return [
        (s["id"], s["name"], s["claims"], s["role"], s["organization"], "; ".join(s["aliases"]))
        for s in speakers
    ]


def source_rows(sources: Sequence[SourceRecord]) -> list[tuple[object, ...]]:
    """Return sources as flat rows in SOURCE_COLUMNS order, for TSV and CSV."""
    return [
        (s["file"], s["published"], s["claims"], s["title"], s["outlet"], s["author"], s["url"])
        for s in sources
    ]


def shown_kind(claim: ClaimRecord, joint: str = " · ") -> str:
    """Return a claim's kind, and its stance when the speaker denied or asked rather than asserted."""
    stance = claim.get("stance", "asserts")
    return claim["kind"] if stance == "asserts" else f"{claim['kind']}{joint}{stance}"


def shown_date(claim: ClaimRecord) -> str:
    """Return the claim's date to the precision it is known: 2024-09-27, 2024-01 or 2024."""
    if claim["date"] is None:
        return "undated"
    cut = {"day": 10, "month": 7, "year": 4}.get(claim["date_precision"] or "day", 10)
    return claim["date"][:cut]


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


DRIFT_STYLE = "bold yellow underline"


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


def paragraph_around(text: str, start: int, end: int) -> tuple[int, str]:
    """Return the paragraph (line) of a source that holds a span, with its start offset."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, text[first : last if last != -1 else len(text)]


def claim_detail(claim: ClaimRecord, source_text: str) -> dict[str, Any]:
    """Return a claim with the paragraph of its source around it, for `facts show`."""
    offset, paragraph = paragraph_around(source_text, claim["span"]["start"], claim["span"]["end"])
    return {**claim, "context": {"start": offset, "paragraph": paragraph}}


def _detail_fields(detail: Mapping[str, Any]) -> list[tuple[str, str]]:
    speaker, source = detail["speaker"], detail["source"]
    who = ", ".join(p for p in (speaker["role"], speaker["organization"]) if p)
    published = source["published"] or "date not known"
    where = f"{source['title']} ({', '.join(p for p in (source['outlet'], published) if p)})"
    return [
        ("id", detail["id"]),
        ("speaker", speaker["name"] + (f" — {who}" if who else "")),
        ("kind", detail["kind"]),
        ("stance", _stance_line(detail)),
        (
            "date",
            shown_date(detail)  # type: ignore[arg-type]
            + (f" — {detail['date_basis']}" if detail["date_basis"] else ""),
        ),
        ("source", where),
        (
            "file",
            f"{source['file']} [{detail['span']['start']}:{detail['span']['end']}]"
            + (f", page {detail['page']}" if detail.get("page") else "")
            + (f" — {source['url']}" if source["url"] else ""),
        ),
        ("text", detail["text"]),
        *_primary_field(detail.get("primary_check")),
    ]


def _primary_field(check: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Say how a quotation departs from its primary source, and which passage that is."""
    if not check:
        return []
    from facts.search.primary import difference

    if check["verdict"] == "none":
        return [("primary", f"none: {difference(check)}")]
    shown = f"{check['verdict']}: {difference(check)} — {check['primary']}: “{check['primary_text']}”"
    return [("primary", shown)]


def _stance_line(detail: Mapping[str, Any]) -> str:
    """Say what the speaker did and the words that say so: "denies (cue: denied)"."""
    stance, cue = detail.get("stance", "asserts"), detail.get("cue")
    return f"{stance} (cue: {cue})" if cue else stance


def _other_report_line(other: Mapping[str, Any]) -> str:
    return f"{other['id']} — {other['date']} — {other['speaker']['name']} — {other['source']['title']}"


def claim_detail_text(detail: Mapping[str, Any]) -> str:
    """Render a claim in full as plain `field: value` lines, then its paragraph and other reports.

    In plain text a quotation's differing words are shown between [ and ].
    """
    lines = [f"{name}: {value}" for name, value in _detail_fields(detail)]
    lines.append(f"context: {detail['context']['paragraph']}")
    for other in detail.get("other_reports", []):
        conflicting = other["id"] in {c["claim"] for c in detail.get("conflicts", [])}
        lines.append(
            f"also reported: {_other_report_line(other)}" + (" (a different speaker)" if conflicting else "")
        )
        if "differing" in other:
            lines.append("  words: " + "".join(_drift_plain(detail["text"], other["text"])))
    return visible("\n".join(lines) + "\n")


def _drift_plain(reference: str, text: str) -> list[str]:
    from facts.search.statements import drift

    return [
        f"[{p.rstrip()}]{p[len(p.rstrip()) :]}" if changed else p for p, changed in drift(reference, text)
    ]


def claim_detail_panel(detail: Mapping[str, Any]) -> RenderableType:
    """Render a claim in full for a terminal, the claim highlighted in its paragraph."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column()
    for name, value in _detail_fields(detail):
        if name != "text":
            fields.add_row(name, Text(visible(value)))
    paragraph = detail["context"]["paragraph"]
    start = detail["span"]["start"] - detail["context"]["start"]
    end = detail["span"]["end"] - detail["context"]["start"]
    # Each part is made visible on its own: a shown control is longer than the character it stands for.
    context = Text(visible(paragraph[:start]))
    context.append(visible(paragraph[start:end]), style=HIGHLIGHT_STYLE)
    context.append(visible(paragraph[end:]))
    parts: list[RenderableType] = [fields, Panel(context, title="In its source", title_align="left")]
    others = detail.get("other_reports", [])
    if others:
        parts.append(_other_reports_panel(detail, others))
    return Group(*parts)


def _other_reports_panel(detail: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> RenderableType:
    """List the other reports of a claim's statement, a quotation's differing words highlighted."""
    from rich.panel import Panel
    from rich.text import Text

    from facts.search.statements import drift

    body = Text()
    conflicting = {c["claim"] for c in detail.get("conflicts", [])}
    for n, other in enumerate(others):
        if n:
            body.append("\n\n")
        body.append(visible(_other_report_line(other)), style="bold")
        if other["id"] in conflicting:
            body.append(" (a different speaker)", style="bold red")
        body.append("\n")
        if "differing" in other:
            for piece, changed in drift(detail["text"], other["text"]):
                body.append(visible(piece), style=DRIFT_STYLE if changed else "")
        else:
            body.append(visible(other["text"]))
    sources = detail["reported_by"]["sources"]
    title = f"Also reported ({sources} sources)" if sources > 1 else "Also reported"
    return Panel(body, title=title, title_align="left")


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
