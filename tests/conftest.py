"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.store import load
from tests.support import TINY, copy_tiny


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the user's real cache or settings from a test."""
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("JAMFKB_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def tiny_tree(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture knowledge base."""
    return copy_tiny(tmp_path)


@pytest.fixture(scope="module")
def tiny_kb() -> KnowledgeBase:
    """The tiny fixture knowledge base, loaded as the CLI and the app load it."""
    kb = load(TINY).kb
    assert kb is not None
    return kb


@pytest.fixture(scope="module")
def bundled_kb() -> KnowledgeBase:
    """The bundled knowledge base (content/)."""
    kb = load().kb
    assert kb is not None
    return kb


# --- TUI


@pytest.fixture
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolate the TUI from the user's settings, cache, data folder and clipboard tools."""
    monkeypatch.setenv("JAMFKB_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("JAMFKB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JAMFKB_NO_CLIPBOARD_TOOLS", "1")
    monkeypatch.delenv("JAMFKB_EXIT_WHEN_READY", raising=False)
    return tmp_path
