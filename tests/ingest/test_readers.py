"""Each document format's reader, on a document the test makes: PDF, Word, email, mailbox, text, HTML."""

from __future__ import annotations

import io
from datetime import date

import pytest

from facts.errors import FactsError
from facts.ingest import propose_claims
from facts.ingest.readers import html, mail, pdf, read_bytes, reader_for, text, word

from .conftest import MakePdf

FERRY_LINES = [
    "Ferry stays in dock",
    "BRENNAN, March 3, 2025 - The ferry will stay in dock until Friday, the harbour",
    'master, Ana Ruiz, said on Monday. "We cannot risk the crossing in this weather,',
    'not with passengers aboard," Ruiz said.',
]


def test_a_pdf_is_read_page_by_page_and_its_claims_give_their_page(make_pdf: MakePdf) -> None:
    """A PDF's wrapped lines become paragraphs, and each claim says which page it starts on."""
    data = make_pdf([FERRY_LINES, ['"The boats are old and the sea is rough," said Ruiz.']], "Ferry")
    document = read_bytes(data, "ferry.pdf")
    assert document.name == "ferry.pdf.txt" and document.details.title == "Ferry"
    assert "the harbour master, Ana Ruiz" in document.text  # the line break inside a sentence is gone
    assert document.original is not None and document.original.media_type == "application/pdf"
    claims = propose_claims(document).claims
    pages = {c["text"]: c.get("page") for c in claims}
    assert pages["We cannot risk the crossing in this weather, not with passengers aboard"] == 1
    assert pages["The boats are old and the sea is rough"] == 2


def test_a_pdf_without_a_text_layer_is_refused_in_one_sentence(make_pdf: MakePdf) -> None:
    """A scanned PDF (pages with no text) is reported as such, not read as nothing."""
    with pytest.raises(FactsError, match=r"a PDF with no text layer \(a scan\?\)"):
        read_bytes(make_pdf([["x"], ["y"]], text=False), "scan.pdf")


def test_a_damaged_pdf_is_refused_in_one_sentence() -> None:
    """A file that starts like a PDF but is not one gives a sentence, not a traceback."""
    with pytest.raises(FactsError, match="Cannot read the PDF broken.pdf"):
        read_bytes(b"%PDF-1.4\nthis is not a PDF at all\n", "broken.pdf")


def _docx(paragraphs: list[str], title: str, author: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    document.core_properties.author = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_is_read_with_its_title_and_author() -> None:
    """A .docx gives its paragraphs, one a line, and the title and author its properties hold."""
    body = ["BRENNAN, March 3, 2025", '"The bridge opens in May," Mayor Maria Lopez said on Monday.']
    document = read_bytes(_docx(body, "Bridge notes", "Press Office"), "notes.bin")
    assert reader_for(_docx(body, "t", "a"), "notes.bin") is word
    assert document.text == "BRENNAN, March 3, 2025\n\n" + body[1] + "\n"
    assert document.details.title == "Bridge notes" and document.details.author == "Press Office"
    claims = propose_claims(document).claims
    assert [(c["text"], c["speaker"]["name"]) for c in claims] == [("The bridge opens in May", "Maria Lopez")]


EMAIL = b"""From: "Harbour Office" <press@harbour.example>
To: desk@news.example
Subject: Ferry update
Date: Mon, 03 Mar 2025 09:15:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

"We will not sail until the wind drops below gale force," harbour master Ana=
 Ru=C3=ADz said.

> an older message, quoted
--=20
Harbour Office
"""


def test_an_email_is_decoded_and_dated_by_its_date_header() -> None:
    """An .eml's quoted-printable body is decoded; Date: is the publication date, From: the author."""
    document = read_bytes(EMAIL, "update.eml")
    assert reader_for(EMAIL, "update.eml") is mail
    assert document.details == document.details._replace(
        title="Ferry update", published=date(2025, 3, 3), author="Harbour Office"
    )
    assert "harbour master Ana Ruíz said." in document.text
    assert "older message" not in document.text and "Harbour Office" not in document.text  # quote, signature
    claims = propose_claims(document).claims
    assert [c["speaker"]["name"] for c in claims] == ["Ana Ruíz"]
    assert claims[0]["date"] == "2025-03-03"


def test_a_mailbox_reads_every_message() -> None:
    """An mbox's messages are read in order, each headed by its sender and date."""
    second = EMAIL.replace(b"Ferry update", b"Ferry sails").replace(b"03 Mar", b"05 Mar")
    box = b"From press@harbour.example Mon Mar  3 09:15:00 2025\n" + EMAIL + b"\n"
    box += b"From press@harbour.example Wed Mar  5 09:15:00 2025\n" + second
    document = read_bytes(box, "harbour.mbox")
    assert document.original is not None and document.original.media_type == "application/mbox"
    assert (
        "From Harbour Office, 2025-03-03" in document.text
        and "From Harbour Office, 2025-03-05" in document.text
    )
    assert document.details.published == date(2025, 3, 3)


def test_an_article_that_mentions_headers_is_text_not_email() -> None:
    """Text that starts like prose, or has only one header-like line, is read as text."""
    assert reader_for(b"From: the harbour office\n\nThe ferry stays.\n", "a.txt") is text
    assert reader_for(b"BRENNAN - Subject: ferry. Date: Monday.\n", "a.txt") is text
    assert reader_for(b"<html><body><p>x</p></body></html>", "a.txt") is html
    assert reader_for(b"%PDF-1.7\n", "a.txt") is pdf


def test_a_page_precision_finds_no_article_in_is_read_in_the_default_mode() -> None:
    """A page whose article sits in a table (trafilatura's precise mode finds none) still gives its text."""
    from facts.ingest.documents import parse_document

    lines = "<br>".join(
        f"The harbour master said the pier would reopen on Friday after repairs, crews worked {n}."
        for n in range(6)
    )
    table = f"<table><tr><td>{lines}</td></tr></table>"
    page = f"<html><head><title>Harbor news</title></head><body>{table}</body></html>"
    document = parse_document(page.encode(), "table-page.html")
    assert "would reopen on Friday" in document.text
    assert document.text.startswith("Harbor news\n")


ARTICLE_BODY = "".join(
    f"<p>The harbour master said the pier would reopen on Friday after repairs, crews worked {n}.</p>"
    for n in range(5)
)


def test_a_page_is_dated_by_its_own_metadata_never_by_a_date_in_its_body() -> None:
    """A list of sources dated a month early dates nothing; the page's published_time does."""
    from facts.ingest.documents import parse_document

    sources = "<h3>Sources</h3><ul><li>Harbour report, published October 1, 2019</li></ul>"
    undated = f"<html><head><title>Pier</title></head><body><article><h1>Pier</h1>{ARTICLE_BODY}{sources}"
    assert parse_document((undated + "</article></body></html>").encode(), "p.html").details.published is None
    meta = '<meta property="article:published_time" content="2019-11-18T10:00:00Z">'
    dated = undated.replace("<head>", f"<head>{meta}") + "</article></body></html>"
    assert str(parse_document(dated.encode(), "p.html").details.published) == "2019-11-18"


def test_a_byline_is_the_authors_names_without_what_trails_them() -> None:
    """An author is a name: not "… is a reporter at the Courier", not "… November 18"."""
    from facts.ingest.documents import parse_document

    for byline in ("Jane Doe is a reporter at the Courier", "Jane Doe November 18, 2019"):
        page = (
            f'<html><head><title>Pier</title><meta name="author" content="{byline}"></head>'
            f"<body><article><h1>Pier</h1>{ARTICLE_BODY}</article></body></html>"
        )
        assert parse_document(page.encode(), "p.html").details.author == "Jane Doe"


def test_a_pages_headline_is_given_once_without_the_sites_name() -> None:
    """A title "Headline | Site" is the headline alone; a first line repeating it in other case is dropped."""
    from facts.ingest.documents import parse_document

    page = (
        "<html><head><title>Pier to reopen on Friday | Brennan Courier</title>"
        '<meta property="og:site_name" content="Brennan Courier"></head>'
        f"<body><article><p>PIER TO REOPEN ON FRIDAY.</p>{ARTICLE_BODY}</article></body></html>"
    )
    document = parse_document(page.encode(), "p.html")
    assert document.details.title == "Pier to reopen on Friday"
    assert document.details.outlet == "Brennan Courier"
    assert document.text.casefold().count("pier to reopen on friday") == 1


def test_a_generic_site_name_gives_way_to_the_pages_host() -> None:
    """A page whose site name is "Hosted" (a wire story on a hosting service) names its host as outlet."""
    from facts.ingest.documents import parse_document

    page = (
        '<html><head><title>Pier to reopen</title><meta property="og:site_name" content="Hosted">'
        '<meta property="og:url" content="https://hosted.wire.example/article/pier"></head>'
        f"<body><article><h1>Pier to reopen</h1>{ARTICLE_BODY}</article></body></html>"
    )
    assert parse_document(page.encode(), "p.html").details.outlet == "wire.example"
