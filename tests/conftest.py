"""Shared fixtures: an index cache per test, and a writable copy of the tiny test store."""

from __future__ import annotations

import shutil
from pathlib import Path

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
