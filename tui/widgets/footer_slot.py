"""The footer's place in the first screen, filled one frame after the first."""

from __future__ import annotations

from textual.widget import Widget


class FooterSlot(Widget):
    """Where the footer goes one frame after the first, as textual's ``Lazy`` would mount
    it; but the footer's module and styles are loaded then too (~3 ms less before the
    query box shows). It mounts from its own queue, not the screen's, whose keys (the
    first typed ones) must not wait for it."""

    def __init__(self) -> None:
        super().__init__()
        self.display = False

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        from textual.widgets import Footer

        parent = self.parent
        if parent is None:  # the app quit meanwhile
            return
        await parent.mount(Footer(compact=True), after=self)
        await self.remove()
