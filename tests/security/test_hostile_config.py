"""Issue 16, items 3 and 4: hostile config files (``keymap.toml``, ``settings.json``) are
reported, never a crash or a hang.

The fixtures in ``tests/fixtures/hostile-config/`` hold a 5,000-digit integer
(``keymap.toml``: ValueError in tomllib), 20,000 nested arrays (``keymap-nested.toml``:
RecursionError) and 30,000 nested JSON arrays (``settings.json``). A FIFO named
``keymap.toml`` used to block the UI thread in ``open()``: config files are opened
non-blocking, and only regular files of at most 64 KiB are read.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from jamfkb.tui.keymap import load_keymap
from jamfkb.tui.settings import DEFAULT_THEME, MAX_CONFIG_BYTES, load_settings
from tests.flows.support import ready
from tests.security.support import HOSTILE_CONFIG
from tests.support import TINY


def _in_time(func, seconds: float = 5.0):
    """``func()`` in a thread; fails (instead of hanging the suite) if it blocks."""
    box: list[object] = []
    thread = threading.Thread(target=lambda: box.append(func()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"{func} blocked for {seconds} s"
    return box[0]


@pytest.mark.parametrize("name", ["keymap.toml", "keymap-nested.toml"])
def test_hostile_keymap_is_an_error_message(name: str) -> None:
    started = time.monotonic()
    _, result = _in_time(lambda: load_keymap(HOSTILE_CONFIG / name))
    assert result.keymap == {} and len(result.errors) == 1, result
    assert time.monotonic() - started < 2


def test_keymap_larger_than_the_bound_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text("why = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    _, result = load_keymap(path)
    assert result.keymap == {} and "larger than" in result.errors[0]
    assert path.stat().st_size > MAX_CONFIG_BYTES


def test_deeply_nested_settings_give_the_defaults() -> None:
    settings = load_settings(HOSTILE_CONFIG / "settings.json")
    assert settings.lang is None and settings.theme == DEFAULT_THEME


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("name", ["keymap.toml", "settings.json"])
def test_a_fifo_config_file_never_blocks(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    os.mkfifo(path)
    if name == "keymap.toml":
        _, result = _in_time(lambda: load_keymap(path))
        assert result.keymap == {} and "not a regular file" in result.errors[0]
    else:
        assert _in_time(lambda: load_settings(path)).lang is None


def test_a_device_config_file_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "keymap.toml"
    link.symlink_to("/dev/zero")
    _, result = _in_time(lambda: load_keymap(link))
    assert result.keymap == {} and "not a regular file" in result.errors[0]


def test_keymap_with_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_bytes(b'\xef\xbb\xbfwhy = "f10"\n')
    _, result = load_keymap(path)
    assert result.errors == [] and result.keymap == {"why": "f10"}


@pytest.mark.parametrize("keys", ['"q"', '"shift+q"', '["ctrl+q", "x"]', '"question_mark"'])
def test_a_printable_key_is_refused_for_a_priority_binding(tmp_path: Path, keys: str) -> None:
    """quit acts before the focused widget: bound to q, typing "q" in the query quits."""
    path = tmp_path / "keymap.toml"
    path.write_text(f"quit = {keys}\n", encoding="utf-8")
    _, result = load_keymap(path)
    assert "quit" not in result.keymap and "character you type" in result.errors[0]


def test_a_modifier_key_is_still_accepted_for_quit(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('quit = "ctrl+w"\n', encoding="utf-8")
    _, result = load_keymap(path)
    assert result.errors == [] and result.keymap == {"quit": "ctrl+w"}


def test_app_starts_and_stays_up_with_the_hostile_config(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    config = tmp_path / "config"
    shutil.copytree(HOSTILE_CONFIG, config)
    monkeypatch.setenv("JAMFKB_CONFIG_DIR", str(config))
    from jamfkb.tui.app import JamfkbApp

    async def scenario() -> tuple[bool, list[str]]:
        app = JamfkbApp(content=TINY, lang="en", settings_file=config / "settings.json",
                        cursor_blink=False, poll_seconds=0)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.pause(0.2)
            toasts = [str(n.message) for n in app._notifications]
            return app.is_running and app.return_code is None, toasts

    running, toasts = asyncio.run(scenario())
    assert running
    assert any("keymap.toml" in toast for toast in toasts), toasts
