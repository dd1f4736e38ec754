"""Issue 16, item 1: the command palette shows content literally, never as markup.

Question titles, choice labels, linked titles and code blocks' first lines used to reach
``Hit``/``DiscoveryHit`` as markup: ``[@click=app.quit]`` quit when clicked, ``[link=…]``
made an OSC 8 link, ``Is the toner hot [/]?`` crashed the app with MarkupError and
``[name]`` in ``jamf policy -event [name]`` vanished. The palette now gets ``Content``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.command import CommandPalette
from textual.fuzzy import Matcher

from jamfkb.tui.palette import literal, literal_highlight
from tests.flows.support import ready, settle, type_query, wait_for
from tests.security.support import HOSTILE, terminal_attacks
from tests.security.tui_capture import capturing_app


def test_literal_highlight_keeps_brackets_and_styles_the_match() -> None:
    text = "Answer: Is the toner hot [/]? → Yes [@click=app.quit]quit[/] [name]"
    content = literal_highlight(Matcher("toner"), text)
    assert str(content) == text
    assert content.spans, "the matched letters are still highlighted"
    assert all("click" not in str(span.style) for span in content.spans)
    assert str(literal("jamf policy -event [name]")) == "jamf policy -event [name]"


def _palette_prompts(app) -> list[str]:
    palette = app.screen
    assert isinstance(palette, CommandPalette), type(palette)
    options = palette.query_one("CommandList")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _palette_session(tmp_path: Path, query: str) -> tuple[list[str], bytes, object]:
    app = capturing_app(HOSTILE, tmp_path)
    async with app.run_test(headless=False, size=(160, 60)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "printer does not print toner paper jam")
        await settle(pilot)
        screen.show_node("paper-jam")  # its code block and its links are palette entries
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*query)
        await pilot.pause(0.5)
        await settle(pilot)
        prompts = _palette_prompts(app)
        await pilot.click("CommandList")  # a [@click=app.quit] prompt must not quit
        await pilot.pause(0.2)
        running = app.is_running and app.return_code is None
        return prompts, app.terminal_bytes(), running


def test_palette_search_shows_titles_labels_and_code_literally(tmp_path: Path) -> None:
    prompts, data, running = asyncio.run(_palette_session(tmp_path, "toner"))
    assert running, "the palette quit the app (markup ran, or [/] crashed it)"
    joined = "\n".join(prompts)
    assert "Is the toner hot [/]?" in joined, prompts
    assert "[@click=app.quit]quit-choice[/]" in joined, prompts
    assert terminal_attacks(data) == []


def test_palette_code_block_line_keeps_its_brackets(tmp_path: Path) -> None:
    prompts, data, running = asyncio.run(_palette_session(tmp_path, "copy"))
    assert running
    joined = "\n".join(prompts)
    assert "jamf policy -event [name] [@click=app.quit]quit-code[/]" in joined, prompts
    assert terminal_attacks(data) == []
