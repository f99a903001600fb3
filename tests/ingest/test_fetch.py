"""`facts extract URL` and `facts add URL`: fetched from a local server, bounded, refused in a sentence."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.errors import FactsError
from facts.ingest import fetch as fetching
from facts.ingest.documents import read_document

runner = CliRunner()
PAGE = b"""<!DOCTYPE html><html><head><title>Ferry stays in dock</title>
<meta property="article:published_time" content="2025-03-03"></head><body><article>
<h1>Ferry stays in dock</h1>
<p>The ferry between Brennan and the islands will stay in dock until the storm has passed, the
harbour office said on Monday, after a week of gales along the coast.</p>
<p>"We cannot risk the crossing in this weather, not with passengers aboard," harbour master
Ana Ruiz said. "The boats are old and the sea is rough, and we will wait for calm water."</p>
</article></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if self.path == "/ferry":
            body, status = PAGE, 200
        elif self.path == "/huge":
            body, status = b"x" * 5000, 200
        else:
            body, status = b"gone", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # keep the test's output clean


def records(store: Path) -> dict[str, Any]:
    """Return a store's speakers, sources and retired ids as JSON, whatever its format."""
    from facts.store.paths import StorePaths
    from facts.store.reader import read_manifest

    return read_manifest(StorePaths(store)).model_dump(mode="json")


@pytest.fixture
def server() -> Iterator[str]:
    """Serve a page on 127.0.0.1 for the length of a test; yield its base address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_add_fetches_a_web_address_and_reads_it_as_a_saved_page(server: str, tiny_store: Path) -> None:
    """`facts add URL` fetches the page, keeps it in originals/ and records the address as the source's."""
    result = runner.invoke(app, ["add", f"{server}/ferry", "--store", str(tiny_store), "--accept", "all"])
    assert result.exit_code == 0, result.output
    manifest = records(tiny_store)
    source = next(s for s in manifest["sources"] if s["file"] == "127.0.0.1-ferry.txt")
    assert source["url"] == f"{server}/ferry" and source["published"] == "2025-03-03"
    assert (tiny_store / "originals" / "127.0.0.1-ferry").read_bytes() == PAGE


def test_extract_of_an_address_the_server_lacks_says_so_in_one_sentence(
    server: str, tiny_store: Path
) -> None:
    """A 404 is one line on stderr with exit status 1, not a traceback."""
    result = runner.invoke(app, ["extract", f"{server}/nothing", "--store", str(tiny_store)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"Error: Cannot fetch {server}/nothing: the server answered 404 Not Found."
    )


def test_a_fetch_is_bounded_in_size(server: str) -> None:
    """A document larger than the bound is refused rather than read whole."""
    with pytest.raises(FactsError, match="larger than"):
        fetching.fetch(f"{server}/huge", limit=1024)


def test_an_unreachable_server_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no server listening (as when offline), the error names the address and the reason."""
    with pytest.raises(FactsError, match=r"^Cannot fetch http://127\.0\.0\.1:9/a: the server refused"):
        read_document(Path("http://127.0.0.1:9/a"))


def test_a_path_argument_that_lost_a_slash_is_still_an_address() -> None:
    """pathlib folds `https://` to `https:/`; both are read as the same address, and files are not."""
    assert fetching.web_address(str(Path("https://example.org/a"))) == "https://example.org/a"
    assert fetching.web_address("notes/https.txt") is None
