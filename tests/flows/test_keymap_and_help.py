"""The user's key map and the help screen that lists every key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, Static

from jamfkb.tui.dialogs.why import WhyDialog
from jamfkb.tui.screens.help import HelpScreen
from jamfkb.tui.screens.main import MainScreen
from tests.flows.support import (
    SIZE,
    make_app,
    ready,
    run,
    settle,
    type_query,
    wait_for,
)


def test_parse_keymap_reports_bad_entries() -> None:
    from jamfkb.tui.keymap import known_bindings, parse_keymap, valid_key

    known = known_bindings()
    result = parse_keymap('why = "f10"\nopen-log = ["ctrl+v", "f4"]\nhelp = "ctrl+"\n'
                          'nope = "x"\n', known)
    assert result.keymap == {"why": "f10", "open-log": "ctrl+v,f4"}
    assert any(e.startswith("help:") for e in result.errors)
    assert any(e.startswith("nope:") for e in result.errors)
    assert parse_keymap("why = [", known).errors  # syntax error: reported, no crash
    assert parse_keymap("why = 3", known).errors
    # Keys shared by different places on purpose (a list and its screen, two dialogs).
    shared = parse_keymap('answer-yes = "j"\nchange-yes = "j"\n'
                          'dialog-close = ["escape", "f10"]\nwhy = "f10"\n', known)
    assert shared.errors == []
    assert set(shared.keymap) == {"answer-yes", "change-yes", "dialog-close", "why"}
    # One place: the first entry keeps a key, and the other actions' defaults count.
    clash = parse_keymap('why = "f11"\nhelp = ["f12", "f11"]\nexport = "f3"\n', known)
    assert clash.keymap == {"why": "f11"}
    assert clash.errors == ["help: 'f11' is already the key of why",
                            "export: 'f3' is already the key of browse"]
    # A default key freed by an entry further down is free; app keys count everywhere.
    moved = parse_keymap('copy-code = "f6"\nwhy = "f10"\n', known)
    assert moved.keymap == {"copy-code": "f6", "why": "f10"} and moved.errors == []
    assert parse_keymap('why = "f8"\n', known).errors == ["why: 'f8' is already the key of theme"]
    for key in ("f9", "ctrl+k", "alt+left", "x", "question_mark", "shift+tab", "pagedown"):
        assert valid_key(key), key
    for key in ("", "ctrl+", "hyperspace", "foo+x", "f99", " "):
        assert not valid_key(key), key


def test_user_keymap_rebinds_and_reports_errors(tui_env: Path) -> None:
    config = tui_env / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_text(
        '# my keys\nwhy = "f10"\nexport = "ctrl+nope"\nnot-a-binding = "f11"\n',
        encoding="utf-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            # read the warnings at once: they expire (10 s) while a slow machine loads
            await wait_for(pilot, lambda: any("not-a-binding" in n.message
                                              for n in app._notifications))
            messages = [n.message for n in app._notifications]
            await ready(pilot)
            assert app.keymap == {"why": "f10"}
            assert any("keymap.toml" in m and "export" in m for m in messages), messages
            assert any("not-a-binding" in m for m in messages), messages
            await type_query(pilot, "printer does not print")
            await pilot.press("f6")  # no longer Why?
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            await pilot.press("f10")
            await settle(pilot)
            assert isinstance(app.screen, WhyDialog)
            await pilot.press("escape")
            await settle(pilot)
            keys = str(app.main_screen.query_one("#causes-keys", Static).render())
            assert "F10" in keys  # the hint follows the key map
            await pilot.press("f1")
            await settle(pilot)
            source = app.screen.query_one(Markdown).source
            assert "f10" in source.lower() and "(`why`)" in source
    run(scenario())


def test_bad_keymap_file_never_crashes(tui_env: Path) -> None:
    config = tui_env / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_bytes(b"why = \xff\xfe [[[")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.keymap == {}
            assert any("keymap.toml" in n.message for n in app._notifications)
            await pilot.press("f6")
            await settle(pilot)
            assert app.is_running
    run(scenario())


def test_help_screen_lists_every_key() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(pilot.app.screen, HelpScreen)
            source = pilot.app.screen.query_one(Markdown).source
            for key in ("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "^q", "^r", "^p"):
                assert key.lower() in source.lower(), key
            assert "Why?" in source and "Export" in source
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MainScreen)
    run(scenario())
