"""``jamfkb serve`` in a real browser: the distribution's headless Chromium, driven by
Playwright (see harness.py for how the screen is read and how everything is stopped).

Skipped, with the reason, where Chromium or the Python packages are missing; .ci/run
installs them, so CI runs it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.serve.harness import (
    ROOT,
    VIEWPORT,
    TerminalMirror,
    chromium,
    focus_terminal,
    missing_browser_tools,
    served,
)

if TYPE_CHECKING:
    from playwright.sync_api import Route

# .ci/run sets JAMFKB_REQUIRE_BROWSER=1: there, a missing tool fails instead of skipping,
# so CI cannot pass without having run the browser.
REQUIRED = os.environ.get("JAMFKB_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(missing_browser_tools() is not None and not REQUIRED,
                                reason=f"browser test: {missing_browser_tools()}")

QUERY = "macs marked unresponsive in jamf"
BORDER = "▊"  # the article pane's left border, between the two panes
TIMEOUT = 40.0  # seconds: the first tab compiles the bundled content into an empty cache


def artifacts_dir() -> Path:
    """Where screenshots go: $JAMFKB_ARTIFACTS, else tests/artifacts/ (ignored by git)."""
    folder = Path(os.environ.get("JAMFKB_ARTIFACTS") or ROOT / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def flat(text: str) -> str:
    """Lines joined and spaces collapsed: a title wrapped over two rows reads whole."""
    return re.sub(r"\s+", " ", text)


def pane(screen: str, side: str) -> str:
    """The text left or right of the article pane's border."""
    rows = [row.partition(BORDER) for row in screen.splitlines()]
    return flat("\n".join(row[0] if side == "left" else row[2] for row in rows))


def status(screen: str) -> str:
    return screen.splitlines()[0] if screen else ""


def top_cause_titles() -> dict[str, str]:
    """The cause the bundled knowledge base ranks first for QUERY, in both languages."""
    from jamfkb.engine.consultation import Consultation
    from jamfkb.kb.store import load

    kb = load().kb
    assert kb is not None
    cause = Consultation.for_kb(kb).diagnose(QUERY).causes[0]
    return {lang: kb.title(cause.id, lang) for lang in ("en", "fr")}


def test_a_helpdesk_visitor_diagnoses_in_the_browser(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    assert missing_browser_tools() is None, missing_browser_tools()
    titles = top_cause_titles()
    server_log = tmp_path / "serve.log"  # the server's and the tabs' output, kept
    requests: list[str] = []
    with server_log.open("wb") as log, served(log=log) as url, chromium() as browser:
        # A French browser, and no --lang: the tab must open in French.
        context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", accept_downloads=True)
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        mirror = TerminalMirror(page)
        page.goto(url)
        mirror.wait_for(lambda s: " FR " in status(s), TIMEOUT, "French status line")
        focus_terminal(page)
        page.keyboard.type(QUERY)
        mirror.wait_for(lambda s: titles["fr"] in pane(s, "left"), TIMEOUT,
                        f"cause {titles['fr']!r}")
        page.keyboard.press("Tab")  # to the causes: the first one's article opens
        mirror.wait_for(lambda s: titles["fr"] in pane(s, "right"), TIMEOUT,
                        f"article {titles['fr']!r}")

        page.keyboard.press("F2")  # the language key (tui/bindings.py)
        mirror.wait_for(
            lambda s: " EN " in status(s) and titles["en"] in pane(s, "right")
            and titles["en"] in pane(s, "left"), TIMEOUT, f"English {titles['en']!r}")

        page.keyboard.press("F4")  # no log file on the server for a visitor
        mirror.wait_for(lambda s: "Log scanning is off" in flat(s), TIMEOUT, "F4 notice")

        # F5: the page opens /download/<key> in a new tab, which the browser turns into
        # a download and closes at once; the route keeps what the server answered.
        delivered: list[tuple[dict[str, str], str]] = []

        def keep(route: Route) -> None:
            response = route.fetch()
            delivered.append((response.headers, response.text()))
            route.fulfill(response=response)

        context.route("**/download/*", keep)
        page.keyboard.press("F5")
        mirror.wait_for(lambda s: bool(delivered), TIMEOUT, "the report's download")
        headers, report = delivered[0]
        assert "attachment" in headers["content-disposition"]
        assert "jamfkb-report.md" in headers["content-disposition"]
        assert titles["en"] in report

        shot = artifacts_dir() / "serve-browser.png"
        page.screenshot(path=str(shot))
        with capsys.disabled():
            print(f"\nbrowser test screenshot: {shot}")
    assert shot.stat().st_size > 10_000
    # Nothing but the server: the page works offline and tells no other host.
    assert requests and all(r.startswith(url.rstrip("/")) for r in requests), requests
