"""A new consultation (Ctrl+N, the palette): query, answers, log and history cleared; the
earlier ones kept in a recent list, from which they come back."""

from __future__ import annotations

from pathlib import Path

from jamfkb.tui.dialogs.path_dialog import OpenLogDialog
from jamfkb.tui.palette import palette_commands
from tests.flows.support import (
    SIZE,
    focus_questions,
    make_app,
    open_dialog,
    ready,
    run,
    settle,
    submit_path,
    type_query,
)


def test_nothing_to_lose_nothing_asked() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert screen.session.recent == []
            assert any("already empty" in n.message for n in pilot.app._notifications)
    run(scenario())


def test_new_consultation_clears_everything_and_the_old_one_comes_back(
        tmp_path: Path) -> None:
    log = tmp_path / "jamf.log"
    log.write_text("ERROR PRN-042 toner cartridge empty\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await focus_questions(pilot)
            await pilot.press("n")
            await settle(pilot)
            article = screen.history.current
            assert screen.answers and article
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert screen.query_text == "" and screen.answers == {}
            assert screen.history.current is None and screen.scan is None
            assert screen.diagnose_pane.scroll_y == 0
            assert len(screen.session.recent) == 1
            # a second consultation, from a log
            dialog = await open_dialog(pilot, "ctrl+o", OpenLogDialog)
            await submit_path(pilot, dialog, log)
            assert screen.session.from_log
            # the palette lists the recent one; choosing it brings it back
            titles = {title: callback for title, callback, _ in palette_commands(pilot.app)}
            recent = [t for t in titles if t.startswith("Recent: printer does not print")]
            assert recent
            titles[recent[0]]()
            await settle(pilot)
            assert screen.query_text == "printer does not print"
            assert screen.answers == {"toner-light": "no"}
            assert screen.history.current == article
            # the log consultation it replaced is now among the recent ones
            assert any(t.startswith("Recent: log jamf.log")
                       for t, _, _ in palette_commands(pilot.app))
            assert any(t.startswith("New consultation")
                       for t, _, _ in palette_commands(pilot.app))
    run(scenario())
