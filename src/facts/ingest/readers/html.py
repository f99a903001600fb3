"""Read a saved web page with trafilatura: the article's main text and the page's metadata."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from facts.errors import FactsError
from facts.ingest.readers.types import Details, Document, derived_name, library_version, original_of

media_type = "text/html"
extension = ".html"  # what a document read from standard input is named with

# WHATWG MIME sniffing: a document is HTML when, after whitespace (and a BOM), it opens with one
# of these tags. An article that merely quotes "<p>" further down stays text.
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|"
    rb"title|b|br|p|meta|article|section|nav|header|\?xml[^>]*>\s*<(?:!doctype\s+)?html)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_SNIFF_BYTES = 1024


@cache
def page_reader_version() -> str:
    """Name the libraries (and versions) that turn a page into text, as recorded in the store."""
    return library_version("trafilatura", "htmldate")


def sniff(head: bytes, name: str) -> bool:
    """Say whether a document's bytes are a web page, by content (not by file name)."""
    head = head[:_SNIFF_BYTES]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":
                head = head.replace(b"\x00", b"")
            break
    return _HTML_START.match(head) is not None


def read(data: bytes, name: str, shown: str) -> Document:
    """Extract a page's article (title, paragraphs) and its date, author, site name and URL."""
    text, details = article(data, shown)
    original = original_of(data, name, media_type, page_reader_version())
    return Document(derived_name(name), data, text, details, original)


MIN_FALLBACK_WORDS = 30  # of text from the default mode, for a page precision found no article in


def article(data: bytes | str, shown: str) -> tuple[str, Details]:
    """Return a page's article as one paragraph a line (headline first), with the page's details."""
    import trafilatura  # a web page is rare next to text: do not pay for lxml on every start

    # Precision first (no navigation or boilerplate); a page laid out in a way it finds no article
    # in (a table, say) is read again in trafilatura's default mode, whose text counts only when it
    # is prose (a menu's "Home" is not an article).
    meta = _extraction(trafilatura, data, shown, precise=True)
    if not (meta.get("text") or "").strip():
        meta = _extraction(trafilatura, data, shown, precise=False)
        if len((meta.get("text") or "").split()) < MIN_FALLBACK_WORDS:
            meta = {}
    body = (meta.get("text") or "").strip()
    if not body:
        raise FactsError(f"{shown} is a web page with no article text that trafilatura could find.")
    outlet = _outlet(meta.get("sitename"), meta.get("hostname"))
    title = _headline(meta.get("title"), outlet)
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if title and paragraphs and _same_headline(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline, repeated as the article's first line
    # One paragraph per line with blank lines between, the headline first: the shape of the plain
    # text articles the extractor reads, so it finds the headline and a dateline the same way.
    text = "\n\n".join([title, *paragraphs] if title else paragraphs) + "\n"
    details = Details(
        title=title,
        published=_date(meta.get("date")),
        author=_author(meta.get("author")),
        outlet=outlet,
        url=_clean(meta.get("url")),
    )
    return text, details


def _extraction(trafilatura: Any, data: bytes | str, shown: str, precise: bool) -> dict[str, Any]:
    try:
        page = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=precise,
            deduplicate=False,
            # The page's own publication metadata only: a date found anywhere in the body (a list of
            # sources, a related story) dated pages a month early. A page without one is dated by
            # its visible "Published" line or dateline, or asks for --published.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # noqa: BLE001 - a parser's failure on one page is that page's problem
        raise FactsError(f"Cannot read the web page {shown}: {err}.") from None
    return page if isinstance(page, dict) else page.as_dict() if page is not None else {}


# What trails a byline's name on some pages: "Jane Doe is a reporter …", "Jane Doe November 18",
# "Jane Doe November". A month that is also a name (May, June, April, August) ends it only before a day.
_AFTER_NAME = re.compile(
    r"\s+(?:is|was)\s+(?:a|an|the)\b.*$"
    r"|\s+(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d.*$"
    r"|\s+(?:January|February|March|September|October|November|December)$"
)


def _author(value: str | None) -> str | None:
    """Return the byline's names, without a description or a date that trails them on the page."""
    cleaned = _clean(value)
    if cleaned is None:
        return None
    names = [_AFTER_NAME.sub("", part).strip() for part in cleaned.split(";")]
    return "; ".join(name for name in names if name) or None


# What some pages give as their site's name, though it names a page or a service, not a publisher.
_NOT_AN_OUTLET = frozenset({"home", "homepage", "hosted", "index", "news", "article", "page", "untitled"})


def _outlet(sitename: str | None, hostname: str | None) -> str | None:
    """Return the site's name, or its host name when the page's site name is a generic word."""
    name = _clean(sitename)
    if name is not None and name.casefold() not in _NOT_AN_OUTLET:
        return name
    host = _clean(hostname)
    return host.removeprefix("www.") if host else None


# A page's title often ends with its site's name: "Pier to reopen | Brennan Courier".
_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+(?P<site>[^|\u2013\u2014]{2,60})$")


def _headline(title: str | None, outlet: str | None) -> str | None:
    """Return a page's headline: its title without the site's name after a separator."""
    title = _clean(title)
    found = _TITLE_SUFFIX.search(title) if title else None
    if title and found and outlet and _words(found["site"]) == _words(outlet):
        return title[: found.start()]
    return title


def _same_headline(line: str, title: str) -> bool:
    """Whether an article's first line is its headline again, in other case or punctuation."""
    return _words(line) == _words(title)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
