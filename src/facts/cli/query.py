"""What the query commands do, between parsing and printing; shared by the CLI and its fast path."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from facts.cli.dates import parse_date
from facts.cli.flags import DEFAULT_LIMIT
from facts.cli.formats import LINE_FORMATS, OutputFormat, data_format, line_format, shown_safely
from facts.cli.output import BuildProgress, Chunks, console, note
from facts.errors import NotFoundError, QueryError
from facts.search.claim_lines import ClaimLine, LineResults
from facts.search.query import Filters, as_text, shortened
from facts.store.paths import StorePaths, resolve_store
from facts.store.records import ClaimKind, Stance

if TYPE_CHECKING:
    from facts.search.claim_index import ClaimIndex
    from facts.search.statement_cache import StatementCache
    from facts.store.records import ClaimRecord, Results, SpeakerRecord

T = TypeVar("T")
SORTS = ("relevance", "sources")
# The formats that print reported_by and conflicts; CSV and TSV keep their columns.
CORROBORATED_FORMATS = ("table", "json", "jsonl")


# NamedTuple rather than dataclass here and in the records the queries pass around: dataclasses
# import inspect, which costs a lookup several milliseconds of start-up.
class ClaimQuery(NamedTuple):
    """One run of search, by-speaker or list, as the user asked for it."""

    command: str  # "search", "by-speaker" or "list"
    text: str | None = None  # the search words, or the speaker name for by-speaker
    speaker: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    limit: int | None = None  # None: DEFAULT_LIMIT in a table, everything in the other formats
    output: OutputFormat = OutputFormat.tsv
    store: Path | None = None
    header: bool = False  # a header line above TSV
    fields: str | None = None  # which fields search matches: a comma-separated subset of SEARCH_FIELDS
    corroborated: int | None = None  # keep claims whose statement at least this many sources carry
    sort: str | None = None  # "sources": most widely reported statements first
    stance: str | None = None  # "asserts", "denies" or "asks"
    cue: str | None = None  # a cue's lemma or its form as written: "deny" or "denied"


def open_store_index(store: Path | None, rebuild: bool = False) -> ClaimIndex:
    """Open the index of a store (the bundled one by default), building it with a progress bar."""
    from facts.search.index import open_index, rebuild_index

    progress = BuildProgress()
    try:
        paths = resolve_store(store)
        # Most outputs mark corroboration: a build of the index starts the statements' too.
        if rebuild:
            return rebuild_index(paths, progress, alongside=_statements_alongside)
        return open_index(paths, progress, alongside=_statements_alongside)
    finally:
        progress.close()


def open_store_statements(paths: StorePaths) -> StatementCache:
    """Open a store's statements; while they are built (or awaited), a bar says so on a terminal."""
    from facts.search.statement_cache import open_statements

    progress = BuildProgress("Grouping claims into statements")
    try:
        return open_statements(paths, busy=lambda: progress(0, 0))
    finally:
        progress.close()


def _statements_alongside(paths: StorePaths) -> None:
    from facts.search.statement_cache import build_alongside  # only when an index is built

    build_alongside(paths)


def query_kinds() -> tuple[str, ...]:
    """Return the claim kinds --kind takes: the model's."""
    return tuple(kind.value for kind in ClaimKind)


def find_speakers(index: ClaimIndex, name: str) -> list[SpeakerRecord]:
    """Return the speakers matching a name; raise NotFoundError naming the closest ones."""
    found = index.find_speakers(name)
    if not found:
        from facts.names import suggest_speakers

        close = suggest_speakers(index.speakers(), name)
        hint = (
            f"Did you mean {' or '.join(close)}?"
            if close
            else "Run `facts speakers` to see who is in the store."
        )
        raise NotFoundError(f"No speaker matches {shortened(name)!r}.", hint=hint)
    return found


def build_filters(index: ClaimIndex, query: ClaimQuery) -> Filters:
    """Turn the filter options into Filters, resolving speaker and source names."""
    kind = query.kind.strip().lower() if query.kind is not None else None
    if kind is not None and kind not in query_kinds():
        raise QueryError(f"--kind takes one of {', '.join(query_kinds())}, not {query.kind!r}.")
    stance = query.stance.strip().lower() if query.stance is not None else None
    stances = [s.value for s in Stance]
    if stance is not None and stance not in stances:
        raise QueryError(f"--stance takes one of {', '.join(stances)}, not {query.stance!r}.")
    cue = " ".join(query.cue.lower().split()) if query.cue is not None else None
    if cue == "":
        raise QueryError("--cue takes a word of attribution, such as denied or told.")
    since = parse_date(query.since, "--since", end=False)
    until = parse_date(query.until, "--until", end=True)
    if since is not None and until is not None and since > until:
        raise QueryError(f"--since {query.since} is after --until {query.until}: no claim can match.")
    speaker = query.text if query.command == "by-speaker" else query.speaker
    speaker_ids = None
    if speaker is not None:
        speaker_ids = frozenset(s["id"] for s in find_speakers(index, speaker))
    source_files = None
    if query.source is not None:
        from facts.search.query import match_sources

        found = match_sources(index.sources(), query.source)
        if not found:
            raise NotFoundError(
                f"No source matches {shortened(query.source)!r}.", hint="Run `facts sources` to see them."
            )
        source_files = frozenset(s["file"] for s in found)
    return Filters(
        speaker_ids=speaker_ids,
        source_files=source_files,
        since=since,
        until=until,
        kind=kind,
        stance=stance,
        cue=cue,
    )


def effective_limit(limit: int | None, output: OutputFormat) -> int:
    """Return how many claims to print: --limit when given, else a screenful only in a table.

    Scripts read JSON, JSON Lines, CSV and TSV; cutting those short would give wrong counts
    without failing, so they get every claim unless --limit says otherwise.
    """
    if limit is not None:
        return limit
    return DEFAULT_LIMIT if output is OutputFormat.table else 0


# What --in names, and the index column that holds it.
SEARCH_FIELDS = {"text": "text", "speaker": "speaker", "source": "title"}
DEFAULT_SEARCH_FIELDS = "text,speaker"


def search_columns(fields: str | None) -> list[str]:
    """Turn an --in value (text, speaker, source, comma-separated) into index columns."""
    names = [f.strip().lower() for f in (fields or DEFAULT_SEARCH_FIELDS).split(",") if f.strip()]
    unknown = [n for n in names if n not in SEARCH_FIELDS]
    if unknown or not names:
        raise QueryError(
            f"--in takes fields from {', '.join(SEARCH_FIELDS)}, comma-separated, not {fields!r}."
        )
    return [SEARCH_FIELDS[n] for n in dict.fromkeys(names)]


def _results(index: ClaimIndex, query: ClaimQuery) -> Results | LineResults:
    limit = effective_limit(query.limit, query.output) or None
    if _ranks_by_statement(query):
        limit = None  # filtered or sorted by statement afterwards, then cut
    if query.command == "search":
        from facts.search.query import parse_search

        # Only the fields asked for: a word in a headline must not pull in every claim of its article.
        fields = search_columns(query.fields)
        if _by_lines(query):
            words = parse_search(query.text or "")
            return index.search_lines(words, build_filters(index, query), limit, fields)
        # Marks are made only where they are printed: a table, or JSON's matched_in.
        json_out = query.output in (OutputFormat.json, OutputFormat.jsonl)
        marks = query.output is OutputFormat.table or (json_out and _shows_matches(query))
        return index.search(parse_search(query.text or ""), build_filters(index, query), limit, marks, fields)
    if _by_lines(query):
        return index.claim_lines(build_filters(index, query), limit)
    return index.claims(build_filters(index, query), limit)


def _by_lines(query: ClaimQuery) -> bool:
    """Whether the claims are printed from the index's stored lines: JSON of the contract's fields
    and reports, in the index's order (no matched_in, no order by statement)."""
    return query.output in LINE_FORMATS and not _ranks_by_statement(query) and not _shows_matches(query)


def _source_files(claims: Iterable[ClaimRecord | ClaimLine]) -> list[str]:
    return [_source_of(c) for c in claims]


def _source_of(claim: ClaimRecord | ClaimLine) -> str:
    return claim.source if isinstance(claim, ClaimLine) else _record_source(claim)


def _record_source(claim: ClaimRecord) -> str:
    return claim["source"]["file"]


def query_fresh(
    store: Path | None,
    fetch: Callable[[ClaimIndex], T],
    sources_of: Callable[[T], Sequence[str]],
) -> tuple[ClaimIndex, T]:
    """Run fetch on the store's index; if a source of the claims it found changed, rebuild and rerun.

    The rebuild checks each source's SHA-256, so no claim is shown from an edited source.
    """
    index = open_store_index(store)
    found = fetch(index)
    if index.changed_sources(sources_of(found)):
        index.close()
        index = open_store_index(store, rebuild=True)
        found = fetch(index)
    return index, found


def _as_text(value: str | None) -> str | None:
    return None if value is None else as_text(value)


def run_claim_query(query: ClaimQuery) -> None:
    """Run search, by-speaker or list and print the claims; raise FactsError on a problem."""
    query = query._replace(
        text=_as_text(query.text),
        speaker=_as_text(query.speaker),
        source=_as_text(query.source),
        since=_as_text(query.since),
        until=_as_text(query.until),
        kind=_as_text(query.kind),
        stance=_as_text(query.stance),
        cue=_as_text(query.cue),
    )
    if query.sort is not None and query.sort not in SORTS:
        raise QueryError(f"--sort takes one of {', '.join(SORTS)}, not {query.sort!r}.")
    if query.corroborated is not None and query.corroborated < 1:
        raise QueryError("--corroborated takes a number of sources, 1 or more.")
    limit = effective_limit(query.limit, query.output)
    ranked = _ranks_by_statement(query)
    if limit or ranked:
        # Filtered or sorted by statement: every match is read, then cut to the limit.
        index, results = query_fresh(
            query.store, lambda index: _listed(_results(index, query)), lambda r: _source_files(r.claims)
        )
    else:
        index, results = _streamed(query)
    if isinstance(results, LineResults):
        emit_lines(results, query.output, limit, open_store_statements(index.paths))
        return
    corroboration = None
    if ranked or query.output.value in CORROBORATED_FORMATS:
        corroboration = open_store_statements(index.paths)
        if ranked:
            results = _by_statement(results, corroboration, query, limit)
    emit_claims(results, query.output, limit, query.header, _shows_matches(query), corroboration)


_CHECKED_BEFORE_PRINTING = 1_000


def _streamed(query: ClaimQuery) -> tuple[ClaimIndex, Results | LineResults]:
    """Open the index and stream the claims (records or lines) of a query without a limit.

    The first ones are checked before anything is printed, as a page is, so a short answer
    never shows a claim of an edited source; past them each claim's source is checked as it streams.
    """
    index = open_store_index(query.store)
    results = _results(index, query)
    first: list[Any] = list(itertools.islice(results.claims, _CHECKED_BEFORE_PRINTING))
    if index.changed_sources(_source_files(first)):
        index.close()
        index = open_store_index(query.store, rebuild=True)  # checks each SHA-256
        results = _results(index, query)
        first = list(itertools.islice(results.claims, _CHECKED_BEFORE_PRINTING))
    # A key for the one kind the stream holds: a check of kind a claim costs a million times.
    source_of = attrgetter("source") if isinstance(results, LineResults) else _record_source
    checked: Iterator[Any] = index.verified(results.claims, source_of)
    return index, results._replace(claims=itertools.chain(first, checked))


def _with_matched_in(claims: Iterable[Any], results: Results) -> Iterator[Any]:
    """Add matched_in to each claim; a stream fills the marks as it reads, and they go once used."""
    # Not `or {}`: a stream's dicts are still empty here, and are filled as it is read.
    matched = results.matched if results.matched is not None else {}
    marked = results.marked if results.marked is not None else {}
    for claim in claims:
        marked.pop(claim["id"], None)
        yield {**claim, "matched_in": list(matched.pop(claim["id"], {}))}


def _shows_matches(query: ClaimQuery) -> bool:
    return query.command == "search" and "title" in search_columns(query.fields)


def _listed(results: Results | LineResults) -> Results | LineResults:
    claims: list[Any] = list(results.claims)
    return results._replace(claims=claims)


def _ranks_by_statement(query: ClaimQuery) -> bool:
    return query.corroborated is not None or query.sort == "sources"


def _by_statement(results: Results, corroboration: StatementCache, query: ClaimQuery, limit: int) -> Results:
    """Keep the claims carried by --corroborated sources, order them by --sort, then cut to limit."""
    claims = list(results.claims)
    reach = corroboration.reach([c["id"] for c in claims])
    if query.corroborated is not None:
        least = query.corroborated
        claims = [c for c in claims if reach[c["id"]][0] >= least]
    if query.sort == "sources":
        # Sources, then reports; sorted is stable, so ties keep the search's order.
        claims = sorted(claims, key=lambda c: (-reach[c["id"]][0], -reach[c["id"]][1]))
    cut = bool(limit) and len(claims) > limit
    return results._replace(claims=claims[:limit] if limit else claims, truncated=cut)


def emit_claims(
    results: Results,
    output: OutputFormat,
    limit: int,
    header: bool = False,
    show_matches: bool = False,
    corroboration: StatementCache | None = None,
) -> None:
    """Print claims in the chosen format, and a note on stderr if --limit cut them short.

    With the store's statements, JSON carries each claim's reported_by and conflicts and a
    table marks corroborated and conflicting claims.
    """
    claims = results.claims
    if corroboration is not None and output.value in CORROBORATED_FORMATS:
        claims = corroboration.annotate(claims)  # type: ignore[assignment]
    if results.matched is not None and output in (OutputFormat.json, OutputFormat.jsonl) and show_matches:
        # A claim may be listed for its source's title alone: say which fields matched.
        claims = _with_matched_in(claims, results)
    if output in (OutputFormat.json, OutputFormat.jsonl, OutputFormat.csv, OutputFormat.tsv):
        fmt = data_format(output)
        with Chunks() as out:
            fmt.write_claims(claims, shown_safely(fmt, out), header)
    else:
        shown = list(claims)  # a table is drawn whole
        if shown:
            from facts.cli.formats.table import claims_table

            screen = console()
            screen.print(claims_table(shown, results.marked or {}, results.matched or {}, screen.width))
        else:
            note("No claims found.")
    _note_cut(results.truncated, limit)


def emit_lines(results: LineResults, output: OutputFormat, limit: int, statements: StatementCache) -> None:
    """Print claims from their stored lines, each with its reports, as emit_claims prints their records."""
    fmt = line_format(output)
    with Chunks() as out:
        fmt.write_lines(statements.line_reports(results.claims), out)
    _note_cut(results.truncated, limit)


def _note_cut(truncated: bool, limit: int) -> None:
    if truncated:
        first = "the first claim" if limit == 1 else f"the first {limit} claims"
        note(f"Showing {first}; use --limit 0 to see them all.")
