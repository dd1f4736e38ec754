"""Render an article body as readable plain terminal text (for ``jamfkb show`` and reports).

Pure functions over the markdown-it token stream; no Textual import, so the CLI stays fast.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from markdown_it.token import Token

from jamfkb.kb import markdown
from jamfkb.kb.text import terminal_safe
from jamfkb.tui import i18n

if TYPE_CHECKING:
    from jamfkb.kb.model import Node

WIDTH = 88
_NBSP = "\u00a0"
# French puts a space before ":", ";", "?", "!" and "»" and after "«": a line must not
# start with the one nor end with the other, so those spaces do not break.
_UNBREAKABLE_SPACE = re.compile(r"(?<=\S) +(?=[:;!?»])|(?<=«) +")


def wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped at spaces only: IDs such as all-devices-affected stay whole (even
    past the width), and French punctuation stays with its word."""
    glued = _UNBREAKABLE_SPACE.sub(lambda m: _NBSP * len(m.group()), text)
    # textwrap splits on ASCII whitespace only, so a no-break space holds
    return [line.replace(_NBSP, " ")
            for line in textwrap.wrap(glued, width, break_on_hyphens=False,
                                      break_long_words=False)] or [""]


def inline_text(tok: Token, link_label: Callable[[str], str] | None = None) -> str:
    """The text of an inline token; ``kb:`` links get their target appended."""
    out: list[str] = []
    pending: list[str] = []
    for child in tok.children or ():
        match child.type:
            case "text" | "code_inline":
                out.append(child.content)
            case "softbreak":
                out.append(" ")
            case "hardbreak":
                out.append("\n")
            case "link_open":
                pending.append(str(child.attrGet("href") or ""))
            case "link_close":
                href = pending.pop() if pending else ""
                if href.startswith(markdown.LINK_SCHEME):
                    target = href[len(markdown.LINK_SCHEME):]
                    out.append(f" [→ {link_label(target) if link_label else target}]")
                elif href:
                    out.append(f" <{href}>")
            case "image":
                out.append(child.content)
            case _:
                pass
    return "".join(out)


def render(body: str, link_label: Callable[[str], str] | None = None, width: int = WIDTH) -> str:
    """Plain text with numbered and bulleted lists, indented code, underlined headings."""
    lines: list[str] = []
    list_stack: list[list[int]] = []  # [counter] for ordered, [-1] for bullet
    pending_marker: str | None = None
    quote = 0
    toks = markdown.tokens(body)
    for index, tok in enumerate(toks):
        indent = "   " * max(len(list_stack) - 1, 0) + "> " * quote
        match tok.type:
            case "heading_open":
                text = inline_text(toks[index + 1], link_label)
                if lines and lines[-1] != "":
                    lines.append("")
                lines.append(text)
                lines.append(("=" if tok.tag == "h1" else "-") * min(len(text), width))
            case "bullet_list_open":
                list_stack.append([-1])
            case "ordered_list_open":
                start = tok.attrGet("start")
                list_stack.append([int(start) if start else 1])
            case "bullet_list_close" | "ordered_list_close":
                list_stack.pop()
                if not list_stack:
                    lines.append("")
            case "list_item_open":
                counter = list_stack[-1]
                if counter[0] < 0:
                    pending_marker = "•"
                else:
                    pending_marker = f"{counter[0]}."
                    counter[0] += 1
            case "blockquote_open":
                quote += 1
            case "blockquote_close":
                quote -= 1
            case "inline" if toks[index - 1].type == "paragraph_open":
                text = inline_text(tok, link_label)
                if pending_marker:
                    marker = pending_marker + " "
                    pending_marker = None
                    wrapped = wrap(text, width - len(indent) - len(marker))
                    lines.append(indent + marker + wrapped[0])
                    lines.extend(indent + " " * len(marker) + w for w in wrapped[1:])
                else:
                    in_list = bool(list_stack)
                    pad = indent + ("   " if in_list else "")
                    lines.extend(pad + w for w in wrap(text, width - len(pad)))
                    if not in_list:
                        lines.append("")
            case "fence" | "code_block":
                pad = indent + ("   " if list_stack else "") + "    "
                if pending_marker:
                    lines.append(indent + pending_marker)
                    pending_marker = None
                lines.extend(pad + line for line in tok.content.rstrip("\n").split("\n"))
                lines.append("")
            case "hr":
                lines.append("-" * 20)
            case "table_open":
                pass
            case "inline" if toks[index - 1].type in ("th_open", "td_open"):
                lines.append(indent + "| " + inline_text(tok, link_label))
            case _:
                pass
    while lines and lines[-1] == "":
        lines.pop()
    return terminal_safe("\n".join(lines))


def meta_lines(node: Node, lang: str) -> list[str]:
    """What a node applies to and the documents it cites, one line each (``jamfkb show``
    prints them under the article, the app's article pane above it)."""
    lines = []
    if node.applies_to:
        names = ", ".join(i18n.t(lang, f"generation.{g}") for g in node.applies_to)
        lines.append(f"{i18n.t(lang, 'meta.applies_to')}{i18n.colon(lang)}{names}")
    for ref in node.doc_refs:
        lines.append(f"{i18n.t(lang, 'meta.source')}{i18n.colon(lang)}{ref.doc} "
                     f"({ref.revision})")
    return lines
