"""The start-up probe of ``bench/startup.py``: jamfkb, which types a key once the query box
has the focus and exits once the knowledge base is loaded.

It prints on stderr the wall-clock time (``time.time()``) of both milestones:
``interactive`` (the typed key is shown) and ``ready`` (knowledge base and engine). The
production app knows nothing of it: this subclass adds the probe.

The app is started as ``jamfkb`` starts it: ``cli.main`` parses the arguments and calls
``run_app``, which builds the probe instead of the app.

    python -m bench.probe [--lang en] [--content DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

# What `jamfkb` imports before the app opens: the probe pays the same start-up.
from jamfkb.tui import app as app_module
from jamfkb.tui import cli
from jamfkb.tui.app import JamfkbApp
from jamfkb.tui.session import Engine

if TYPE_CHECKING:
    from jamfkb.kb.diagnostics import DiagnosticList


class ProbeApp(JamfkbApp):
    """jamfkb with the start-up probe."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.milestones: dict[str, float] = {}  # "interactive", "ready" (time.time())
        self._exit_started = False

    # Textual calls the handlers of every class of the MRO: JamfkbApp's on_mount runs
    # anyway (calling it here too ran it twice).
    def on_mount(self) -> None:
        self.call_after_refresh(self._probe_interactive)

    def _probe_interactive(self) -> None:
        """Type a key once the query box has the focus, and note the time the typed
        character is on screen (the knowledge base may still be loading)."""
        from textual import events

        box = self.screen.query("#query")
        if not box or self.focused is not box.first():
            self.call_after_refresh(self._probe_interactive)
            return
        self.post_message(events.Key("x", "x"))
        self.call_after_refresh(self._check_interactive)

    def _check_interactive(self) -> None:
        if "x" not in getattr(self.focused, "text", ""):
            self.call_after_refresh(self._check_interactive)
            return
        self.milestones["interactive"] = time.time()
        self._exit_when_done()

    async def _engine_ready(self, engine: Engine, manifest: str | None) -> None:
        first = self.engine is None
        await super()._engine_ready(engine, manifest)
        if first:
            self.call_after_refresh(self._mark_ready)

    async def _load_failed(self, diagnostics: DiagnosticList) -> None:
        await super()._load_failed(diagnostics)
        self.exit(1)  # the first load failed: no "ready" to wait for

    def _mark_ready(self) -> None:
        self.milestones["ready"] = time.time()
        self._exit_when_done()

    def _exit_when_done(self) -> None:
        # Both milestones call this, often within one frame: only one of them may start
        # the wait-then-exit chain, or the second chain runs on a tearing-down app.
        if "interactive" not in self.milestones or "ready" not in self.milestones:
            return
        if self._exit_started:
            return
        self._exit_started = True
        self._exit_once_idle()

    def _exit_once_idle(self) -> None:
        try:
            busy = self.main_screen.busy
        except LookupError:  # already tearing down
            return
        if busy:  # let the article view finish mounting first
            self.set_timer(0.02, self._exit_once_idle)
            return
        self.exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--content")
    args = parser.parse_args(argv)
    started: list[ProbeApp] = []

    class Started(ProbeApp):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    # run_app builds the app it runs from this module global: the probe is started by
    # the same code path as `jamfkb --lang en` (argument parsing, checks, run_app).
    app_module.JamfkbApp = Started  # type: ignore[misc]
    cli_args = ["--lang", args.lang] + (["--content", args.content] if args.content else [])
    code = cli.main(cli_args)
    for name, when in (started[0].milestones if started else {}).items():
        sys.stderr.write(f"{name} {when:.6f}\n")
    return code

if __name__ == "__main__":
    sys.exit(main())
