"""Consultations for the main screen: starting a new one (Ctrl+N), bringing back a recent
one (from the palette), undoing the last answer, and the letters typed where no widget
uses them, which go to the query box.

The state lives in the :class:`~jamfkb.tui.session.Session` (``new_consultation``,
``restore``, ``recent``); this controller only redraws the screen around it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Input, TextArea

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from textual import events

    from jamfkb.tui.palette import Command
    from jamfkb.tui.screens.main import MainScreen
    from jamfkb.tui.session import Snapshot


def is_stray(screen: MainScreen, event: events.Key) -> bool:
    """A printable key that nothing where the focus is uses: no text box has the focus,
    and no binding of the focused widget, its containers, the screen or the app has it.
    (A y typed after Tab once answered a question; now it is the next letter of the query.)"""
    if not event.is_printable or not event.character:
        return False
    focused = screen.focused
    if focused is None or isinstance(focused, (TextArea, Input)):
        return False
    return not any(event.key in bindings.key_to_bindings
                   for _, bindings in screen._modal_binding_chain)


def query_summary(snapshot: Snapshot, lang: str) -> str:
    """How a recent consultation is named in the palette: its query or its log."""
    if snapshot.scan is not None and snapshot.scan_path is not None:
        return t(lang, "recent.log", name=snapshot.scan_path.name)
    from jamfkb.kb.text import one_line

    return one_line(snapshot.query.strip(), 60) or "…"


class ConsultationsController:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def type_stray(self, event: events.Key) -> bool:
        """Send a stray printable key to the end of the query box; True if it did."""
        if not is_stray(self.screen, event):
            return False
        from jamfkb.tui.widgets.query_box import QueryBox

        event.stop()
        event.prevent_default()
        box = self.screen.query_one(QueryBox)
        self.screen.active_pane = "tab-diagnose"
        box.focus()
        box.move_cursor(box.document.end)
        box.insert(event.character or "")
        return True

    # ------------------------------------------------------------------ new, recent

    def new(self) -> None:
        """Clear query, answers, log and article history. Nothing to lose: nothing asked.
        Else the old one goes to the recent list, which is the undo (named in the notice)."""
        screen = self.screen
        if screen.log_scan.running:
            screen.cancel_scan()
        old = screen.session.new_consultation()
        if old is None:
            screen.app.notify(t(screen.lang, "consultation.already_new"))
            return
        self._redraw()
        screen.app.notify(t(screen.lang, "consultation.new",
                            keys=screen.app.key_display("new-consultation")),
                          markup=False)

    def restore(self, index: int) -> None:
        screen = self.screen
        wanted = screen.session.restore(index)
        if wanted is None:
            return
        self._redraw()
        screen.app.notify(t(screen.lang, "consultation.restored",
                            name=query_summary(wanted, screen.lang)), markup=False)

    def recent_commands(self) -> list[Command]:
        """Palette entries: one per recent consultation, newest first."""
        lang = self.screen.lang
        return [(t(lang, "cmd.recent", name=query_summary(s, lang)),
                 partial(self.restore, i),
                 t(lang, "recent.answers", count=len(s.answers)) if s.answers else "")
                for i, s in enumerate(self.screen.session.recent)]

    def _redraw(self) -> None:
        """The session changed under the screen: show it again from the query box on."""
        from jamfkb.tui.widgets.query_box import QueryBox

        screen = self.screen
        box = screen.query_one(QueryBox)
        with box.prevent(TextArea.Changed):
            box.load_text(screen.session.query)
        box.move_cursor(box.document.end)
        screen.active_pane = "tab-diagnose"
        box.focus()
        screen.update_status()
        if screen.results_mounted:
            screen.log_files.show_findings()
            screen.diagnose_pane.scroll_home(animate=False)
        screen.refresh_article()
        screen.request_diagnosis()

    # ------------------------------------------------------------------ answers

    def undo_answer(self) -> None:
        """Take back the last answer given (the newest of "Your answers")."""
        screen = self.screen
        if not screen.answers:
            screen.app.notify(t(screen.lang, "answers.nothing_to_undo"), severity="warning")
            return
        question = list(screen.answers)[-1]
        screen.session.remove_answer(question)
        engine = screen.engine
        title = engine.kb.title(question, screen.lang) if engine else question
        screen.app.notify(t(screen.lang, "answers.undone", question=title), markup=False)
        screen.request_diagnosis()
