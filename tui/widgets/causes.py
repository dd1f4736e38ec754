"""Ranked causes with a certainty bar and percentage."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from engine.consultation import Diagnosis
from kb.model import KnowledgeBase
from tui.highlight import plain_line

BAR_WIDTH = 8


def certainty_bar(value: float, width: int = BAR_WIDTH) -> Content:
    filled = round(max(0.0, min(1.0, value)) * width)
    return (Content("█" * filled).stylize("$success")
            + Content("░" * (width - filled)).stylize("dim"))


class CauseList(OptionList):
    DEFAULT_CSS = """
    CauseList { height: auto; max-height: 8; }
    """

    @property
    def cause_ids(self) -> list[str]:
        return [str(self.get_option_at_index(i).id) for i in range(self.option_count)]

    @property
    def selected_cause(self) -> str | None:
        option = self.highlighted_option
        return str(option.id) if option is not None else None

    def show(self, kb: KnowledgeBase, diagnosis: Diagnosis, lang: str) -> None:
        previous = self.selected_cause
        options = []
        for cause in diagnosis.causes:
            line = (certainty_bar(cause.certainty) + Content(f" {cause.certainty:4.0%} ")
                    + plain_line(kb.title(cause.id, lang), 120))
            options.append(Option(line, id=cause.id))
        self.set_options(options)
        ids = [o.id for o in options]
        if previous in ids:
            self.highlighted = ids.index(previous)
        elif ids and not self.has_focus:
            self.highlighted = 0
