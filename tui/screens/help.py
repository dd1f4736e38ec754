"""F1: every key (from the bindings themselves) and the help text (help.<lang>.md)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from jamfkb.tui.bindings import bindings_for, help_records
from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from jamfkb.tui.app import JamfkbApp


def help_text(lang: str) -> str:
    help_file = resources.files("jamfkb.tui").joinpath(f"data/help.{lang}.md")
    return help_file.read_text(encoding="utf-8")


def bindings_in_help() -> list[Binding]:
    """Every binding the user can press, once each, app first (from tui/bindings.py)."""
    return [Binding(",".join(r.keys), r.action, t("en", r.description_key), show=r.show,
                    id=r.id) for r in help_records()]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("HelpScreen")  # see tui/bindings.py

    app: JamfkbApp

    def compose(self) -> ComposeResult:
        yield Static(id="help-status", markup=False)
        with VerticalScroll(id="help-scroll"):
            yield Markdown(id="help-text", open_links=False)
        yield Footer()

    async def on_mount(self) -> None:
        lang = self.app.lang
        self.app.localize_bindings()
        self.query_one("#help-status", Static).update(t(lang, "help.status"))
        rows = [f"| {t(lang, 'help.key')} | {t(lang, 'help.action')} |", "|---|---|"]
        keymap = getattr(self.app, "keymap", {})
        for binding in bindings_in_help():
            assert binding.id is not None
            bound = keymap.get(binding.id, binding.key)
            keys = ", ".join(self.app.get_key_display(Binding(k.strip(), binding.action))
                             for k in bound.split(","))
            row = f"{t(lang, f'binding.{binding.id}')} (`{binding.id}`)"
            rows.append(f"| {_md_cell(keys)} | {_md_cell(row)} |")
        rows.append(f"| y / n / u | {_md_cell(t(lang, 'binding.answer-keys'))} |")
        rows.append(f"| 1 … 9 | {_md_cell(t(lang, 'binding.answer-numbers'))} |")
        palette = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
        rows.append(f"| {_md_cell(palette)} | {_md_cell(t(lang, 'binding.palette'))} |")
        body = help_text(lang) + f"\n\n## {t(lang, 'help.keys')}\n\n" + "\n".join(rows) + "\n"
        self.query_one("#help-scroll").focus()
        await self.query_one(Markdown).update(body)
