"""Compile a content tree into a :class:`KnowledgeBase`, reporting every mistake at file:line.

The pipeline is a chain of stages over plain data, one module each:
:mod:`~jamfkb.kb.reading` (find and read files) → :mod:`~jamfkb.kb.validation` (each file
on its own) → :mod:`~jamfkb.kb.linking` (what needs the whole tree) →
:mod:`~jamfkb.kb.deriving` (nodes, signatures, rules). Every stage appends to one
:class:`DiagnosticList`, so a single run reports every problem.
"""

from __future__ import annotations

from pathlib import Path

from jamfkb.kb.deriving import build_kb
from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.linking import check_parity_all, check_presence, check_references, collect_aliases
from jamfkb.kb.lint import lint
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.reading import ReadCache, read_tree
from jamfkb.kb.validation import validate_logic, validate_wording


def compile_tree(root: Path | str, cache: ReadCache | None = None
                 ) -> tuple[KnowledgeBase | None, DiagnosticList]:
    """Compile a content tree. The knowledge base is None when there are errors.

    With a ``cache`` kept between calls, unchanged files are not read or parsed again."""
    root = Path(root)
    diags = DiagnosticList()
    if not root.is_dir():
        diags.error(".", 1, "content folder not found")  # "." is the root itself
        return None, diags
    tree = read_tree(root, diags, cache)
    kinds: dict[str, str] = {}
    for node_id, lf in tree.logic.items():
        kind = validate_logic(lf, diags)
        if kind:
            kinds[node_id] = kind
        else:
            tree.broken.add(node_id)
    for (node_id, _lang), wf in tree.wording.items():
        if node_id in kinds:
            validate_wording(wf, kinds[node_id], diags)
    check_presence(tree, diags)
    check_parity_all(tree, kinds, diags)
    aliases = collect_aliases(tree, kinds, diags)
    check_references(tree, kinds, aliases, diags)
    if diags.has_errors:
        return None, diags
    kb = build_kb(tree, kinds, aliases)
    lint(kb, diags)
    return kb, diags
