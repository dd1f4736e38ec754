"""A real browser on ``jamfkb serve``: shared by tests/serve/test_browser.py and
bench/serve_start.py.

- The server runs as ``python -m jamfkb.tui.cli serve`` in its own process group on a
  free loopback port; the app processes textual-serve starts for each tab are in that
  group too, so stopping the group stops them all (:func:`served`).
- The browser is the distribution's Chromium (``/usr/bin/chromium``) driven by
  Playwright; a browser is never downloaded (:func:`chromium`).
- The page draws the terminal with xterm.js on a canvas (WebGL or 2D), which has no text
  to read. :class:`TerminalMirror` replays the bytes the page's websocket receives (the
  very bytes xterm.js draws) through a VT emulator (pyte), sized as the page sized the
  terminal, so a test can read the screen the browser shows.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, WebSocket

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("JAMFKB_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
SERVER_START_SECONDS = 30.0
STOP_SECONDS = 5.0


def missing_browser_tools() -> str | None:
    """Why the browser test cannot run here, or None. (.ci/run installs all of them.)"""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium; .ci/run does)"
    for module, where in (("playwright", "the uv group 'browser'"),
                          ("pyte", "the uv group 'browser'"),
                          ("textual_serve", 'the extra jamfkb[serve]')):
        if importlib.util.find_spec(module) is None:
            return f"Python package {module} missing ({where}; .ci/run installs it)"
    return None


def free_port() -> int:
    """A loopback port nobody listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's whole group (server and every tab's app), then SIGKILL to
    whatever is left: a test never leaves a server or an app process behind."""
    for sig, wait in ((signal.SIGTERM, STOP_SECONDS), (signal.SIGKILL, STOP_SECONDS)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)
    # the leader may be gone while a tab's app lingers in the group: make sure
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def served(*args: str, log: IO[bytes] | None = None,
           env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``jamfkb serve --port <free> *args``; yields the page's URL."""
    port = free_port()
    argv = [sys.executable, "-m", "jamfkb.tui.cli", "serve", "--port", str(port), *args]
    proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _listening(port):
            if proc.poll() is not None:
                raise RuntimeError(f"jamfkb serve exited with {proc.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"jamfkb serve not listening on {port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop_group(proc)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """The distribution's Chromium, headless; closed (and Playwright's driver stopped)
    on the way out, on failure too."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class TerminalMirror:
    """The screen of the page's terminal, rebuilt from its websocket (see the module's
    docstring)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.screen: Any = None
        self._stream: Any = None
        self.bytes_received = 0
        page.on("websocket", self._attach)

    def _attach(self, ws: WebSocket) -> None:
        import pyte

        query = parse_qs(urlparse(ws.url).query)
        width = int(query.get("width", ["80"])[0])
        height = int(query.get("height", ["24"])[0])
        self.screen = pyte.Screen(width, height)
        self._stream = pyte.ByteStream(self.screen)
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):  # text frames are textual-serve's own messages
            self.bytes_received += len(payload)
            self._stream.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        if not isinstance(payload, str):
            return
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    def text(self) -> str:
        if self.screen is None:
            return ""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, check: Callable[[str], bool] | str, timeout: float = 20.0,
                 what: str = "") -> str:
        """The screen once ``check`` holds on it (a string: appears in it). Playwright
        delivers the frames while this waits on the page."""
        test = (lambda screen: check in screen) if isinstance(check, str) else check
        deadline = time.monotonic() + timeout
        while True:
            screen = self.text()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"not on screen after {timeout:.0f} s: "
                                     f"{what or check!r}\n--- screen ---\n{screen}")
            self.page.wait_for_timeout(50)


def focus_terminal(page: Page) -> None:
    """Keys typed with page.keyboard go to xterm.js's hidden input."""
    page.wait_for_selector(".xterm-helper-textarea", state="attached")
    page.focus(".xterm-helper-textarea")
