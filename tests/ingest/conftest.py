"""Documents made in the test: a PDF written by hand, so no one else's file is shipped."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

MakePdf = Callable[..., bytes]


def _escaped(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(pages: Sequence[Sequence[str]], title: str | None = None, *, text: bool = True) -> bytes:
    """Write a PDF whose pages show these lines in Helvetica (or, without text, only a grey box)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        if text:
            shown = "".join(f"({_escaped(line)}) Tj T*\n" for line in lines)
            stream = f"BT /F1 11 Tf 14 TL 72 720 Td\n{shown}ET".encode("latin-1")
        else:
            stream = b"0.5 g 72 72 400 600 re f"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = None
    if title is not None:
        objects.append(b"<< /Title (%s) >>" % _escaped(title).encode("latin-1"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1) + (b" /Info %d 0 R" % info if info else b"")
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


@pytest.fixture
def make_pdf() -> MakePdf:
    """Return the function that writes a small PDF by hand."""
    return pdf_bytes
