"""The app as a browser tab runs it (tui/served.py), driven by Pilot: no browser needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jamfkb.tui.dialogs.path_dialog import ExportDialog, OpenLogDialog
from jamfkb.tui.served import REPORT_NAME, ServedApp, ServedMainScreen, parse_args
from tests.flows.support import SIZE, TINY, ready, run, settle, type_query


@pytest.fixture(autouse=True)
def _env(tui_env: Path) -> None:
    pass


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_f4_names_no_file_on_the_server_and_says_what_to_do_instead() -> None:
    async def scenario() -> None:
        app = ServedApp(content=TINY, lang="en")
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert isinstance(screen, ServedMainScreen)
            await pilot.press("f4")
            await settle(pilot)
            assert not isinstance(app.screen, OpenLogDialog)
            assert any("Log scanning is off" in n for n in notices(app))
    run(scenario())


def test_f5_sends_the_report_to_the_browser_instead_of_asking_for_a_path() -> None:
    delivered: list[tuple[str, dict[str, Any]]] = []

    async def scenario() -> None:
        app = ServedApp(content=TINY, lang="fr")
        # In a terminal deliver_text would save to the downloads folder: record instead.
        app.deliver_text = lambda file, **kw: delivered.append((file.read(), kw))  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("f5")
            await settle(pilot)
            assert not isinstance(app.screen, ExportDialog)
            assert any(REPORT_NAME in n for n in notices(app))
    run(scenario())
    assert len(delivered) == 1
    text, options = delivered[0]
    assert text.startswith("#") and options["save_filename"] == REPORT_NAME


def test_language_changes_are_not_saved_for_the_next_visitor(tui_env: Path) -> None:
    async def scenario() -> None:
        app = ServedApp(content=TINY, lang="en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("f2")
            await settle(pilot)
            assert app.lang == "fr"
    run(scenario())
    config = tui_env / "config"
    assert not config.exists() or not any(config.iterdir())


def test_the_tab_command_line() -> None:
    args = parse_args(["--content", "/srv/kb", "--lang", "fr"])
    assert args.content == Path("/srv/kb") and args.lang == "fr"
    assert parse_args([]).lang is None
