"""Live reload of --content: the last good knowledge base stays, errors are shown."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.content_errors import ContentErrors
from tests.flows.support import (
    SIZE,
    TINY,
    cause_ids,
    make_app,
    ready,
    replace_text,
    run,
    settle,
    type_query,
    wait_for,
)


def test_live_reload_keeps_last_good_kb_and_shows_errors(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)

    async def scenario() -> None:
        app = make_app(content=tree, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            good = app.engine
            panel = screen.query_one(ContentErrors)
            assert not panel.has_class("-visible")
            toml = tree / "toner-empty.toml"
            original = toml.read_text()
            replace_text(toml, original.replace("cf = 0.8", 'cf = "high"'))
            await wait_for(pilot, lambda: bool(app.content_errors))
            await settle(pilot)
            assert app.engine is good  # the last good knowledge base stays
            assert panel.has_class("-visible")
            assert any("toner-empty.toml:" in line for line in panel.lines)
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]
            title = tree / "toner-empty.en.md"
            replace_text(toml, original)
            replace_text(title, title.read_text().replace("The toner is empty",
                                                           "Toner is out"))
            await wait_for(pilot, lambda: app.engine is not good)
            await settle(pilot)
            assert not app.content_errors
            assert not panel.has_class("-visible")
            assert "Toner is out" in str(screen.query_one(CauseList).get_option_at_index(0)
                                         .prompt)
    run(scenario())


def test_slow_reload_is_not_raced_by_the_next_poll(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A compile longer than the poll interval (big trees take seconds) runs alone and
    installs its result once."""
    import jamfkb.kb.store

    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)
    real_load = jamfkb.kb.store.load
    running = 0
    most_at_once = 0
    loads = 0
    lock = threading.Lock()

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, most_at_once, loads
        with lock:
            running += 1
            loads += 1
            most_at_once = max(most_at_once, running)
        try:
            time.sleep(0.6)  # six poll ticks
            return real_load(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    async def scenario() -> None:
        app = make_app(content=tree, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            first = app.engine
            installed: list[object] = []
            real_ready = app._engine_ready

            async def counting_ready(engine: Any, manifest: str) -> None:
                installed.append(engine)
                await real_ready(engine, manifest)

            monkeypatch.setattr(app, "_engine_ready", counting_ready)
            monkeypatch.setattr(jamfkb.kb.store, "load", slow_load)
            title = tree / "toner-empty.en.md"
            replace_text(title, title.read_text().replace("The toner is empty",
                                                           "Toner is out"))
            await wait_for(pilot, lambda: app.engine is not first)
            await pilot.pause(0.5)  # ticks after the install find nothing new
            await settle(pilot)
            assert most_at_once == 1
            assert loads == 1
            assert len(installed) == 1
    run(scenario())


def test_invalid_content_at_start_shows_errors_then_loads_once_fixed(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)
    toml = tree / "toner-empty.toml"
    original = toml.read_text()
    toml.write_text(original.replace("cf = 0.8", 'cf = "high"'))

    async def scenario() -> None:
        app = make_app(content=tree, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: bool(app.content_errors))
            await settle(pilot)
            screen = app.main_screen
            assert app.engine is None and screen.results_mounted
            panel = screen.query_one(ContentErrors)
            title = screen.query_one("#content-errors-title", Static)
            assert panel.has_class("-visible")
            assert any("toner-empty.toml:" in line for line in panel.lines)
            assert "nothing is loaded until they are fixed" in str(title.render())
            assert "errors" in str(screen.query_one("#status", Static).render())
            await pilot.press("f2")
            await settle(pilot)
            assert "rien n'est chargé" in str(title.render())
            status = str(screen.query_one("#status", Static).render())
            assert "contient des erreurs" in status
            assert "contient des erreurs" in str(screen.query_one("#causes-hint", Static)
                                                 .render())
            await pilot.press("f2")
            await pilot.press(*"printer does not print")  # typed while broken
            replace_text(toml, original)
            await wait_for(pilot, lambda: app.engine is not None)
            await settle(pilot)
            assert not app.content_errors and not panel.has_class("-visible")
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]
    run(scenario())
