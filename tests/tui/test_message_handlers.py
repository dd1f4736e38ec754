"""Handlers found by name: the main screen handles the result lists' messages without
importing their classes at start (they load with the knowledge base), so a renamed
widget or message would silently lose its handler. Textual derives the name from the
classes; this checks that each one still names a method of the screen."""

from __future__ import annotations

import ast
import inspect

from jamfkb.tui.screens.main import MainScreen
from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.questions import QuestionPanel


def test_each_message_handled_by_name_reaches_its_method() -> None:
    for message in (CauseList.LeaveUp, QuestionPanel.Answered, AnswerList.Changed,
                    AnswerList.Removed):
        assert callable(getattr(MainScreen, message.handler_name, None)), message


def test_every_handler_of_a_list_message_is_one_textual_calls() -> None:
    """Any `on_..._list_...` / `on_question_panel_...` method of the screen is the
    handler name of a real message class (no handler left behind by a rename)."""
    names = {m.handler_name for m in (CauseList.LeaveUp, QuestionPanel.Answered,
                                      AnswerList.Changed, AnswerList.Removed)}
    tree = ast.parse(inspect.getsource(MainScreen))
    by_name = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
               and node.name.startswith(("on_cause_list_", "on_answer_list_",
                                         "on_question_panel_"))}
    assert by_name == names
