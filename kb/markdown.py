"""Article bodies through markdown-it-py: links, headings and the structure FR and EN share."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

LINK_SCHEME = "kb:"


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True, slots=True)
class Link:
    target: str  # the ID after "kb:", or the raw href for other links
    internal: bool
    line: int  # 0-based line in the body


@dataclass(frozen=True, slots=True)
class Block:
    """One structural element of a body: what must match between translations."""

    shape: str  # e.g. "h2", "ol", "li", "fence:<hash>", "p"
    depth: int
    line: int  # 0-based line in the body


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int  # 0-based line in the body


@dataclass(frozen=True, slots=True)
class BodyOutline:
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    headings: tuple[Heading, ...]


def tokens(body: str) -> list[Token]:
    return parser().parse(body)


def outline(body: str) -> BodyOutline:
    blocks: list[Block] = []
    links: list[Link] = []
    headings: list[Heading] = []
    toks = tokens(body)
    depth = 0
    last_line = 0
    for index, tok in enumerate(toks):
        if tok.map:
            last_line = tok.map[0]
        if tok.nesting == -1:
            depth -= 1
            continue
        shape = _shape(tok)
        if shape:
            blocks.append(Block(shape, depth, last_line))
        if tok.type == "heading_open":
            inline = toks[index + 1]
            headings.append(Heading(int(tok.tag[1]), inline.content, last_line))
        if tok.type == "inline" and tok.children:
            for child in tok.children:
                if child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    if href.startswith(LINK_SCHEME):
                        links.append(Link(href[len(LINK_SCHEME):], True, last_line))
                    else:
                        links.append(Link(href, False, last_line))
        if tok.nesting == 1:
            depth += 1
    return BodyOutline(tuple(blocks), tuple(links), tuple(headings))


def _shape(tok: Token) -> str:
    match tok.type:
        case "heading_open":
            return tok.tag
        case "bullet_list_open":
            return "ul"
        case "ordered_list_open":
            return "ol"
        case "list_item_open":
            return "li"
        case "blockquote_open":
            return "quote"
        case "table_open":
            return "table"
        case "tr_open":
            return "tr"
        case "hr":
            return "hr"
        case "fence" | "code_block":
            digest = hashlib.sha1(tok.content.strip().encode()).hexdigest()[:10]
            return f"code:{digest}"
        case _:
            return ""


SHAPE_NAMES = {
    "h1": "a level-1 heading",
    "h2": "a level-2 heading",
    "h3": "a level-3 heading",
    "h4": "a level-4 heading",
    "h5": "a level-5 heading",
    "h6": "a level-6 heading",
    "ul": "a bullet list",
    "ol": "a numbered list",
    "li": "a list item",
    "quote": "a block quote",
    "table": "a table",
    "tr": "a table row",
    "hr": "a rule",
}


def describe(shape: str) -> str:
    if shape.startswith("code:"):
        return "a code block"
    return SHAPE_NAMES.get(shape, shape)
