"""The article pane's controller: which node is shown (the session's history), rendering
it in the :class:`~jamfkb.tui.widgets.article.ArticleView` (mounted on first use), back
and forward, the table of contents, and copying its code blocks or its source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from jamfkb.tui.article import CodeBlock
    from jamfkb.tui.screens.main import MainScreen
    from jamfkb.tui.widgets.article import ArticleView


class ArticleController:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._code_index = 0  # the block F7 copied last (F7 again: the next one)

    def _notify(self, key: str, **kw: Any) -> None:
        self.screen.app.notify(t(self.screen.lang, key, **kw), markup=False)

    def show(self, node_id: str, record: bool = True) -> None:
        """Show a node (by ID or alias); ``record``: as a new page of the history."""
        screen = self.screen
        engine = screen.engine
        if engine is None:
            return
        node = engine.kb.resolve(node_id)
        if node is None:
            screen.app.notify(t(screen.lang, "article.missing", id=node_id),
                              severity="error", markup=False)
            return
        if record:
            screen.history.visit(node.id)
        else:
            screen.history.current = node.id
        self._code_index = 0
        self.refresh()

    def refresh(self) -> None:
        self.screen.jobs.run("article", self._refresh)

    async def _refresh(self) -> None:
        from jamfkb.tui.article import article_markdown, article_meta

        screen = self.screen
        engine, current, lang = screen.engine, screen.history.current, screen.lang
        if engine is None:
            return
        view = await self.view()
        if current is None:
            await view.show(None, t(lang, "article.welcome"), [])
            return
        await view.show(current, article_markdown(engine.kb, current, lang),
                        article_meta(engine.kb, current, lang))

    async def view(self) -> ArticleView:
        """The article view, mounted on first use."""
        from jamfkb.tui.widgets.article import ArticleView

        pane = self.screen.query_one("#article")
        views = pane.query(ArticleView)
        if views:
            return views.first()
        view = ArticleView(id="article-view")
        await pane.mount(view)
        return view

    @property
    def source(self) -> str:
        """The Markdown of the article shown ("" before the first one)."""
        from jamfkb.tui.widgets.article import ArticleView

        views = self.screen.query(ArticleView)
        return views.first().source_text if views else ""

    def back(self) -> None:
        if self.screen.history.back() is None:
            self._notify("history.start")
            return
        self.refresh()

    def forward(self) -> None:
        if self.screen.history.forward() is None:
            self._notify("history.end")
            return
        self.refresh()

    def toggle_toc(self) -> None:
        from jamfkb.tui.widgets.article import ArticleView

        for view in self.screen.query(ArticleView):
            view.toggle_toc()

    def code_blocks(self) -> list[CodeBlock]:
        from jamfkb.tui.article import code_blocks

        return code_blocks(self.source)

    def copy_code(self, number: int | None = None) -> None:
        """Copy block ``number`` (1-based), or the next one."""
        screen = self.screen
        blocks = self.code_blocks()
        if not blocks:
            screen.app.notify(t(screen.lang, "copy.no_code"), severity="warning")
            return
        if number is None:
            self._code_index = self._code_index % len(blocks) + 1
            number = self._code_index
        block = blocks[min(max(number, 1), len(blocks)) - 1]
        screen.app.copy_text(block.code, t(screen.lang, "copy.what_block", n=block.index,
                                           total=len(blocks)))

    def copy_article(self) -> None:
        if source := self.source:
            self.screen.app.copy_text(source, t(self.screen.lang, "copy.what_article"))
