"""The content errors panel shows a long message whole, wrapped, never cut."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from jamfkb.tui.widgets.content_errors import ContentErrors


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ContentErrors(id="errors")


def test_a_long_message_wraps_instead_of_being_cut() -> None:
    message = "causes/x.toml:3:1: error: " + "word " * 120 + "END"

    async def scenario() -> None:
        async with _Host().run_test(size=(60, 20)) as pilot:
            panel = pilot.app.query_one(ContentErrors)
            panel.show_errors("1 error", [message])
            await pilot.pause()
            assert panel.lines == [message]
            text = pilot.app.query_one("#content-errors-text")
            assert text.size.height > 1  # wrapped over several rows

    asyncio.run(scenario())
