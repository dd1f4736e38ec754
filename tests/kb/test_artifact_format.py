"""kb.artifact_format: the sections give back what they were made of (the forged ones
are in tests/security/test_atomic_cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.kb.artifact_format import (
    WordRuns,
    from_dict,
    match_from_bytes,
    match_to_bytes,
    to_dict,
)
from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import MatchTexts


def test_the_match_section_gives_back_the_texts_it_was_made_of(tiny_tree: Path) -> None:
    """match_to_bytes / match_from_bytes: the same texts, words and postings, with a
    text's words made when first read."""
    kb, _ = compile_tree(tiny_tree)
    assert kb is not None
    texts = kb.match_texts()
    node_ids = list(kb.nodes)
    again = match_from_bytes(match_to_bytes(texts, {n: i for i, n in enumerate(node_ids)}),
                             node_ids)
    assert isinstance(again.words, WordRuns) and not again.words._made
    assert again.words[3] == tuple(texts.words[3]) and list(again.words._made) == [3]
    assert again == texts
    assert again.words[-1] == tuple(texts.words[-1])
    assert again.words[1:3] == tuple(tuple(w) for w in texts.words[1:3])
    assert again.postings == texts.postings and len(again.postings) > 10
    with pytest.raises(ValueError, match="NUL"):
        match_to_bytes(MatchTexts(texts.nodes[:1], ("en",), ("a\x00b",), ("a b",), (("a",),),
                                  {"a": [0]}), {texts.nodes[0]: 0})


def test_the_core_gives_back_the_knowledge_base(tiny_tree: Path) -> None:
    """to_dict / from_dict: the same nodes, rules (packed), positions and signatures."""
    import json

    kb, _ = compile_tree(tiny_tree)
    assert kb is not None
    again = from_dict(json.loads(json.dumps(to_dict(kb))))
    assert again == kb
    assert again.rules and all(a == b for a, b in zip(again.rules, kb.rules, strict=True))
    # the tiny tree has rules with and without a value and a gate: both packed forms
    assert {r.value is None for r in again.rules} == {True, False}
    assert {bool(r.gate) for r in again.rules} == {True, False}
    assert [str(r.source) for r in again.rules] == [str(r.source) for r in kb.rules]
