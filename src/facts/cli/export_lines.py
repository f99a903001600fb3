"""`facts export` to JSON or JSON Lines from a fresh index's stored lines, in the store's order.

The index was built from the store read and checked (facts.search.build), and each source is
checked again as its first claim streams past, as a query's are (ClaimIndex.verified); so this
export keeps the promise of cli/export.py without reading and encoding every claim again. A store
whose index is stale or missing is exported by cli/export.py, which reads the store itself.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from facts.cli.formats import LINE_FORMATS, line_format
from facts.cli.formats.interface import Writable
from facts.store.paths import StorePaths


def stored_lines_export(paths: StorePaths, fmt: str) -> Callable[[Writable], int] | None:
    """Return a writer of every claim in fmt from the store's fresh index, or None to read the store.

    The caller holds the store's read lock, so the index and the statements are those of the claims.
    """
    if fmt not in LINE_FORMATS:
        return None
    from facts.search.index import open_fresh_index

    index = open_fresh_index(paths)
    if index is None:
        return None

    def write(out: Writable) -> int:
        from facts.cli.query import open_store_statements

        statements = open_store_statements(paths)
        try:
            lines = index.verified(index.all_lines(), attrgetter("source"))
            return line_format(fmt).export_lines(statements.line_reports(lines), out)
        finally:
            index.close()
            statements.close()

    return write
