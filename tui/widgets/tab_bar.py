"""A one-line row of tab labels for a ContentSwitcher: click a label to show its pane.

textual's TabbedContent builds a Tabs widget, one Tab per label and an animated underline;
on the first frame that cost about 35 ms, a third of what the app adds to a minimal Textual
app. The keyboard reaches the panes through F3, F9 and Escape, so the row never takes the
focus and one widget that draws the labels is enough.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

SEPARATOR = " "


class TabBar(Widget):
    """Labels of the panes, the active one highlighted. Posts :class:`TabBar.Clicked`."""

    DEFAULT_CSS = """
    TabBar {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
    }
    TabBar > .tab-bar--tab {
        color: $text-muted;
    }
    TabBar > .tab-bar--active {
        color: $foreground;
        background: $accent 40%;
        text-style: bold;
    }
    TabBar > .tab-bar--hover {
        text-style: underline;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-bar--tab", "tab-bar--active", "tab-bar--hover"}

    active: reactive[str] = reactive("")
    hovered: reactive[str] = reactive("")

    class Clicked(Message):
        """A tab label was clicked."""

        def __init__(self, tab_bar: TabBar, pane_id: str) -> None:
            super().__init__()
            self.tab_bar = tab_bar
            self.pane_id = pane_id

        @property
        def control(self) -> TabBar:
            return self.tab_bar

    def __init__(self, panes: dict[str, str], active: str, *, id: str | None = None) -> None:
        """``panes``: pane ID → label, in display order."""
        super().__init__(id=id)
        self.labels: dict[str, str] = dict(panes)
        self.set_reactive(TabBar.active, active)

    def set_label(self, pane_id: str, label: str) -> None:
        self.labels[pane_id] = label
        self.refresh()  # the row is 1fr wide: a longer label changes no layout

    def spans(self) -> list[tuple[str, int, int]]:
        """Each pane's label as (pane ID, start, end) cells from the content's left edge."""
        spans: list[tuple[str, int, int]] = []
        x = 0
        for pane_id, label in self.labels.items():
            width = Content(f" {label} ").cell_length
            spans.append((pane_id, x, x + width))
            x += width + len(SEPARATOR)
        return spans

    def pane_at(self, x: int) -> str | None:
        return next((pane for pane, start, end in self.spans() if start <= x < end), None)

    def render(self) -> Content:
        pieces = []
        for pane_id, label in self.labels.items():
            names = ["tab-bar--tab"]
            if pane_id == self.active:
                names.append("tab-bar--active")
            if pane_id == self.hovered:
                names.append("tab-bar--hover")
            pieces.append(Content(f" {label} ").stylize(self.get_visual_style(*names)))
        return Content(SEPARATOR).join(pieces)

    def _pane_under(self, event: events.MouseEvent) -> str | None:
        offset = event.get_content_offset(self)
        return None if offset is None else self.pane_at(offset.x)

    def on_click(self, event: events.Click) -> None:
        pane_id = self._pane_under(event)
        if pane_id is not None:
            event.stop()
            self.post_message(self.Clicked(self, pane_id))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._pane_under(event) or ""

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = ""
