"""The jamfkb app: loads the knowledge base after the first paint, owns settings, language,
theme, clipboard and live reload; the main screen does the consultation.

Module-level imports stay light: the knowledge base, the engine and the screens are
imported when needed, so the first frame comes fast.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from jamfkb.tui.i18n import t
from jamfkb.tui.settings import DEFAULT_THEME, Settings, load_settings, save_settings

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.theme import Theme
    from textual.timer import Timer

    from jamfkb.engine.consultation import Consultation
    from jamfkb.kb.diagnostics import DiagnosticList
    from jamfkb.kb.model import KnowledgeBase
    from jamfkb.tui.screens.main import MainScreen

POLL_SECONDS = 1.0
LOAD_SWITCH_INTERVAL = 0.0005  # seconds: GIL slices while the knowledge base loads
MAX_ERRORS_SHOWN = 50
INPUT_FIRST_SECONDS = 0.3  # a running log scan pauses this long after a key or a click


@dataclass(slots=True)
class Engine:
    """A loaded knowledge base and its consultation. Use the consultation under ``lock``."""

    kb: KnowledgeBase
    consultation: Consultation
    lock: threading.Lock


def _b(key: str, action: str, binding_id: str, show: bool = True, **kw: Any) -> Binding:
    return Binding(key, action, t("en", f"binding.{binding_id}"), show=show, id=binding_id,
                   **kw)


@lru_cache(maxsize=1)
def jamfkb_commands() -> type[Provider]:
    """The command palette provider, defined on first use (``textual.command`` is not
    needed for the first frame)."""
    from textual.command import DiscoveryHit, Hit, Hits, Provider

    class JamfkbCommands(Provider):
        """Palette entries for the main actions, the current questions' answers, and the
        current article's code blocks and links."""

        def _commands(self) -> list[tuple[str, Any, str]]:
            app = self.app
            assert isinstance(app, JamfkbApp)
            return app.palette_commands()

        async def discover(self) -> Hits:
            for title, callback, help_text in self._commands():
                yield DiscoveryHit(title, callback, help=help_text)

        async def search(self, query: str) -> Hits:
            matcher = self.matcher(query)
            for title, callback, help_text in self._commands():
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score, matcher.highlight(title), callback, help=help_text)

    return JamfkbCommands


class JamfkbApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "jamfkb"
    COMMANDS = App.COMMANDS | {jamfkb_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        _b("f1", "help", "help", show=False),
        _b("f2", "toggle_language", "language", show=False),
        _b("f8", "toggle_theme", "theme", show=False),
        _b("ctrl+q", "quit", "quit", priority=True),
    ]

    def __init__(
        self,
        content: Path | None = None,
        lang: str | None = None,
        *,
        settings_file: Path | None = None,
        cursor_blink: bool = True,
        exit_when_ready: bool = False,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.content = content
        self.settings_file = settings_file
        self.settings: Settings = load_settings(settings_file)
        if lang is None:
            from jamfkb.tui.cli import default_lang

            lang = self.settings.lang or default_lang()
        self.lang: str = lang
        # A theme saved by an older or newer Textual may not exist here.
        if self.settings.theme not in self.available_themes:
            self.settings.theme = DEFAULT_THEME
        self.theme = self.settings.theme
        self.cursor_blink = cursor_blink
        self.exit_when_ready = exit_when_ready
        self.poll_seconds = poll_seconds
        self.engine: Engine | None = None
        self.load_failed = False  # the first load found errors in the content
        self._poll_timer: Timer | None = None
        self._content_check: Worker[None] | None = None
        self.content_errors: list[str] = []
        self.milestones: dict[str, float] = {}  # bench: "interactive", "ready" (time.time())
        self.keymap: dict[str, str] = {}
        self._manifest: str | None = None
        self._probe_exit_started = False

    # ------------------------------------------------------------------ startup

    def get_default_screen(self) -> MainScreen:
        # The main screen is the first on the stack: pushing it over textual's default
        # screen would lay out and paint a blank screen first.
        from jamfkb.tui.screens.main import MainScreen

        return MainScreen(cursor_blink=self.cursor_blink)

    def on_mount(self) -> None:
        self.localize_bindings()
        # F8 and the palette's "Change theme" both end here, so either choice is saved.
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # Load after the first frame: the screen shows "Loading knowledge base…" meanwhile.
        self.call_after_refresh(self.load_knowledge)
        if self.exit_when_ready:
            self.call_after_refresh(self._probe_interactive)
        self.call_after_refresh(self.load_user_keymap)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            # The user acts: a running log scan steps aside until the screen has caught up
            # (it shares the GIL with this thread, which made every key slow to act).
            for screen in self.screen_stack:
                if hasattr(screen, "give_ui_priority"):
                    screen.give_ui_priority(INPUT_FIRST_SECONDS)
        await super().on_event(event)

    # ------------------------------------------------------------------ key map

    def load_user_keymap(self, path: Path | None = None) -> None:
        """Apply ``keymap.toml`` (binding ID → keys); report bad entries, never fail."""
        from jamfkb.tui.keymap import load_keymap

        path, result = load_keymap(path)
        if result.keymap:
            self.keymap = dict(result.keymap)
            self.set_keymap(self.keymap)
        for error in result.errors:
            self.notify(t(self.lang, "keymap.error", path=path, error=error),
                        title=t(self.lang, "keymap.title"), severity="warning",
                        markup=False, timeout=10)

    def key_display(self, binding_id: str, default: str) -> str:
        """How the (possibly remapped) key of ``binding_id`` is shown, e.g. ``F6``."""
        keys = self.keymap.get(binding_id, default)
        shown = [self.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")]
        # Escape as the keyboard labels it in each language ("Échap" in French).
        shown = [t(self.lang, "key.escape") if k == "esc" else k for k in shown]
        return "/".join(k.upper() if k[1:].isdigit() and k[:1] in "fF" else k for k in shown)

    # ------------------------------------------------------------------ bench probe

    def _probe_interactive(self) -> None:
        """``JAMFKB_EXIT_WHEN_READY``: type a key once the query box has the focus, and
        note the time the typed character is on screen (the KB may still be loading)."""
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

    def _exit_when_done(self) -> None:
        # Both milestones call this, often within one frame: only one of them may start
        # the wait-then-exit chain, or the second chain runs on a tearing-down app.
        if "interactive" not in self.milestones or "ready" not in self.milestones:
            return
        if self._probe_exit_started:
            return
        self._probe_exit_started = True
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
            self._load_knowledge()
        finally:
            sys.setswitchinterval(interval)

    def _load_knowledge(self) -> None:
        from jamfkb.kb.store import load

        result = load(self.content)
        manifest = result.manifest if self.content is not None else None
        # Imported here, off the UI thread: the screen mounts these widgets next.
        import jamfkb.tui.widgets.browse
        import jamfkb.tui.widgets.content_errors
        import jamfkb.tui.widgets.findings

        if result.kb is None:
            self.call_from_thread(self._load_failed, result.diagnostics, manifest)
            return
        engine = self._build_engine(result.kb)
        import jamfkb.tui.report
        import jamfkb.tui.widgets.article  # noqa: F401

        self.call_from_thread(self._engine_ready, engine, manifest)

    @staticmethod
    def _build_engine(kb: KnowledgeBase) -> Engine:
        from jamfkb.engine.consultation import Consultation

        return Engine(kb, Consultation.for_kb(kb), threading.Lock())

    async def _engine_ready(self, engine: Engine, manifest: str | None) -> None:
        await self.main_screen.mount_results()  # before the engine: see mount_results
        first = self.engine is None
        self.engine = engine
        self.load_failed = False
        self._manifest = manifest
        self.main_screen.engine_changed(first)
        self._start_polling()
        if first and self.exit_when_ready:
            self.call_after_refresh(self._mark_ready)

    def _mark_ready(self) -> None:
        self.milestones["ready"] = time.time()
        self._exit_when_done()

    async def _load_failed(self, diagnostics: DiagnosticList, manifest: str | None) -> None:
        await self.main_screen.mount_results()  # the content errors are shown there
        self._manifest = manifest
        self.show_content_errors(diagnostics)
        self.load_failed = True
        self.main_screen.update_status()
        self.main_screen._show_hint()
        self._start_polling()
        if self.exit_when_ready:
            self.exit(1)

    # ------------------------------------------------------------------ live reload

    def _start_polling(self) -> None:
        """Watch ``--content`` for changes, once: a failed first load and the reload that
        fixes it both get here."""
        if self._poll_timer is None and self.content is not None and self.poll_seconds > 0:
            self._poll_timer = self.set_interval(self.poll_seconds, self.poll_content,
                                                 name="content-poll")

    def poll_content(self) -> None:
        """Start a content check unless one is still running.

        A big tree takes seconds to compile, longer than a poll interval. Cancelling the
        running check would not stop its thread, so two compiles would race to install
        their result; the next tick looks again instead.
        """
        running = self._content_check is not None and self._content_check.state in (
            WorkerState.PENDING, WorkerState.RUNNING)
        if self.content is not None and not running:
            self._content_check = self.check_content()

    @work(thread=True, group="reload")
    def check_content(self) -> None:
        from jamfkb.kb.store import load, manifest_key

        assert self.content is not None
        try:
            manifest = manifest_key(self.content)
        except OSError:
            return
        if manifest == self._manifest:
            return
        result = load(self.content, manifest=manifest)
        if result.kb is None:
            self.call_from_thread(self._reload_failed, result.diagnostics, manifest)
            return
        engine = self._build_engine(result.kb)
        self.call_from_thread(self._reloaded, engine, manifest)

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

    def _reload_failed(self, diagnostics: DiagnosticList, manifest: str) -> None:
        self._manifest = manifest
        self.show_content_errors(diagnostics)
        first = self.content_errors[0] if self.content_errors else ""
        self.notify(t(self.lang, "reload.failed", count=len(self.content_errors), first=first),
                    severity="error", markup=False, timeout=8)

    async def _reloaded(self, engine: Engine, manifest: str) -> None:
        from jamfkb.tui.widgets.content_errors import ContentErrors

        had_errors = bool(self.content_errors)
        self.content_errors = []
        self.main_screen.query_one(ContentErrors).hide_errors()
        was_loaded = self.engine is not None
        await self._engine_ready(engine, manifest)
        if was_loaded or had_errors:
            self.notify(t(self.lang, "reload.done"))

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
                    replace(b, description=t(self.lang, f"binding.{b.id}"))
                    if b.id and f"binding.{b.id}" in known else b
                    for b in bindings
                ]
        self.refresh_bindings()

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
        try:
            save_settings(self.settings, self.settings_file)
        except OSError as exc:
            self.notify(t(self.lang, "settings.failed", error=exc.strerror or str(exc)),
                        severity="warning", markup=False)

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
        self.call_from_thread(self.notify, message, title=t(self.lang, "copy.title"),
                              markup=False)

    # ------------------------------------------------------------------ command palette

    def palette_commands(self) -> list[tuple[str, Any, str]]:
        lang = self.lang
        screen = self.main_screen
        k = self.key_display
        cmds: list[tuple[str, Any, str]] = [
            (t(lang, "cmd.help"), self.action_help, k("help", "f1")),
            (t(lang, "cmd.language"), self.action_toggle_language, k("language", "f2")),
            (t(lang, "cmd.theme"), self.action_toggle_theme, k("theme", "f8")),
            (t(lang, "cmd.open_log"), screen.action_open_log, k("open-log", "f4,ctrl+o")),
            (t(lang, "cmd.findings"), screen.action_show_findings, k("findings", "f9")),
            (t(lang, "cmd.export"), screen.action_export, k("export", "f5,ctrl+s")),
            (t(lang, "cmd.why"), screen.action_why, k("why", "f6")),
            (t(lang, "cmd.clear_answers"), screen.action_clear_answers,
             k("clear-answers", "ctrl+r")),
            (t(lang, "cmd.browse"), screen.action_browse, k("browse", "f3")),
            (t(lang, "cmd.back"), screen.action_back, k("back", "alt+left")),
            (t(lang, "cmd.forward"), screen.action_forward, k("forward", "alt+right")),
            (t(lang, "cmd.toc"), screen.action_toggle_toc, k("toc", "t")),
            (t(lang, "cmd.copy_article"), screen.action_copy_article, ""),
            (t(lang, "cmd.quit"), self.action_quit, k("quit", "ctrl+q")),
        ]
        cmds.extend(screen.answer_commands())
        for block in screen.code_blocks():
            first = block.code.splitlines()[0] if block.code else ""
            cmds.append((t(lang, "cmd.copy_block", n=block.index),
                         lambda n=block.index: screen.action_copy_code(n), first[:60]))
        engine = self.engine
        if engine is not None:
            from jamfkb.tui.article import internal_links

            for target in internal_links(screen.article_source):
                cmds.append((t(lang, "cmd.open_link", title=engine.kb.title(target, lang)),
                             lambda target=target: screen.show_node(target), target))
        return cmds


def _known_keys() -> set[str]:
    from jamfkb.tui.i18n import strings

    return set(strings()["en"])


def run_app(content: Path | None = None, lang: str | None = None) -> int:
    """Open the app; returns the exit code. ``JAMFKB_EXIT_WHEN_READY=1`` (for
    ``bench/startup.py``) types a key in the query box, then exits once the knowledge base is
    loaded, printing on stderr the wall-clock time (``time.time()``) of both milestones:
    ``interactive`` (the typed key is shown) and ``ready`` (knowledge base and engine)."""
    exit_when_ready = os.environ.get("JAMFKB_EXIT_WHEN_READY") == "1"
    headless = os.environ.get("JAMFKB_HEADLESS") == "1"
    app = JamfkbApp(content=content, lang=lang, exit_when_ready=exit_when_ready)
    code = app.run(headless=headless)
    for name, when in app.milestones.items():
        sys.stderr.write(f"{name} {when:.6f}\n")
    return code if isinstance(code, int) else 0
