"""The article pane: metadata, the Markdown body, a table of contents for long articles.

Links never open a browser: ``kb:ID`` links post :class:`ArticleView.Navigate`, other
links post :class:`ArticleView.ExternalLink` (the app shows the URL).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, MarkdownViewer, Static

from kb import markdown as kb_markdown

TOC_MIN_HEADINGS = 3  # articles with at least this many headings get a table of contents
TOC_MIN_WIDTH = 76  # below this pane width the table of contents would crush the text


def heading_count(source: str) -> int:
    return sum(tok.type == "heading_open" for tok in kb_markdown.tokens(source))


class ArticleView(MarkdownViewer):
    DEFAULT_CSS = """
    ArticleView > #article-meta {
        color: $text-muted;
        padding: 0 1;
        height: auto;
    }
    ArticleView MarkdownTableOfContents { max-width: 28; }
    """

    class Navigate(Message):
        def __init__(self, node_id: str) -> None:
            super().__init__()
            self.node_id = node_id

    class ExternalLink(Message):
        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(show_table_of_contents=False, open_links=False, id=id)
        self.toc_mode = "auto"  # "auto" (long articles in a wide pane), "show" or "hide"
        self.source_text = ""
        self.node_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="article-meta", markup=False)
        yield from super().compose()

    async def _on_mount(self, event: events.Mount) -> None:
        # Mounted after the first frame: if the app quits meanwhile, the document may be
        # gone already (MarkdownViewer would raise NoMatches on the way out).
        if self.query(Markdown):
            await super()._on_mount(event)

    async def show(self, node_id: str | None, source: str, meta: list[str]) -> None:
        self.node_id = node_id
        self.source_text = source
        self.query_one("#article-meta", Static).update(Content("\n".join(meta)))
        await self.document.update(source)
        self.scroll_home(animate=False)
        self._apply_toc()

    def toggle_toc(self) -> None:
        self.toc_mode = "hide" if self.show_table_of_contents else "show"
        self._apply_toc()

    def _apply_toc(self) -> None:
        headings = heading_count(self.source_text)
        if self.toc_mode == "show":
            self.show_table_of_contents = headings >= 1
        elif self.toc_mode == "hide":
            self.show_table_of_contents = False
        else:
            self.show_table_of_contents = (
                self.size.width >= TOC_MIN_WIDTH and headings >= TOC_MIN_HEADINGS
            )

    def on_resize(self) -> None:
        self._apply_toc()

    async def _on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        # Replaces MarkdownViewer's handler (which would load a file path).
        message.stop()
        message.prevent_default()
        href = message.href.strip()
        if href.startswith(kb_markdown.LINK_SCHEME):
            self.post_message(self.Navigate(href[len(kb_markdown.LINK_SCHEME):]))
        elif href.startswith("#"):
            self.document.goto_anchor(href[1:])
        else:
            self.post_message(self.ExternalLink(href))
