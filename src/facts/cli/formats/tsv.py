"""TSV: tab-separated lines, no header unless asked, each field on one line, controls shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from facts.cli.formats.fields import shown_date
from facts.cli.formats.interface import Writable
from facts.cli.terminal import visible
from facts.store.records import ClaimRecord

TERMINAL_SAFE = True  # to_tsv shows every control character


def _cell(value: object) -> str:
    """Make a value fit one TSV field: no tabs or line breaks."""
    return " ".join(str("" if value is None else value).split())


def to_tsv(rows: Sequence[Sequence[object]]) -> str:
    """Render rows as tab-separated lines with no header, each field on one line, controls shown."""
    # One pass over the whole output costs less than one a field, and fields hold no tab or line break.
    return visible("".join("\t".join(_cell(v) for v in row) + "\n" for row in rows))


TSV_COLUMNS = ["id", "date", "speaker", "kind", "source", "text"]


def write_claims(claims: Iterable[ClaimRecord], out: Writable, header: bool = False) -> None:
    """Write claims as tab-separated lines, one at a time: id, date, speaker, kind, source file, text."""
    if header:
        out.write(to_tsv([TSV_COLUMNS]))
    for c in claims:
        row = (c["id"], shown_date(c), c["speaker"]["name"], c["kind"], c["source"]["file"], c["text"])
        out.write(to_tsv([row]))


def records(
    found: Sequence[Mapping[str, Any]], columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> str:
    """Return rows as TSV lines (a header, when asked, is the caller's first row)."""
    return to_tsv(rows)


def detail(shown: Mapping[str, Any], claim: ClaimRecord) -> str:
    """Return one claim in full as `field: value` lines."""
    from facts.cli.formats.detail import claim_detail_text

    return claim_detail_text(shown)
