"""Answering questions: by key and click, multi-choice, changing and removing answers."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.questions import AnswerButton, QuestionItem, answer_keys
from jamfkb.tui.widgets.symptoms import SymptomList
from tests.flows.support import (
    SIZE,
    cause_ids,
    certainty,
    focus_questions,
    make_app,
    ready,
    run,
    settle,
    type_query,
    wait_for,
)


def test_answering_by_key_and_click_reranks_then_clear() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            before = {c.id: c.certainty for c in screen.diagnosis.causes}  # type: ignore[union-attr]
            assert screen.diagnosis.questions[0] == "toner-light"  # type: ignore[union-attr]
            await focus_questions(pilot)  # the keys answer where the questions are
            await pilot.press("n")  # "no" to the first question
            await settle(pilot)
            assert screen.answers == {"toner-light": "no"}
            after = {c.id: c.certainty for c in screen.diagnosis.causes}  # type: ignore[union-attr]
            assert after["driver-missing"] > before["driver-missing"]
            assert cause_ids(screen)[0] == "driver-missing"
            # click "Yes" on the next question (new-computer)
            button = next(b for b in screen.query(AnswerButton)
                          if b.question == "new-computer" and b.choice == "yes")
            await pilot.click(button)
            await settle(pilot)
            assert screen.answers == {"toner-light": "no", "new-computer": "yes"}
            assert screen.query_one(AnswerList).option_count == 2
            # change an answer from the answers list
            answers = screen.query_one(AnswerList)
            answers.focus()
            answers.highlighted = 0
            toner_with_no = certainty(screen, "toner-empty")
            await pilot.press("y")
            await settle(pilot)
            assert screen.answers["toner-light"] == "yes"
            toner_with_yes = certainty(screen, "toner-empty")
            assert toner_with_yes > toner_with_no
            # remove one, then clear all
            await pilot.press("delete")
            await settle(pilot)
            assert "toner-light" not in screen.answers
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert screen.answers == {}
            assert {c.id: c.certainty for c in screen.diagnosis.causes} == before  # type: ignore[union-attr]
    run(scenario())


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_multi_choice_answers_are_stacked_and_fully_visible(size: tuple[int, int]) -> None:
    from jamfkb.tui.widgets.questions import QuestionPanel

    async def scenario() -> None:
        async with make_app(content=None).run_test(size=size) as pilot:  # bundled content
            screen = await ready(pilot)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            kb = engine.kb
            question = "integration-type"
            assert len(kb.nodes[question].choices) >= 3
            choices = (*kb.nodes[question].choices, "unknown")
            panel = screen.query_one(QuestionPanel)
            await panel.show(kb, (question, "all-users-affected"),
                             {question: choices,
                              "all-users-affected": ("yes", "no", "unknown")}, "en")
            await settle(pilot)
            pane = screen.query_one("#diagnose").content_region
            multi = [b for b in screen.query(AnswerButton) if b.question == question]
            assert len({b.region.y for b in multi}) == len(multi)  # one per line
            for button in multi:
                assert button.region.right <= pane.right, button.label
                label = str(button.label)
                rendered = " ".join(
                    str(line.text).strip()
                    for line in button.render_lines(button.region.reset_offset))
                # every word of the label is on screen (wrapped, not cut)
                for word in label.split():
                    assert word in rendered, (word, rendered)
            yes_no = [b for b in screen.query(AnswerButton)
                      if b.question == "all-users-affected"]
            assert len({b.region.y for b in yes_no}) == 1  # yes / no / don't know: one line
    run(scenario())


def test_keys_answer_questions_outside_the_query_box() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("y")  # in the query box: typed, not an answer
            await settle(pilot)
            assert screen.answers == {}
            assert screen.query_text.endswith("y")
            await pilot.press("backspace", "tab", "u")  # on the causes: typed, not an answer
            await settle(pilot)
            assert screen.answers == {}
            assert screen.query_text.endswith("u")
            await pilot.press("backspace")
            await focus_questions(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert screen.answers == {"toner-light": "unknown"}
    run(scenario())


def test_answers_and_language_switches_never_stop_the_app() -> None:
    """Regression: cancelling a render that was removing widgets stopped the app's message
    loop (it quit with status 0). Renders now run one after the other."""
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await focus_questions(pilot)
            for _ in range(6):
                await pilot.press("n", "f2", "u", "f2", "y")
            await settle(pilot)
            assert pilot.app.is_running
            assert pilot.app.lang == "en"  # type: ignore[attr-defined]
            assert screen.answers
            assert "Likely causes" in str(screen.query_one("#causes-title", Static).render())
    run(scenario())


def test_french_o_changes_the_selected_answer() -> None:
    """QA: in "Vos réponses", o (oui) answered the first pending question instead of the
    selected answer, and nothing was highlighted when the list got the focus."""
    async def scenario() -> None:
        async with make_app(lang="fr").run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await focus_questions(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("n")  # the next question kept the focus
            await settle(pilot)
            assert screen.answers == {"toner-light": "no", "new-computer": "no"}
            answers = screen.query_one(AnswerList)
            answers.focus()
            await settle(pilot)
            assert answers.highlighted == 0  # y / n / u / o / Delete act at once
            await pilot.press("o")
            await settle(pilot)
            assert screen.answers == {"toner-light": "yes", "new-computer": "no"}
            await pilot.press("down", "o")
            await settle(pilot)
            assert screen.answers == {"toner-light": "yes", "new-computer": "yes"}
            article = screen.history.current
            await pilot.press("delete")
            await settle(pilot)
            await pilot.press("delete")
            await settle(pilot)
            assert screen.answers == {}
            # the emptied list hid itself: the focus went to the causes, not the symptoms
            assert not isinstance(pilot.app.focused, SymptomList)
            assert screen.history.current in (article, *cause_ids(screen))
    run(scenario())


def test_answers_are_listed_in_full_and_answering_by_key_shows_the_next_question(
        ) -> None:
    """QA: the answers list was capped at 6 rows (later answers hid behind a tiny
    scrollbar), and the next question's choices could be out of sight."""
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            questions = [q.id for q in engine.kb.of_kind("question")
                         if set(q.answers) <= {"yes", "no", "unknown"}][:8]
            for question in questions:
                screen.answers[question] = "no"
            screen.request_diagnosis()
            await settle(pilot)
            answers = screen.query_one(AnswerList)
            assert answers.option_count == len(questions)
            assert answers.max_scroll_y == 0  # every answer in full: the pane scrolls
            assert answers.size.height >= len(questions)
            answers.focus()
            await pilot.press(*["down"] * (len(questions) - 1))
            await settle(pilot)
            diagnose = screen.query_one("#diagnose")
            last = answers.region.y + answers._index_to_line[len(questions) - 1] \
                - answers.scroll_y
            assert diagnose.region.y <= last < diagnose.region.bottom  # followed
        # answering by key from the questions brings the next question into view
        async with make_app(content=None).run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            diagnose = screen.query_one("#diagnose")
            await type_query(pilot, "registration fails company portal")
            await focus_questions(pilot)
            await settle(pilot)
            first = screen.diagnosis.questions[0]  # type: ignore[union-attr]
            keys = answer_keys(engine.kb.nodes[first].answers)
            await pilot.press(next(k for c, k in keys.items() if c != "unknown"))
            await settle(pilot)

            def in_view() -> bool:  # the scroll lands after the render's last refresh
                item = screen.query(QuestionItem).first()
                return diagnose.region.y <= item.region.y and \
                    item.region.bottom <= diagnose.region.bottom

            await wait_for(pilot, in_view, timeout=5.0)
            item = screen.query(QuestionItem).first()
            assert diagnose.region.y <= item.region.y
            assert item.region.bottom <= diagnose.region.bottom
    run(scenario())


def test_answers_list_is_never_cut_when_the_pane_scrollbar_goes() -> None:
    """Seen in tmux: when an answer made the pane's scrollbar disappear, the answers list,
    its auto height computed 2 columns wider, kept one answer's last row behind an inner
    scrollbar."""
    async def scenario() -> None:
        async with make_app(content=None, lang="fr").run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            answers = screen.query_one(AnswerList)
            await type_query(pilot, "doublons dans intune")
            await pilot.press("tab", "o")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            answers.focus()
            for keys in (("n",), ("down", "o"), ("up", "u"), ("o",)):
                await pilot.press(*keys)
                await settle(pilot)
                assert answers.max_scroll_y == 0, keys
                shown = " ".join(str(line.text) for line in
                                 answers.render_lines(answers.region.reset_offset))
                assert shown.count("→") == len(screen.answers), (keys, shown)
                chosen = list(screen.answers.values())
                for choice, label in (("yes", "Oui"), ("no", "Non"),
                                      ("unknown", "Je ne sais pas")):
                    assert shown.count(label) >= chosen.count(choice), (keys, shown)
    run(scenario())
