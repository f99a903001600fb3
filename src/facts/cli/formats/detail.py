"""One claim in full, as `facts show` prints it: its fields, its paragraph and its other reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from facts.cli.formats.fields import shown_date
from facts.cli.formats.table import HIGHLIGHT_STYLE
from facts.cli.terminal import visible
from facts.store.records import ClaimRecord

if TYPE_CHECKING:  # rich is imported only when a panel is drawn
    from rich.console import RenderableType


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


def _stance_line(detail: Mapping[str, Any]) -> str:
    """Say what the speaker did and the words that say so: "denies (cue: denied)"."""
    stance, cue = detail.get("stance", "asserts"), detail.get("cue")
    return f"{stance} (cue: {cue})" if cue else stance


def _primary_field(check: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Say how a quotation departs from its primary source, and which passage that is."""
    if not check:
        return []
    from facts.search.primary import difference

    if check["verdict"] == "none":
        return [("primary", f"none: {difference(check)}")]
    shown = f"{check['verdict']}: {difference(check)} — {check['primary']}: “{check['primary_text']}”"
    return [("primary", shown)]


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
    from facts.search.statement_grouping import drift

    return [
        f"[{p.rstrip()}]{p[len(p.rstrip()) :]}" if changed else p for p, changed in drift(reference, text)
    ]


DRIFT_STYLE = "bold yellow underline"


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

    from facts.search.statement_grouping import drift

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
