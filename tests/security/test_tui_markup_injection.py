"""Hardening, issue 6: the TUI shows hostile content as text, offline, and does not quit.

Markup such as ``[@click=app.quit]`` in a title, phrasing or body must appear literally,
escape codes must not reach the screen raw, and nothing may open a network socket.
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import pytest

from tests.flows.support import settle
from tests.security.support import MARKUP, no_network, unsafe_chars, write_hostile_tree

app_module = pytest.importorskip("jamfkb.tui.app", reason="the TUI is not written yet")


async def _wait_for_engine(app, pilot) -> None:
    for _ in range(200):
        if app.engine is not None or app.load_failed:
            return
        await pilot.pause(0.05)
    raise AssertionError("the knowledge base never loaded")


def _screen_text(app) -> str:
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def test_hostile_content_in_the_tui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAMFKB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JAMFKB_NO_CLIPBOARD_TOOLS", "1")
    root = write_hostile_tree(tmp_path)

    async def scenario() -> None:
        app = app_module.JamfkbApp(content=root, lang="en", settings_file=tmp_path / "s.json",
                                   cursor_blink=False, poll_seconds=0)
        async with app.run_test(size=(160, 60)) as pilot:
            await _wait_for_engine(app, pilot)
            assert app.engine is not None, app.content_errors
            await pilot.press(*"paper jam toner empty")
            await settle(pilot)
            screen = app.main_screen
            screen.show_node("paper-jam")
            await settle(pilot)
            text = _screen_text(app)
            assert MARKUP in text, "markup in content was interpreted instead of shown"
            for needle in ("pwned", "$(touch PWNED)"):
                assert needle in text
            assert unsafe_chars(text) == [], unsafe_chars(text)
            # clicking around the article must not trigger the markup's action
            await pilot.click("#article")
            await settle(pilot)
            assert app.is_running and app.return_code is None

    with no_network() as attempts:
        asyncio.run(scenario())
    assert attempts == []
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_export_never_overwrites_silently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jamfkb.tui.report
    from tests.support import TINY

    monkeypatch.chdir(tmp_path)
    # the dialog's default path (its timestamp held still: a report of the same second)
    monkeypatch.setattr(jamfkb.tui.report, "default_report_name", lambda: "jamfkb-report.md")
    existing = tmp_path / "jamfkb-report.md"
    existing.write_bytes(b"my precious notes")

    async def scenario() -> None:
        app = app_module.JamfkbApp(content=TINY, lang="en", settings_file=tmp_path / "s.json",
                                   cursor_blink=False, poll_seconds=0)
        async with app.run_test(size=(160, 60)) as pilot:
            await _wait_for_engine(app, pilot)
            await pilot.press(*"paper jam")
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            dialog = app.screen
            assert type(dialog).__name__ == "ExportDialog", type(dialog)
            await pilot.press("enter")  # accept the default path: it exists
            await settle(pilot)
            assert app.screen is dialog, "the export went ahead without confirmation"
            assert existing.read_bytes() == b"my precious notes"

    with no_network() as attempts:
        asyncio.run(scenario())
    assert attempts == []
    assert existing.read_bytes() == b"my precious notes"


def test_free_name_never_returns_an_existing_file(tmp_path: Path) -> None:
    from jamfkb.tui.dialogs.path_dialog import free_name

    target = tmp_path / "jamfkb-report.md"
    for _ in range(5):
        target.write_text("x")
        new = free_name(target)
        assert not new.exists() and new.parent == tmp_path
        new.write_text("y")
