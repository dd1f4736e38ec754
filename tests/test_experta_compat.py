"""Guards the reliance on experta internals (see engine/_experta.py)."""

from __future__ import annotations

import collections
import subprocess
import sys


def test_experta_imports_through_the_shim() -> None:
    import engine._experta as shim

    assert hasattr(collections, "Mapping")
    assert shim.KnowledgeEngine.__module__.startswith("experta")


def test_shim_works_in_a_fresh_interpreter() -> None:
    code = "import engine._experta as e; print(e.Rule.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Rule"


def test_rule_rhs_receives_bound_variables() -> None:
    """Our right-hand sides take **kwargs: experta must pass MATCH-bound values by name."""
    from engine._experta import MATCH, Fact, KnowledgeEngine, Rule

    seen: list[float] = []

    class Probe(Fact):
        pass

    def rhs(engine: KnowledgeEngine, **bound: float) -> None:
        seen.append(bound["score"])

    engine_class = type("E", (KnowledgeEngine,), {"r": Rule(Probe(score=MATCH.score))(rhs)})
    engine = engine_class()
    engine.reset()
    engine.declare(Probe(score=0.5))
    engine.run()
    engine.reset()
    engine.declare(Probe(score=0.25))
    engine.run()
    assert seen == [0.5, 0.25]
