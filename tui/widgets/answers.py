"""The answers given so far; each can be changed (y / n / u) or removed (delete). A version
read in the text is listed too, marked so; removing it answers "don't know" instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from jamfkb.tui.bindings import bindings_for

if TYPE_CHECKING:
    from jamfkb.kb.model import KnowledgeBase

UNKNOWN = "unknown"  # kb.model.UNKNOWN (the engine is imported after the first frame)


class AnswerList(OptionList):
    DEFAULT_CSS = """
    /* In full, never an inner scrollbar: its 2 columns would rewrap the answers, which
       then need one more row than the height computed without it (a list cut by a row). */
    AnswerList { height: auto; max-height: initial; overflow-y: hidden; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("AnswerList")  # see tui/bindings.py

    class Removed(Message):
        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    class Changed(Message):
        def __init__(self, question: str, choice: str) -> None:
            super().__init__()
            self.question = question
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.found: frozenset[str] = frozenset()  # questions answered by the text

    def show(self, kb: KnowledgeBase, answers: dict[str, str], lang: str,
             found: dict[str, str] | None = None) -> None:
        """``found``: per question answered by the text, the answer as it is shown."""
        from jamfkb.tui.highlight import plain_line
        from jamfkb.tui.report import choice_label

        found = {q: label for q, label in (found or {}).items() if q not in answers}
        self.found = frozenset(found)
        previous = self.highlighted
        rows = [(q, plain_line(choice_label(kb, q, a, lang), 100).stylize("bold"))
                for q, a in answers.items()]
        rows += [(q, plain_line(label, 100).stylize("italic")) for q, label in found.items()]
        self.set_options(
            Option(plain_line(kb.title(q, lang), 100) + Content(" → ").stylize("dim") + shown,
                   id=q)
            for q, shown in rows
        )
        if previous is not None and self.option_count:
            self.highlighted = min(previous, self.option_count - 1)

    def scroll_to_highlight(self, top: bool = False) -> None:
        # Every answer in full, as the causes: the pane scrolls, not a 6-row box.
        super().scroll_to_highlight(top)
        from jamfkb.tui.widgets.causes import follow_highlight

        follow_highlight(self)

    def on_focus(self) -> None:
        # Something is highlighted as soon as the list has the focus, so y / n / u / Delete
        # act at once (without a highlight they did nothing, or o fell through to the
        # screen and answered the first pending question).
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def _current(self) -> str | None:
        option = self.highlighted_option
        return str(option.id) if option is not None else None

    def action_remove_answer(self) -> None:
        if (question := self._current()) is None:
            return
        if question in self.found:  # the text says it: "don't know" sets it aside
            self.post_message(self.Changed(question, UNKNOWN))
        else:
            self.post_message(self.Removed(question))

    def action_set_answer(self, choice: str) -> None:
        if (question := self._current()) is not None:
            if choice not in ("yes", "no", UNKNOWN):
                return
            self.post_message(self.Changed(question, choice))
