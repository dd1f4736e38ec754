"""The query box: a multi-line text area, so pasted log excerpts keep their newlines."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from kb.text import terminal_safe


class QueryBox(TextArea):
    """Search as you type. Pasted text is kept line by line, control characters shown."""

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

    async def _on_paste(self, event: events.Paste) -> None:
        # Replace the base handler: keep newlines, make escape sequences visible.
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        text = terminal_safe(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
