"""Fixtures of the web view's tests: a running `facts serve`."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from facts.cli.serve import usable_port


def answers(url: str) -> bool:
    """Whether an HTTP server answers at url now."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


class Server:
    """A `facts serve` process and its address."""

    def __init__(self, process: subprocess.Popen[bytes], base: str) -> None:
        self.process = process
        self.base = base

    def answers(self) -> bool:
        """Whether the server answers now."""
        return answers(f"{self.base}/-/versions.json")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """Run `facts serve` on a free port and return its address once it answers (at most 30 s)."""
    pytest.importorskip("datasette", reason="the web extra is not installed")
    port = usable_port(None)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "facts", "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not answers(f"{base}/-/versions.json"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"facts serve did not start: {(tmp_path / 'serve.log').read_text()}")
            time.sleep(0.2)
        yield Server(process, base)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
