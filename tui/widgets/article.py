"""The article pane: metadata, the Markdown body, a table of contents for long articles.

Links never open a browser: ``kb:ID`` links post :class:`ArticleView.Navigate`, other
links post :class:`ArticleView.ExternalLink` (the app shows the URL).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, MarkdownViewer, Static, Tree
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from jamfkb.kb import markdown as kb_markdown
from jamfkb.tui.bindings import bindings_for

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
    /* A narrow pane: the table of contents takes the article's place, until a heading is
       chosen (or t pressed again), instead of crushing it to a few columns. */
    ArticleView.-toc-only > MarkdownTableOfContents { width: 1fr; max-width: 100%; }
    ArticleView.-toc-only > Markdown, ArticleView.-toc-only > #article-meta {
        display: none;
    }
    """

    # t: only here, so a t typed after a Tab goes to the query box (see tui/bindings.py)
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("ArticleView")

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
        if self.toc_only:
            self.toc_mode = "auto"  # another article: show it, not the table in its place
        self._apply_toc()

    def toggle_toc(self) -> None:
        self.toc_mode = "hide" if self.show_table_of_contents else "show"
        self._apply_toc()

    @property
    def toc_only(self) -> bool:
        """The table of contents is shown in place of the article (a narrow pane)."""
        return self.has_class("-toc-only")

    def _apply_toc(self) -> None:
        headings = heading_count(self.source_text)
        wide = self.size.width >= TOC_MIN_WIDTH
        if self.toc_mode == "show":
            self.show_table_of_contents = headings >= 1
        elif self.toc_mode == "hide":
            self.show_table_of_contents = False
        else:
            self.show_table_of_contents = wide and headings >= TOC_MIN_HEADINGS
        toc_only = self.show_table_of_contents and not wide
        if toc_only == self.toc_only:
            return
        toc = self.query_one(MarkdownTableOfContents)
        had_focus = toc.has_focus_within
        self.set_class(toc_only, "-toc-only")
        if toc_only:
            toc.query_one(Tree).focus()  # ↑ ↓ Enter go to a heading
        elif had_focus:
            # Else hiding the focused table hands the focus to a list of the left pane,
            # whose first option would replace the article.
            self.document.focus()

    def on_resize(self) -> None:
        self._apply_toc()

    def _on_markdown_table_of_contents_selected(
            self, message: Markdown.TableOfContentsSelected) -> None:
        # Replaces MarkdownViewer's handler: in a narrow pane, choosing a heading closes the
        # table of contents and shows the article at that heading.
        message.stop()
        message.prevent_default()
        block = self.query_one(f"#{message.block_id}", MarkdownBlock)
        if self.toc_only:
            self.toc_mode = "hide"
            self._apply_toc()
            self.call_after_refresh(self.scroll_to_widget, block, top=True, animate=False)
        else:
            self.scroll_to_widget(block, top=True)

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
