"""The one place that imports experta.

experta 1.9.4 pins ``frozendict==1.2``, whose ``frozendict`` subclasses
``collections.Mapping``, removed in Python 3.10. A plain ``pip install`` gets that
frozendict, so restore the alias before experta (and so frozendict) is first imported.
With frozendict >= 2 (the uv route) the alias is simply unused.
tests/engine/test_experta_compat.py guards this reliance on experta's internals (and the
strategy and network-walk overrides of engine/inference.py).
"""

from __future__ import annotations

import collections
import collections.abc

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

from experta import MATCH, TEST, Fact, KnowledgeEngine, Rule
from experta.strategies import DepthStrategy

__all__ = ["MATCH", "TEST", "DepthStrategy", "Fact", "KnowledgeEngine", "Rule"]
