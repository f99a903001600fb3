"""Read an email (.eml) or a mailbox (.mbox) with the standard library: MIME decoded, headers kept."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from facts.errors import FactsError
from facts.ingest.readers.layout import reflow
from facts.ingest.readers.types import Details, Document, derived_name, original_of

media_type = "message/rfc822"
extension = ".eml"  # what a document read from standard input is named with

# An RFC 5322 header block: "Name: value" lines (folded lines start with a blank) up to a blank line.
_HEADER = re.compile(rb"[!-9;-~]+:[ \t]?[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*")
_MESSAGE_HEADERS = {b"from", b"to", b"date", b"subject", b"message-id", b"mime-version", b"received"}
_MBOX_SEPARATOR = re.compile(rb"^From \S+", re.MULTILINE)
_DERIVED_BY = "the Python standard library's email package"


def sniff(head: bytes, name: str) -> bool:
    """Say whether a document is an email: a header block naming at least two message headers
    (From:, Date:, Subject: ...) up to a blank line, or a mailbox's `From ` line."""
    if head.startswith(b"From ") and _MBOX_SEPARATOR.match(head):
        return sniff(head.split(b"\n", 1)[-1], name)
    at, names = 0, set()
    while (match := _HEADER.match(head, at)) is not None:
        names.add(match.group().split(b":", 1)[0].lower())
        at = match.end()
    # The block ends at a blank line, or runs past the bytes sniffed (a long trail of Received:).
    ends_block = head[at : at + 1] == b"\n" or head[at : at + 2] == b"\r\n" or at == len(head)
    return len(names & _MESSAGE_HEADERS) >= 2 and ends_block


def read(data: bytes, name: str, shown: str) -> Document:
    """Read each message's subject, sender, date and body; the first message's are the document's."""
    messages = [_parse(raw) for raw in _split_mbox(data)]
    blocks = [_message_text(m, shown) for m in messages]
    first = messages[0]
    details = Details(title=_subject(first), published=_date(first), author=_sender(first))
    if len(messages) > 1:
        blocks = [f"{_heading(m)}\n\n{block}" for m, block in zip(messages, blocks, strict=True)]
    text = "\n\n".join(blocks) + "\n"
    kind = "application/mbox" if len(messages) > 1 else media_type
    original = original_of(data, name, kind, _DERIVED_BY)
    return Document(derived_name(name), data, text, details, original)


def _split_mbox(data: bytes) -> list[bytes]:
    """Return a mailbox's messages (without their `From ` lines), or the one message of an .eml."""
    if not data.startswith(b"From "):
        return [data]
    starts = [m.start() for m in _MBOX_SEPARATOR.finditer(data)]
    parts = [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]
    # mboxrd quoting: a body line ">From " was "From " before the mailbox escaped it.
    return [re.sub(rb"(?m)^>(>*From )", rb"\1", part.split(b"\n", 1)[-1]) for part in parts]


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # the default policy makes EmailMessage
    return message


def _message_text(message: EmailMessage, shown: str) -> str:
    """Return a message's subject and body as paragraphs; quoted replies (`>` lines) are left out."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise FactsError(f"{shown} is an email with no text part.")
    try:
        body = part.get_content()
    except (LookupError, ValueError) as err:  # an unknown charset, a broken transfer encoding
        raise FactsError(f"Cannot decode the email {shown}: {err}.") from None
    if part.get_content_type() == "text/html":
        from facts.ingest.readers.html import article

        body = article(body, shown)[0]
    lines = [line for line in body.splitlines() if not line.startswith(">")]
    paragraphs = reflow(_before_signature(lines))
    subject = _subject(message)
    return "\n\n".join([subject, *paragraphs] if subject else paragraphs)


def _before_signature(lines: list[str]) -> list[str]:
    # "-- " on its own line starts a signature (RFC 3676), which says nothing anyone said.
    return lines[: lines.index("-- ")] if "-- " in lines else lines


def _heading(message: EmailMessage) -> str:
    sender = _sender(message) or "unknown sender"
    sent = _date(message)
    return f"From {sender}" + (f", {sent.isoformat()}" if sent else "")


def _subject(message: EmailMessage) -> str | None:
    subject = " ".join(str(message.get("Subject") or "").split())
    return subject or None


def _sender(message: EmailMessage) -> str | None:
    """Return the sender's display name, else their address."""
    pairs = getaddresses([str(message.get("From") or "")])
    if not pairs:
        return None
    display, address = pairs[0]
    return " ".join(display.split()) or address or None


def _date(message: EmailMessage) -> date | None:
    try:
        return parsedate_to_datetime(str(message.get("Date"))).date() if message.get("Date") else None
    except (TypeError, ValueError):
        return None
