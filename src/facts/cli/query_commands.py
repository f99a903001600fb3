"""The query commands: search, by-speaker, list, show, conflicts and check (load, query, render)."""

from __future__ import annotations

from typing import Annotated

import typer

from facts.cli.formats import OutputFormat, emit_detail, emit_rows, resolve_format
from facts.cli.options import (
    CorroboratedOption,
    CueOption,
    FieldsOption,
    FormatOption,
    HeaderOption,
    JsonOption,
    KindOption,
    LimitOption,
    SinceOption,
    SortOption,
    SourceOption,
    SpeakerOption,
    StanceOption,
    StoreOption,
    UntilOption,
)
from facts.cli.output import note
from facts.cli.query import ClaimQuery, effective_limit, query_fresh, run_claim_query
from facts.cli.reports import CONFLICT_COLUMNS, conflict_rows, corroborated_detail, find_conflicts
from facts.search.query import as_text


def _run(query: ClaimQuery, fmt: OutputFormat | None, as_json: bool) -> None:
    run_claim_query(query._replace(output=resolve_format(fmt, as_json)))


def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words to find; "quoted phrases", prefix*, OR, NOT or -word.',
            show_default=False,
        ),
    ],
    *,
    fields: FieldsOption = None,
    speaker: SpeakerOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    stance: StanceOption = None,
    cue: CueOption = None,
    corroborated: CorroboratedOption = None,
    sort: SortOption = None,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Search claim text and speakers' names, best matches first.

    Matching ignores case and accents and stems words, so `withdrawal` also finds
    "not withdrawing". Every word must match. Use "double quotes" for a phrase,
    `withdr*` for a prefix, `OR` between two words for either, `NOT word` or `-word`
    to exclude. Source titles and outlets are searched only when asked, with
    --in text,speaker,source; a claim found through its source alone then says so.

    Examples:

      facts search withdrawal

      facts search '"not withdrawing"' --speaker singh

      facts search isis --since 2024-09 --json | jq -r '.[].id'

      facts search harbour --in source

      facts search forces --corroborated 2 --sort sources
    """
    _run(
        ClaimQuery(
            "search",
            " ".join(query),
            speaker,
            source,
            since,
            until,
            kind,
            limit,
            store=store,
            header=header,
            fields=fields,
            corroborated=corroborated,
            sort=sort,
            stance=stance,
            cue=cue,
        ),
        fmt,
        as_json,
    )


def by_speaker(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="Part of a speaker's name, alias or role.", show_default=False),
    ],
    *,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    stance: StanceOption = None,
    cue: CueOption = None,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List the claims of every speaker whose name, alias or role matches, oldest first.

    Matching ignores case and accents and takes parts of names: `singh`,
    `Sabrina Singh`, `press secretary` and `state department` all work. A name
    that matches no one exits 1 and suggests the closest speakers.

    Examples:

      facts by-speaker Singh

      facts by-speaker "state department" --json | jq length
    """

    _run(
        ClaimQuery(
            "by-speaker",
            name,
            None,
            source,
            since,
            until,
            kind,
            limit,
            store=store,
            header=header,
            stance=stance,
            cue=cue,
        ),
        fmt,
        as_json,
    )


def list_claims(
    *,
    speaker: SpeakerOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    stance: StanceOption = None,
    cue: CueOption = None,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List claims, oldest first, optionally filtered.

    Examples:

      facts list --kind quote

      facts list --stance denies

      facts list --source overt --since 2024-09-01 --format csv > claims.csv
    """

    _run(
        ClaimQuery(
            "list",
            None,
            speaker,
            source,
            since,
            until,
            kind,
            limit,
            store=store,
            header=header,
            stance=stance,
            cue=cue,
        ),
        fmt,
        as_json,
    )


def show(
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The claim's id, as printed by the other commands.",
            show_default=False,
        ),
    ],
    *,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Show one claim in full: speaker, date and how it is known, source, and its paragraph.

    Below it, the other reports of the same statement (see `facts conflicts`): their source,
    date and speaker, and the words that differ from this one (a quotation's drift), highlighted.

    Example:

      facts show 003-singh-not-withdrawing
    """
    from facts.cli.formats.detail import claim_detail
    from facts.store.paths import source_text

    output = resolve_format(fmt, as_json)
    wanted = as_text(claim_id)
    index, claim = query_fresh(store, lambda index: index.claim(wanted), lambda c: [c["source"]["file"]])
    detail = claim_detail(claim, source_text(index.paths, claim["source"]["file"]))
    detail = corroborated_detail(index, claim, detail)
    from facts.search.primary import primary_check

    checked = primary_check(index, claim)
    if checked is not None:
        detail = {**detail, "primary_check": checked}
    emit_detail(output, detail, claim)


def conflicts(
    *,
    limit: LimitOption = None,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List statements credited to different speakers, or quoted in different words by sources
    that name the same speaker, most widely reported first.

    A statement is the claims that carry the same words, near-identical words, or largely the
    same words (the README gives the rule). Speakers are never merged: a conflict is listed so
    that you can judge it.

    Examples:

      facts conflicts

      facts conflicts --json | jq '.[] | {sources, speakers}'
    """
    output = resolve_format(fmt, as_json)
    shown = effective_limit(limit, output)
    found, cut = find_conflicts(store, shown)
    from facts.cli.formats import table

    if output is OutputFormat.table and not found:
        note("No conflicting statements found.")
    else:
        rows = conflict_rows(found)
        if header and output is OutputFormat.tsv:
            rows = [tuple(CONFLICT_COLUMNS), *rows]
        emit_rows(output, found, CONFLICT_COLUMNS, rows, table.conflicts_table)
    if cut:
        note(f"Showing the first {shown} statements; use --limit 0 to see them all.")


CHECK_COLUMNS = ["claim", "verdict", "primary", "speaker", "difference", "text"]


def check(
    *,
    everything: Annotated[
        bool, typer.Option("--all", help="List the quotations that match their primary source exactly too.")
    ] = False,
    header: HeaderOption = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """List quotations that depart from their primary source, most altered first.

    A primary source is a transcript (marked when it is added). Each quotation of a speaker
    who has one is compared with that speaker's passages: altered (words changed, shown),
    shortened (words left out, shown), or matching no passage. Exit status 0 either way.

    Examples:

      facts check

      facts check --all --json | jq '.[] | select(.verdict == "altered")'
    """
    from facts.search.primary import check_store, difference
    from facts.store.paths import resolve_store

    output = resolve_format(fmt, as_json)
    found = check_store(resolve_store(store), everything=everything)
    if output is OutputFormat.table and not found:
        note("No quotation departs from its primary source.")
        return
    rows: list[tuple[object, ...]] = [
        (r["claim"], r["verdict"], r["primary"] or "", r["speaker"], difference(r), r["text"]) for r in found
    ]
    if header and output is OutputFormat.tsv:
        rows = [tuple(CHECK_COLUMNS), *rows]
    from facts.cli.formats import table

    emit_rows(output, found, CHECK_COLUMNS, rows, table.checks_table)
