"""Articles, links, history, the browse tree, the tabs, the table of contents, copying code."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, Static

from jamfkb.tui.widgets.article import ArticleView
from jamfkb.tui.widgets.browse import BrowseTree
from jamfkb.tui.widgets.query_box import QueryBox
from jamfkb.tui.widgets.tab_bar import TabBar
from tests.flows.support import (
    SIZE,
    make_app,
    ready,
    run,
    settle,
)


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
