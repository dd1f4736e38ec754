"""Search and versions: topics matching a word, the Browse filter, and version answers
(typed in the question, read in the text), on the bundled knowledge base."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from jamfkb.tui.screens.main import MainScreen
from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.article import ArticleView
from jamfkb.tui.widgets.browse import BrowseFilter, BrowseTree
from jamfkb.tui.widgets.query_box import QueryBox
from jamfkb.tui.widgets.questions import VersionInput
from jamfkb.tui.widgets.topics import TopicList
from tests.flows.support import SIZE, cause_ids, make_app, ready, run, settle, type_query

VERSION = "jamf-pro-version"
PROMPTS = "prompts every day since we upgraded"
PROMPTS_CAUSE = "jamf-pro-10-24-2-prompts"


def hint(screen: MainScreen) -> str:
    widget = screen.query_one("#causes-hint", Static)
    return str(widget.render()) if widget.display else ""


def answer_rows(screen: MainScreen) -> list[str]:
    answers = screen.query_one(AnswerList)
    return [str(answers.get_option_at_index(i).prompt) for i in range(answers.option_count)]


async def type_version(pilot: Pilot[Any], screen: MainScreen, text: str) -> None:
    box = screen.query_one(VersionInput)
    box.focus()
    box.value = ""
    await pilot.press(*text, "enter")
    await settle(pilot)


@pytest.mark.parametrize(("lang", "word", "title"), [
    ("fr", "trousseau", "Sujets correspondant à « trousseau »"),
    ("en", "keychain", "Topics matching “keychain”"),
])
def test_one_word_lists_topics_and_enter_opens_the_article(lang: str, word: str,
                                                          title: str) -> None:
    async def scenario() -> None:
        async with make_app(content=None, lang=lang).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, word)
            topics = screen.query_one(TopicList)
            assert topics.display and topics.option_count
            assert str(screen.query_one("#topics-title", Static).render()) == title
            assert "keychain-prompt" in topics.topic_ids
            # one word reaches no cause: the topics take the place of "nothing matches"
            assert not cause_ids(screen)
            assert hint(screen) == ""
            await pilot.press("tab")  # from the query to the results: the topics
            await settle(pilot)
            assert pilot.app.focused is topics
            first = topics.topic_ids[0]
            await pilot.press("enter")
            await settle(pilot)
            assert screen.history.current == first
            assert screen.query_one(ArticleView).source_text
    run(scenario())


def test_topics_under_the_diagnosis_skip_what_it_lists() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "keychain prompt every login")
            listed = set(cause_ids(screen))
            topics = screen.query_one(TopicList)
            assert listed and topics.topic_ids and not listed & set(topics.topic_ids)
            screen.diagnose_pane.scroll_to_widget(topics, animate=False, top=True)
            await pilot.pause()
            await pilot.click(topics, offset=(2, 0))  # the first topic, by click
            await settle(pilot)
            assert screen.history.current == topics.topic_ids[0]
    run(scenario())


def test_a_clean_pasted_log_shows_no_topics_and_says_no_known_error() -> None:
    log = ("2024-05-02 10:00:01 INFO keychain sync started\n"
           "2024-05-02 10:00:02 INFO keychain sync finished\n"
           "2024-05-02 10:00:03 DEBUG token refreshed\n")

    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.query_one(QueryBox).text = log
            await settle(pilot)
            d = screen.diagnosis
            assert d is not None and d.log_lines == 3 and not d.signatures
            assert not screen.query_one(TopicList).display
            assert hint(screen) == "No known error message in these 3 log lines."
    run(scenario())


def test_browse_filter_keeps_matching_nodes_and_escape_clears() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await pilot.press("f3")
            await settle(pilot)
            tree = screen.query_one(BrowseTree)
            everything = tree.node_ids
            assert pilot.app.focused is tree
            await pilot.press(*"keychain")  # typed in the tree: goes to the filter box
            await settle(pilot)
            box = screen.query_one(BrowseFilter)
            assert box.has_focus and box.value == "keychain"
            kept = tree.node_ids
            assert "keychain-prompt" in kept and len(set(kept)) < len(set(everything))
            await pilot.press("escape")  # clears the filter, stays in Browse
            await settle(pilot)
            assert box.value == "" and tree.node_ids == everything
            assert screen.active_pane == "tab-browse"
            await pilot.press(*"zzqxw")
            await settle(pilot)
            assert tree.node_ids == []
            assert "No topic matches “zzqxw”" in str(tree.root.children[0].label)
            await pilot.press("escape", "escape")  # clear, then back to the query
            await settle(pilot)
            assert isinstance(pilot.app.focused, QueryBox)
    run(scenario())


def test_version_input_answers_reranks_and_can_be_removed() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, PROMPTS)
            assert screen.diagnosis is not None and VERSION in screen.diagnosis.questions
            assert screen.query_one(VersionInput).placeholder == "e.g. 10.25.0"
            await type_version(pilot, screen, "10.25.0")
            assert screen.answers == {VERSION: "10.25.0"}
            assert cause_ids(screen)[0] == PROMPTS_CAUSE
            assert any(row.endswith("→ 10.25.0") for row in answer_rows(screen))
            answers = screen.query_one(AnswerList)
            answers.focus()
            answers.highlighted = 0
            await pilot.press("delete")
            await settle(pilot)
            assert screen.answers == {}
            await type_version(pilot, screen, "11.2.0")  # the question is asked again
            assert screen.answers == {VERSION: "11.2.0"}
            assert PROMPTS_CAUSE not in cause_ids(screen)
    run(scenario())


def test_an_invalid_version_is_refused_with_one_line() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, PROMPTS)
            await type_version(pilot, screen, "ten")
            assert screen.answers == {}
            error = screen.query_one(".version-error", Static)
            assert error.display
            assert str(error.render()) == "“ten” is not a version: type it as 10.25.0."
            await type_version(pilot, screen, "10.25.0")
            assert screen.answers == {VERSION: "10.25.0"}
    run(scenario())


def test_a_version_read_in_the_text_is_shown_and_can_be_overridden() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.query_one(QueryBox).text = f"{PROMPTS}\nJamf Pro 10.25.0"
            await settle(pilot)
            assert screen.answers == {}
            assert cause_ids(screen)[0] == PROMPTS_CAUSE
            assert any(row.endswith("→ 10.25.0 (from the text, line 2)")
                       for row in answer_rows(screen))
            # its question stays below the others, to type another version
            assert screen.query_one(VersionInput).question == VERSION
            await type_version(pilot, screen, "11.2.0")
            assert screen.answers == {VERSION: "11.2.0"}
            assert PROMPTS_CAUSE not in cause_ids(screen)
            assert not any("from the text" in row for row in answer_rows(screen))
    run(scenario())
