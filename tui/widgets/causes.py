"""Ranked causes with a certainty bar and percentage.

Each cause is one row: the bar and the percentage on the left, the full title on the right,
wrapped under itself (hanging indent), so long titles stay readable and are never cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.theme import Theme

    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.kb.model import KnowledgeBase

BAR_WIDTH = 8
TITLE_LIMIT = 300


class CauseRow:
    """Bar, percentage, and the title wrapped in its own column (plain text, never markup).

    A Rich renderable; ``str()`` gives the plain text (tests, accessibility)."""

    def __init__(self, certainty: float, title: str, bar_color: str = "green") -> None:
        self.certainty = certainty
        from jamfkb.kb.text import one_line

        self.title = one_line(title, TITLE_LIMIT)
        self.bar_color = bar_color

    def __str__(self) -> str:
        return f"{self.certainty:.0%} {self.title}"

    def table(self) -> Table:
        filled = round(max(0.0, min(1.0, self.certainty)) * BAR_WIDTH)
        bar = (Text("█" * filled, style=self.bar_color)
               + Text("░" * (BAR_WIDTH - filled), style="dim"))
        row = Table.grid(padding=(0, 1))
        row.add_column(width=BAR_WIDTH, no_wrap=True)
        row.add_column(width=4, justify="right", no_wrap=True)
        row.add_column(ratio=1, overflow="fold")
        row.add_row(bar, Text(f"{self.certainty:.0%}"), Text(self.title))
        return row

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())


def follow_highlight(option_list: OptionList) -> None:
    """Scroll the container of a list shown in full height to its highlighted option."""
    container, index = option_list.parent, option_list.highlighted
    if container is None or index is None or not option_list.is_mounted:
        return
    try:  # Textual 8.2 internals (pinned); without them the pane just does not follow
        y, height = option_list._index_to_line[index], option_list._heights[index]
    except (AttributeError, KeyError):
        return
    region = Region(0, option_list.virtual_region.y + y, option_list.size.width, height)
    container.scroll_to_region(region, animate=False, immediate=True)


class CauseList(OptionList):
    DEFAULT_CSS = """
    CauseList { height: auto; max-height: initial; overflow-y: hidden; }  /* see AnswerList */
    """

    class LeaveUp(Message):
        """Up on the first cause: back to the query box."""

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.post_message(self.LeaveUp())
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is not None and self.highlighted >= self.option_count - 1:
            return  # no wrapping round to the top: the end of the list is the end
        super().action_cursor_down()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """The list shows every cause in full (no inner scrolling, so nothing is ever cut at
        its bottom edge); the pane around it scrolls to the highlighted one instead."""
        super().scroll_to_highlight(top)
        follow_highlight(self)

    @property
    def cause_ids(self) -> list[str]:
        return [str(self.get_option_at_index(i).id) for i in range(self.option_count)]

    @property
    def selected_cause(self) -> str | None:
        option = self.highlighted_option
        return str(option.id) if option is not None else None

    _shown: tuple[KnowledgeBase, Diagnosis, str] | None = None  # the last show()'s arguments

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        # The bars are drawn in the theme's "success" colour: draw them again.
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, kb: KnowledgeBase, diagnosis: Diagnosis, lang: str) -> None:
        self._shown = (kb, diagnosis, lang)
        previous = self.selected_cause
        color = str(self.app.theme_variables.get("success", "green"))
        options = [Option(CauseRow(cause.certainty, kb.title(cause.id, lang), color),
                          id=cause.id)
                   for cause in diagnosis.causes]
        self.set_options(options)
        ids = [o.id for o in options]
        if previous in ids:
            self.highlighted = ids.index(previous)
        elif ids and not self.has_focus:
            self.highlighted = 0
