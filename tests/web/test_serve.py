"""facts serve: the cached export, its freshness, the missing extra, and the pages the plugin adds."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.export_sqlite import metadata_path
from facts.cli.serve import WEB_FOLDER, datasette_command, export_path, fresh_export
from facts.store.paths import resolve_store

runner = CliRunner()


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Datasette, serve prints one sentence naming the extra and exits 1."""
    real = importlib.util.find_spec
    missing = {"datasette"}
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in missing else real(name))
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 1
    assert result.stderr == "Error: facts serve needs Datasette: install it with pip install 'facts[web]'.\n"
    assert result.stdout == ""


def test_the_export_is_written_once_and_again_when_the_store_changes(tiny_store: Path) -> None:
    """A second serve reuses the cached export; a changed store is exported again."""
    paths = resolve_store(tiny_store)
    database, written = fresh_export(paths)
    assert written and database == export_path(paths) and metadata_path(database).is_file()
    assert fresh_export(paths) == (database, False)
    stat = paths.claims.stat()
    os.utime(paths.claims, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert fresh_export(paths) == (database, True)


def test_a_busy_port_is_refused_in_one_sentence() -> None:
    """--port naming a port something listens on exits 1 before starting anything."""
    pytest.importorskip("datasette")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Port {port} on 127.0.0.1 is in use")


def test_datasette_serves_read_only_on_localhost(tmp_path: Path) -> None:
    """The command line opens the export immutable, on 127.0.0.1, with the plugin and templates."""
    command = datasette_command(tmp_path / "facts.db", 8123)
    assert "--immutable" in command
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert Path(command[command.index("--plugins-dir") + 1], "facts_web.py").is_file()


def test_stopping_facts_serve_stops_the_server(server: Any) -> None:
    """SIGTERM to facts serve ends Datasette too: nothing keeps listening after it exits."""
    server.process.terminate()
    assert server.process.wait(timeout=15) == 0
    deadline = time.monotonic() + 10
    while server.answers():
        assert time.monotonic() < deadline, "the server outlived facts serve"
        time.sleep(0.2)


def pages(paths: list[str]) -> dict[str, Any]:
    """Fetch pages from an in-process Datasette set up as facts serve sets it up."""
    from datasette.app import Datasette

    database, _ = fresh_export(resolve_store(None))
    ds = Datasette(
        immutables=[str(database)],
        metadata=json.loads(metadata_path(database).read_text(encoding="utf-8")),
        plugins_dir=str(WEB_FOLDER / "plugins"),
        template_dir=str(WEB_FOLDER / "templates"),
    )

    async def fetch() -> dict[str, Any]:
        await ds.invoke_startup()
        return {path: await ds.client.get(path) for path in paths}

    return asyncio.run(fetch())


def test_a_claim_page_shows_its_context_speaker_and_source_links() -> None:
    """A claim's page marks the claim in its paragraph and links its speaker's timeline and the original."""
    pytest.importorskip("datasette")
    detail = json.loads(runner.invoke(app, ["show", "003-singh-not-withdrawing", "--json"]).stdout)
    page = pages(["/facts/claims/003-singh-not-withdrawing"])["/facts/claims/003-singh-not-withdrawing"]
    assert page.status_code == 200
    html = page.text
    assert "<mark class='facts-claim'>The US is not withdrawing from Iraq</mark>" in html
    assert detail["context"]["paragraph"].split("”")[-1][:40] in html.replace("&#39;", "'")
    assert '<a href="/facts/speakers/sabrina-singh">Sabrina Singh</a>' in html
    assert '<a href="/-/facts/timeline/sabrina-singh">timeline</a>' in html
    assert f'<a href="{detail["source"]["url"]}">original</a>' in html


def test_timeline_and_spread_pages_draw_each_claim() -> None:
    """The timeline has a dot per claim of the speaker; the spread one per claim of the statement."""
    pytest.importorskip("datasette")
    got = pages(["/-/facts/timeline/sabrina-singh", "/-/facts/spread/1", "/-/facts/timeline/nobody"])
    assert got["/-/facts/timeline/sabrina-singh"].text.count('<circle class="claim"') == 6
    assert got["/-/facts/spread/1"].text.count('<circle class="claim"') == 2
    assert got["/-/facts/timeline/nobody"].status_code == 404
