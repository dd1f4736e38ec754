"""The command palette: main actions, answers."""

from __future__ import annotations

from tests.flows.support import (
    SIZE,
    make_app,
    ready,
    run,
    settle,
    type_query,
)


def test_command_palette_runs_an_action() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            titles = [title for title, _, _ in pilot.app.palette_commands()]  # type: ignore[attr-defined]
            assert "Export the consultation as Markdown" in titles
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Browse problems")
            await settle(pilot)  # the palette's search worker has listed it
            await pilot.press("enter")
            await settle(pilot)
            assert pilot.app.main_screen.active_pane == "tab-browse"  # type: ignore[attr-defined]
    run(scenario())


def test_palette_answers_questions_and_has_main_actions() -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            commands = {title: callback for title, callback, _ in app.palette_commands()}
            title = app.engine.kb.title("toner-light", "en")  # type: ignore[union-attr]
            assert f"Answer: {title} → Yes" in commands
            assert f"Answer: {title} → I don't know" in commands
            for wanted in ("Clear all answers", "Switch language (English ↔ français)",
                           "Open a log file and scan it", "Export the consultation as Markdown",
                           "Browse problems, causes and resolutions", "Show the log findings",
                           "Quit jamfkb"):
                assert wanted in commands, wanted
            commands[f"Answer: {title} → No"]()
            await settle(pilot)
            assert screen.answers == {"toner-light": "no"}
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Clear all answers")
            await settle(pilot)  # the palette's search worker has listed it
            await pilot.press("enter")
            await settle(pilot)
            assert screen.answers == {}
    run(scenario())
