"""Every key binding of the app, once: one record per binding.

The classes' ``BINDINGS``, the key map's validation (``keymap.py``), the help screen, the
command palette and the key hints shown in the text (``JamfkbApp.key_display``) are all
built from :data:`TABLE`, so a binding is added, renamed or given another key here only.

An ID may appear under two owners: F1 and F2 are bound by the app (everywhere, hidden)
and by the main screen (shown in its footer, with priority over the focused widget). A
user's key map remaps an ID wherever it is bound.

No Textual class is imported at module level (the table is read by the CLI's tests and
the key map without starting the UI); :func:`bindings_for` builds Textual bindings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from textual.binding import Binding

APP = "app"  # the owner of bindings active everywhere

# The owners whose bindings the help screen lists, in its order (the dialogs' Escape and
# the help screen's own Close are told on screen).
HELP_OWNERS = (APP, "MainScreen", "QueryBox", "QuestionPanel", "ArticleView", "AnswerList")


@dataclass(frozen=True, slots=True)
class BindingRecord:
    """One binding: what a user can remap (``id``) and where it acts (``owner``)."""

    id: str
    keys: tuple[str, ...]  # default keys; several keys share one ID (F4 and Ctrl+O)
    action: str
    owner: str  # APP, or the class name of a screen, a dialog or a widget
    show: bool = True  # shown in the footer
    priority: bool = False  # acts before the focused widget sees the key
    hint_keys: tuple[str, ...] = ()  # the keys that hints show, when not all of them
    in_help: bool = True  # listed one by one in the help screen (answer-N are summed up)

    @property
    def description_key(self) -> str:
        """The strings.toml key of its description, in both languages."""
        return f"binding.{self.id}"

    @property
    def shown_keys(self) -> tuple[str, ...]:
        return self.hint_keys or self.keys


def _r(binding_id: str, keys: str, action: str, owner: str, show: bool = True, *,
       priority: bool = False, hint: str = "", in_help: bool = True) -> BindingRecord:
    return BindingRecord(binding_id, tuple(keys.split(",")), action, owner, show, priority,
                         tuple(hint.split(",")) if hint else (), in_help)


MAIN = "MainScreen"
QUESTIONS = "QuestionPanel"
# Every F-key has a Ctrl twin that reaches the app in Terminal.app and iTerm2 without fn
# (the F-keys are media keys there). Not the Ctrl keys a terminal or Textual takes for
# itself (s, q, z, c, m, i, h, j; p opens the palette), nor those the query box edits
# with (a, e, w, d, k, u…): ctrl+x and ctrl+y only lose the query box's cut and redo.
TABLE: tuple[BindingRecord, ...] = (
    _r("help", "f1", "help", APP, show=False, hint="f1,question_mark"),
    _r("language", "f2,ctrl+l", "toggle_language", APP, show=False),
    _r("theme", "f8,ctrl+t", "toggle_theme", APP, show=False),
    _r("quit", "ctrl+q", "quit", APP, priority=True),
    _r("help", "f1", "app.help", MAIN, priority=True, hint="f1,question_mark"),
    # "?" is no priority: typed in the query box, it is a question mark
    _r("help-mac", "question_mark", "app.help", MAIN, show=False),
    _r("language", "f2,ctrl+l", "app.toggle_language", MAIN, priority=True),
    _r("browse", "f3,ctrl+b", "browse", MAIN, show=False, priority=True),
    _r("open-log", "f4,ctrl+o", "open_log", MAIN, priority=True),
    _r("export", "f5,ctrl+x,ctrl+s", "export", MAIN, priority=True, hint="f5,ctrl+x"),
    _r("why", "f6,ctrl+y", "why", MAIN, priority=True),
    _r("copy-code", "f7,ctrl+g", "copy_code", MAIN, show=False, priority=True),
    _r("findings", "f9,ctrl+f", "show_findings", MAIN, show=False, priority=True),
    _r("new-consultation", "ctrl+n", "new_consultation", MAIN, priority=True),
    _r("clear-answers", "ctrl+r", "clear_answers", MAIN, show=False, priority=True),
    _r("undo-answer", "ctrl+u", "undo_answer", MAIN, show=False, priority=True),
    # "[" and "]": for keyboards and terminals where Alt+arrow does not arrive
    _r("back", "alt+left,left_square_bracket", "back", MAIN, show=False, hint="alt+left"),
    _r("forward", "alt+right,right_square_bracket", "forward", MAIN, show=False,
       hint="alt+right"),
    _r("focus-query", "escape", "focus_query", MAIN, show=False),
    # Letters act only where they mean something: t in the article, y / n / u and digits
    # in the questions. Anywhere else, a letter goes to the query box (MainScreen.on_key):
    # words typed after a Tab never answer a question by accident.
    _r("toc", "t", "screen.toggle_toc", "ArticleView", show=False),
    # o: "oui" (in both languages: a key never changes meaning)
    _r("answer-yes", "y,o", "screen.answer_first('yes')", QUESTIONS, show=False,
       in_help=False),
    _r("answer-no", "n", "screen.answer_first('no')", QUESTIONS, show=False, in_help=False),
    _r("answer-unknown", "u", "screen.answer_first('unknown')", QUESTIONS, show=False,
       in_help=False),
    *(_r(f"answer-{n}", str(n), f"screen.answer_number({n})", QUESTIONS, show=False,
         in_help=False) for n in range(1, 10)),
    _r("query-next", "tab", "leave", "QueryBox", show=False),
    _r("clear-query", "ctrl+k", "clear_query", "QueryBox", show=False),
    _r("answer-remove", "delete,backspace,x", "remove_answer", "AnswerList", in_help=False),
    _r("change-yes", "y,o", "set_answer('yes')", "AnswerList", show=False),
    _r("change-no", "n", "set_answer('no')", "AnswerList", show=False),
    _r("change-unknown", "u", "set_answer('unknown')", "AnswerList", show=False),
    _r("dialog-cancel", "escape", "cancel", "PathDialog"),
    _r("dialog-close", "escape,q,f6", "dismiss_dialog", "WhyDialog"),
    _r("help-close", "escape,f1,q", "app.pop_screen", "HelpScreen"),
)


def records_of(owner: str) -> list[BindingRecord]:
    return [record for record in TABLE if record.owner == owner]


def bindings_for(owner: str) -> list[Binding]:
    """The ``BINDINGS`` of a class: its records as Textual bindings, described in English
    until the app relabels them (``JamfkbApp.localize_bindings``)."""
    from textual.binding import Binding

    return [Binding(",".join(r.keys), r.action, t("en", r.description_key), show=r.show,
                    priority=r.priority, id=r.id) for r in records_of(owner)]


def by_id() -> dict[str, BindingRecord]:
    """Each ID's record; of an ID bound twice, the later owner in the table (the main
    screen's F1 rather than the app's: the key map checks clashes where it is shown)."""
    return {record.id: record for record in TABLE}


def default_keys(binding_id: str) -> tuple[str, ...]:
    """The keys a hint shows for ``binding_id`` unless the user remapped it."""
    return by_id()[binding_id].shown_keys


def help_records() -> list[BindingRecord]:
    """Every binding the help screen lists, once per ID, in the table's order."""
    seen: set[str] = set()
    out: list[BindingRecord] = []
    for owner in HELP_OWNERS:
        for record in records_of(owner):
            if record.in_help and record.id not in seen:
                seen.add(record.id)
                out.append(record)
    return out
