"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.compiler import compile_tree
from tests.support import TINY


@pytest.fixture(scope="module")
def tiny_consultation() -> Consultation:
    kb, _ = compile_tree(TINY)
    assert kb is not None
    return Consultation.for_kb(kb)
