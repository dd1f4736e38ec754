"""SVG snapshots of the main screens in both languages (pytest-textual-snapshot).

They use the tiny fixture knowledge base, not the bundled content, so that editing an
article never breaks the pictures. Regenerate with
``pytest tests/flows/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from jamfkb.tui.app import JamfkbApp
from tests.flows.support import TINY, ready, settle

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def _env(tui_env: Path) -> None:
    pass


def _after_query(text: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press(*text)
        await settle(pilot)
        pilot.app.main_screen.show_node("printer-broken")  # type: ignore[attr-defined]
        await settle(pilot)
    return run_before


def _app(lang: str) -> JamfkbApp:
    return JamfkbApp(content=TINY, lang=lang, cursor_blink=False)


def test_main_screen_after_query_en(snap_compare: Any) -> None:
    assert snap_compare(_app("en"), terminal_size=SIZE,
                        run_before=_after_query("printer does not print"))


def test_main_screen_after_query_fr(snap_compare: Any) -> None:
    assert snap_compare(_app("fr"), terminal_size=SIZE,
                        run_before=_after_query("imprimante n'imprime pas"))


def test_main_screen_80x24_en(snap_compare: Any) -> None:
    assert snap_compare(_app("en"), terminal_size=(80, 24),
                        run_before=_after_query("printer does not print"))


def test_help_screen_en(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("f1")
        await settle(pilot)
    assert snap_compare(_app("en"), terminal_size=SIZE, run_before=run_before)


def test_help_screen_fr(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("f1")
        await settle(pilot)
    assert snap_compare(_app("fr"), terminal_size=SIZE, run_before=run_before)


def test_why_modal_en(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _after_query("printer does not print")(pilot)
        await pilot.press("f6")
        await settle(pilot)
    assert snap_compare(_app("en"), terminal_size=SIZE, run_before=run_before)


def test_why_modal_fr(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _after_query("imprimante n'imprime pas")(pilot)
        await pilot.press("f6")
        await settle(pilot)
    assert snap_compare(_app("fr"), terminal_size=SIZE, run_before=run_before)
