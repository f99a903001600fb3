"""Read a saved web page with trafilatura: the article's main text and the page's metadata."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from typing import Any

from facts.errors import FactsError
from facts.ingest.documents import Details, Document
from facts.store.models import Original


@cache
def page_reader_version() -> str:
    """Name the libraries (and versions) that turn a page into text, as recorded in the store."""
    from importlib.metadata import version

    return f"trafilatura {version('trafilatura')} (htmldate {version('htmldate')})"


def page_name(name: str) -> str:
    """Return the store name of a page's derived text: the page's name with .txt added."""
    return f"{name}.txt"


def read_page(data: bytes, name: str, shown: str) -> Document:
    """Extract a page's article (title, paragraphs) and its date, author, site name and URL."""
    import trafilatura  # a web page is rare next to text: do not pay for lxml on every start

    try:
        page = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as err:  # noqa: BLE001 - a parser's failure on one page is that page's problem
        raise FactsError(f"Cannot read the web page {shown}: {err}.") from None
    meta: dict[str, Any] = page if isinstance(page, dict) else page.as_dict() if page is not None else {}
    body = (meta.get("text") or "").strip()
    if not body:
        raise FactsError(f"{shown} is a web page with no article text that trafilatura could find.")
    title = _clean(meta.get("title"))
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline, repeated as the article's first line
    # One paragraph per line with blank lines between, the headline first: the shape of the plain
    # text articles the extractor reads, so it finds the headline and a dateline the same way.
    text = "\n\n".join([title, *paragraphs] if title else paragraphs) + "\n"
    details = Details(
        title=title,
        published=_date(meta.get("date")),
        author=_clean(meta.get("author")),
        outlet=_clean(meta.get("sitename")),
        url=_clean(meta.get("url")),
    )
    original = Original(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type="text/html",
        encoding=None,
        derived_by=page_reader_version(),
    )
    return Document(page_name(name), data, text, details, original)


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
