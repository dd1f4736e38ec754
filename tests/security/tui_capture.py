"""Running the app with a driver that keeps every byte Textual sends to the terminal.

``run_test`` uses a headless driver, which renders nothing: escape sequences in content
would never show. :class:`CapturingDriver` says it is not headless, so the app renders
each frame as it would to a real terminal, and keeps the text instead of writing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.drivers.headless_driver import HeadlessDriver

from jamfkb.tui.app import JamfkbApp


class CapturingDriver(HeadlessDriver):
    """A headless driver that renders: the app writes frames, the driver keeps them."""

    output: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.output = []

    @property
    def is_headless(self) -> bool:
        return False  # so that App._display renders every frame

    def write(self, data: str) -> None:
        self.output.append(data)

    def flush(self) -> None:
        pass


class CapturingApp(JamfkbApp):
    """The app, rendering to a :class:`CapturingDriver`."""

    def get_driver_class(self) -> type[CapturingDriver]:
        return CapturingDriver

    def terminal_bytes(self) -> bytes:
        """Every byte sent to the "terminal" so far."""
        driver = self._driver
        assert isinstance(driver, CapturingDriver), driver
        return "".join(driver.output).encode("utf-8", errors="surrogateescape")


def capturing_app(content: Path, tmp_path: Path, **kwargs: Any) -> CapturingApp:
    return CapturingApp(content=content, lang="en", settings_file=tmp_path / "settings.json",
                        cursor_blink=False, poll_seconds=kwargs.pop("poll_seconds", 0),
                        **kwargs)
