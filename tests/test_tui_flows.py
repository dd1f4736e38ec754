"""Pilot-driven tests of every TUI flow, on the tiny fixture knowledge base."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import threading
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, Static

from jamfkb.kb.store import current_umask
from jamfkb.tui.app import JamfkbApp
from jamfkb.tui.dialogs.path_dialog import ExportDialog, OpenLogDialog
from jamfkb.tui.dialogs.why import WhyDialog
from jamfkb.tui.highlight import matched_word_spans, query_words
from jamfkb.tui.screens.help import HelpScreen
from jamfkb.tui.screens.main import MainScreen
from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.article import ArticleView
from jamfkb.tui.widgets.browse import BrowseTree
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.content_errors import ContentErrors
from jamfkb.tui.widgets.findings import FindingList
from jamfkb.tui.widgets.query_box import QueryBox
from jamfkb.tui.widgets.questions import AnswerButton, QuestionItem, answer_keys
from jamfkb.tui.widgets.symptoms import SymptomList
from jamfkb.tui.widgets.tab_bar import TabBar
from tests.pilot_support import ready, settle, wait_for

TINY = Path(__file__).parent / "fixtures" / "tiny"
SIZE = (100, 30)


def run(coro: Awaitable[None]) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


async def type_query(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


async def open_dialog(pilot: Pilot[Any], key: str, kind: type[Any]) -> Any:
    """Press ``key`` and return the dialog it opened."""
    await pilot.press(key)
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, kind)
    return dialog


async def submit_path(pilot: Pilot[Any], dialog: Any, path: Path | str) -> None:
    """Type ``path`` in a path dialog and press Enter."""
    dialog.query_one(Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


def certainty(screen: MainScreen, cause_id: str) -> float:
    d = screen.diagnosis
    assert d is not None
    for cause in (*d.causes, *d.ruled_out):
        if cause.id == cause_id:
            return cause.certainty
    return 0.0


def cause_ids(screen: MainScreen) -> list[str]:
    return screen.query_one(CauseList).cause_ids


def replace_text(path: Path, text: str) -> None:
    """Write as an editor saving atomically would: the live reload never sees a file
    half written (truncated, then filled)."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text)
    os.replace(temporary, path)


def make_app(content: Path = TINY, lang: str | None = "en", **kw: Any) -> JamfkbApp:
    return JamfkbApp(content=content, lang=lang, cursor_blink=False, **kw)


@pytest.fixture(autouse=True)
def _env(tui_env: Path) -> None:
    pass


# ------------------------------------------------------------------ 1. search as you type


def test_typing_updates_symptoms_and_causes() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert isinstance(pilot.app.focused, QueryBox)
            assert cause_ids(screen) == []
            await type_query(pilot, "printer does not print")
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]
            symptoms = screen.query_one(SymptomList)
            assert symptoms.get_option_at_index(0).id == "printer-broken"
            prompt = symptoms.get_option_at_index(0).prompt
            assert "printer" in str(prompt)
            # the matched words are styled, the others not
            assert any(span.style for span in prompt.spans)  # type: ignore[union-attr]
            await type_query(pilot, " paper jam")
            assert "paper-jam" in [symptoms.get_option_at_index(i).id
                                   for i in range(symptoms.option_count)]
    run(scenario())


def test_highlight_matches_folded_and_misspelt_words() -> None:
    wanted = query_words("Imprimante n'imprime PAS, printr")
    assert matched_word_spans("L’imprimante ne marche", wanted) == ["imprimante"]
    assert matched_word_spans("The printer does not print", query_words("printers")) == [
        "printer"]


def test_multiline_paste_keeps_newlines_and_finds_signatures() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            box = screen.query_one(QueryBox)
            box.post_message(events.Paste("first line\nPRN-042 toner cartridge empty\nlast"))
            await settle(pilot)
            assert box.text.count("\n") == 2
            assert screen.diagnosis is not None
            assert [h.problem for h in screen.diagnosis.signatures] == ["printer-broken"]
            assert "toner-empty" in cause_ids(screen)
    run(scenario())


def test_first_paint_before_the_knowledge_base_is_loaded(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import jamfkb.kb.store

    real_load = jamfkb.kb.store.load
    release = threading.Event()

    def held_load(*args: Any, **kwargs: Any) -> Any:
        release.wait(60)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(jamfkb.kb.store, "load", held_load)

    async def scenario() -> None:
        app = make_app()
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause(0.05)
                assert app.engine is None
                status = str(app.main_screen.query_one("#status", Static).render())
                assert "Loading knowledge base" in status
                await pilot.press(*"printer does not print")  # typing works while loading
                assert app.engine is None
                release.set()
                screen = await ready(pilot)
                assert cause_ids(screen) == ["toner-empty", "driver-missing"]
        finally:
            release.set()
    run(scenario())


def test_every_key_while_loading_is_safe_and_results_mount_with_the_knowledge_base(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The result widgets are mounted with the knowledge base (not in the first frame):
    keys that reach for them before then do nothing harmful."""
    import jamfkb.kb.store

    real_load = jamfkb.kb.store.load
    release = threading.Event()

    def held_load(*args: Any, **kwargs: Any) -> Any:
        release.wait(60)  # the finally below releases it in any case
        return real_load(*args, **kwargs)

    monkeypatch.setattr(jamfkb.kb.store, "load", held_load)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.05)
            screen = app.main_screen
            assert not screen.results_mounted
            assert not screen.query(CauseList) and not screen.query(BrowseTree)
            box = screen.query_one(QueryBox)
            await pilot.press(*"printer does not print")
            for key in ("tab", "down"):  # nothing to go to yet: the box keeps the focus
                await pilot.press(key)
                assert box.has_focus
            screen.set_focus(None)  # as on a terminal focus-out: the screen's keys act
            for key in ("y", "1", "t", "f3", "f9", "f6", "f2", "f2", "ctrl+r", "escape"):
                await pilot.press(key)
            assert app.engine is None and app.lang == "en"
            assert box.has_focus and box.text == "printer does not print"
            hint = str(screen.query_one("#causes-hint", Static).render())
            assert "Loading knowledge base" in hint
            release.set()
            await ready(pilot)
            assert screen.results_mounted
            assert [w.id for w in screen.query_one("#diagnose").children] == [
                "symptoms-title", "symptoms", "causes-title", "causes-keys", "causes-hint",
                "causes", "questions-title", "questions", "answers-header", "answers"]
            assert screen.query_one(BrowseTree).display
            assert screen.query_text == "printer does not print"
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]

    try:
        run(scenario())
    finally:
        release.set()  # never leave the loader thread waiting on a failed test


# ------------------------------------------------------------------ 4. consultation


def test_answering_by_key_and_click_reranks_then_clear() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            before = {c.id: c.certainty for c in screen.diagnosis.causes}  # type: ignore[union-attr]
            assert screen.diagnosis.questions[0] == "toner-light"  # type: ignore[union-attr]
            screen.query_one(CauseList).focus()
            await pilot.press("n")  # "no" to the first question
            await settle(pilot)
            assert screen.answers == {"toner-light": "no"}
            after = {c.id: c.certainty for c in screen.diagnosis.causes}  # type: ignore[union-attr]
            assert after["driver-missing"] > before["driver-missing"]
            assert cause_ids(screen)[0] == "driver-missing"
            # click "Yes" on the next question (new-computer)
            button = next(b for b in screen.query(AnswerButton)
                          if b.question == "new-computer" and b.choice == "yes")
            await pilot.click(button)
            await settle(pilot)
            assert screen.answers == {"toner-light": "no", "new-computer": "yes"}
            assert screen.query_one(AnswerList).option_count == 2
            # change an answer from the answers list
            answers = screen.query_one(AnswerList)
            answers.focus()
            answers.highlighted = 0
            toner_with_no = certainty(screen, "toner-empty")
            await pilot.press("y")
            await settle(pilot)
            assert screen.answers["toner-light"] == "yes"
            toner_with_yes = certainty(screen, "toner-empty")
            assert toner_with_yes > toner_with_no
            # remove one, then clear all
            await pilot.press("delete")
            await settle(pilot)
            assert "toner-light" not in screen.answers
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert screen.answers == {}
            assert {c.id: c.certainty for c in screen.diagnosis.causes} == before  # type: ignore[union-attr]
    run(scenario())


def test_why_modal_lists_rules_and_sources() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("f6")
            await settle(pilot)
            dialog = pilot.app.screen
            assert isinstance(dialog, WhyDialog)
            assert any("toner-empty.toml:3" in line for line in dialog.lines)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MainScreen)
    run(scenario())


# ------------------------------------------------------------------ 2, 3. browse, article


def test_clicking_the_tab_labels_switches_panes_in_both_languages() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            bar = screen.query_one(TabBar)

            async def click(label: str) -> None:
                """Click the middle of a label, found in the row as drawn."""
                x = 1 + str(bar.render()).index(label) + len(label) // 2  # 1: padding
                await pilot.click("#tabs", offset=(x, 0))
                await settle(pilot)

            assert "Diagnose" in str(bar.render()) and bar.active == "tab-diagnose"
            await click("Browse")
            assert screen.active_pane == "tab-browse" == bar.active
            assert pilot.app.focused is screen.query_one(BrowseTree)
            assert screen.query_one(BrowseTree).display
            assert not screen.query_one("#tab-diagnose").display
            await click("Log findings")
            assert screen.active_pane == "tab-findings"
            await pilot.press("f2")  # the French labels have other widths: the spans follow
            await settle(pilot)
            assert "Parcourir" in str(bar.render())
            await click("Diagnostic")
            assert screen.active_pane == "tab-diagnose"
            assert pilot.app.focused is screen.query_one(QueryBox)
            await click("Parcourir")
            assert screen.active_pane == "tab-browse"
            await pilot.click("#tabs", offset=(bar.size.width - 1, 0))  # past the labels
            await settle(pilot)
            assert screen.active_pane == "tab-browse"
    run(scenario())


def test_browse_tree_problems_causes_resolutions() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert screen.active_pane == "tab-browse"
            tree = screen.query_one(BrowseTree)
            assert pilot.app.focused is tree
            problems = [n.data for n in tree.root.children if n.data]
            assert problems == ["paper-jam", "printer-broken"]  # sorted by English title
            printer = tree.root.children[1]
            assert [c.data for c in printer.children] == ["toner-empty", "driver-missing"]
            assert [r.data for r in printer.children[0].children] == ["replace-toner"]
            while tree.cursor_node is None or tree.cursor_node.data != "printer-broken":
                await pilot.press("down")
                await settle(pilot)
            assert screen.history.current == "printer-broken"
            await pilot.press("enter", "down")  # expand, then onto its first cause
            await settle(pilot)
            assert screen.history.current == "toner-empty"
            assert "The toner is empty" in screen.query_one(ArticleView).source_text
    run(scenario())


def test_links_navigate_inside_the_app_with_back_and_forward() -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.show_node("printer-broken")
            await settle(pilot)
            view = screen.query_one(ArticleView)
            assert "kb:toner-empty" in view.source_text
            meta = str(view.query_one("#article-meta", Static).render())
            assert "printer-broken" in meta
            markdown = view.query_one(Markdown)
            markdown.post_message(Markdown.LinkClicked(markdown, "kb:toner-empty"))
            await settle(pilot)
            assert screen.history.current == "toner-empty"
            assert "The toner is empty" in view.source_text
            view.document.focus()
            await pilot.pause()
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert screen.history.current == "printer-broken"
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert screen.history.current == "toner-empty"
            # external links are shown, never opened
            opened: list[str] = []
            app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
            markdown.post_message(Markdown.LinkClicked(markdown, "https://example.com/x"))
            await settle(pilot)
            assert opened == []
            assert any("https://example.com/x" in str(n.message) for n in app._notifications)
    run(scenario())


# ------------------------------------------------------------------ 6. language


def test_language_switch_keeps_answers_selection_and_history(tui_env: Path) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            screen.answer("toner-light", "yes")
            await settle(pilot)
            screen.show_node("printer-broken")
            screen.show_node("toner-empty")
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            assert app.lang == "fr"
            assert screen.answers == {"toner-light": "yes"}
            assert screen.history.current == "toner-empty"
            assert screen.history.can_go_back
            assert "Le toner est vide" in screen.query_one(ArticleView).source_text
            causes = screen.query_one(CauseList)
            assert "Le toner est vide" in str(causes.get_option_at_index(0).prompt)
            assert screen.query_one(QueryBox).text == "printer does not print"
            assert "Oui" in str(screen.query_one(AnswerList).get_option_at_index(0).prompt)
            assert app.active_bindings["f2"].binding.description == "English"
        saved = json.loads((tui_env / "config" / "settings.json").read_text())
        assert saved["lang"] == "fr"
        # the saved language is the default next time
        again = make_app(lang=None)
        assert again.lang == "fr"
    run(scenario())


def test_theme_toggle_is_saved(tui_env: Path) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            causes = screen.query_one(CauseList)

            def bar_colour() -> str:
                row = causes.get_option_at_index(0).prompt
                return str(row.bar_color)  # type: ignore[union-attr]

            dark = bar_colour()
            assert dark == str(app.theme_variables["success"])
            settings = tui_env / "config" / "settings.json"
            await pilot.press("f8")
            await settle(pilot)
            assert app.theme == "textual-light"
            assert json.loads(settings.read_text())["theme"] == "textual-light"
            app.theme = "nord"  # as the palette's "Change theme": another "success" colour
            await settle(pilot)
            assert bar_colour() == str(app.theme_variables["success"]) == "#A3BE8C"
            await pilot.press("f8")  # from any other theme, F8 goes back to dark
            await settle(pilot)
            assert app.theme == "textual-dark" and bar_colour() == dark
        assert json.loads(settings.read_text())["theme"] == "textual-dark"
    run(scenario())


def test_theme_chosen_in_the_palette_is_saved_and_restored(tui_env: Path) -> None:
    settings = tui_env / "config" / "settings.json"

    async def choose_in_palette() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"theme")
            await settle(pilot)
            await pilot.press("enter")  # "Theme: change the current theme"
            await settle(pilot)
            await pilot.press(*"nord")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert app.theme == "nord"
        assert json.loads(settings.read_text())["theme"] == "nord"

    async def restart(expected: str) -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.theme == expected

    run(choose_in_palette())
    run(restart("nord"))
    # A theme this Textual does not have (saved by another version) falls back to dark.
    settings.write_text(json.dumps({"lang": "en", "theme": "solarized-neon"}))
    run(restart("textual-dark"))
    assert json.loads(settings.read_text())["theme"] == "solarized-neon"  # not rewritten


# ------------------------------------------------------------------ 5. logs


def test_open_log_validates_then_scans(tmp_path: Path) -> None:
    log = tmp_path / "jamf.log"
    log.write_text("boot ok\nERROR PRN-042 toner cartridge empty\nTONER LOW warning seen\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            await submit_path(pilot, dialog, tmp_path / "missing.log")
            error = str(dialog.query_one("#path-error", Static).render())
            assert "No such file" in error
            await submit_path(pilot, dialog, tmp_path)
            assert "folder" in str(dialog.query_one("#path-error", Static).render())
            await submit_path(pilot, dialog, log)
            assert isinstance(pilot.app.screen, MainScreen)
            assert screen.active_pane == "tab-findings"
            findings = screen.query_one(FindingList)
            assert findings.option_count == 2
            assert screen.source == "log"
            assert "toner-empty" in cause_ids(screen)
            assert pilot.app.focused is findings
            assert screen.history.current == "printer-broken"  # the first finding's article
            findings.highlighted = 1
            await pilot.press("enter")
            await settle(pilot)
            assert screen.history.current == "toner-empty"
    run(scenario())


# ------------------------------------------------------------------ 8. export


def test_export_after_a_log_scan_names_the_log_and_its_lines(tmp_path: Path) -> None:
    log = tmp_path / "jamf.log"
    log.write_text("boot ok\nERROR PRN-042 toner cartridge empty\n")
    target = tmp_path / "from-log.md"

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            await submit_path(pilot, dialog, log)
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            await submit_path(pilot, dialog, target)
            written = target.read_text()
            assert f"Log file: `{log}`" in written and "log: " not in written
            assert f"`{log}:2`" in written  # the finding, as file:line
    run(scenario())


def test_export_refuses_to_overwrite_silently(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("precious")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            screen.answer("toner-light", "yes")
            await settle(pilot)
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            await submit_path(pilot, dialog, target)
            assert pilot.app.screen is dialog  # not dismissed
            assert "already exists" in str(dialog.query_one("#path-error", Static).render())
            assert target.read_text() == "precious"
            await pilot.click("#path-rename")
            await settle(pilot)
            assert dialog.query_one(Input).value == str(tmp_path / "report-1.md")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MainScreen)
            report = tmp_path / "report-1.md"
            assert report.stat().st_mode & 0o777 == 0o666 & ~current_umask()
            written = report.read_text()
            assert written.startswith("# jamfkb consultation")
            assert "printer does not print" in written
            assert "Is the toner light on? **Yes**" in written
            assert "lpstat -p" in written  # the resolution's steps
            assert target.read_text() == "precious"
            # explicit overwrite
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            await submit_path(pilot, dialog, target)
            await pilot.click("#path-overwrite")
            await settle(pilot)
            assert target.read_text().startswith("# jamfkb consultation")
    run(scenario())


# ------------------------------------------------------------------ 9. help, palette


def test_help_screen_lists_every_key() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(pilot.app.screen, HelpScreen)
            source = pilot.app.screen.query_one(Markdown).source
            for key in ("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "^q", "^r", "^p"):
                assert key.lower() in source.lower(), key
            assert "Why?" in source and "Export" in source
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, MainScreen)
    run(scenario())


def test_command_palette_runs_an_action() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            titles = [title for title, _, _ in pilot.app.palette_commands()]  # type: ignore[attr-defined]
            assert "Export the consultation as Markdown" in titles
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Browse problems")
            await settle(pilot)  # the palette's search worker has listed it
            await pilot.press("enter")
            await settle(pilot)
            assert pilot.app.main_screen.active_pane == "tab-browse"  # type: ignore[attr-defined]
    run(scenario())


# ------------------------------------------------------------------ 7. copy


def test_copy_code_block_notifies_and_falls_back_to_a_file(tui_env: Path) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.show_node("replace-toner")
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
            assert app.clipboard == "lpstat -p"
            messages = [str(n.message) for n in app._notifications]
            assert any("code block 1 of 1" in m and "clipboard.txt" in m for m in messages)
            assert (tui_env / "data" / "clipboard.txt").read_text() == "lpstat -p"
            screen.show_node("toner-empty")  # no code here
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
            assert any("no command" in str(n.message) for n in app._notifications)
    run(scenario())


# ------------------------------------------------------------------ 10. live reload


def test_live_reload_keeps_last_good_kb_and_shows_errors(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)

    async def scenario() -> None:
        app = make_app(content=tree, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            good = app.engine
            panel = screen.query_one(ContentErrors)
            assert not panel.has_class("-visible")
            toml = tree / "toner-empty.toml"
            original = toml.read_text()
            replace_text(toml, original.replace("cf = 0.8", 'cf = "high"'))
            await wait_for(pilot, lambda: bool(app.content_errors))
            await settle(pilot)
            assert app.engine is good  # the last good knowledge base stays
            assert panel.has_class("-visible")
            assert any("toner-empty.toml:" in line for line in panel.lines)
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]
            title = tree / "toner-empty.en.md"
            replace_text(toml, original)
            replace_text(title, title.read_text().replace("The toner is empty",
                                                           "Toner is out"))
            await wait_for(pilot, lambda: app.engine is not good)
            await settle(pilot)
            assert not app.content_errors
            assert not panel.has_class("-visible")
            assert "Toner is out" in str(screen.query_one(CauseList).get_option_at_index(0)
                                         .prompt)
    run(scenario())


def test_slow_reload_is_not_raced_by_the_next_poll(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A compile longer than the poll interval (big trees take seconds) runs alone and
    installs its result once."""
    import jamfkb.kb.store

    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)
    real_load = jamfkb.kb.store.load
    running = 0
    most_at_once = 0
    loads = 0
    lock = threading.Lock()

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, most_at_once, loads
        with lock:
            running += 1
            loads += 1
            most_at_once = max(most_at_once, running)
        try:
            time.sleep(0.6)  # six poll ticks
            return real_load(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    async def scenario() -> None:
        app = make_app(content=tree, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            first = app.engine
            installed: list[object] = []
            real_ready = app._engine_ready

            async def counting_ready(engine: Any, manifest: str) -> None:
                installed.append(engine)
                await real_ready(engine, manifest)

            monkeypatch.setattr(app, "_engine_ready", counting_ready)
            monkeypatch.setattr(jamfkb.kb.store, "load", slow_load)
            title = tree / "toner-empty.en.md"
            replace_text(title, title.read_text().replace("The toner is empty",
                                                           "Toner is out"))
            await wait_for(pilot, lambda: app.engine is not first)
            await pilot.pause(0.5)  # ticks after the install find nothing new
            await settle(pilot)
            assert most_at_once == 1
            assert loads == 1
            assert len(installed) == 1
    run(scenario())


def test_invalid_content_at_start_shows_errors_then_loads_once_fixed(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)
    toml = tree / "toner-empty.toml"
    original = toml.read_text()
    toml.write_text(original.replace("cf = 0.8", 'cf = "high"'))

    async def scenario() -> None:
        app = make_app(content=tree, poll_seconds=0.1)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: bool(app.content_errors))
            await settle(pilot)
            screen = app.main_screen
            assert app.engine is None and screen.results_mounted
            panel = screen.query_one(ContentErrors)
            title = screen.query_one("#content-errors-title", Static)
            assert panel.has_class("-visible")
            assert any("toner-empty.toml:" in line for line in panel.lines)
            assert "nothing is loaded until they are fixed" in str(title.render())
            assert "errors" in str(screen.query_one("#status", Static).render())
            await pilot.press("f2")
            await settle(pilot)
            assert "rien n'est chargé" in str(title.render())
            status = str(screen.query_one("#status", Static).render())
            assert "contient des erreurs" in status
            assert "contient des erreurs" in str(screen.query_one("#causes-hint", Static)
                                                 .render())
            await pilot.press("f2")
            await pilot.press(*"printer does not print")  # typed while broken
            replace_text(toml, original)
            await wait_for(pilot, lambda: app.engine is not None)
            await settle(pilot)
            assert not app.content_errors and not panel.has_class("-visible")
            assert cause_ids(screen) == ["toner-empty", "driver-missing"]
    run(scenario())


# ------------------------------------------------------------------ safety


def test_markup_and_escape_codes_are_shown_literally(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(TINY, tree)
    wording = tree / "printer-broken.en.md"
    wording.write_text(wording.read_text().replace(
        'title = "The printer does not print"',
        'title = "The printer [bold]does not[/bold] print [@click=app.quit]x[/]"'))
    hostile = "printer [@click=app.quit]quit[/] [bold red]x \x1b[31mred\x1b[0m\nprint"

    async def scenario() -> None:
        app = make_app(content=tree)
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            box = screen.query_one(QueryBox)
            box.post_message(events.Paste(hostile))
            await settle(pilot)
            assert "[@click=app.quit]quit[/]" in box.text
            assert "\x1b" not in box.text and "1b[31mred" in box.text  # shown, not run
            symptoms = screen.query_one(SymptomList)
            prompt = symptoms.get_option_at_index(0).prompt
            assert "[bold]does not[/bold] print [@click=app.quit]x[/]" in str(prompt)
            screen.show_node("printer-broken")
            await settle(pilot)
            await pilot.click(SymptomList, offset=(20, 0))  # clicking the text quits nothing
            await settle(pilot)
            assert app.is_running
            svg = app.export_screenshot()
            assert "[@click=app.quit]" in svg.replace("&#160;", " ")
    run(scenario())


# ------------------------------------------------------------------ keyboard flow, layout


def test_keyboard_flow_query_to_causes_and_back() -> None:
    """Tab (or Down on the last line) goes from the query straight to the causes; the
    highlighted cause shows its article; Enter too; Up on the first one or Escape returns."""
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            chain = screen.focus_chain
            assert screen.query_one("#diagnose") not in chain  # scroll containers: no focus
            assert screen.query_one(TabBar) not in chain
            await type_query(pilot, "printer does not print")
            keys = screen.query_one("#causes-keys", Static)
            assert "Tab/↓" in str(keys.render()) and "F6" in str(keys.render())
            await pilot.press("tab")
            await settle(pilot)
            causes = screen.query_one(CauseList)
            assert pilot.app.focused is causes
            assert screen.query_one("#causes-title").has_class("-focused")
            assert screen.history.current == "toner-empty"  # first cause, shown at once
            assert "Esc" in str(keys.render())
            await pilot.press("down")
            await settle(pilot)
            assert screen.history.current == "driver-missing"
            await pilot.press("down")  # the end of the list: no wrapping to the top
            await settle(pilot)
            assert causes.highlighted == 1
            await pilot.press("enter")
            await settle(pilot)
            assert "driver" in screen.query_one(ArticleView).source_text.lower()
            await pilot.press("escape")
            assert isinstance(pilot.app.focused, QueryBox)
            assert not screen.query_one("#causes-title").has_class("-focused")
            await pilot.press("down")  # one-line query: the cursor is on its last line
            await settle(pilot)
            assert pilot.app.focused is causes
            await pilot.press("up", "up")  # up on the first cause: back to the query
            assert isinstance(pilot.app.focused, QueryBox)
            # a second line: Down first moves the cursor, then leaves
            await pilot.press("end", "ctrl+a")  # no-op keys must not break anything
            box = screen.query_one(QueryBox)
            box.insert("\nsecond line")
            await settle(pilot)  # the new text is diagnosed again
            box.move_cursor((0, 0))
            await pilot.press("down")
            assert pilot.app.focused is box and box.cursor_location[0] == 1
            await pilot.press("down")
            assert pilot.app.focused is causes
    run(scenario())


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_multi_choice_answers_are_stacked_and_fully_visible(size: tuple[int, int]) -> None:
    from jamfkb.tui.widgets.questions import QuestionPanel

    async def scenario() -> None:
        async with make_app(content=None).run_test(size=size) as pilot:  # bundled content
            screen = await ready(pilot)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            kb = engine.kb
            question = "integration-type"
            assert len(kb.nodes[question].choices) >= 3
            choices = (*kb.nodes[question].choices, "unknown")
            panel = screen.query_one(QuestionPanel)
            await panel.show(kb, (question, "all-users-affected"),
                             {question: choices,
                              "all-users-affected": ("yes", "no", "unknown")}, "en")
            await settle(pilot)
            pane = screen.query_one("#diagnose").content_region
            multi = [b for b in screen.query(AnswerButton) if b.question == question]
            assert len({b.region.y for b in multi}) == len(multi)  # one per line
            for button in multi:
                assert button.region.right <= pane.right, button.label
                label = str(button.label)
                rendered = " ".join(
                    str(line.text).strip()
                    for line in button.render_lines(button.region.reset_offset))
                # every word of the label is on screen (wrapped, not cut)
                for word in label.split():
                    assert word in rendered, (word, rendered)
            yes_no = [b for b in screen.query(AnswerButton)
                      if b.question == "all-users-affected"]
            assert len({b.region.y for b in yes_no}) == 1  # yes / no / don't know: one line
    run(scenario())


def test_cause_titles_wrap_in_full_with_bar_and_percentage() -> None:
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "registration fails company portal")
            causes = screen.query_one(CauseList)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            assert causes.option_count >= 3
            for index in range(causes.option_count):
                option = causes.get_option_at_index(index)
                title = engine.kb.title(str(option.id), "en")
                assert title in str(option.prompt)  # never truncated
            assert causes.max_scroll_y == 0  # every row in full; the pane scrolls instead
            lines = [str(line.text) for line in
                     causes.render_lines(causes.region.reset_offset)]
            assert any("█" in line and "%" in line for line in lines)
            # continuation lines are indented under the title (bar column left empty)
            assert any(line.startswith(" " * 10) and line.strip() for line in lines)
            await pilot.press("tab")
            for _ in range(causes.option_count):
                await pilot.press("down")
            await settle(pilot)
            diagnose = screen.query_one("#diagnose")
            assert diagnose.scroll_y > 0  # the pane followed the highlighted cause
    run(scenario())


def test_keys_answer_questions_outside_the_query_box() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("y")  # in the query box: typed, not an answer
            await settle(pilot)
            assert screen.answers == {}
            assert screen.query_text.endswith("y")
            await pilot.press("backspace", "tab", "u")
            await settle(pilot)
            assert screen.answers == {"toner-light": "unknown"}
    run(scenario())


def test_answers_and_language_switches_never_stop_the_app() -> None:
    """Regression: cancelling a render that was removing widgets stopped the app's message
    loop (it quit with status 0). Renders now run one after the other."""
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("tab")
            for _ in range(6):
                await pilot.press("n", "f2", "u", "f2", "y")
            await settle(pilot)
            assert pilot.app.is_running
            assert pilot.app.lang == "en"  # type: ignore[attr-defined]
            assert screen.answers
            assert "Likely causes" in str(screen.query_one("#causes-title", Static).render())
    run(scenario())


# ------------------------------------------------------------------ keymap


def test_parse_keymap_reports_bad_entries() -> None:
    from jamfkb.tui.keymap import known_bindings, parse_keymap, valid_key

    known = known_bindings()
    result = parse_keymap('why = "f10"\nopen-log = ["ctrl+l", "f4"]\nhelp = "ctrl+"\n'
                          'nope = "x"\n', known)
    assert result.keymap == {"why": "f10", "open-log": "ctrl+l,f4"}
    assert any(e.startswith("help:") for e in result.errors)
    assert any(e.startswith("nope:") for e in result.errors)
    assert parse_keymap("why = [", known).errors  # syntax error: reported, no crash
    assert parse_keymap("why = 3", known).errors
    # Keys shared by different places on purpose (a list and its screen, two dialogs).
    shared = parse_keymap('answer-yes = "j"\nchange-yes = "j"\n'
                          'dialog-close = ["escape", "f10"]\nwhy = "f10"\n', known)
    assert shared.errors == []
    assert set(shared.keymap) == {"answer-yes", "change-yes", "dialog-close", "why"}
    # One place: the first entry keeps a key, and the other actions' defaults count.
    clash = parse_keymap('why = "f11"\nhelp = ["f12", "f11"]\nexport = "f3"\n', known)
    assert clash.keymap == {"why": "f11"}
    assert clash.errors == ["help: 'f11' is already the key of why",
                            "export: 'f3' is already the key of browse"]
    # A default key freed by an entry further down is free; app keys count everywhere.
    moved = parse_keymap('copy-code = "f6"\nwhy = "f10"\n', known)
    assert moved.keymap == {"copy-code": "f6", "why": "f10"} and moved.errors == []
    assert parse_keymap('why = "f8"\n', known).errors == ["why: 'f8' is already the key of theme"]
    for key in ("f9", "ctrl+k", "alt+left", "x", "question_mark", "shift+tab", "pagedown"):
        assert valid_key(key), key
    for key in ("", "ctrl+", "hyperspace", "foo+x", "f99", " "):
        assert not valid_key(key), key


def test_user_keymap_rebinds_and_reports_errors(tui_env: Path) -> None:
    config = tui_env / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_text(
        '# my keys\nwhy = "f10"\nexport = "ctrl+nope"\nnot-a-binding = "f11"\n',
        encoding="utf-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            # read the warnings at once: they expire (10 s) while a slow machine loads
            await wait_for(pilot, lambda: any("not-a-binding" in n.message
                                              for n in app._notifications))
            messages = [n.message for n in app._notifications]
            await ready(pilot)
            assert app.keymap == {"why": "f10"}
            assert any("keymap.toml" in m and "export" in m for m in messages), messages
            assert any("not-a-binding" in m for m in messages), messages
            await type_query(pilot, "printer does not print")
            await pilot.press("f6")  # no longer Why?
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            await pilot.press("f10")
            await settle(pilot)
            assert isinstance(app.screen, WhyDialog)
            await pilot.press("escape")
            await settle(pilot)
            keys = str(app.main_screen.query_one("#causes-keys", Static).render())
            assert "F10" in keys  # the hint follows the key map
            await pilot.press("f1")
            await settle(pilot)
            source = app.screen.query_one(Markdown).source
            assert "f10" in source.lower() and "(`why`)" in source
    run(scenario())


def test_bad_keymap_file_never_crashes(tui_env: Path) -> None:
    config = tui_env / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_bytes(b"why = \xff\xfe [[[")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.keymap == {}
            assert any("keymap.toml" in n.message for n in app._notifications)
            await pilot.press("f6")
            await settle(pilot)
            assert app.is_running
    run(scenario())


# ------------------------------------------------------------------ palette, startup


def test_palette_answers_questions_and_has_main_actions() -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            commands = {title: callback for title, callback, _ in app.palette_commands()}
            title = app.engine.kb.title("toner-light", "en")  # type: ignore[union-attr]
            assert f"Answer: {title} → Yes" in commands
            assert f"Answer: {title} → I don't know" in commands
            for wanted in ("Clear all answers", "Switch language (English ↔ français)",
                           "Open a log file and scan it", "Export the consultation as Markdown",
                           "Browse problems, causes and resolutions", "Show the log findings",
                           "Quit jamfkb"):
                assert wanted in commands, wanted
            commands[f"Answer: {title} → No"]()
            await settle(pilot)
            assert screen.answers == {"toner-light": "no"}
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Clear all answers")
            await settle(pilot)  # the palette's search worker has listed it
            await pilot.press("enter")
            await settle(pilot)
            assert screen.answers == {}
    run(scenario())


def test_bench_probe_records_interactive_then_ready() -> None:
    async def scenario() -> None:
        app = make_app(exit_when_ready=True)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: {"interactive", "ready"} <= set(app.milestones))
        assert app.milestones["interactive"] <= app.milestones["ready"] + 1.0
    run(scenario())


def test_widgets_keep_the_knowledge_base_constants() -> None:
    from jamfkb.kb import model
    from jamfkb.tui.widgets import answers, questions

    assert questions.UNKNOWN == answers.UNKNOWN == model.UNKNOWN
    assert questions.YES_NO == model.YES_NO


# ------------------------------------------------------------------ QA round: log scans


def slow_scans(monkeypatch: pytest.MonkeyPatch, seconds_per_piece: float) -> list[int]:
    """Make every TUI log scan read its file slowly; returns a one-item list counting the
    pieces read so far (a scan that stopped stops counting)."""
    import jamfkb.engine.scan

    read = [0]
    real = jamfkb.engine.scan.iter_pieces

    def slow_pieces(stream: Any) -> Any:
        for piece in real(stream):
            read[0] += 1
            time.sleep(seconds_per_piece)
            yield piece

    monkeypatch.setattr(jamfkb.engine.scan, "iter_pieces", slow_pieces)
    return read


def test_open_log_refuses_devices_and_pipes(tmp_path: Path) -> None:
    """QA: /dev/zero was accepted and scanned for ever. The dialog refuses anything that is
    not a regular file, and so does the scan itself (the file may change after the check)."""
    from jamfkb.tui.dialogs.path_dialog import log_path_error
    from jamfkb.tui.i18n import t
    from jamfkb.tui.screens.log_scan import NotARegularFile, open_regular_file

    fifo = tmp_path / "pipe.log"
    os.mkfifo(fifo)
    texts = {k: t("en", f"open.error.{k}") for k in
             ("empty", "missing", "is_dir", "not_file", "unreadable", "too_big")}
    for path in (Path("/dev/zero"), fifo):
        assert log_path_error(path, texts) == f"Not a regular file (a device, a pipe or a " \
                                              f"socket): {path}"
    with pytest.raises(NotARegularFile):
        open_regular_file(fifo)  # refused without blocking on a FIFO with no writer
    assert "périphérique" in t("fr", "open.error.not_file", path=fifo)

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            for path in (Path("/dev/zero"), fifo):
                await submit_path(pilot, dialog, path)
                assert pilot.app.screen is dialog
                error = str(dialog.query_one("#path-error", Static).render())
                assert "Not a regular file" in error and str(path) in error
            await pilot.press("escape")
            await settle(pilot)
            screen.scan_log(Path("/dev/zero"))  # past the dialog: refused by the scan
            await settle(pilot)
            assert not screen.scanning and screen.scan is None
            assert any("Not a regular file" in str(n.message)
                       for n in pilot.app._notifications)
    run(scenario())


def test_scan_leaves_the_engine_free_shows_progress_and_can_be_cancelled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: the scan held the engine lock from start to end (typing updated nothing until
    it was over) and could not be stopped."""
    slow = tmp_path / "slow.log"
    slow.write_text("ERROR PRN-042 toner cartridge empty\n" * 20_000)
    small = tmp_path / "small.log"
    small.write_text("boot ok\nERROR PRN-042 toner cartridge empty\n")
    read = slow_scans(monkeypatch, 0.001)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            engine = app.engine
            assert engine is not None
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > 50)
            assert engine.lock.acquire(blocking=False)  # free while the file is read
            engine.lock.release()
            assert screen.scanning
            # typing is diagnosed while the scan goes on
            await pilot.press(*"printer does not print")
            await wait_for(pilot, lambda: cause_ids(screen) == ["toner-empty",
                                                                "driver-missing"])
            assert screen.scanning
            status = str(screen.query_one("#status", Static).render())
            assert "scanning slow.log…" in status and "% (Esc: cancel)" in status
            await pilot.press("escape")  # cancels the scan
            assert not screen.scanning
            await settle(pilot)
            stopped_at = read[0]
            await pilot.pause(0.2)
            assert read[0] == stopped_at < 20_000  # the thread stopped reading
            assert any("Scan of slow.log cancelled" in str(n.message)
                       for n in app._notifications)
            assert screen.scan is None and "scanning" not in str(
                screen.query_one("#status", Static).render())
            # a new scan replaces a running one
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > stopped_at + 50)
            screen.scan_log(small)
            await settle(pilot)
            assert screen.scan_path == small and screen.scan is not None
            assert screen.scan.lines == 2
            assert read[0] < stopped_at + 20_000
    run(scenario())


def test_quitting_during_a_scan_exits_promptly(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: ctrl+q during a scan cleared the screen but the process went on scanning (the
    interpreter waits for the worker thread before it exits)."""
    slow = tmp_path / "slow.log"
    slow.write_text("boot ok\n" * 20_000)  # 20 s at the slowed-down pace
    read = slow_scans(monkeypatch, 0.001)
    quit_at: list[float] = []

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > 50)
            await pilot.press("ctrl+q")
            quit_at.append(time.monotonic())

    run(scenario())  # returns once every worker thread is done
    assert time.monotonic() - quit_at[0] < 3.0
    assert read[0] < 20_000


def test_status_says_where_the_causes_come_from(tmp_path: Path) -> None:
    """QA: "causes from log file" stayed after typing a new query."""
    log = tmp_path / "small.log"
    log.write_text("ERROR PRN-042 toner cartridge empty\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            status = screen.query_one("#status", Static)
            screen.scan_log(log)
            await settle(pilot)
            assert "causes from log small.log" in str(status.render())
            await pilot.press("escape")
            await type_query(pilot, "paper jam")
            assert screen.source == "query"
            assert "small.log" not in str(status.render())
    run(scenario())


# ------------------------------------------------------------------ QA round: dialogs, F9


def test_path_dialogs_select_the_prefilled_path(tmp_path: Path) -> None:
    """QA: typing in the F4 dialog appended to the last path ("/a.log/b.log")."""
    first = tmp_path / "first.log"
    first.write_text("boot ok\n")
    second = tmp_path / "second.log"
    second.write_text("boot ok\n")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.scan_log(first)
            await settle(pilot)
            dialog = await open_dialog(pilot, "f4", OpenLogDialog)
            box = dialog.query_one(Input)
            assert box.value == str(first)
            assert box.selected_text == str(first)
            await pilot.press(*str(second))  # replaces the selected path
            assert box.value == str(second)
            await pilot.press("enter")
            await settle(pilot)
            assert screen.scan_path == second
            await type_query(pilot, "printer does not print")
            dialog = await open_dialog(pilot, "f5", ExportDialog)
            box = dialog.query_one(Input)
            assert box.value and box.selected_text == box.value
            await pilot.press("x")
            assert box.value == "x"
            await pilot.press("escape")
    run(scenario())


def test_f9_without_a_log_shows_a_hint_and_keeps_the_article(tui_env: Path) -> None:
    """QA: F9 showed an empty box and replaced the article with the first symptom's."""
    config = tui_env / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "keymap.toml").write_text('open-log = "f10"\n', encoding="utf-8")

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("tab", "down")  # the second cause's article
            await settle(pilot)
            assert screen.history.current == "driver-missing"
            back = list(screen.history._back)
            await pilot.press("f9")
            await settle(pilot)
            assert screen.active_pane == "tab-findings"
            assert screen.history.current == "driver-missing"
            assert list(screen.history._back) == back
            assert not isinstance(pilot.app.focused, SymptomList)
            summary = str(screen.query_one("#findings-summary", Static).render())
            assert summary == "No log scanned yet: press F10 to open one."  # the key map's
            assert not screen.query_one(FindingList).display  # no empty box
            await pilot.press("f2")
            await settle(pilot)
            summary = str(screen.query_one("#findings-summary", Static).render())
            assert "Aucun journal analysé" in summary and "F10" in summary
    run(scenario())


def test_a_render_whose_widgets_vanish_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA (crash 2 runs out of 5): a render waiting for the questions while the app quit
    found no AnswerList after its await (WorkerFailed: NoMatches)."""
    from jamfkb.tui.widgets.questions import QuestionPanel

    gate = asyncio.Event()
    real_show = QuestionPanel.show

    async def held_show(self: QuestionPanel, *args: Any, **kwargs: Any) -> None:
        await gate.wait()
        await real_show(self, *args, **kwargs)

    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            monkeypatch.setattr(QuestionPanel, "show", held_show)
            await pilot.press(*"printer does not print")
            await wait_for(pilot, lambda: screen.busy)  # the render waits at the gate
            await screen.query_one(AnswerList).remove()  # as the app's teardown does
            gate.set()
            await wait_for(pilot, lambda: not screen.busy)
            assert pilot.app.is_running
    run(scenario())  # a failed worker would raise here


# ------------------------------------------------------------------ QA round: F2, answers


def test_language_switch_keeps_the_article_after_browsing(tiny_tree: Path) -> None:
    """QA: after browsing, F2 brought back the tree's article (and pushed it into the
    history): rebuilding the tree moved its cursor, which showed its node."""
    # A French title that sorts the problems the other way round: the node under the
    # tree's cursor moves to another line when the tree is rebuilt in French.
    french = tiny_tree / "paper-jam.fr.md"
    french.write_text(french.read_text().replace('title = "Bourrage papier"',
                                                 'title = "Zut, bourrage papier"'))

    async def scenario() -> None:
        async with make_app(content=tiny_tree).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await pilot.press("f3")
            await settle(pilot)
            tree = screen.query_one(BrowseTree)
            while tree.cursor_node is None or tree.cursor_node.data != "printer-broken":
                await pilot.press("down")
                await settle(pilot)
            await pilot.press("escape")
            await type_query(pilot, "printer does not print")
            await pilot.press("tab")  # the first cause's article
            await settle(pilot)
            assert screen.history.current == "toner-empty"
            back = list(screen.history._back)
            for _ in range(2):
                await pilot.press("f2")
                await settle(pilot)
                assert screen.history.current == "toner-empty"
                assert list(screen.history._back) == back
                assert not screen.history.can_go_forward
            await pilot.press("f3")  # the tree follows the article shown
            await settle(pilot)
            assert tree.cursor_node is not None and tree.cursor_node.data == "toner-empty"
            assert screen.history.current == "toner-empty"
    run(scenario())


def test_french_o_changes_the_selected_answer() -> None:
    """QA: in "Vos réponses", o (oui) answered the first pending question instead of the
    selected answer, and nothing was highlighted when the list got the focus."""
    async def scenario() -> None:
        async with make_app(lang="fr").run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await type_query(pilot, "printer does not print")
            await pilot.press("tab", "n")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert screen.answers == {"toner-light": "no", "new-computer": "no"}
            answers = screen.query_one(AnswerList)
            answers.focus()
            await settle(pilot)
            assert answers.highlighted == 0  # y / n / u / o / Delete act at once
            await pilot.press("o")
            await settle(pilot)
            assert screen.answers == {"toner-light": "yes", "new-computer": "no"}
            await pilot.press("down", "o")
            await settle(pilot)
            assert screen.answers == {"toner-light": "yes", "new-computer": "yes"}
            article = screen.history.current
            await pilot.press("delete")
            await settle(pilot)
            await pilot.press("delete")
            await settle(pilot)
            assert screen.answers == {}
            # the emptied list hid itself: the focus went to the causes, not the symptoms
            assert not isinstance(pilot.app.focused, SymptomList)
            assert screen.history.current in (article, *cause_ids(screen))
    run(scenario())


# ------------------------------------------------------------------ QA round: 80 columns


def test_narrow_table_of_contents_takes_the_article_place() -> None:
    """QA: at 80x24, t squeezed the article to ~7 columns beside the table of contents."""
    from textual.widgets import Tree
    from textual.widgets.markdown import MarkdownTableOfContents

    async def scenario() -> None:
        async with make_app().run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            screen.show_node("printer-broken")
            await settle(pilot)
            view = screen.query_one(ArticleView)
            view.document.focus()
            await pilot.press("t")
            await settle(pilot)
            toc = view.query_one(MarkdownTableOfContents)
            assert view.toc_only and toc.display
            assert not view.document.display  # not crushed: hidden until a heading is chosen
            assert toc.region.width >= view.region.width - 2
            assert pilot.app.focused is toc.query_one(Tree)
            await pilot.press("down", "enter")  # a heading
            await settle(pilot)
            assert not view.toc_only and view.document.display
            assert pilot.app.focused is view.document  # not a list of the left pane
            assert screen.history.current == "printer-broken"
            await pilot.press("t")
            await settle(pilot)
            assert view.toc_only
            screen.show_node("toner-empty")  # another article: shown, not its contents
            await settle(pilot)
            assert not view.toc_only and view.document.display
        async with make_app().run_test(size=(200, 40)) as pilot:  # wide: side by side
            screen = await ready(pilot)
            screen.show_node("printer-broken")
            await settle(pilot)
            view = screen.query_one(ArticleView)
            view.document.focus()
            await pilot.press("t")
            await settle(pilot)
            assert view.show_table_of_contents and not view.toc_only
            assert view.document.display
    run(scenario())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_status_and_query_title_fit_80_columns(lang: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: at 80 columns the status was cut ("│ causes issues du") and the query box's
    title too ("(F1 : a…")."""
    log = tmp_path / "small.log"
    log.write_text("ERROR PRN-042 toner cartridge empty\n" * 2000)
    read = slow_scans(monkeypatch, 0.0005)

    def line(widget: Any, y: int = 0) -> str:
        return str(widget.render_lines(widget.region.reset_offset)[y].text)

    async def scenario() -> None:
        async with make_app(lang=lang).run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            box = screen.query_one(QueryBox)
            assert "(F1" in line(box) and line(box).rstrip().endswith("╮")
            assert ("aide)" if lang == "fr" else "help)") in line(box)
            status = screen.query_one("#status", Static)
            screen.scan_log(log)
            await wait_for(pilot, lambda: read[0] > 0)
            text = line(status).strip()
            assert "small.log" in text and "%" in text, text
            assert ("(Échap : annuler)" if lang == "fr" else "(Esc: cancel)") in text, text
            await settle(pilot)
            text = line(status).strip()
            assert text.startswith("jamfkb") and text.endswith("small.log"), text
            assert "…" not in text
    run(scenario())


def test_fit_status_drops_the_least_useful_parts_first() -> None:
    from jamfkb.tui.screens.main import fit_status

    title = "jamfkb · Jamf Pro ↔ Intune"
    full = fit_status(title, "FR", "14 problèmes, 24 causes", "causes du journal a.log", 200)
    assert full == f"{title} │ FR │ 14 problèmes, 24 causes │ causes du journal a.log"
    assert fit_status(title, "FR", "14 problèmes, 24 causes", "causes du journal a.log",
                      70) == f"{title} │ FR │ causes du journal a.log"
    assert fit_status(title, "FR", "14 problèmes, 24 causes", "causes du journal a.log",
                      50) == "jamfkb │ FR │ causes du journal a.log"
    assert fit_status(title, "EN", "1 problems, 2 causes", "", 80) == \
        f"{title} │ EN │ 1 problems, 2 causes"


# ------------------------------------------------------------------ QA round: space


def test_answers_are_listed_in_full_and_answering_by_key_shows_the_next_question(
        ) -> None:
    """QA: the answers list was capped at 6 rows (later answers hid behind a tiny
    scrollbar), and the next question's choices could be out of sight."""
    async def scenario() -> None:
        async with make_app(content=None).run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            questions = [q.id for q in engine.kb.of_kind("question")
                         if set(q.answers) <= {"yes", "no", "unknown"}][:8]
            for question in questions:
                screen.answers[question] = "no"
            screen.request_diagnosis()
            await settle(pilot)
            answers = screen.query_one(AnswerList)
            assert answers.option_count == len(questions)
            assert answers.max_scroll_y == 0  # every answer in full: the pane scrolls
            assert answers.size.height >= len(questions)
            answers.focus()
            await pilot.press(*["down"] * (len(questions) - 1))
            await settle(pilot)
            diagnose = screen.query_one("#diagnose")
            last = answers.region.y + answers._index_to_line[len(questions) - 1] \
                - answers.scroll_y
            assert diagnose.region.y <= last < diagnose.region.bottom  # followed
        # answering by key from the causes brings the next question into view
        async with make_app(content=None).run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            engine = pilot.app.engine  # type: ignore[attr-defined]
            diagnose = screen.query_one("#diagnose")
            await type_query(pilot, "registration fails company portal")
            causes = screen.query_one(CauseList)
            causes.focus()
            await settle(pilot)
            first = screen.diagnosis.questions[0]  # type: ignore[union-attr]
            keys = answer_keys(engine.kb.nodes[first].answers)
            await pilot.press(next(k for c, k in keys.items() if c != "unknown"))
            await settle(pilot)
            item = screen.query(QuestionItem).first()
            assert diagnose.region.y <= item.region.y
            assert item.region.bottom <= diagnose.region.bottom
    run(scenario())


def test_answers_list_is_never_cut_when_the_pane_scrollbar_goes() -> None:
    """Seen in tmux: when an answer made the pane's scrollbar disappear, the answers list,
    its auto height computed 2 columns wider, kept one answer's last row behind an inner
    scrollbar."""
    async def scenario() -> None:
        async with make_app(content=None, lang="fr").run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            answers = screen.query_one(AnswerList)
            await type_query(pilot, "doublons dans intune")
            await pilot.press("tab", "o")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            answers.focus()
            for keys in (("n",), ("down", "o"), ("up", "u"), ("o",)):
                await pilot.press(*keys)
                await settle(pilot)
                assert answers.max_scroll_y == 0, keys
                shown = " ".join(str(line.text) for line in
                                 answers.render_lines(answers.region.reset_offset))
                assert shown.count("→") == len(screen.answers), (keys, shown)
                chosen = list(screen.answers.values())
                for choice, label in (("yes", "Oui"), ("no", "Non"),
                                      ("unknown", "Je ne sais pas")):
                    assert shown.count(label) >= chosen.count(choice), (keys, shown)
    run(scenario())


def test_scan_steps_aside_while_the_screen_catches_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen in tmux: with a scan running, each key took up to seconds to act (F2 over
    1 s): the scan thread shares the GIL. It now pauses after input until the screen has
    caught up (at most a second)."""
    slow = tmp_path / "slow.log"
    slow.write_text("boot ok\n" * 20_000)
    read = slow_scans(monkeypatch, 0.0005)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            screen.scan_log(slow)
            await wait_for(pilot, lambda: read[0] > 200)
            assert not screen.scan_should_pause()
            asked: list[float] = []
            real_give = screen.give_ui_priority

            def give(seconds: float = 1.0) -> None:
                asked.append(seconds)
                real_give(seconds)

            monkeypatch.setattr(screen, "give_ui_priority", give)
            await pilot.press("f2")  # input: the scan pauses, the screen is relabelled
            assert asked  # by the key itself, then by the render
            await wait_for(pilot, lambda: not screen.busy)  # relabelled: the scan goes on
            assert pilot.app.lang == "fr"  # type: ignore[attr-defined]
            assert not screen.scan_should_pause() and screen.scanning
            before = read[0]
            await wait_for(pilot, lambda: read[0] > before + 100)
            screen.give_ui_priority(2.0)
            await pilot.pause(0.1)  # a piece or so may be under way
            paused_at = read[0]
            await pilot.pause(0.2)
            assert read[0] - paused_at <= 1
            await wait_for(pilot, lambda: read[0] > paused_at + 100)  # never for ever
            await pilot.press("escape")
    run(scenario())
