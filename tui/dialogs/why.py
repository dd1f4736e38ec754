"""Why is this cause ranked here: the rules that fired, the facts they matched, and where
each rule is written (file:line)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from jamfkb.tui.bindings import bindings_for
from jamfkb.tui.dialogs import localize_bindings
from jamfkb.tui.highlight import plain
from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from jamfkb.engine.consultation import Diagnosis, RankedCause
    from jamfkb.kb.model import KnowledgeBase


class WhyDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    WhyDialog { align: center middle; }
    WhyDialog > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    WhyDialog VerticalScroll { height: auto; max-height: 20; }
    WhyDialog .why-line { margin-bottom: 1; }
    WhyDialog #why-close { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("WhyDialog")  # see tui/bindings.py

    def __init__(self, title: str, subtitle: str, lines: list[str], close_label: str,
                 empty_text: str) -> None:
        super().__init__()
        self.title_text = title
        self.subtitle = subtitle
        self.lines = lines
        self.close_label = close_label
        self.empty_text = empty_text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text).stylize("bold"), id="why-title")
            yield Static(plain(self.subtitle), id="why-subtitle")
            with VerticalScroll():
                if not self.lines:
                    yield Static(plain(self.empty_text))
                for line in self.lines:
                    yield Static(Content("• ") + plain(line), classes="why-line")
            yield Button(Content(self.close_label), id="why-close", compact=True)

    def on_mount(self) -> None:
        localize_bindings(self.app)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)


def why_dialog(kb: KnowledgeBase, diagnosis: Diagnosis, cause: RankedCause,
               lang: str) -> WhyDialog:
    """F6: why ``cause`` is ranked where it is, in ``lang``."""
    from jamfkb.tui.report import cause_why_lines

    return WhyDialog(
        t(lang, "why.title"),
        t(lang, "why.subtitle", title=kb.title(cause.id, lang),
          certainty=f"{cause.certainty:.0%}"),
        cause_why_lines(kb, diagnosis, cause, lang),
        t(lang, "dialog.close"),
        t(lang, "why.empty"),
    )
