"""Pilot helpers shared by the TUI flow and snapshot tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tui.app import JamfkbApp
from tui.screens.main import MainScreen


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10.0
                   ) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def settle(pilot: Pilot[Any]) -> None:
    """Let the debounce fire and every worker finish."""
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def ready(pilot: Pilot[Any]) -> MainScreen:
    """Wait until the knowledge base is loaded and the first render settled."""
    app = pilot.app
    assert isinstance(app, JamfkbApp)
    await wait_for(pilot, lambda: app.engine is not None)
    await settle(pilot)
    return app.main_screen
