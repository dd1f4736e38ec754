"""Pilot helpers shared by the TUI flow and snapshot tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from jamfkb.tui.app import JamfkbApp
from jamfkb.tui.screens.main import MainScreen


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


def busy(app: Any) -> bool:
    """A worker still runs, or typing waits for its debounce."""
    from textual.worker import WorkerState

    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return True
    screens = [s for s in app.screen_stack if isinstance(s, MainScreen)]
    return bool(screens) and screens[0].diagnosis_pending


async def settle(pilot: Pilot[Any], timeout: float = 30.0) -> None:
    """Let the debounce fire and every worker finish, round after round (a scan starts a
    diagnosis, which starts a render) until the app is quiet."""
    deadline = time.monotonic() + timeout
    await pilot.pause(0.2)
    while True:
        await workers_done(pilot)
        await pilot.pause()
        if not busy(pilot.app):
            return
        if time.monotonic() > deadline:
            raise AssertionError("the app did not settle")
        await pilot.pause(0.05)


async def ready(pilot: Pilot[Any]) -> MainScreen:
    """Wait until the knowledge base is loaded and the first render settled."""
    app = pilot.app
    assert isinstance(app, JamfkbApp)
    await wait_for(pilot, lambda: app.engine is not None)
    await settle(pilot)
    return app.main_screen
