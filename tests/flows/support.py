"""Pilot helpers shared by the TUI flow, snapshot and security tests."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from jamfkb.tui.app import JamfkbApp
from jamfkb.tui.screens.main import MainScreen
from jamfkb.tui.widgets.causes import CauseList


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


TINY = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


SIZE = (100, 30)


def run(coro: Awaitable[None]) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


async def type_query(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


async def open_dialog(pilot: Pilot[Any], key: str, kind: type[Any]) -> Any:
    """Press ``key`` and return the dialog it opened."""
    await pilot.press(key)
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, kind)
    return dialog


async def submit_path(pilot: Pilot[Any], dialog: Any, path: Path | str) -> None:
    """Type ``path`` in a path dialog and press Enter."""
    dialog.query_one(Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


def certainty(screen: MainScreen, cause_id: str) -> float:
    d = screen.diagnosis
    assert d is not None
    for cause in (*d.causes, *d.ruled_out):
        if cause.id == cause_id:
            return cause.certainty
    return 0.0


def cause_ids(screen: MainScreen) -> list[str]:
    return screen.query_one(CauseList).cause_ids


def replace_text(path: Path, text: str) -> None:
    """Write as an editor saving atomically would: the live reload never sees a file
    half written (truncated, then filled)."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text)
    os.replace(temporary, path)


def make_app(content: Path = TINY, lang: str | None = "en", **kw: Any) -> JamfkbApp:
    return JamfkbApp(content=content, lang=lang, cursor_blink=False, **kw)


def slow_scans(monkeypatch: pytest.MonkeyPatch, seconds_per_piece: float) -> list[int]:
    """Make every TUI log scan read its file slowly; returns a one-item list counting the
    pieces read so far (a scan that stopped stops counting)."""
    import jamfkb.engine.scan

    read = [0]
    real = jamfkb.engine.scan.iter_blocks

    def slow_blocks(stream: Any) -> Any:
        for piece in real(stream):
            read[0] += 1
            time.sleep(seconds_per_piece)
            yield piece

    # small blocks, so that even a small test log takes many reads
    monkeypatch.setattr(jamfkb.engine.scan, "BLOCK", 64)
    monkeypatch.setattr(jamfkb.engine.scan, "iter_blocks", slow_blocks)
    return read


async def focus_questions(pilot: Pilot[Any]) -> None:
    """Give the focus to the first question's first answer: its keys (y / n / u, 1…9)
    answer only there."""
    from jamfkb.tui.widgets.questions import AnswerButton

    pilot.app.screen.query(AnswerButton).first().focus()
    await pilot.pause()
