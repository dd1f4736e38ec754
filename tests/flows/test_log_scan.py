"""Log scans: the open-log dialog, progress, cancelling, the findings pane, the status line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from jamfkb.tui.dialogs.path_dialog import OpenLogDialog
from jamfkb.tui.screens.main import MainScreen
from jamfkb.tui.widgets.findings import FindingList
from jamfkb.tui.widgets.symptoms import SymptomList
from tests.flows.support import (
    SIZE,
    cause_ids,
    make_app,
    open_dialog,
    ready,
    run,
    settle,
    slow_scans,
    submit_path,
    type_query,
    wait_for,
)


def test_open_log_validates_then_scans(tmp_path: Path) -> None:
    log = tmp_path / "jamf.log"
    log.write_text("boot ok\nERROR PRN-042 toner cartridge empty\nTONER LOW warning seen\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            await submit_path(pilot, dialog, tmp_path / "missing.log")
            error = str(dialog.query_one("#path-error", Static).render())
            assert "No such file" in error
            await submit_path(pilot, dialog, log)
            assert isinstance(pilot.app.screen, MainScreen)
            assert screen.active_pane == "tab-findings"
            findings = screen.query_one(FindingList)
            assert findings.option_count == 2
            assert screen.source == "log"
            assert "toner-empty" in cause_ids(screen)
            assert pilot.app.focused is findings
            assert screen.history.current == "printer-broken"  # the first finding's article
            findings.highlighted = 1
            await pilot.press("enter")
            await settle(pilot)
            assert screen.history.current == "toner-empty"
    run(scenario())


def test_open_log_refuses_devices_and_pipes(tmp_path: Path) -> None:
    """QA: /dev/zero was accepted and scanned for ever. The dialog refuses anything that is
    not a regular file, and so does the scan itself (the file may change after the check)."""
    from jamfkb.tui.dialogs.path_dialog import log_path_error
    from jamfkb.tui.i18n import t
    from jamfkb.tui.screens.log_scan import NotARegularFile, open_regular_file

    fifo = tmp_path / "pipe.log"
    os.mkfifo(fifo)
    texts = {k: t("en", f"open.error.{k}") for k in
             ("empty", "missing", "is_dir", "not_file", "unreadable", "too_big")}
    for path in (Path("/dev/zero"), fifo):
        assert log_path_error(path, texts) == f"Not a regular file (a device, a pipe or a " \
                                              f"socket): {path}"
    with pytest.raises(NotARegularFile):
        open_regular_file(fifo)  # refused without blocking on a FIFO with no writer
    assert "périphérique" in t("fr", "open.error.not_file", path=fifo)

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            for path in (Path("/dev/zero"), fifo):
                await submit_path(pilot, dialog, path)
                assert pilot.app.screen is dialog
                error = str(dialog.query_one("#path-error", Static).render())
                assert "Not a regular file" in error and str(path) in error
            await pilot.press("escape")
            await settle(pilot)
            screen.scan_log(Path("/dev/zero"))  # past the dialog: refused by the scan
            await settle(pilot)
            assert not screen.scanning and screen.scan is None
            assert any("Not a regular file" in str(n.message)
                       for n in pilot.app._notifications)
    run(scenario())


def test_scan_leaves_the_engine_free_shows_progress_and_can_be_cancelled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: the scan held the engine lock from start to end (typing updated nothing until
    it was over) and could not be stopped."""
    slow = tmp_path / "slow.log"
    slow.write_text("ERROR PRN-042 toner cartridge empty\n" * 20_000)
    small = tmp_path / "small.log"
    small.write_text("boot ok\nERROR PRN-042 toner cartridge empty\n")
    read = slow_scans(monkeypatch, 0.001)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            engine = app.engine
            assert engine is not None
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > 50)
            assert engine.lock.acquire(blocking=False)  # free while the file is read
            engine.lock.release()
            assert screen.scanning
            # typing is diagnosed while the scan goes on
            await pilot.press(*"printer does not print")
            await wait_for(pilot, lambda: cause_ids(screen) == ["toner-empty",
                                                                "driver-missing"])
            assert screen.scanning
            status = str(screen.query_one("#status", Static).render())
            assert "scanning slow.log…" in status and "% (Esc: cancel)" in status
            await pilot.press("escape")  # cancels the scan
            assert not screen.scanning
            await settle(pilot)
            stopped_at = read[0]
            await pilot.pause(0.2)
            assert read[0] == stopped_at < 20_000  # the thread stopped reading
            assert any("Scan of slow.log cancelled" in str(n.message)
                       for n in app._notifications)
            assert screen.scan is None and "scanning" not in str(
                screen.query_one("#status", Static).render())
            # a new scan replaces a running one
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > stopped_at + 50)
            screen.scan_log(small)
            await settle(pilot)
            assert screen.scan_path == small and screen.scan is not None
            assert screen.scan.lines == 2
            assert read[0] < stopped_at + 20_000
    run(scenario())


def test_quitting_during_a_scan_exits_promptly(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: ctrl+q during a scan cleared the screen but the process went on scanning (the
    interpreter waits for the worker thread before it exits)."""
    slow = tmp_path / "slow.log"
    slow.write_text("boot ok\n" * 20_000)  # 20 s at the slowed-down pace
    read = slow_scans(monkeypatch, 0.001)
    quit_at: list[float] = []

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > 50)
            await pilot.press("ctrl+q")
            quit_at.append(time.monotonic())

    run(scenario())  # returns once every worker thread is done
    assert time.monotonic() - quit_at[0] < 3.0
    assert read[0] < 20_000


def test_status_says_where_the_causes_come_from(tmp_path: Path) -> None:
    """QA: "causes from log file" stayed after typing a new query."""
    log = tmp_path / "small.log"
    log.write_text("ERROR PRN-042 toner cartridge empty\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            status = screen.query_one("#status", Static)
            screen.scan_log(log)
            await settle(pilot)
            assert "causes from log small.log" in str(status.render())
            await pilot.press("escape")
            await type_query(pilot, "paper jam")
            assert screen.source == "query"
            assert "small.log" not in str(status.render())
    run(scenario())


def test_f9_without_a_log_shows_a_hint_and_keeps_the_article(tui_env: Path) -> None:
    """QA: F9 showed an empty box and replaced the article with the first symptom's."""
    config = tui_env / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_text('open-log = "f10"\n', encoding="utf-8")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("tab", "down")  # the second cause's article
            await settle(pilot)
            assert screen.history.current == "driver-missing"
            back = list(screen.history._back)
            await pilot.press("f9")
            await settle(pilot)
            assert screen.active_pane == "tab-findings"
            assert screen.history.current == "driver-missing"
            assert list(screen.history._back) == back
            assert not isinstance(pilot.app.focused, SymptomList)
            summary = str(screen.query_one("#findings-summary", Static).render())
            assert summary == "No log scanned yet: press F10 to open one."  # the key map's
            assert not screen.query_one(FindingList).display  # no empty box
            await pilot.press("f2")
            await settle(pilot)
            summary = str(screen.query_one("#findings-summary", Static).render())
            assert "Aucun journal analysé" in summary and "F10" in summary
    run(scenario())


def test_scan_steps_aside_while_the_screen_catches_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen in tmux: with a scan running, each key took up to seconds to act (F2 over
    1 s): the scan thread shares the GIL. It now pauses after input until the screen has
    caught up (at most a second)."""
    slow = tmp_path / "slow.log"
    slow.write_text("boot ok\n" * 20_000)
    read = slow_scans(monkeypatch, 0.0005)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > 200)
            assert not screen.scan_should_pause()
            asked: list[float] = []
            real_give = screen.give_ui_priority

            def give(seconds: float = 1.0) -> None:
                asked.append(seconds)
                real_give(seconds)

            monkeypatch.setattr(screen, "give_ui_priority", give)
            await pilot.press("f2")  # input: the scan pauses, the screen is relabelled
            assert asked  # by the key itself, then by the render
            await wait_for(pilot, lambda: not screen.busy)  # relabelled: the scan goes on
            assert pilot.app.lang == "fr"  # type: ignore[attr-defined]
            assert not screen.scan_should_pause() and screen.scanning
            before = read[0]
            await wait_for(pilot, lambda: read[0] > before + 100)
            screen.give_ui_priority(2.0)
            await pilot.pause(0.1)  # a piece or so may be under way
            paused_at = read[0]
            await pilot.pause(0.2)
            assert read[0] - paused_at <= 1
            await wait_for(pilot, lambda: read[0] > paused_at + 100)  # never for ever
            await pilot.press("escape")
    run(scenario())
