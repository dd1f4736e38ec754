"""Dialogs that ask for a file path: open a log file to scan, export the consultation.

Both validate the path and show errors in the dialog itself. Export never overwrites an
existing file without an explicit second confirmation (or a suggested new name).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Static

from jamfkb.tui.bindings import bindings_for
from jamfkb.tui.dialogs import localize_bindings
from jamfkb.tui.highlight import plain
from jamfkb.tui.i18n import t

MAX_LOG_BYTES = 512 * 1024 * 1024  # bigger files are refused (the scan streams, but takes time)


def expand(raw: str) -> Path:
    return Path(os.path.expandvars(os.path.expanduser(raw.strip())))


def log_path_error(path: Path, texts: dict[str, str]) -> str | None:
    """Why ``path`` cannot be scanned, or None."""
    if not str(path).strip() or str(path) == ".":
        return texts["empty"]
    if not path.exists():
        return texts["missing"].format(path=path)
    if path.is_dir():  # its log files are scanned (engine.scan.log_files)
        readable = os.access(path, os.R_OK | os.X_OK)
        return None if readable else texts["unreadable"].format(path=path)
    if not path.is_file():  # /dev/zero would be read for ever, a FIFO blocks
        return texts["not_file"].format(path=path)
    if not os.access(path, os.R_OK):
        return texts["unreadable"].format(path=path)
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            return texts["too_big"].format(path=path)
    except OSError as exc:
        return texts["unreadable"].format(path=path) + f" ({exc.strerror})"
    return None


def free_name(path: Path) -> Path:
    """``report.md`` → ``report-1.md``, ``report-2.md``… the first that does not exist."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    return path


class PathDialog(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    PathDialog { align: center middle; }
    PathDialog > Vertical {
        width: 80%; max-width: 90; height: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PathDialog #path-error { color: $error; height: auto; }
    PathDialog Horizontal { height: auto; margin-top: 1; }
    PathDialog Button { margin-right: 1; min-width: 10; }
    PathDialog .hidden { display: none; }
    PathDialog #places { height: auto; max-height: 6; }
    PathDialog .place { width: 1fr; text-align: left; content-align: left middle; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("PathDialog")  # see tui/bindings.py

    def __init__(self, title: str, prompt: str, value: str, labels: dict[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.value = value
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text).stylize("bold"))
            yield Static(plain(self.prompt))
            yield Input(self.value, id="path-input", select_on_focus=False,
                        suggester=self.suggester())
            yield Static(id="path-error", markup=False)
            yield from self.extra_fields()
            with Horizontal():
                yield Button(Content(self.labels["ok"]), id="path-ok", variant="primary",
                             compact=True)
                yield from self.extra_buttons()
                yield Button(Content(self.labels["cancel"]), id="path-cancel", compact=True)

    def extra_buttons(self) -> list[Button]:
        return []

    def extra_fields(self) -> ComposeResult:
        """Widgets under the path (the export's ticket and note, the log locations)."""
        yield from ()

    def suggester(self) -> Suggester | None:
        return None

    def on_mount(self) -> None:
        path_input = self.query_one("#path-input", Input)
        path_input.focus()
        # The prefilled path is selected: typing replaces it instead of appending to it.
        # (Not select_on_focus: coming back from a button must not select it again.)
        path_input.select_all()
        localize_bindings(self.app)

    def show_error(self, message: str) -> None:
        self.query_one("#path-error", Static).update(plain(message))

    @property
    def path(self) -> Path:
        return expand(self.query_one("#path-input", Input).value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.checked_submit()

    @on(Button.Pressed, "#path-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.checked_submit()

    @on(Button.Pressed, "#path-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def submit(self) -> None:
        raise NotImplementedError

    def checked_submit(self) -> None:
        """:meth:`submit`, with a path the system refuses (a 300-character name gives
        ENAMETOOLONG, a NUL byte ValueError) shown as an error here instead of a crash."""
        try:
            self.submit()
        except (OSError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            self.show_error(t(getattr(self.app, "lang", "en"), "path.unusable", error=why))


class PathSuggester(Suggester):
    """Completes the path typed (→ or Tab accepts it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        from jamfkb.tui.log_places import complete_path

        return complete_path(value)


class OpenLogDialog(PathDialog):
    """Returns the path of a readable file or folder, or None."""

    def __init__(self, title: str, prompt: str, value: str, labels: dict[str, str],
                 errors: dict[str, str], places: list[str] | None = None) -> None:
        super().__init__(title, prompt, value, labels)
        self.errors = errors
        self.places = places or []  # the known log locations that exist here

    def suggester(self) -> Suggester | None:
        return PathSuggester()

    def extra_fields(self) -> ComposeResult:
        if not self.places:
            return
        yield Static(plain(self.labels["places"]))
        with Vertical(id="places"):
            for place in self.places:
                yield Button(plain(place), classes="place", compact=True)

    @on(Button.Pressed, ".place")
    def _place(self, event: Button.Pressed) -> None:
        event.stop()
        path_input = self.query_one("#path-input", Input)
        path_input.value = str(event.button.label)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    def on_key(self, event: events.Key) -> None:
        # Tab completes the path, as in a shell, when there is a completion to take
        path_input = self.query_one("#path-input", Input)
        if event.key == "tab" and path_input.has_focus and path_input._suggestion:
            event.stop()
            event.prevent_default()
            path_input.value = path_input._suggestion
            path_input.cursor_position = len(path_input.value)

    def submit(self) -> None:
        path = self.path
        problem = log_path_error(path, self.errors)
        if problem:
            self.show_error(problem)
            return
        self.dismiss(path)


class ExportDialog(PathDialog):
    """Returns the path to write; an existing file needs a second, explicit confirmation."""

    def __init__(self, title: str, prompt: str, value: str, labels: dict[str, str],
                 errors: dict[str, str]) -> None:
        super().__init__(title, prompt, value, labels)
        self.errors = errors
        self._confirmed: Path | None = None

    def extra_buttons(self) -> list[Button]:
        return [
            Button(Content(self.labels["overwrite"]), id="path-overwrite", variant="error",
                   compact=True, classes="hidden"),
            Button(Content(self.labels["rename"]), id="path-rename", compact=True,
                   classes="hidden"),
        ]

    def extra_fields(self) -> ComposeResult:
        yield Static(plain(self.labels["ticket"]))
        yield Input(id="ticket-input", max_length=200)
        yield Static(plain(self.labels["note"]))
        yield Input(id="note-input", max_length=2000)

    @property
    def ticket(self) -> str:
        return self.query_one("#ticket-input", Input).value

    @property
    def note(self) -> str:
        return self.query_one("#note-input", Input).value

    def _show_conflict(self, show: bool) -> None:
        self.query_one("#path-overwrite").set_class(not show, "hidden")
        self.query_one("#path-rename").set_class(not show, "hidden")
        self.query_one("#path-ok").set_class(show, "hidden")  # Overwrite takes its place

    @on(Input.Changed, "#path-input")
    def _changed(self, event: Input.Changed) -> None:
        self._confirmed = None
        self._show_conflict(False)
        self.show_error("")

    @on(Button.Pressed, "#path-overwrite")
    def _overwrite(self, event: Button.Pressed) -> None:
        event.stop()
        self._confirmed = self.path
        self.checked_submit()

    @on(Button.Pressed, "#path-rename")
    def _rename(self, event: Button.Pressed) -> None:
        event.stop()
        try:
            new = free_name(self.path)
        except (OSError, ValueError):
            return  # the same path error is already shown
        self.query_one("#path-input", Input).value = str(new)
        self.query_one("#path-input", Input).focus()

    def submit(self) -> None:
        path = self.path
        if not str(path).strip() or str(path) == ".":
            self.show_error(self.errors["empty"])
            return
        if path.is_dir():
            self.show_error(self.errors["is_dir"].format(path=path))
            return
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            self.show_error(self.errors["no_parent"].format(path=parent))
            return
        if path.exists() and self._confirmed != path:
            self.show_error(self.errors["exists"].format(path=path, new=free_name(path).name))
            self._show_conflict(True)
            return
        self.dismiss(path)


def _texts(lang: str, prefix: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The strings ``<prefix>.<key>`` in ``lang``, by key (a dialog's labels, errors)."""
    return {key: t(lang, f"{prefix}.{key}") for key in keys}


def open_log_dialog(lang: str, value: str, places: list[str] | None = None
                    ) -> OpenLogDialog:
    """F4: which log file or folder to scan, prefilled with ``value`` (else the first of
    the known ``places``)."""
    places = places or []
    return OpenLogDialog(
        t(lang, "open.title"), t(lang, "open.prompt_any"), value or next(iter(places), ""),
        {"ok": t(lang, "open.ok"), "cancel": t(lang, "dialog.cancel"),
         "places": t(lang, "open.places")},
        _texts(lang, "open.error", ("empty", "missing", "is_dir", "not_file", "unreadable",
                                    "too_big")), places)


def export_dialog(lang: str, value: Path) -> ExportDialog:
    """F5: where to write the report, prefilled with ``value``."""
    return ExportDialog(
        t(lang, "export.title"), t(lang, "export.prompt"), str(value),
        {"cancel": t(lang, "dialog.cancel"),
         **_texts(lang, "export", ("ok", "overwrite", "rename", "ticket", "note"))},
        _texts(lang, "export.error", ("empty", "is_dir", "no_parent", "exists")))
