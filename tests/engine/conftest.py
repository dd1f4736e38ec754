"""The tiny hand-built knowledge base, compiled once per test module, and its consultation."""

from __future__ import annotations

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KnowledgeBase
from tests.support import TINY


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb, diags = compile_tree(TINY)
    assert kb is not None, diags
    return kb


@pytest.fixture(scope="module")
def consultation(kb: KnowledgeBase) -> Consultation:
    return Consultation.for_kb(kb)
