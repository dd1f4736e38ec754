"""The app as one browser tab runs it under ``jamfkb serve``:
``python -m jamfkb.tui.served [--content DIR] [--lang en|fr]``.

textual-serve starts this module once per tab, with its web driver (``TEXTUAL_DRIVER``)
and pipes instead of a terminal. A visitor is not the person at the server's keyboard,
so what differs from the terminal app is what touches the server's files:

- the log scan (F4) is off: it would read a file of the server that the visitor names,
  and the visitor's own logs are on their Mac, not here; they can paste log lines into
  the query box instead, which diagnoses them the same way;
- the export (F5) asks for no path: the report goes to the visitor's browser as a
  download (Textual's ``deliver_text``), so nothing is written on the server;
- language and theme changes are not saved: the config folder is the server's, shared by
  every visitor, and one visitor's F2 must not change the next visitor's language.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from jamfkb.tui.app import JamfkbApp
from jamfkb.tui.i18n import LANGS, t
from jamfkb.tui.screens.main import MainScreen

REPORT_NAME = "jamfkb-report.md"


class ServedMainScreen(MainScreen):
    """The main screen without the actions that name a file on the server."""

    def action_open_log(self) -> None:
        self.app.notify(t(self.lang, "serve.log_scan_off"), severity="warning",
                        timeout=8)

    def action_export(self) -> None:
        engine = self.engine
        if engine is None or self.diagnosis is None:
            self.app.notify(t(self.lang, "export.nothing"), severity="warning")
            return
        from jamfkb.tui.report import session_markdown

        text = session_markdown(engine.kb, self.session, self.lang)
        self.app.deliver_text(io.StringIO(text), save_filename=REPORT_NAME,
                              mime_type="text/markdown", encoding="utf-8")
        self.app.notify(t(self.lang, "serve.export_download", name=REPORT_NAME),
                        markup=False)


class ServedApp(JamfkbApp):
    """JamfkbApp with the served main screen and settings that stay per tab."""

    def get_default_screen(self) -> MainScreen:
        return ServedMainScreen(cursor_blink=self.cursor_blink)

    def save(self) -> None:
        """Never written: see the module's docstring."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="jamfkb.tui.served",
                                     description="one browser tab of jamfkb serve")
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--lang", choices=LANGS, default=None)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    code = ServedApp(content=args.content, lang=args.lang).run()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
