"""`jamfkb new KIND ID`: the three files of a node, from templates that pass `check`.

Every placeholder a writer must replace holds a TODO marker, which `check` reports as a
warning: the new node loads at once (the app shows it), and the warnings list what is
left to write. A cause or a question needs to point at existing nodes to compile; the
template names the first problem and resolution of the tree, marked TODO beside them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jamfkb.kb.model import KINDS, KnowledgeBase
from jamfkb.kb.reading import ID_PATTERN
from jamfkb.kb.store import atomic_write

FOLDERS = {"problem": "problems", "cause": "causes", "resolution": "resolutions",
           "question": "questions", "article": "articles"}


class ScaffoldError(Exception):
    """The node cannot be created (bad kind or ID, the ID exists, no folder)."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    files: tuple[Path, ...]


def _logic(kind: str, kb: KnowledgeBase) -> str:
    sources = ('sources = [\n  { doc = "TODO: the public document the facts come from", '
               'revision = "2026-01" },\n]\n')
    head = f'kind = "{kind}"\n{sources}'
    if kind == "cause":
        problem = min((n.id for n in kb.of_kind("problem")), default=None)
        resolution = min((n.id for n in kb.of_kind("resolution")), default=None)
        if problem is None or resolution is None:
            raise ScaffoldError("a cause needs a problem and a resolution to point at: "
                                "create them first")
        return (head + f"# TODO: the problems this cause explains, each with its prior\n"
                f"problems = {{ {problem} = 0.2 }}\n"
                f"# TODO: the resolutions that fix it\nresolutions = [\"{resolution}\"]\n")
    if kind == "question":
        return head + 'choices = ["yes", "no"]\n'
    return head


def _wording(kind: str, lang: str) -> str:
    todo = "TODO: " if lang == "en" else "TODO : "
    title = f"{todo}{'the title' if lang == 'en' else 'le titre'}"
    summary = f"{todo}{'one line shown in lists' if lang == 'en' else 'une ligne pour les listes'}"
    lines = ["+++", f'title = "{title}"', f'summary = "{summary}"']
    if kind in ("problem", "cause"):
        say = "how admins say it" if lang == "en" else "comment les admins le disent"
        count = 3 if kind == "problem" else 1
        lines.append("phrasings = [")
        lines += [f'  "{todo}{say} {n}",' for n in range(1, count + 1)]
        lines.append("]")
    lines += ["+++", f"# {title}", "",
              f"{todo}{'the article' if lang == 'en' else 'l’article'}.", ""]
    return "\n".join(lines)


def scaffold(kind: str, node_id: str, root: Path, kb: KnowledgeBase) -> Scaffold:
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if not ID_PATTERN.match(node_id):
        raise ScaffoldError(f"invalid ID '{node_id}': use lowercase letters, digits and "
                            "dashes, as in 'cause-4'")
    if kb.resolve(node_id) is not None:
        raise ScaffoldError(f"'{node_id}' already exists: {kb.resolve(node_id).source.path}")  # type: ignore[union-attr]
    folder = root / FOLDERS[kind]
    files = (folder / f"{node_id}.toml", folder / f"{node_id}.en.md",
             folder / f"{node_id}.fr.md")
    for path in files:
        if os.path.lexists(path):
            raise ScaffoldError(f"{path} already exists")
    texts = (_logic(kind, kb), _wording(kind, "en"), _wording(kind, "fr"))
    for path, text in zip(files, texts, strict=True):
        atomic_write(path, text.encode("utf-8"), shared=True)
    return Scaffold(files)
