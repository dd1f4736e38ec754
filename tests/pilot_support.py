"""Pilot helpers shared by the TUI flow and snapshot tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tui.app import JamfkbApp
from tui.screens.main import MainScreen


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10.0
                   ) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def workers_done(pilot: Pilot[Any]) -> None:
    """Wait for every worker. A failed one fails the test; a cancelled one does not,
    because the app cancels superseded work on purpose (a newer keystroke)."""
    outcomes = await asyncio.gather(*(worker.wait() for worker in pilot.app.workers),
                                    return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerCancelled):
            raise outcome


async def settle(pilot: Pilot[Any]) -> None:
    """Let the debounce fire and every worker finish."""
    await pilot.pause(0.2)
    await workers_done(pilot)
    await pilot.pause()
    await workers_done(pilot)
    await pilot.pause()


async def ready(pilot: Pilot[Any]) -> MainScreen:
    """Wait until the knowledge base is loaded and the first render settled."""
    app = pilot.app
    assert isinstance(app, JamfkbApp)
    await wait_for(pilot, lambda: app.engine is not None)
    await settle(pilot)
    return app.main_screen
