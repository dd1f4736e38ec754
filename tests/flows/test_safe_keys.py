"""Keys that are safe: stray letters go to the query box, answers only where the questions
are, the focus after the dialogs, and a Ctrl or letter twin for every F-key (Mac)."""

from __future__ import annotations

from textual.widgets import Markdown

from jamfkb.tui.bindings import TABLE
from jamfkb.tui.dialogs.path_dialog import ExportDialog, OpenLogDialog
from jamfkb.tui.dialogs.why import WhyDialog
from jamfkb.tui.screens.help import HelpScreen
from jamfkb.tui.widgets.article import ArticleView
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.query_box import QueryBox
from tests.flows.support import (
    SIZE,
    focus_questions,
    make_app,
    open_dialog,
    ready,
    run,
    settle,
    type_query,
)

# what a terminal eats (flow control, suspend, Enter, Tab, Backspace, newline) or Textual
# takes (the palette): never the only way to an action
UNSAFE_CTRL = {f"ctrl+{c}" for c in "sqzcmihjp"}


def test_stray_typing_after_tab_grows_the_query_and_answers_nothing() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("tab")
            await settle(pilot)
            assert isinstance(pilot.app.focused, CauseList)
            toc_before = [v.show_table_of_contents for v in screen.query(ArticleView)]
            await pilot.press(*" out of toner")  # o, u, n, t: once answer and toc keys
            await settle(pilot)
            assert screen.query_text == "printer does not print out of toner"
            assert screen.answers == {}
            assert isinstance(pilot.app.focused, QueryBox)
            assert [v.show_table_of_contents for v in screen.query(ArticleView)] == toc_before
    run(scenario())


def test_answer_keys_act_in_the_questions_and_each_answer_can_be_undone() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await focus_questions(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert screen.answers == {"toner-light": "no"}
            assert any("Answer recorded" in n.message and "^u" in n.message
                       for n in pilot.app._notifications)
            await pilot.press("ctrl+u")  # undo the last answer
            await settle(pilot)
            assert screen.answers == {}
    run(scenario())


def test_escape_after_the_dialogs_gives_the_focus_back_not_to_the_causes() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            await type_query(pilot, "printer does not print")
            for key, kind in (("f4", OpenLogDialog), ("f5", ExportDialog),
                              ("ctrl+o", OpenLogDialog), ("ctrl+x", ExportDialog)):
                await open_dialog(pilot, key, kind)
                await pilot.press("escape")
                await settle(pilot)
                assert isinstance(pilot.app.focused, QueryBox), key
    run(scenario())


def test_every_f_key_has_a_twin_a_mac_terminal_sends() -> None:
    for record in TABLE:
        if any(k.startswith("f") and k[1:].isdigit() for k in record.keys) \
                and record.owner in ("app", "MainScreen"):
            twins = [k for k in record.keys if not (k.startswith("f") and k[1:].isdigit())]
            assert twins or record.id == "help", record.id  # help: "?" (its own record)
            assert not set(twins) <= UNSAFE_CTRL or not twins, record.id


def test_mac_twins_open_what_the_f_keys_open() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("tab", "ctrl+y")  # why (F6)
            await settle(pilot)
            assert isinstance(pilot.app.screen, WhyDialog)
            await pilot.press("escape", "question_mark")  # ? from the causes: help
            await settle(pilot)
            assert isinstance(pilot.app.screen, HelpScreen)
            source = pilot.app.screen.query_one(Markdown).source
            assert "^n" in source and "^y" in source and "?" in source
            await pilot.press("escape", "ctrl+b")  # browse (F3)
            await settle(pilot)
            assert screen.active_pane == "tab-browse"
            await pilot.press("ctrl+f")  # log findings (F9)
            await settle(pilot)
            assert screen.active_pane == "tab-findings"
            await pilot.press("ctrl+l")  # language (F2)
            await settle(pilot)
            assert pilot.app.lang == "fr"  # type: ignore[attr-defined]
    run(scenario())


def test_question_mark_in_the_query_box_is_typed() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "why?")
            assert screen.query_text == "why?"
            assert not isinstance(pilot.app.screen, HelpScreen)
            await pilot.press("ctrl+k")  # clear the query
            await settle(pilot)
            assert screen.query_text == ""
    run(scenario())
