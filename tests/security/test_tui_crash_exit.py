"""Issue 16, item 3: the TUI does not crash on a path the system refuses, and a crash
exits non-zero with one line on stderr (it used to exit 0 after Textual's traceback)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from jamfkb.tui.app import JamfkbApp
from jamfkb.tui.dialogs.path_dialog import ExportDialog, OpenLogDialog
from tests.flows.support import open_dialog, ready, settle, type_query
from tests.support import PYTHON, REPO, TINY

LONG_NAME = "a" * 300  # one path component over NAME_MAX (255): ENAMETOOLONG


@pytest.mark.parametrize(("key", "dialog"), [("f4", OpenLogDialog), ("f5", ExportDialog)])
def test_a_300_character_path_is_an_error_in_the_dialog(tmp_path: Path, key: str,
                                                        dialog: type) -> None:
    async def scenario() -> tuple[bool, str]:
        app = JamfkbApp(content=TINY, lang="en", settings_file=tmp_path / "s.json",
                        cursor_blink=False, poll_seconds=0)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await type_query(pilot, "paper jam")  # F5 needs something to export
            await settle(pilot)
            shown = await open_dialog(pilot, key, dialog)
            from textual.widgets import Input, Static

            shown.query_one(Input).value = f"{tmp_path}/{LONG_NAME}/report.md"
            await pilot.press("enter")
            await settle(pilot)
            error = str(shown.query_one("#path-error", Static).render())
            return app.is_running and app.return_code is None and app.screen is shown, error

    running, error = asyncio.run(scenario())
    assert running, "the dialog crashed the app"
    assert error.strip(), "the dialog must say why the path cannot be used"


CRASHING_APP = textwrap.dedent("""
    import sys
    from jamfkb.tui import cli
    from jamfkb.tui.app import JamfkbApp

    def boom(self):
        raise RuntimeError("boom \\x1b]0;pwned\\x07")

    JamfkbApp.on_mount = boom
    sys.exit(cli.main(["tui", "--content", sys.argv[1]]))
""")


def test_a_crash_exits_1_with_one_line_on_stderr(tmp_path: Path) -> None:
    env = {**os.environ, "JAMFKB_HEADLESS": "1", "JAMFKB_CONFIG_DIR": str(tmp_path),
           "JAMFKB_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("JAMFKB_DEBUG", None)
    done = subprocess.run([PYTHON, "-c", CRASHING_APP, str(TINY)], cwd=REPO, env=env,
                          capture_output=True, timeout=60)
    stderr = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 1, (done.returncode, stderr[-2000:])
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr[-2000:]
    assert lines[0].startswith("jamfkb: internal error: RuntimeError: boom")
    assert "\x1b" not in stderr  # the error text is made terminal-safe too


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_keymap_does_not_hang_the_app(tmp_path: Path) -> None:
    """The key map is read on the UI thread: a FIFO used to block it, and ctrl+q too."""
    os.mkfifo(tmp_path / "keymap.toml")
    script = textwrap.dedent("""
        import asyncio, sys
        from pathlib import Path
        from jamfkb.tui.app import JamfkbApp
        from tests.flows.support import ready

        async def main():
            app = JamfkbApp(content=Path(sys.argv[1]), lang="en", cursor_blink=False,
                            settings_file=Path(sys.argv[2]) / "s.json", poll_seconds=0)
            async with app.run_test() as pilot:
                await ready(pilot)
                await pilot.pause(0.2)
                await pilot.press("ctrl+q")
                await pilot.pause(0.2)
            print("exited", app.return_code)

        asyncio.run(main())
    """)
    env = {**os.environ, "JAMFKB_CONFIG_DIR": str(tmp_path),
           "JAMFKB_CACHE_DIR": str(tmp_path / "cache")}
    try:
        done = subprocess.run([PYTHON, "-c", script, str(TINY), str(tmp_path)], cwd=REPO,
                              env=env, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the app hung on a FIFO named keymap.toml")
    assert b"exited 0" in done.stdout, done.stderr[-2000:]
