"""Shared fixtures. Every test gets its own cache and config folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny"
CONTENT = ROOT / "content"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("JAMFKB_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def tiny_tree(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture knowledge base."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target
