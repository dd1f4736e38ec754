"""The engine's next questions, each with a button per answer (yes / no / don't know); a
version question also has a one-line input (``10.25.0``), checked before it is answered."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from jamfkb.tui.bindings import bindings_for

if TYPE_CHECKING:
    from jamfkb.kb.model import KnowledgeBase

# as in kb.model (not imported here: the engine is imported after the first frame)
YES_NO: tuple[str, ...] = ("yes", "no")
UNKNOWN = "unknown"

YES_NO_KEYS = {"yes": "y", "no": "n", UNKNOWN: "u"}


def answer_keys(choices: tuple[str, ...]) -> dict[str, str]:
    """Key hint per choice of the first question: y/n/u, or digits for other choices."""
    if set(choices) <= {*YES_NO, UNKNOWN}:
        return {c: YES_NO_KEYS[c] for c in choices}
    keys = {c: str(i) for i, c in enumerate((c for c in choices if c != UNKNOWN), start=1)}
    keys[UNKNOWN] = "u"
    return keys


class AnswerButton(Button):
    def __init__(self, question: str, choice: str, label: Content) -> None:
        super().__init__(label, compact=True, classes="answer")
        self.question = question
        self.choice = choice


class VersionInput(Input):
    """The version answer of ``question``: Enter submits it (see QuestionItem)."""

    DEFAULT_CSS = """
    VersionInput { width: 24; margin-right: 1; }
    """

    def __init__(self, question: str, placeholder: str) -> None:
        super().__init__(placeholder=placeholder, compact=True, max_length=20,
                         classes="version-input")
        self.question = question


class QuestionItem(Vertical):
    DEFAULT_CSS = """
    QuestionItem { height: auto; margin-bottom: 1; }
    QuestionItem > .version-note { height: auto; color: $text-muted; }
    QuestionItem > .version-error { height: auto; color: $text-error; }
    QuestionItem > .question-title { height: auto; }
    QuestionItem > Horizontal { height: auto; }
    QuestionItem AnswerButton { margin-right: 1; min-width: 6; }
    /* Other choices can be long: one per line, full width, wrapped, never cut. */
    QuestionItem > .choices { height: auto; }
    QuestionItem > .choices AnswerButton {
        width: 1fr; margin: 0; text-align: left; content-align: left top;
    }
    """

    def __init__(self, kb: KnowledgeBase, question: str, choices: tuple[str, ...], lang: str,
                 first: bool, reveal: bool = False, found: str = "") -> None:
        super().__init__()
        self.kb = kb
        self.question = question
        self.choices = choices
        self.lang = lang
        self.first = first
        self.reveal = reveal  # scroll into view once laid out (see QuestionPanel.show)
        self.found = found  # a version question: what was read in the text, as a sentence
        self.asks_version = question in kb.nodes and kb.nodes[question].asks_version

    def on_resize(self) -> None:
        # The first size is known after the layout, not when mounted: scroll then.
        if self.reveal and self.size.height:
            self.reveal = False
            self.reveal_now()

    def reveal_now(self) -> None:
        """Scroll into view now, and once more after the next refresh: sections above it
        (topics, causes) may still change height in the same render and push it away."""
        self.scroll_visible(animate=False, immediate=True)
        self.call_after_refresh(self.scroll_visible, animate=False, immediate=True)
        # and once the pane's scrollable size has caught up with what was just mounted
        # (until then the scroll is clamped short of the question)
        self.set_timer(0.1, lambda: self.scroll_visible(animate=False, immediate=True))

    def compose(self) -> ComposeResult:
        from jamfkb.tui.highlight import plain
        from jamfkb.tui.report import choice_label

        title = self.kb.title(self.question, self.lang)
        yield Static(Content("? ").stylize("bold $accent") + plain(title),
                     classes="question-title")
        if self.found:
            yield Static(plain(self.found), classes="version-note")
        keys = answer_keys(self.choices) if self.first else {}
        yes_no = set(self.choices) <= {*YES_NO, UNKNOWN}
        with Horizontal() if yes_no else Vertical(classes="choices"):
            if self.asks_version:
                from jamfkb.tui.i18n import t

                yield VersionInput(self.question, t(self.lang, "version.placeholder"))
            for choice in self.choices:
                label = plain(choice_label(self.kb, self.question, choice, self.lang))
                if choice in keys:
                    key = keys[choice]
                    if key == "y" and self.lang == "fr":
                        key = "o"  # oui (y works too)
                    label = Content(f"{key} ").stylize("bold") + label
                yield AnswerButton(self.question, choice, label)
        if self.asks_version:
            error = Static("", classes="version-error", markup=False)
            error.display = False
            yield error

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the version input: a valid version is answered, else a one-line
        message says so and nothing is recorded."""
        if not isinstance(event.input, VersionInput):
            return
        event.stop()
        from jamfkb.kb.text import one_line
        from jamfkb.kb.versions import parse_version
        from jamfkb.tui.i18n import t

        text = event.value.strip()
        error = self.query_one(".version-error", Static)
        if parse_version(text) is None:
            error.update(t(self.lang, "version.invalid", text=one_line(text, 30)))
            error.display = True
            return
        error.display = False
        self.post_message(QuestionPanel.Answered(self.question, text))


class QuestionPanel(Vertical):
    """Posts :class:`QuestionPanel.Answered` when an answer button is pressed."""

    DEFAULT_CSS = """
    QuestionPanel { height: auto; }
    """

    # y / n / u and 1…9 answer only while an answer button has the focus: a letter typed
    # elsewhere goes to the query box (see tui/bindings.py)
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("QuestionPanel")

    class Answered(Message):
        def __init__(self, question: str, choice: str) -> None:
            super().__init__()
            self.question = question
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.questions: tuple[str, ...] = ()
        self._shown: tuple[object, ...] | None = None

    async def show(self, kb: KnowledgeBase, questions: tuple[str, ...],
                   choices: dict[str, tuple[str, ...]], lang: str, force: bool = False,
                   reveal: bool = False, found: dict[str, str] | None = None) -> None:
        """``reveal``: scroll the first question into view. ``found``: per version
        question, the sentence saying which version was read in the text."""
        found = found or {}
        key = (questions, lang, tuple(sorted(found.items())))
        if key == self._shown and not force:
            if reveal and (items := self.query(QuestionItem)):
                items.first().reveal_now()
            return
        self._shown = key
        self.questions = questions
        had_focus = self.has_focus_within
        await self.remove_children()
        await self.mount_all(
            QuestionItem(kb, q, choices[q], lang, first=(i == 0), reveal=reveal and i == 0,
                         found=found.get(q, ""))
            for i, q in enumerate(questions)
        )
        if had_focus and (buttons := self.query(AnswerButton)):
            # answered by key: the next question keeps the focus, so the next y / n / u
            # answers it (a lost focus would send the letters to the query box)
            buttons.first().focus(scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, AnswerButton):
            event.stop()
            self.post_message(self.Answered(event.button.question, event.button.choice))
