"""Logs as admins have them: folders and .gz files in F4, the known log locations, path
completion, one finding per line with proper plurals."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from textual.widgets import Button, Input

import jamfkb.tui.log_places
from jamfkb.tui.dialogs.path_dialog import OpenLogDialog
from jamfkb.tui.widgets.findings import FindingList
from tests.flows.support import SIZE, make_app, open_dialog, ready, run, settle, submit_path


def test_a_folder_with_rotated_gz_logs_is_scanned(tmp_path: Path) -> None:
    folder = tmp_path / "Logs"
    folder.mkdir()
    (folder / "jamf.log").write_text("boot\nERROR PRN-042 toner cartridge empty\n")
    with gzip.open(folder / "jamf.log.1.gz", "wt") as f:
        f.write("TONER LOW warning PRN-042 toner cartridge empty\n")
    (folder / "notes.txt").write_text("PRN-042 toner cartridge empty\n")  # not a log

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            await submit_path(pilot, dialog, folder)
            scan = screen.scan
            assert scan is not None and scan.files == 2
            findings = screen.query_one(FindingList)
            # the .gz line holds two messages: listed once, with both meanings
            assert findings.option_count == 2
            assert any("found in Logs (3 lines)" in n.message
                       for n in pilot.app._notifications)
            assert any("2 known error messages" in n.message or
                       "3 known error messages" in n.message
                       for n in pilot.app._notifications)
    run(scenario())


def test_known_locations_are_proposed_and_paths_completed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "jamf-agent.log"
    log.write_text("boot\n")
    monkeypatch.setattr(jamfkb.tui.log_places, "existing_places",
                        lambda paths: [p for p in paths if p == "/var/log/jamf.log"])

    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:  # bundled content
            await ready(pilot)
            dialog = await open_dialog(pilot, "ctrl+o", OpenLogDialog)
            path_input = dialog.query_one("#path-input", Input)
            assert path_input.value == "/var/log/jamf.log"  # the default: a known place
            assert [str(b.label) for b in dialog.query(".place").results(Button)] \
                == ["/var/log/jamf.log"]
            path_input.value = str(tmp_path / "jamf-a")
            path_input.cursor_position = len(path_input.value)
            await settle(pilot)
            await pilot.press("tab")  # completes, as in a shell
            await settle(pilot)
            assert path_input.value == str(log)
            await submit_path(pilot, dialog, log)
    run(scenario())
