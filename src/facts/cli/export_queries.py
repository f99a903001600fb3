"""The canned queries a SQLite export offers in Datasette: a speaker's claims, statements, search."""

from __future__ import annotations

from typing import Any

CLAIMS_OF_SPEAKER = """
SELECT c.id, c.date, c.kind, c.text, src.title AS source, src.url
FROM claims c
JOIN speakers s ON s.id = c.speaker
JOIN sources src ON src.file = c.source
WHERE s.id = :speaker OR s.name LIKE '%' || :speaker || '%' OR s.aliases LIKE '%' || :speaker || '%'
ORDER BY c.date, c.id
"""

STATEMENTS_BY_SOURCES = """
SELECT st.id AS statement, st.sources, st.claims, st.speakers, st.wordings,
       first.date, first.text AS first_report
FROM statements st
JOIN claims first ON first.id = st.first_claim
ORDER BY st.sources DESC, st.claims DESC, st.id
"""

# The earliest report of a statement stands for its primary source; a quotation whose words
# differ from it departs from it.
DEPARTING_QUOTATIONS = """
WITH earliest AS (
  SELECT c.statement, c.id, c.text, c.source,
         row_number() OVER (PARTITION BY c.statement ORDER BY c.date, c.id) AS n
  FROM claims c WHERE c.statement IS NOT NULL AND c.kind = 'quote'
)
SELECT c.statement, c.id, c.date, c.text, c.source, e.text AS primary_text, e.source AS primary_source
FROM claims c
JOIN earliest e ON e.statement = c.statement AND e.n = 1
WHERE c.kind = 'quote' AND c.id != e.id AND c.text != e.text
ORDER BY c.statement, c.date, c.id
"""

# snippet() marks the matched words with [ and ]: Datasette escapes HTML in cells.
SEARCH_RANKED = """
SELECT c.id, snippet(claims_fts, 0, '[', ']', '…', 16) AS snippet, s.name AS speaker, c.date,
       src.title AS source, bm25(claims_fts) AS rank
FROM claims_fts
JOIN claims c ON c.rowid = claims_fts.rowid
JOIN speakers s ON s.id = c.speaker
JOIN sources src ON src.file = c.source
WHERE claims_fts MATCH :q
ORDER BY rank
LIMIT 200
"""

CANNED_QUERIES: dict[str, Any] = {
    "claims_of_speaker": {
        "title": "Claims of a speaker",
        "description": "Every claim of the speakers whose id, name or alias contains this, by date.",
        "sql": CLAIMS_OF_SPEAKER.strip(),
    },
    "statements_by_sources": {
        "title": "Statements by number of sources",
        "description": "Statements carried by more than one claim, most widely reported first.",
        "sql": STATEMENTS_BY_SOURCES.strip(),
    },
    "departing_quotations": {
        "title": "Quotations that depart from their primary source",
        "description": "Quotations of a statement whose words differ from its earliest quotation.",
        "sql": DEPARTING_QUOTATIONS.strip(),
    },
    "search_ranked": {
        "title": "Search, ranked",
        "description": "Full-text search over claim text and speaker names (SQLite FTS5 syntax), "
        "best match first, matched words between [ and ].",
        "sql": SEARCH_RANKED.strip(),
    },
}
