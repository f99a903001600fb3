"""Fetch a document from a web address, bounded in time and size, to be read like a saved one."""

from __future__ import annotations

import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import NamedTuple

from facts import __version__
from facts.errors import FactsError
from facts.store.files import MAX_DOCUMENT_BYTES

TIMEOUT_SECONDS = 30.0  # for connecting and for each read: a server that stalls longer is given up on
# A path argument loses one slash of "https://" (pathlib folds "//"): accept both spellings.
_ADDRESS = re.compile(r"^(?P<scheme>https?):/{1,2}(?P<rest>[^/].*)$", re.IGNORECASE)


class Fetched(NamedTuple):
    """A document as a server sent it: its bytes, the address it came from, and a file name for it."""

    data: bytes
    url: str
    name: str


def web_address(argument: str) -> str | None:
    """Return the http(s) address an argument names, or None when it is not one."""
    match = _ADDRESS.match(argument)
    return f"{match['scheme'].lower()}://{match['rest']}" if match else None


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, limit: int = MAX_DOCUMENT_BYTES) -> Fetched:
    """Download one document; raise FactsError with one sentence when it cannot be had."""
    request = urllib.request.Request(url, headers={"User-Agent": f"facts/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(limit + 1)
            final = response.geturl()
    except urllib.error.HTTPError as err:
        raise FactsError(f"Cannot fetch {url}: the server answered {err.code} {err.reason}.") from None
    except urllib.error.URLError as err:
        raise FactsError(f"Cannot fetch {url}: {_reason(err.reason, url, timeout)}.") from None
    except TimeoutError:
        raise FactsError(f"Cannot fetch {url}: no answer within {timeout:g} seconds.") from None
    except (OSError, ValueError) as err:  # a connection reset mid-read, a malformed address
        raise FactsError(f"Cannot fetch {url}: {err}.") from None
    if len(data) > limit:
        most = limit // (1024 * 1024)
        raise FactsError(f"Cannot fetch {url}: it is larger than {most} MiB, the most facts reads.")
    return Fetched(data, final, file_name(final))


def file_name(url: str) -> str:
    """Name a fetched document after its host and path: `example.org-news-ferry.html`."""
    parts = urllib.parse.urlsplit(url)
    words = re.findall(r"[A-Za-z0-9._-]+", f"{parts.hostname or 'page'}/{parts.path}")
    return "-".join(words).strip(".-")[:100] or "page"


def _reason(reason: object, url: str, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        host = urllib.parse.urlsplit(url).hostname
        return f"the host {host} could not be found (is this machine offline?)"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({reason.reason or reason})"
    return str(getattr(reason, "strerror", None) or reason)
