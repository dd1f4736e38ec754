"""Every Pilot test runs isolated from the user's settings, cache, data and clipboard."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _env(tui_env: Path) -> None:
    pass
