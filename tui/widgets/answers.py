"""The answers given so far; each can be changed (y / n / u) or removed (delete)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from kb.model import KnowledgeBase

UNKNOWN = "unknown"  # kb.model.UNKNOWN (the engine is imported after the first frame)


class AnswerList(OptionList):
    DEFAULT_CSS = """
    AnswerList { height: auto; max-height: 6; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace,x", "remove_answer", "Remove answer", id="answer-remove"),
        Binding("y", "set_answer('yes')", "Yes", show=False, id="change-yes"),
        Binding("n", "set_answer('no')", "No", show=False, id="change-no"),
        Binding("u", "set_answer('unknown')", "Don't know", show=False, id="change-unknown"),
    ]

    class Removed(Message):
        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    class Changed(Message):
        def __init__(self, question: str, choice: str) -> None:
            super().__init__()
            self.question = question
            self.choice = choice

    def show(self, kb: KnowledgeBase, answers: dict[str, str], lang: str) -> None:
        from tui.highlight import plain_line
        from tui.report import choice_label

        previous = self.highlighted
        self.set_options(
            Option(plain_line(kb.title(q, lang), 100) + Content(" → ").stylize("dim")
                   + Content(choice_label(kb, q, a, lang)).stylize("bold"), id=q)
            for q, a in answers.items()
        )
        if previous is not None and self.option_count:
            self.highlighted = min(previous, self.option_count - 1)

    def _current(self) -> str | None:
        option = self.highlighted_option
        return str(option.id) if option is not None else None

    def action_remove_answer(self) -> None:
        if (question := self._current()) is not None:
            self.post_message(self.Removed(question))

    def action_set_answer(self, choice: str) -> None:
        if (question := self._current()) is not None:
            if choice not in ("yes", "no", UNKNOWN):
                return
            self.post_message(self.Changed(question, choice))
