"""Tests of reading documents as they come: encodings, binary files, web pages, and proposing claims."""

from __future__ import annotations

import codecs
import hashlib
from datetime import date
from pathlib import Path

import pytest

from facts.errors import FactsError
from facts.ingest import Details, propose_claims, read_document
from facts.ingest.documents import is_html, parse_document
from facts.ingest.encoding import decode_text

PAGE = Path(__file__).parents[1] / "data" / "pages" / "ferry-page.html"
ARTICLE = (
    "Café owners welcome the new square\n\n"
    "BRENNAN, May 3, 2024 - The town opened its new market square on Friday.\n\n"
    '"Our customers finally have somewhere to sit," said café owner Zoë Brandt.\n\n'
    "Officials said that the fountain would run until October.\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (ARTICLE.encode("latin-1"), "latin-1"),
        (ARTICLE.replace('"', "\u201c", 1).replace('," said', ",\u201d said").encode("cp1252"), "cp1252"),
    ],
)
def test_text_is_read_in_its_encoding_and_recorded_as_such(data: bytes, encoding: str) -> None:
    """UTF-8 (with or without BOM), UTF-16, Latin-1 and Windows-1252 decode to the same words."""
    document = parse_document(data, "square.txt")
    assert "Zoë Brandt" in document.text and not document.text.startswith("\ufeff")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    if encoding == "utf-8":
        assert document.original is None and document.text_bytes() == data
    else:
        assert document.original is not None
        assert document.original.encoding == encoding
        assert document.original.media_type == "text/plain"
        assert document.text_bytes() == document.text.encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"plain words\x00 and a NUL byte in the middle\n",
        bytes(range(256)) * 8,
    ],
)
def test_binary_data_is_refused_in_one_sentence_naming_the_file(data: bytes) -> None:
    """A file that is not text is refused, with its name, rather than read as garbage."""
    with pytest.raises(FactsError, match=r"^photo\.txt is not text") as caught:
        decode_text(data, "photo.txt")
    assert "\n" not in caught.value.message


def test_a_web_page_is_recognised_by_its_content_not_its_name() -> None:
    """A page saved as .txt is HTML; an article that mentions <p> further down is not."""
    assert is_html(PAGE.read_bytes())
    assert is_html(b"\xef\xbb\xbf\n  <!-- saved -->\n<html><body><p>x</p></body></html>")
    assert is_html("<!DOCTYPE html><html></html>".encode("utf-16"))
    assert not is_html(b"Markup explained\n\nThe <p> tag starts a paragraph, she said.\n")


def test_a_page_gives_its_article_title_date_author_outlet_and_url(tmp_path: Path) -> None:
    """trafilatura keeps the article's paragraphs and drops the navigation, the advert and the footer."""
    saved = tmp_path / "saved-page.txt"  # the extension does not matter
    saved.write_bytes(PAGE.read_bytes())
    document = read_document(saved)
    assert document.name == "saved-page.txt.txt"
    assert document.details == Details(
        title="Harbor ferry halted after engine fire",
        published=date(2022, 8, 18),
        author="Maya Lindqvist",
        outlet="Brennan Courier",
        url="https://courier.example/2022/08/18/ferry-fire",
    )
    assert document.text.startswith("Harbor ferry halted after engine fire\n\nThe Port of Brennan")
    for noise in ("Best prices", "Harbor Motors", "Sport", "All rights reserved"):
        assert noise not in document.text
    assert document.original is not None and document.original.media_type == "text/html"
    assert document.original.sha256 == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    assert document.original.derived_by.startswith("trafilatura ")


def test_proposals_from_a_page_carry_its_details_and_no_advert() -> None:
    """Claims are dated by the page's date and their source names its outlet, URL and author."""
    document = parse_document(PAGE.read_bytes(), "ferry-page.html")
    extraction = propose_claims(document)
    speakers = {c["speaker"]["name"] for c in extraction.claims}
    assert "Lena Fischer" in speakers and not any("Motors" in s for s in speakers)
    assert all(c["date"] == "2022-08-18" for c in extraction.claims)
    source = extraction.claims[0]["source"]
    assert source["file"] == "ferry-page.html.txt"
    assert (source["outlet"], source["author"], source["published"]) == (
        "Brennan Courier",
        "Maya Lindqvist",
        "2022-08-18",
    )
    for claim in extraction.claims:
        assert document.text[claim["span"]["start"] : claim["span"]["end"]] == claim["text"]


def test_details_given_override_the_page() -> None:
    """Command-line details win over what the page says; the others are kept."""
    document = parse_document(PAGE.read_bytes(), "ferry-page.html")
    given = Details(title="Ferry fire", published=date(2022, 8, 19), outlet="Courier")
    source = propose_claims(document, given=given).claims[0]["source"]
    assert (source["title"], source["published"], source["outlet"], source["author"]) == (
        "Ferry fire",
        "2022-08-19",
        "Courier",
        "Maya Lindqvist",
    )


def test_proposing_is_a_pure_function_of_the_document() -> None:
    """The same document and details give the same proposals, so it can run on any worker."""
    document = parse_document(ARTICLE.encode("latin-1"), "square.txt")
    assert propose_claims(document) == propose_claims(document)
    assert propose_claims(document).claims[0]["date"] == "2024-05-03"


def test_a_page_without_article_text_is_refused_in_one_sentence() -> None:
    """A page with nothing trafilatura calls an article fails with the page's name."""
    with pytest.raises(FactsError, match="empty.html is a web page with no article text"):
        parse_document(
            b"<!DOCTYPE html><html><body><nav><a href=/>Home</a></nav><div></div></body></html>", "empty.html"
        )


def test_a_document_from_standard_input_is_named_by_its_format() -> None:
    """A page piped in is stdin-HASH.html (its text .html.txt, as a saved page's); text is stdin-HASH.txt."""
    from facts.ingest.documents import parse_document, stdin_name

    page = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Words here.</p></body></html>"
    assert stdin_name(page).startswith("stdin-") and stdin_name(page).endswith(".html")
    assert stdin_name(b"Plain words, said Ana.\n").endswith(".txt")
    assert stdin_name(b"one") != stdin_name(b"two")
    name = stdin_name(b"Headline\n\nMarch 3, 2025\n\nWords, said Ana.\n")
    assert parse_document(b"Headline\n\nMarch 3, 2025\n\nWords, said Ana.\n", name).name == name


def test_a_text_too_long_to_extract_in_bounded_time_is_refused_at_once() -> None:
    """A document whose text is over the bound is one sentence naming it, before any extraction."""
    from facts.errors import FactsError
    from facts.ingest.documents import parse_document
    from facts.ingest.proposals import MAX_TEXT_CHARS, propose_claims

    quoted = "“We will reopen the pier soon,” said Ana Ruiz. "
    document = parse_document((quoted * (MAX_TEXT_CHARS // len(quoted) + 1)).encode(), "long.txt")
    with pytest.raises(FactsError, match="long.txt has .* characters of text"):
        propose_claims(document)
