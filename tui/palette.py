"""The command palette (Ctrl+P): the main actions, named after their bindings, then the
current questions' answers, the article's code blocks and its links.

The provider class is defined on first use: ``textual.command`` is not needed for the
first frame.

Titles and help texts hold content (question titles, choice labels, code, linked titles):
they are made terminal-safe here and handed to the palette as ``Content``, never as
markup, since the palette parses a plain ``str`` prompt or help as markup
(``[@click=app.quit]`` would run, ``[/]`` would crash it, ``[name]`` would vanish).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from jamfkb.tui.bindings import APP, by_id
from jamfkb.tui.i18n import t
from jamfkb.tui.safe_text import safe_line

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.content import Content
    from textual.fuzzy import Matcher

    from jamfkb.tui.app import JamfkbApp

Command = tuple[str, Any, str]  # title, callback, help text (the key, or a detail)

# (string key of the title, binding ID) in palette order; the action and the key come
# from the binding table. None: an action with no key.
ENTRIES: tuple[tuple[str, str | None], ...] = (
    ("cmd.help", "help"),
    ("cmd.new_consultation", "new-consultation"),
    ("cmd.language", "language"),
    ("cmd.theme", "theme"),
    ("cmd.open_log", "open-log"),
    ("cmd.findings", "findings"),
    ("cmd.export", "export"),
    ("cmd.why", "why"),
    ("cmd.clear_answers", "clear-answers"),
    ("cmd.browse", "browse"),
    ("cmd.back", "back"),
    ("cmd.forward", "forward"),
    ("cmd.toc", "toc"),
    ("cmd.copy_article", None),
    ("cmd.quit", "quit"),
)
UNBOUND_ACTIONS = {"cmd.copy_article": "copy_article"}  # main-screen actions with no key


def _action(app: JamfkbApp, binding_id: str | None, title_key: str) -> Callable[[], Any]:
    """The method a binding runs: ``app.x`` and the app's own bindings on the app, the
    rest on the main screen."""
    if binding_id is None:
        return getattr(app.main_screen, f"action_{UNBOUND_ACTIONS[title_key]}")
    record = by_id()[binding_id]
    name = record.action
    if name.startswith("app.") or record.owner == APP:
        return getattr(app, f"action_{name.removeprefix('app.')}")
    # a widget's binding that acts on its screen (the table of contents)
    return getattr(app.main_screen, f"action_{name.removeprefix('screen.')}")


def answer_commands(app: JamfkbApp) -> list[Command]:
    """"Answer: <question> → <choice>" for the questions shown."""
    engine = app.engine
    if engine is None or not app.main_screen.results_mounted:
        return []
    from jamfkb.tui.report import choice_label

    kb, lang, screen = engine.kb, app.lang, app.main_screen
    cmds: list[Command] = []
    for question in screen.diagnose_pane.questions:
        if question not in kb.nodes:
            continue
        title = kb.title(question, lang)
        for choice in kb.nodes[question].answers:
            label = choice_label(kb, question, choice, lang)
            cmds.append((safe_line(t(lang, "cmd.answer", question=title, choice=label), 300),
                         partial(screen.answer, question, choice), safe_line(question)))
    return cmds


def palette_commands(app: JamfkbApp) -> list[Command]:
    lang = app.lang
    screen = app.main_screen
    cmds: list[Command] = [
        (t(lang, key), _action(app, binding_id, key),
         app.key_display(binding_id) if binding_id else "")
        for key, binding_id in ENTRIES
    ]
    cmds.extend(answer_commands(app))
    cmds.extend(screen.consultations.recent_commands())
    for block in screen.code_blocks():
        first = block.code.splitlines()[0] if block.code else ""
        cmds.append((t(lang, "cmd.copy_block", n=block.index),
                     lambda n=block.index: screen.action_copy_code(n), safe_line(first, 60)))
    engine = app.engine
    if engine is not None:
        from jamfkb.tui.article import internal_links

        for target in internal_links(screen.article_source):
            title = safe_line(t(lang, "cmd.open_link", title=engine.kb.title(target, lang)), 300)
            cmds.append((title, lambda target=target: screen.show_node(target),
                         safe_line(target)))
    return cmds


def literal(text: str) -> Content:
    """``text`` as palette content, shown exactly as written (``Content`` is never markup)."""
    from textual.content import Content

    return Content(safe_line(text, 300))


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """``Matcher.highlight`` without its markup parsing: the same fuzzy-match offsets
    styled on literal content."""
    text = safe_line(text, 300)
    content = literal(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@lru_cache(maxsize=1)
def jamfkb_commands() -> type[Provider]:
    """The command palette provider, defined on first use."""
    from textual.command import DiscoveryHit, Hit, Hits, Provider

    class JamfkbCommands(Provider):
        """Palette entries for the main actions, the current questions' answers, and the
        current article's code blocks and links."""

        def _commands(self) -> list[Command]:
            return palette_commands(self.app)  # type: ignore[arg-type]

        # help= is typed str, but the palette runs it through Content.from_markup, which
        # returns a Content unchanged: the only way to show it literally.
        async def discover(self) -> Hits:
            for title, callback, help_text in self._commands():
                yield DiscoveryHit(literal(title), callback, text=safe_line(title, 300),
                                   help=literal(help_text))  # type: ignore[arg-type]

        async def search(self, query: str) -> Hits:
            matcher = self.matcher(query)
            for title, callback, help_text in self._commands():
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score, literal_highlight(matcher, title), callback,
                              text=safe_line(title, 300),
                              help=literal(help_text))  # type: ignore[arg-type]

    return JamfkbCommands
