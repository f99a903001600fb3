"""What `facts serve` runs: a cached SQLite export of the store, fresh, and Datasette over it.

The export is written to the cache folder and kept with the store's fingerprint (sizes, times and
inodes of its files, as the search index keeps it); a later serve re-exports only when the store
changed since. Datasette opens it immutable, so nothing can be written through the web view.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path

from facts.errors import FactsError
from facts.store.paths import StorePaths

# Bump when the export's tables or metadata change, so older cached exports are written again.
EXPORT_VERSION = 1
WEB_FOLDER = Path(__file__).resolve().parent.parent / "web"


class MissingExtra(FactsError):
    """The web extra (Datasette) is not installed."""


def require_datasette() -> None:
    """Raise MissingExtra, saying how to install it, when Datasette cannot be imported."""
    from importlib.util import find_spec

    if find_spec("datasette") is None:
        raise MissingExtra("facts serve needs Datasette: install it with pip install 'facts[web]'.")


def export_path(paths: StorePaths) -> Path:
    """Return where the web view's export of a store is cached: named facts.db, so its pages say facts."""
    from facts.search.index import index_path

    key = index_path(paths).stem.removeprefix("index-")
    return index_path(paths).with_name(f"web-{key}") / "facts.db"


def fresh_export(paths: StorePaths, on_export: Callable[[], None] | None = None) -> tuple[Path, bool]:
    """Return the store's cached export, writing it first if missing or older than the store
    (on_export is called then); and whether it was written."""
    from facts.cli.export_sqlite import metadata_path, write_sqlite
    from facts.cli.query import open_store_statements
    from facts.search.index import fingerprint
    from facts.store.transaction import reading

    target = export_path(paths)
    stamp = target.with_suffix(".fingerprint")
    with reading(paths):
        wanted = f"{EXPORT_VERSION} {fingerprint(paths)}"
        try:
            if stamp.read_text(encoding="utf-8") == wanted and metadata_path(target).is_file():
                return target, False
        except OSError:
            pass  # no export yet
        if on_export is not None:
            on_export()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_sqlite(paths, target, open_store_statements(paths))
        stamp.write_text(wanted, encoding="utf-8")
    return target, True


def usable_port(port: int | None) -> int:
    """Return the port asked for if nothing listens on it, or a free one when none is asked for."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port or 0))
        except OSError:
            raise FactsError(
                f"Port {port} on 127.0.0.1 is in use: choose another with --port, or leave --port out."
            ) from None
        chosen: int = probe.getsockname()[1]
        return chosen


def run_server(command: list[str]) -> int:
    """Run the server until it stops; return 0, or 130 when interrupted, or 1 when it failed.

    Ctrl-C reaches the server too (it is in the same process group) and it shuts down on its
    own; a SIGTERM sent to facts alone is passed on, so the server never outlives it.
    """
    import signal
    import subprocess

    server = subprocess.Popen(command)
    previous = signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        code = server.wait()
    except KeyboardInterrupt:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0 if code in (0, -signal.SIGTERM) else 1


def datasette_command(database: Path, port: int) -> list[str]:
    """Return the command line that serves an export read-only on 127.0.0.1 with the facts plugin."""
    from facts.cli.export_sqlite import metadata_path

    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "--immutable",
        str(database),
        "--metadata",
        str(metadata_path(database)),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--plugins-dir",
        str(WEB_FOLDER / "plugins"),
        "--template-dir",
        str(WEB_FOLDER / "templates"),
        "--setting",
        "truncate_cells_html",
        "0",
    ]
