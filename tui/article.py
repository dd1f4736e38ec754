"""What the article pane shows for a node: Markdown body plus related links, and metadata.

Pure functions (no Textual import) so they are easy to test and reuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from jamfkb.kb import markdown
from jamfkb.kb.model import KnowledgeBase, Node, Wording
from jamfkb.kb.text import terminal_safe
from jamfkb.tui import i18n
from jamfkb.tui.render_text import meta_lines
from jamfkb.tui.report import choice_label
from jamfkb.tui.safe_text import safe_markdown


def wording(node: Node, lang: str) -> Wording | None:
    if lang in node.wording:
        return node.wording[lang]
    return next(iter(node.wording.values()), None)


def _link_list(kb: KnowledgeBase, ids: list[str], lang: str) -> list[str]:
    return [f"- [{_escape_label(kb.title(i, lang))}](kb:{i})" for i in ids]


def _escape_label(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def related(kb: KnowledgeBase, node: Node) -> list[tuple[str, list[str]]]:
    """(string key of the section title, node IDs) for what the body does not link yet."""
    linked = set(node.links)
    sections: list[tuple[str, list[str]]] = []

    def add(key: str, ids: list[str]) -> None:
        ids = [i for i in ids if i not in linked and i in kb.nodes]
        if ids:
            sections.append((key, ids))

    if node.kind == "problem":
        causes = sorted(
            (c for c in kb.of_kind("cause") if node.id in c.problems),
            key=lambda c: (-c.problems[node.id], c.id),
        )
        add("article.causes", [c.id for c in causes])
    elif node.kind == "cause":
        add("article.resolutions", list(node.resolutions))
        add("article.problems", sorted(node.problems, key=lambda p: (-node.problems[p], p)))
    elif node.kind == "resolution":
        add("article.fixes", sorted(c.id for c in kb.of_kind("cause")
                                    if node.id in c.resolutions))
    return sections


def article_markdown(kb: KnowledgeBase, node_id: str, lang: str) -> str:
    """The Markdown the pane renders: the body (with a title heading), then related links."""
    node = kb.resolve(node_id)
    if node is None:
        return f"# {i18n.t(lang, 'article.missing_title')}\n\n" + i18n.t(
            lang, "article.missing", id=_escape_label(node_id))
    words = wording(node, lang)
    title = words.title if words else node.id
    body = (words.body if words else "").strip()
    parts: list[str] = []
    if not body.startswith("#"):
        parts.append(f"# {title}")
        if words and words.summary:
            parts.append(words.summary)
    if body:
        parts.append(body)
    if node.kind == "question":
        labels = [f"- {choice_label(kb, node.id, c, lang)}" for c in node.answers]
        parts.append(f"## {i18n.t(lang, 'article.choices')}\n\n" + "\n".join(labels))
    for key, ids in related(kb, node):
        parts.append(f"## {i18n.t(lang, key)}\n\n" + "\n".join(_link_list(kb, ids, lang)))
    # safe_markdown: also the character references (&#x202e;) the Markdown view decodes
    return safe_markdown("\n\n".join(parts) + "\n")


def article_meta(kb: KnowledgeBase, node_id: str, lang: str) -> list[str]:
    """Lines shown above the article: kind and ID, applies-to and document references."""
    node = kb.resolve(node_id)
    if node is None:
        return []
    lines = [f"{i18n.t(lang, f'kind.{node.kind}')} · {node.id}", *meta_lines(node, lang)]
    return [terminal_safe(line) for line in lines]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    index: int  # 1-based
    code: str
    info: str  # the fence's language tag


def code_blocks(source: str) -> list[CodeBlock]:
    """The fenced and indented code blocks of a Markdown text, in order."""
    blocks: list[CodeBlock] = []
    for tok in markdown.tokens(source):
        if tok.type in ("fence", "code_block"):
            blocks.append(CodeBlock(len(blocks) + 1, tok.content.rstrip("\n"), tok.info.strip()))
    return blocks


def internal_links(source: str) -> list[str]:
    """The ``kb:`` link targets of a Markdown text, in order, without repeats."""
    seen: list[str] = []
    for tok in markdown.tokens(source):
        for child in tok.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith(markdown.LINK_SCHEME):
                    target = href[len(markdown.LINK_SCHEME):]
                    if target not in seen:
                        seen.append(target)
    return seen
