"""Read a PDF's text layer with pypdfium2 (PDFium), page by page; a scan without one is refused."""

from __future__ import annotations

from functools import cache

from facts.errors import FactsError
from facts.ingest.readers.layout import reflow
from facts.ingest.readers.types import Details, Document, derived_name, library_version, original_of

media_type = "application/pdf"
extension = ".pdf"  # what a document read from standard input is named with


@cache
def pdf_reader_version() -> str:
    """Name the library (and version) that reads a PDF's text, as recorded in the store."""
    return library_version("pypdfium2")


def sniff(head: bytes, name: str) -> bool:
    """Say whether a document is a PDF: `%PDF-` in its first kilobyte, as PDF readers accept it."""
    return b"%PDF-" in head[:1024]


def read(data: bytes, name: str, shown: str) -> Document:
    """Read each page's text, reflowed into paragraphs; pages are separated by a blank line."""
    pages, title = _contents(data, shown)
    if not any(p.strip() for p in pages):
        raise FactsError(
            f"{shown} is a PDF with no text layer (a scan?): facts reads no text from it, as it does no OCR."
        )
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        paragraphs = reflow(page.splitlines())
        text += "\n\n".join(paragraphs) + "\n\n"
    original = original_of(data, name, media_type, pdf_reader_version())
    return Document(
        derived_name(name), data, text.rstrip("\n") + "\n", Details(title=title), original, tuple(starts)
    )


def _contents(data: bytes, shown: str) -> tuple[list[str], str | None]:
    """Return the text of each page and the title the PDF's metadata gives."""
    import pypdfium2 as pdfium  # a PDF is rare next to text: load PDFium only when one comes

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise FactsError(f"Cannot read the PDF {shown}: {_reason(err)}.") from None
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            # PDFium ends lines with CRLF and marks a soft hyphen or page break with control codes.
            raw = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            texts.append("".join(c for c in raw if c in "\n\t" or c >= " ").replace("\ufffe", ""))
            textpage.close()
            page.close()
        title = " ".join(str(pdf.get_metadata_dict().get("Title") or "").split())
        return texts, title or None
    finally:
        pdf.close()


def _reason(err: Exception) -> str:
    message = str(err).rstrip(".")
    if "password" in message.lower():
        return "it is encrypted with a password"
    return message[:1].lower() + message[1:] if message else "it is damaged"
