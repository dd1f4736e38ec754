"""Search as you type: symptoms, causes, highlights, pasted logs, the keyboard path, why."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Static

from jamfkb.tui.dialogs.why import WhyDialog
from jamfkb.tui.highlight import matched_word_spans
from jamfkb.tui.screens.main import MainScreen
from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.article import ArticleView
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.query_box import QueryBox
from jamfkb.tui.widgets.symptoms import SymptomList
from jamfkb.tui.widgets.tab_bar import TabBar
from jamfkb.tui.widgets.topics import TopicList
from tests.flows.support import (
    SIZE,
    TINY,
    cause_ids,
    make_app,
    ready,
    run,
    settle,
    type_query,
    wait_for,
)


def test_typing_updates_symptoms_and_causes() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert isinstance(pilot.app.focused, QueryBox)
            assert cause_ids(screen) == []
            await type_query(pilot, "printer does not print")
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]
            symptoms = screen.query_one(SymptomList)
            assert symptoms.get_option_at_index(0).id == "printer-broken"
            prompt = symptoms.get_option_at_index(0).prompt
            assert "printer" in str(prompt)
            # the matched words are styled, the others not
            assert any(span.style for span in prompt.spans)  # type: ignore[union-attr]
            await type_query(pilot, " paper jam")
            assert "paper-jam" in [symptoms.get_option_at_index(i).id
                                   for i in range(symptoms.option_count)]
    run(scenario())


def test_highlight_matches_folded_and_misspelt_words() -> None:
    from jamfkb.engine.consultation import Consultation
    from jamfkb.kb.store import load

    kb = load(TINY).kb
    assert kb is not None
    consultation = Consultation.for_kb(kb)

    def query_words(query: str) -> frozenset[str]:  # the words the engine matched
        return consultation.diagnose(query).matched_words

    wanted = query_words("Imprimante n'imprime PAS, printr")
    assert matched_word_spans("L’imprimante ne marche", wanted) == ["imprimante"]
    assert matched_word_spans("The printer does not print", query_words("printers")) == [
        "printer"]


def test_multiline_paste_keeps_newlines_and_finds_signatures() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            box = screen.query_one(QueryBox)
            box.post_message(events.Paste("first line\nPRN-042 toner cartridge empty\nlast"))
            await settle(pilot)
            assert box.text.count("\n") == 2
            assert screen.diagnosis is not None
            assert [h.problem for h in screen.diagnosis.signatures] == ["printer-broken"]
            assert "toner-empty" in cause_ids(screen)
    run(scenario())


def test_keyboard_flow_query_to_causes_and_back() -> None:
    """Tab (or Down on the last line) goes from the query straight to the causes; the
    highlighted cause shows its article; Enter too; Up on the first one or Escape returns."""
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            chain = screen.focus_chain
            assert screen.query_one("#diagnose") not in chain  # scroll containers: no focus
            assert screen.query_one(TabBar) not in chain
            await type_query(pilot, "printer does not print")
            keys = screen.query_one("#causes-keys", Static)
            assert "Tab/↓" in str(keys.render()) and "F6" in str(keys.render())
            await pilot.press("tab")
            await settle(pilot)
            causes = screen.query_one(CauseList)
            assert pilot.app.focused is causes
            assert screen.query_one("#causes-title").has_class("-focused")
            assert screen.history.current == "toner-empty"  # first cause, shown at once
            assert "Esc" in str(keys.render())
            await pilot.press("down")
            await settle(pilot)
            assert screen.history.current == "driver-missing"
            await pilot.press("down")  # the end of the list: no wrapping to the top
            await settle(pilot)
            assert causes.highlighted == 1
            await pilot.press("enter")
            await settle(pilot)
            assert "driver" in screen.query_one(ArticleView).source_text.lower()
            await pilot.press("escape")
            assert isinstance(pilot.app.focused, QueryBox)
            assert not screen.query_one("#causes-title").has_class("-focused")
            await pilot.press("down")  # one-line query: the cursor is on its last line
            await settle(pilot)
            assert pilot.app.focused is causes
            await pilot.press("up", "up")  # up on the first cause: back to the query
            assert isinstance(pilot.app.focused, QueryBox)
            # a second line: Down first moves the cursor, then leaves
            await pilot.press("end", "ctrl+a")  # no-op keys must not break anything
            box = screen.query_one(QueryBox)
            box.insert("\nsecond line")
            await settle(pilot)  # the new text is diagnosed again
            box.move_cursor((0, 0))
            await pilot.press("down")
            assert pilot.app.focused is box and box.cursor_location[0] == 1
            await pilot.press("down")
            # ctrl+a put the cursor first: "\nsecond lineprinter…" ranks no cause, and
            # the results are the topics the search found
            assert not causes.option_count
            assert pilot.app.focused is screen.query_one(TopicList)
    run(scenario())


def test_cause_titles_wrap_in_full_with_bar_and_percentage() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "registration fails company portal")
            causes = screen.query_one(CauseList)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            assert causes.option_count >= 3
            for index in range(causes.option_count):
                option = causes.get_option_at_index(index)
                title = engine.kb.title(str(option.id), "en")
                assert title in str(option.prompt)  # never truncated
            assert causes.max_scroll_y == 0  # every row in full; the pane scrolls instead
            lines = [str(line.text) for line in
                     causes.render_lines(causes.region.reset_offset)]
            assert any("█" in line and "%" in line for line in lines)
            # continuation lines are indented under the title (bar column left empty)
            assert any(line.startswith(" " * 10) and line.strip() for line in lines)
            await pilot.press("tab")
            for _ in range(causes.option_count):
                await pilot.press("down")
            await settle(pilot)
            diagnose = screen.query_one("#diagnose")
            assert diagnose.scroll_y > 0  # the pane followed the highlighted cause
    run(scenario())


def test_markup_and_escape_codes_are_shown_literally(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)
    wording = tree / "printer-broken.en.md"
    wording.write_text(wording.read_text().replace(
        'title = "The printer does not print"',
        'title = "The printer [bold]does not[/bold] print [@click=app.quit]x[/]"'))
    hostile = "printer [@click=app.quit]quit[/] [bold red]x \x1b[31mred\x1b[0m\nprint"

    async def scenario() -> None:
        app = make_app(content=tree)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            box = screen.query_one(QueryBox)
            box.post_message(events.Paste(hostile))
            await settle(pilot)
            assert "[@click=app.quit]quit[/]" in box.text
            assert "\x1b" not in box.text and "1b[31mred" in box.text  # shown, not run
            symptoms = screen.query_one(SymptomList)
            prompt = symptoms.get_option_at_index(0).prompt
            assert "[bold]does not[/bold] print [@click=app.quit]x[/]" in str(prompt)
            screen.show_node("printer-broken")
            await settle(pilot)
            await pilot.click(SymptomList, offset=(20, 0))  # clicking the text quits nothing
            await settle(pilot)
            assert app.is_running
            svg = app.export_screenshot()
            assert "[@click=app.quit]" in svg.replace("&#160;", " ")
    run(scenario())


def test_a_render_whose_widgets_vanish_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (crash 2 runs out of 5): a render waiting for the questions while the app quit
    found no AnswerList after its await (WorkerFailed: NoMatches)."""
    from jamfkb.tui.widgets.questions import QuestionPanel

    gate = asyncio.Event()
    real_show = QuestionPanel.show

    async def held_show(self: QuestionPanel, *args: Any, **kwargs: Any) -> None:
        await gate.wait()
        await real_show(self, *args, **kwargs)

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            monkeypatch.setattr(QuestionPanel, "show", held_show)
            await pilot.press(*"printer does not print")
            await wait_for(pilot, lambda: screen.busy)  # the render waits at the gate
            await screen.query_one(AnswerList).remove()  # as the app's teardown does
            gate.set()
            await wait_for(pilot, lambda: not screen.busy)
            assert pilot.app.is_running
    run(scenario())  # a failed worker would raise here


def test_why_modal_lists_rules_and_sources() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("f6")
            await settle(pilot)
            dialog = pilot.app.screen
            assert isinstance(dialog, WhyDialog)
            assert any("toner-empty.toml:3" in line for line in dialog.lines)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MainScreen)
    run(scenario())
