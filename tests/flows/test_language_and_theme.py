"""F2 language switch and F8 / palette theme: what is kept and what is saved."""

from __future__ import annotations

import json
from pathlib import Path

from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.article import ArticleView
from jamfkb.tui.widgets.browse import BrowseTree
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.query_box import QueryBox
from tests.flows.support import (
    SIZE,
    make_app,
    ready,
    run,
    settle,
    type_query,
)


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
