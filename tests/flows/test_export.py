"""Export: the report, the path dialogs, never overwriting silently."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from jamfkb.kb.store import current_umask
from jamfkb.tui.dialogs.path_dialog import ExportDialog, OpenLogDialog
from jamfkb.tui.screens.main import MainScreen
from tests.flows.support import (
    SIZE,
    make_app,
    open_dialog,
    ready,
    run,
    settle,
    submit_path,
    type_query,
)


def test_export_after_a_log_scan_names_the_log_and_its_lines(tmp_path: Path) -> None:
    log = tmp_path / "jamf.log"
    log.write_text("boot ok\nERROR PRN-042 toner cartridge empty\n")
    target = tmp_path / "from-log.md"

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            await submit_path(pilot, dialog, log)
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            await submit_path(pilot, dialog, target)
            written = target.read_text()
            assert f"Log file: `{log}`" in written and "log: " not in written
            assert f"`{log}:2`" in written  # the finding, as file:line
    run(scenario())


def test_export_refuses_to_overwrite_silently(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("precious")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            screen.answer("toner-light", "yes")
            await settle(pilot)
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            await submit_path(pilot, dialog, target)
            assert pilot.app.screen is dialog  # not dismissed
            assert "already exists" in str(dialog.query_one("#path-error", Static).render())
            assert target.read_text() == "precious"
            await pilot.click("#path-rename")
            await settle(pilot)
            assert dialog.query_one(Input).value == str(tmp_path / "report-1.md")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MainScreen)
            report = tmp_path / "report-1.md"
            assert report.stat().st_mode & 0o777 == 0o666 & ~current_umask()
            written = report.read_text()
            assert written.startswith("# jamfkb consultation")
            assert "printer does not print" in written
            assert "Is the toner light on? **Yes**" in written
            assert "lpstat -p" in written  # the resolution's steps
            assert target.read_text() == "precious"
            # explicit overwrite
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            await submit_path(pilot, dialog, target)
            await pilot.click("#path-overwrite")
            await settle(pilot)
            assert target.read_text().startswith("# jamfkb consultation")
    run(scenario())


def test_path_dialogs_select_the_prefilled_path(tmp_path: Path) -> None:
    """QA: typing in the F4 dialog appended to the last path ("/a.log/b.log")."""
    first = tmp_path / "first.log"
    first.write_text("boot ok\n")
    second = tmp_path / "second.log"
    second.write_text("boot ok\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.scan_log(first)
            await settle(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            box = dialog.query_one(Input)
            assert box.value == str(first)
            assert box.selected_text == str(first)
            await pilot.press(*str(second))  # replaces the selected path
            assert box.value == str(second)
            await pilot.press("enter")
            await settle(pilot)
            assert screen.scan_path == second
            await type_query(pilot, "printer does not print")
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            box = dialog.query_one(Input)
            assert box.value and box.selected_text == box.value
            await pilot.press("x")
            assert box.value == "x"
            await pilot.press("escape")
    run(scenario())
