"""Shared fixtures: an index cache per test, and a writable copy of the tiny test store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
TINY_STORE = DATA / "store"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test its own index cache and user store folder, and no FACTS_STORE from the environment."""
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("FACTS_STORE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def tiny_store(tmp_path: Path) -> Path:
    """Return a writable copy of tests/data/store."""
    target = tmp_path / "store"
    shutil.copytree(TINY_STORE, target)
    return target


ARTICLES = DATA / "articles"


@pytest.fixture
def ferry_candidates(tiny_store: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """The claims `facts extract --json` proposes for the ferry article, copied to tmp_path/in/."""
    from typer.testing import CliRunner

    from facts.cli.app import app

    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    shutil.copy(ARTICLES / "ferry-fire.txt", folder / "ferry-fire.txt")
    args = [
        "extract",
        str(folder / "ferry-fire.txt"),
        "--published",
        "2022-08-18",
        "--store",
        str(tiny_store),
    ]
    extracted = CliRunner().invoke(app, [*args, "--json"])
    assert extracted.exit_code == 0, extracted.output
    return list(json.loads(extracted.stdout))
