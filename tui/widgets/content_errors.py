"""A panel listing the check errors of a content tree being edited (live reload)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class ContentErrors(VerticalScroll):
    DEFAULT_CSS = """
    ContentErrors {
        dock: bottom;
        height: auto;
        max-height: 7;
        display: none;
        border-top: heavy $error;
        background: $error 15%;
        padding: 0 1;
    }
    ContentErrors.-visible { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="content-errors-title", markup=False)
        yield Static(id="content-errors-text", markup=False)

    def show_errors(self, title: str, lines: list[str]) -> None:
        from jamfkb.kb.diagnostics import MAX_LINE
        from jamfkb.kb.text import one_line

        # whole (up to a diagnostic's own limit): the Static wraps them at the panel's width
        self.lines = [one_line(line, MAX_LINE) for line in lines]
        self.query_one("#content-errors-title", Static).update(
            Content(title).stylize("bold"))
        self.query_one("#content-errors-text", Static).update(Content("\n".join(self.lines)))
        self.set_class(bool(lines), "-visible")

    def hide_errors(self) -> None:
        self.lines = []
        self.remove_class("-visible")
