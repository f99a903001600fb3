"""Datasette plugin of `facts serve`: links on claim pages, a speaker's timeline, a statement's spread.

Loaded by `facts serve` only (through --plugins-dir), on a database written by
`facts export --format sqlite`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from facts.web.chart import KIND_COLOURS, Point, dot_chart


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [
        (r"^/-/facts/timeline/(?P<speaker>[a-z0-9-]+)$", timeline),
        (r"^/-/facts/spread/(?P<statement>[0-9]+)$", spread),
    ]


async def _rows(datasette: Any, sql: str, params: list[Any]) -> list[Any]:
    # execute_fn, not execute: a chart needs every row, past Datasette's max_returned_rows.
    db = datasette.get_database()
    return list(await db.execute_fn(lambda conn: conn.execute(sql, params).fetchall()))


async def timeline(datasette: Any, request: Any) -> Response:
    """A speaker's claims by date, one lane per kind."""
    speaker = request.url_vars["speaker"]
    found = await _rows(datasette, "SELECT name FROM speakers WHERE id = ?", [speaker])
    if not found:
        raise NotFound("No speaker has this id.")
    claims = await _rows(
        datasette, "SELECT id, date, kind, text FROM claims WHERE speaker = ? ORDER BY date, id", [speaker]
    )
    name = datasette.get_database().name
    points = [
        Point(dt.date.fromisoformat(d), kind, kind, f"{d} · {text}", _claim_url(datasette, name, cid))
        for cid, d, kind, text in claims
    ]
    lanes = [k for k in KIND_COLOURS if any(p.kind == k for p in points)]
    heading = f"Timeline of {found[0][0]}"
    return await _page(
        datasette,
        request,
        heading,
        f"{len(points)} claim{'s' if len(points) != 1 else ''}"
        + (f", {points[0].day} to {points[-1].day}." if points else "."),
        dot_chart(points, lanes, heading),
        [{"href": datasette.urls.row(name, "speakers", speaker), "text": "The speaker's page"}],
    )


async def spread(datasette: Any, request: Any) -> Response:
    """The sources that carried a statement, by date: one lane per source."""
    statement = int(request.url_vars["statement"])
    claims = await _rows(
        datasette,
        "SELECT c.id, c.date, c.kind, c.text, s.title || coalesce(' (' || s.outlet || ')', ''), sp.name "
        "FROM claims c JOIN sources s ON s.file = c.source JOIN speakers sp ON sp.id = c.speaker "
        "WHERE c.statement = ? ORDER BY c.date, c.id",
        [statement],
    )
    if not claims:
        raise NotFound("No statement has this number.")
    name = datasette.get_database().name
    points = [
        Point(dt.date.fromisoformat(d), source, kind, f"{d} · {who}: {text}", _claim_url(datasette, name, c))
        for c, d, kind, text, source, who in claims
    ]
    lanes = list(dict.fromkeys(p.lane for p in points))  # sources in the order they first carried it
    heading = f"Spread of statement {statement}"
    return await _page(
        datasette,
        request,
        heading,
        f"Carried by {len(lanes)} source{'s' if len(lanes) != 1 else ''} in {len(points)} claims, "
        f"first on {points[0].day}: “{claims[0][3]}”",
        dot_chart(points, lanes, heading),
        [{"href": datasette.urls.row(name, "statements", str(statement)), "text": "The statement's page"}],
    )


def _claim_url(datasette: Any, database: str, claim_id: str) -> str:
    return str(datasette.urls.row(database, "claims", tilde_encode(claim_id)))


async def _page(
    datasette: Any, request: Any, heading: str, summary: str, svg: str, links: list[dict[str, str]]
) -> Response:
    context = {"heading": heading, "summary": summary, "svg": svg, "links": links}
    return Response.html(await datasette.render_template("facts_chart.html", context, request=request))


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Link a claim's speaker to their timeline, its source to the original, its statement to its spread."""
    if table == "claims" and column == "context" and isinstance(value, str):
        return _marked_context(row, value)
    if table == "claims" and column in ("speaker", "source", "statement") and value is not None:
        # A table page hands a foreign key over expanded, as {"value": ..., "label": ...}.
        key = value["value"] if isinstance(value, dict) else value
        return _claim_link(datasette, database, column, key)
    if table == "speakers" and column == "name":
        href = datasette.urls.path(f"/-/facts/timeline/{row['id']}")
        return Markup(f'{escape(value)} · <a href="{href}">timeline</a>')
    if table == "statements" and column == "sources":
        href = datasette.urls.path(f"/-/facts/spread/{row['id']}")
        return Markup(f'{escape(value)} · <a href="{href}">spread</a>')
    return None


def _marked_context(row: Any, paragraph: str) -> Markup:
    """The paragraph around a claim, with the claim's words marked."""
    try:
        text = row["text"]
    except (KeyError, IndexError):  # the table page may leave the text column out
        return Markup(escape(paragraph))
    at = paragraph.find(text)
    if at < 0:
        return Markup(escape(paragraph))
    end = at + len(text)
    return Markup(
        f"{escape(paragraph[:at])}<mark class='facts-claim'>{escape(text)}</mark>{escape(paragraph[end:])}"
    )


def _claim_link(datasette: Any, database: str, column: str, value: Any) -> Callable[[], Awaitable[Markup]]:
    async def render() -> Markup:
        db = datasette.get_database(database)
        if column == "speaker":
            found = (await db.execute("SELECT name FROM speakers WHERE id = ?", [value])).first()
            row = datasette.urls.row(database, "speakers", value)
            timeline = datasette.urls.path(f"/-/facts/timeline/{value}")
            label = found[0] if found else value
            return Markup(f'<a href="{row}">{escape(label)}</a> · <a href="{timeline}">timeline</a>')
        if column == "source":
            found = (await db.execute("SELECT title, url FROM sources WHERE file = ?", [value])).first()
            row = datasette.urls.row(database, "sources", tilde_encode(value))
            title, url = (found[0], found[1]) if found else (value, None)
            # Only web addresses become links: a store's url field is data, not markup.
            linked = url and url.startswith(("https://", "http://"))
            original = f' · <a href="{escape(url)}">original</a>' if linked else ""
            return Markup(f'<a href="{row}">{escape(title)}</a>{original}')
        spread = datasette.urls.path(f"/-/facts/spread/{int(value)}")
        row = datasette.urls.row(database, "statements", str(value))
        return Markup(f'<a href="{row}">{int(value)}</a> · <a href="{spread}">spread</a>')

    return render
