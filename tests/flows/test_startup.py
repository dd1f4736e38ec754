"""Start-up: the first frame before the knowledge base, keys while loading, the bench
probe, the status line."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from jamfkb.tui.widgets.browse import BrowseTree
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.query_box import QueryBox
from tests.flows.support import (
    SIZE,
    TINY,
    cause_ids,
    make_app,
    ready,
    run,
    settle,
    slow_scans,
    wait_for,
)


def test_first_paint_before_the_knowledge_base_is_loaded(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import jamfkb.kb.store

    real_load = jamfkb.kb.store.load
    release = threading.Event()

    def held_load(*args: Any, **kwargs: Any) -> Any:
        release.wait(60)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(jamfkb.kb.store, "load", held_load)

    async def scenario() -> None:
        app = make_app()
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause(0.05)
                assert app.engine is None
                status = str(app.main_screen.query_one("#status", Static).render())
                assert "Loading knowledge base" in status
                await pilot.press(*"printer does not print")  # typing works while loading
                assert app.engine is None
                release.set()
                screen = await ready(pilot)
                assert cause_ids(screen) == ["toner-empty", "driver-missing"]
        finally:
            release.set()
    run(scenario())


def test_keys_and_pastes_before_the_query_box_has_the_focus_are_not_lost() -> None:
    """What is typed while the app starts (Python and Textual take ~0.3 s) reaches the app
    before any widget has the focus: it is held, then replayed in order into the query
    box once the first frame is up (it used to reach no widget and be lost)."""
    from textual import events

    from jamfkb.tui.app import JamfkbApp

    held: list[int] = []

    class EarlyTyping(JamfkbApp):
        def on_mount(self) -> None:  # Textual calls JamfkbApp's on_mount as well
            # (no key of a binding, such as backspace: Textual runs those after the
            # characters that follow them in one burst, held or not)
            for key in "macs":
                self.post_message(events.Key(key, key))
            self.post_message(events.Paste(" unresponsive"))
            for key in "!?":
                self.post_message(events.Key(key, key))

        async def replay_early_input(self) -> None:
            if self._early_input is not None:
                held.append(len(self._early_input))
            await super().replay_early_input()

    async def scenario() -> None:
        app = EarlyTyping(content=TINY, lang="en", cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            box = app.main_screen.query_one(QueryBox)
            assert held == [7]  # every one of them came before the focus, replayed once
            assert box.text == "macs unresponsive!?"
            await pilot.press("x")  # afterwards, keys go straight to the box
            assert box.text == "macs unresponsive!?x"
            # keys that come in a burst once the box has the focus, with input still
            # held, go after it and in their order
            box.clear()
            app._early_input = [events.Key("m", "m"), events.Paste("ac")]
            for key in "s u":
                app.post_message(events.Key(key, key))
            await pilot.pause(0.1)
            assert box.text == "macs u" and app._early_input is None
    run(scenario())


def test_every_key_while_loading_is_safe_and_results_mount_with_the_knowledge_base(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The result widgets are mounted with the knowledge base (not in the first frame):
    keys that reach for them before then do nothing harmful."""
    import jamfkb.kb.store

    real_load = jamfkb.kb.store.load
    release = threading.Event()

    def held_load(*args: Any, **kwargs: Any) -> Any:
        release.wait(60)  # the finally below releases it in any case
        return real_load(*args, **kwargs)

    monkeypatch.setattr(jamfkb.kb.store, "load", held_load)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.05)
            screen = app.main_screen
            assert not screen.results_mounted
            assert not screen.query(CauseList) and not screen.query(BrowseTree)
            box = screen.query_one(QueryBox)
            await pilot.press(*"printer does not print")
            for key in ("tab", "down"):  # nothing to go to yet: the box keeps the focus
                await pilot.press(key)
                assert box.has_focus
            screen.set_focus(None)  # as on a terminal focus-out: the screen's keys act
            for key in ("y", "1", "t", "f3", "f9", "f6", "f2", "f2", "ctrl+r", "escape"):
                await pilot.press(key)
            assert app.engine is None and app.lang == "en"
            assert box.has_focus and box.text == "printer does not print"
            hint = str(screen.query_one("#causes-hint", Static).render())
            assert "Loading knowledge base" in hint
            release.set()
            await ready(pilot)
            assert screen.results_mounted
            assert [w.id for w in screen.query_one("#diagnose").children] == [
                "symptoms-title", "symptoms", "causes-title", "causes-keys", "causes-hint",
                "causes", "questions-title", "questions", "answers-header", "answers",
                "topics-title", "topics"]
            assert screen.query_one(BrowseTree).display
            assert screen.query_text == "printer does not print"
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]

    try:
        run(scenario())
    finally:
        release.set()  # never leave the loader thread waiting on a failed test


def test_bench_probe_records_interactive_then_ready() -> None:
    async def scenario() -> None:
        from bench.probe import ProbeApp

        app = ProbeApp(content=TINY, lang="en", cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: {"interactive", "ready"} <= set(app.milestones))
        assert app.milestones["interactive"] <= app.milestones["ready"] + 1.0
    run(scenario())


def test_collections_paused_by_run_app_resume_after_the_first_frame(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """run_app stops the garbage collector until the first frame (JamfkbApp.resume_gc):
    it must run again afterwards, with the first screen frozen."""
    import gc

    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))  # not this process's

    async def scenario() -> None:
        app = make_app()
        app.gc_paused = True
        gc.disable()
        try:
            async with app.run_test(size=SIZE) as pilot:
                await wait_for(pilot, lambda: not app.gc_paused)
                assert gc.isenabled() and frozen == [True]
                await ready(pilot)
        finally:
            gc.enable()
    run(scenario())


def test_widgets_keep_the_knowledge_base_constants() -> None:
    from jamfkb.kb import model
    from jamfkb.tui.widgets import answers, questions

    assert questions.UNKNOWN == answers.UNKNOWN == model.UNKNOWN
    assert questions.YES_NO == model.YES_NO


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_status_and_query_title_fit_80_columns(lang: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: at 80 columns the status was cut ("│ causes issues du") and the query box's
    title too ("(F1 : a…")."""
    log = tmp_path / "small.log"
    log.write_text("ERROR PRN-042 toner cartridge empty\n" * 2000)
    read = slow_scans(monkeypatch, 0.0005)

    def line(widget: Any, y: int = 0) -> str:
        return str(widget.render_lines(widget.region.reset_offset)[y].text)

    async def scenario() -> None:
        async with make_app(lang=lang).run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            box = screen.query_one(QueryBox)
            assert "(F1" in line(box) and line(box).rstrip().endswith("╮")
            assert ("aide)" if lang == "fr" else "help)") in line(box)
            status = screen.query_one("#status", Static)
            screen.scan_log(log)
            await wait_for(pilot, lambda: read[0] > 0)
            text = line(status).strip()
            assert "small.log" in text and "%" in text, text
            assert ("(Échap : annuler)" if lang == "fr" else "(Esc: cancel)") in text, text
            await settle(pilot)
            text = line(status).strip()
            assert text.startswith("jamfkb") and text.endswith("small.log"), text
            assert "…" not in text
    run(scenario())


def test_fit_status_drops_the_least_useful_parts_first() -> None:
    from jamfkb.tui.widgets.status_line import fit_status

    title = "jamfkb · Jamf Pro ↔ Intune"
    full = fit_status(title, "FR", "14 problèmes, 24 causes", "causes du journal a.log", 200)
    assert full == f"{title} │ FR │ 14 problèmes, 24 causes │ causes du journal a.log"
    assert fit_status(title, "FR", "14 problèmes, 24 causes", "causes du journal a.log",
                      70) == f"{title} │ FR │ causes du journal a.log"
    assert fit_status(title, "FR", "14 problèmes, 24 causes", "causes du journal a.log",
                      50) == "jamfkb │ FR │ causes du journal a.log"
    assert fit_status(title, "EN", "1 problems, 2 causes", "", 80) == \
        f"{title} │ EN │ 1 problems, 2 causes"
