"""The jamfkb app: loads the knowledge base after the first paint, owns settings, language,
theme, clipboard and live reload; the main screen does the consultation.

Module-level imports stay light: the knowledge base, the engine and the screens are
imported when needed, so the first frame comes fast.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel

from jamfkb.tui.bindings import APP, bindings_for, default_keys
from jamfkb.tui.i18n import default_lang, t
from jamfkb.tui.live_reload import KnowledgeFailed, KnowledgeLoaded, LiveReload, load_message
from jamfkb.tui.palette import Command, jamfkb_commands, palette_commands
from jamfkb.tui.safe_text import safe, safe_line
from jamfkb.tui.session import Engine, Session
from jamfkb.tui.settings import DEFAULT_THEME, Settings, load_settings, save_settings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.screen import Screen
    from textual.theme import Theme

    from jamfkb.kb.diagnostics import DiagnosticList
    from jamfkb.tui.screens.main import MainScreen

POLL_SECONDS = 1.0
LOAD_SWITCH_INTERVAL = 0.0005  # seconds: GIL slices while the knowledge base loads
MAX_ERRORS_SHOWN = 50
INPUT_FIRST_SECONDS = 0.3  # a running log scan pauses this long after a key or a click


class JamfkbApp(App[int]):
    # beside this module, for subclasses too (a relative path is read beside the module
    # that defines the class: the bench probe's, a test's)
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "jamfkb"
    COMMANDS = App.COMMANDS | {jamfkb_commands}  # see tui/palette.py
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(APP)  # see tui/bindings.py

    def __init__(
        self,
        content: Path | None = None,
        lang: str | None = None,
        *,
        settings_file: Path | None = None,
        cursor_blink: bool = True,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.content = content
        self.settings_file = settings_file
        self.settings: Settings = load_settings(settings_file)
        if lang is None:
            lang = self.settings.lang or default_lang()
        self.lang: str = lang
        # A theme saved by an older or newer Textual may not exist here.
        if self.settings.theme not in self.available_themes:
            self.settings.theme = DEFAULT_THEME
        self.theme = self.settings.theme
        self.cursor_blink = cursor_blink
        self.poll_seconds = poll_seconds
        self.session = Session()  # the consultation: see tui/session.py
        self.live_reload = LiveReload(self, content, poll_seconds)
        self.load_failed = False  # the first load found errors in the content
        self.content_errors: list[str] = []
        self.keymap: dict[str, str] = {}
        self.gc_paused = False  # run_app: no collection before the first frame (resume_gc)
        # Keys and pastes that come before the query box has the focus (the first ~0.3 s:
        # typed while Python and Textual start) reached no widget and were lost. They are
        # held and replayed in order once the first frame is up; None afterwards.
        self._early_input: list[events.Key | events.Paste] | None = []

    # ------------------------------------------------------------------ startup

    def get_default_screen(self) -> MainScreen:
        # The main screen is the first on the stack: pushing it over textual's default
        # screen would lay out and paint a blank screen first.
        from jamfkb.tui.screens.main import MainScreen

        return MainScreen(cursor_blink=self.cursor_blink)

    def on_mount(self) -> None:
        if self.gc_paused:
            self.call_after_refresh(self.resume_gc)
        self.localize_bindings()
        # F8 and the palette's "Change theme" both end here, so either choice is saved.
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # (posted to the app's own queue: after the driver's keys already in it)
        self.call_after_refresh(self.call_later, self.replay_early_input)
        # Load after the first frame: the screen shows "Loading knowledge base…" meanwhile.
        self.call_after_refresh(self.load_knowledge)
        self.call_after_refresh(self.load_user_keymap)

    def resume_gc(self) -> None:
        """The first frame is on screen: its widgets live as long as the app, like the
        modules. Frozen with them, they are never walked by a collection either."""
        gc.freeze()
        gc.enable()
        self.gc_paused = False

    async def replay_early_input(self) -> None:
        """The keys and pastes held while the app started, handled now, in the order
        they came (copies: each was seen once already)."""
        held, self._early_input = self._early_input or [], None
        for event in held:
            await self.on_event(events.Key(event.key, event.character)
                                if isinstance(event, events.Key) else events.Paste(event.text))

    async def on_event(self, event: events.Event) -> None:
        if (isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded
                and self._early_input is not None):
            if self.focused is None:
                self._early_input.append(event)
                return
            await self.replay_early_input()  # the held ones came before this one
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            # The user acts: a running log scan steps aside until the screen has caught up
            # (it shares the GIL with this thread, which made every key slow to act).
            for screen in self.screen_stack:
                if hasattr(screen, "give_ui_priority"):
                    screen.give_ui_priority(INPUT_FIRST_SECONDS)
        await super().on_event(event)

    # ------------------------------------------------------------------ safety

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every toast (the app's, its screens' and widgets' all end here) is made
        terminal-safe: they name files, keymap entries and content errors, which may hold
        escape sequences. Untrusted text is also passed with ``markup=False``."""
        super().notify(safe(message), title=safe_line(title, 120), severity=severity,
                       timeout=timeout, markup=markup)

    def _print_error_renderables(self) -> None:
        # A crash is told in one line by run_app (the CLI's promise for every failure);
        # Textual's traceback, with its local variables, only on request.
        if os.environ.get("JAMFKB_DEBUG"):
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()

    # ------------------------------------------------------------------ key map

    def load_user_keymap(self, path: Path | None = None) -> None:
        """Apply ``keymap.toml`` (binding ID → keys); report bad entries, never fail."""
        from jamfkb.tui.keymap import load_keymap

        path, result = load_keymap(path)
        if result.keymap:
            self.keymap = dict(result.keymap)
            self.set_keymap(self.keymap)
        lines = [*result.error_lines, *[0] * (len(result.errors) - len(result.error_lines))]
        for error, line in zip(result.errors, lines, strict=True):
            text = (t(self.lang, "keymap.error_line", path=path, line=line, error=error)
                    if line else t(self.lang, "keymap.error", path=path, error=error))
            self.notify(text, title=t(self.lang, "keymap.title"), severity="warning",
                        markup=False, timeout=10)

    def key_display(self, binding_id: str) -> str:
        """How the (possibly remapped) key of ``binding_id`` is shown, e.g. ``F6``."""
        keys = self.keymap[binding_id].split(",") if binding_id in self.keymap \
            else default_keys(binding_id)
        shown = [self.get_key_display(Binding(k.strip(), "")) for k in keys]
        # Escape as the keyboard labels it in each language ("Échap" in French).
        shown = [t(self.lang, "key.escape") if k == "esc" else k for k in shown]
        return "/".join(k.upper() if k[1:].isdigit() and k[:1] in "fF" else k for k in shown)

    @property
    def main_screen(self) -> MainScreen:
        from jamfkb.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("no main screen")

    @work(thread=True, exclusive=True, group="load")
    def load_knowledge(self) -> None:
        # This thread is pure Python (imports, unpickling, indexing) and would keep the GIL
        # for 5 ms slices: every time the UI thread waits for input it would then wait up
        # to 5 ms to run again, so typed keys would show late. Short slices while loading.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(LOAD_SWITCH_INTERVAL)
        try:
            # Imported here, off the UI thread: the screen mounts these widgets next.
            import jamfkb.tui.report
            import jamfkb.tui.widgets.answers
            import jamfkb.tui.widgets.article
            import jamfkb.tui.widgets.browse
            import jamfkb.tui.widgets.causes
            import jamfkb.tui.widgets.content_errors
            import jamfkb.tui.widgets.findings
            import jamfkb.tui.widgets.questions
            import jamfkb.tui.widgets.symptoms
            import jamfkb.tui.widgets.topics  # noqa: F401

            self.post_message(load_message(self.content))
        finally:
            sys.setswitchinterval(interval)

    async def on_knowledge_loaded(self, message: KnowledgeLoaded) -> None:
        if not message.reload:
            await self._engine_ready(message.engine, message.manifest)
            return
        from jamfkb.tui.widgets.content_errors import ContentErrors

        had_errors = bool(self.content_errors)
        self.content_errors = []
        self.main_screen.query_one(ContentErrors).hide_errors()
        was_loaded = self.engine is not None
        await self._engine_ready(message.engine, message.manifest)
        if was_loaded or had_errors:
            self.notify(t(self.lang, "reload.done"))

    async def on_knowledge_failed(self, message: KnowledgeFailed) -> None:
        self.live_reload.manifest = message.manifest
        if message.reload:
            self.show_content_errors(message.diagnostics)
            first = self.content_errors[0] if self.content_errors else ""
            self.notify(t(self.lang, "reload.failed", count=len(self.content_errors),
                          first=first), severity="error", markup=False, timeout=8)
            return
        await self._load_failed(message.diagnostics)

    async def _engine_ready(self, engine: Engine, manifest: str | None) -> None:
        await self.main_screen.mount_results()  # before the engine: see mount_results
        first = self.engine is None
        self.session.install(engine)
        self.load_failed = False
        self.live_reload.manifest = manifest
        self.main_screen.engine_changed(first)
        self.live_reload.start()

    async def _load_failed(self, diagnostics: DiagnosticList) -> None:
        await self.main_screen.mount_results()  # the content errors are shown there
        self.show_content_errors(diagnostics)
        self.load_failed = True
        self.main_screen.update_status()
        self.main_screen.show_hint()
        self.live_reload.start()

    @property
    def engine(self) -> Engine | None:
        """The loaded knowledge base and its engine (None until the first good load)."""
        return self.session.engine

    def show_content_errors(self, diagnostics: DiagnosticList) -> None:
        root = str(self.content) if self.content is not None else ""
        errors = [d for d in diagnostics.sorted() if d.severity == "error"]
        self.content_errors = [d.format(root) for d in errors]
        self._show_content_errors()

    def _show_content_errors(self) -> None:
        """The error panel, in the current language."""
        from jamfkb.tui.widgets.content_errors import ContentErrors

        # Before a first good load there is no last good version to keep.
        key = "reload.errors_title" if self.engine is not None else "load.errors_title"
        title = t(self.lang, key, count=len(self.content_errors))
        self.main_screen.query_one(ContentErrors).show_errors(
            title, self.content_errors[:MAX_ERRORS_SHOWN])

    # ------------------------------------------------------------------ language, theme

    def localize_bindings(self) -> None:
        """Footer and help descriptions in the current language (bindings have IDs)."""
        known = _known_keys()
        nodes: list[Any] = [self]
        for screen in self.screen_stack:
            nodes.append(screen)
            nodes.extend(screen.walk_children(with_self=False))
        for node in nodes:
            if not any(b.id for _, b in node._bindings):
                continue
            for key, bindings in list(node._bindings.key_to_bindings.items()):
                node._bindings.key_to_bindings[key] = [
                    replace(b, description=t(self.lang, f"binding.{b.id}"),
                            key_display=self._footer_keys(b))
                    if b.id and f"binding.{b.id}" in known else b
                    for b in bindings
                ]
        self.refresh_bindings()

    def _footer_keys(self, binding: Binding) -> str | None:
        """Both keys of an F-key binding in the footer ("F6/^y"): on a Mac the F-keys are
        media keys, and the footer would show only one of them."""
        if not binding.show or not binding.id:
            return binding.key_display
        shown = self.key_display(binding.id)
        return shown if "/" in shown else binding.key_display

    def action_toggle_language(self) -> None:
        self.lang = "fr" if self.lang == "en" else "en"
        self.localize_bindings()
        self.main_screen.apply_language()
        if self.content_errors:
            self._show_content_errors()
        self.settings.lang = self.lang
        self.save()
        self.notify(t(self.lang, "language.switched"))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.settings.theme = theme.name
            self.save()

    def save(self) -> None:
        from jamfkb.kb.store import write_error
        from jamfkb.tui.settings import settings_path

        try:
            save_settings(self.settings, self.settings_file)
        except OSError as exc:
            why = write_error(self.settings_file or settings_path(), exc)
            self.notify(t(self.lang, "settings.failed", error=why),
                        severity="warning", markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from jamfkb.tui.system_commands import localized

        return localized(super().get_system_commands(screen), self.lang)

    def action_help_quit(self) -> None:
        """Ctrl+C: how to quit, in the app's language (Textual's hint is English only)."""
        from jamfkb.tui.system_commands import quit_hint

        message, title = quit_hint(self.lang, self.key_display("quit"))
        self.notify(message, title=title, markup=False)

    def action_help(self) -> None:
        from jamfkb.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    # ------------------------------------------------------------------ clipboard

    def copy_text(self, text: str, what: str) -> None:
        """OSC 52 now, then a native tool or a file (in a thread), then tell the user."""
        self.copy_to_clipboard(text)
        self._copy_fallback(text, what)

    @work(thread=True, group="clipboard")
    def _copy_fallback(self, text: str, what: str) -> None:
        from jamfkb.tui.clipboard import copy_fallback

        try:
            outcome = copy_fallback(text)
        except OSError as exc:
            message = t(self.lang, "copy.osc_only", what=what, error=exc.strerror or str(exc))
        else:
            if outcome.tool:
                message = t(self.lang, "copy.done_tool", what=what, tool=outcome.tool)
            else:
                message = t(self.lang, "copy.done_file", what=what, path=outcome.file)
        self.post_message(self.Copied(message))

    class Copied(Message):
        """The clipboard fallback is done: what to tell the user."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def on_jamfkb_app_copied(self, message: Copied) -> None:
        self.notify(message.text, title=t(self.lang, "copy.title"), markup=False)

    def palette_commands(self) -> list[Command]:
        """The command palette's entries (see tui/palette.py)."""
        return palette_commands(self)


def _known_keys() -> set[str]:
    from jamfkb.tui.i18n import strings

    return set(strings()["en"])


def run_app(content: Path | None = None, lang: str | None = None) -> int:
    """Open the app; returns the exit code. (The start-up benchmark runs a subclass that
    types a key and exits once ready: bench/probe.py.)"""
    headless = os.environ.get("JAMFKB_HEADLESS") == "1"
    # What is imported by now (Textual, the first screen's modules: ~50,000 objects) lives
    # as long as the process. Frozen, the garbage collector no longer walks it: its first
    # full collection came during the first frame and took 15 ms of the 300 ms start.
    # Then no collection until the first frame is shown (47 young ones took 5 ms and
    # freed ~1,100 of the objects made meanwhile): JamfkbApp.resume_gc.
    gc.freeze()
    gc.disable()
    try:
        app = JamfkbApp(content=content, lang=lang)
        app.gc_paused = True
        code = app.run(headless=headless)
    finally:  # an app that failed before its first frame must not leave the collector off
        gc.enable()
    return exit_code(app, code)


def exit_code(app: App[Any], code: object) -> int:
    """The process exit code of a finished app. Textual returns None after a crash (its
    return_code is 1 then), which used to become 0: a crash says so on stderr, in one
    line, and exits 1."""
    error = app._exception  # the unhandled exception that ended the app, if any
    if error is not None or (app.return_code or 0) != 0:
        if error is not None:
            sys.stderr.write(safe_line(f"jamfkb: internal error: {type(error).__name__}: "
                                       f"{error} (set JAMFKB_DEBUG=1 to see where)", 500)
                             + "\n")
        return app.return_code or 1
    return code if isinstance(code, int) else 0
