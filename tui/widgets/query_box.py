"""The query box: a multi-line text area, so pasted log excerpts keep their newlines."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import TextArea

from jamfkb.tui.bindings import bindings_for


class QueryBox(TextArea):
    """Search as you type. Pasted text is kept line by line, control characters shown.

    Tab, or Down on the last line, posts :class:`QueryBox.Leave`: the screen moves the focus
    to the results (the causes list)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("QueryBox")  # see tui/bindings.py

    class Leave(Message):
        """The user wants to go from the query box to the results."""

    DEFAULT_CSS = """
    QueryBox {
        height: 4;
        min-height: 3;
    }
    """

    def __init__(self, *, id: str | None = None, cursor_blink: bool = True) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            id=id,
        )
        self.cursor_blink = cursor_blink

    def action_clear_query(self) -> None:
        """Empty the box (posts Changed, so the results follow); undo (ctrl+z) brings the
        text back, as after any edit."""
        if self.text:
            self.replace("", self.document.start, self.document.end)

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_cursor_down(self, select: bool = False) -> None:
        if not select and self.navigator.is_last_wrapped_line(self.cursor_location):
            self.post_message(self.Leave())
            return
        super().action_cursor_down(select)

    async def _on_paste(self, event: events.Paste) -> None:
        # Replace the base handler: keep newlines, make escape sequences visible.
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        from jamfkb.kb.text import terminal_safe

        text = terminal_safe(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
