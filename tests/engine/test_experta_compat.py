"""Guards the reliance on experta internals (see engine/_experta.py)."""

from __future__ import annotations

import collections
import subprocess
import sys

from tests.support import TINY


def test_experta_imports_through_the_shim() -> None:
    import jamfkb.engine._experta as shim

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
    from jamfkb.engine._experta import MATCH, Fact, KnowledgeEngine, Rule

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


def test_conflict_set_nodes_are_pinned_per_engine() -> None:
    """engine/inference.py pins experta's lru_cache(maxsize=1) network walk per engine:
    two knowledge bases loaded in one process (a reload) would otherwise share it."""
    from jamfkb.engine.inference import Inference
    from jamfkb.kb.compiler import compile_tree

    kb, _ = compile_tree(TINY)
    assert kb is not None
    engines = [Inference(kb).engine for _ in range(2)]
    rete_matcher = type(engines[0].matcher)  # experta's ReteMatcher, imported via the shim
    assert hasattr(rete_matcher, "_get_conflict_set_nodes")
    for engine in engines:
        pinned = engine.matcher._get_conflict_set_nodes()
        assert pinned is engine.matcher._get_conflict_set_nodes()
        assert pinned == rete_matcher._get_conflict_set_nodes.__wrapped__(engine.matcher)
    assert engines[0].matcher._get_conflict_set_nodes() != \
        engines[1].matcher._get_conflict_set_nodes()


def test_salience_orders_the_stages() -> None:
    """The stage 1 -> 2 rule of engine/inference.py waits for every evidence rule through
    a lower salience: experta must fire higher salience first, whatever the fact order."""
    from jamfkb.engine._experta import Fact, KnowledgeEngine, Rule

    fired: list[str] = []

    class Step(Fact):
        pass

    class Done(Fact):
        pass

    def evidence(engine: KnowledgeEngine) -> None:
        fired.append("evidence")

    def after(engine: KnowledgeEngine) -> None:
        fired.append("after")

    engine_class = type("E", (KnowledgeEngine,), {
        "a": Rule(Step())(evidence), "b": Rule(Done(), salience=-1)(after)})
    engine = engine_class()
    engine.reset()
    engine.declare(Step(n=1), Step(n=2), Done())  # depth-first alone would fire Done first
    engine.run()
    assert fired == ["evidence", "evidence", "after"]


def test_deffacts_still_declare_the_initial_fact() -> None:
    from jamfkb.engine.inference import Inference
    from jamfkb.kb.compiler import compile_tree

    kb, _ = compile_tree(TINY)
    assert kb is not None
    engine = Inference(kb).engine
    for _ in range(2):
        engine.reset()
        assert any(type(f).__name__ == "InitialFact" for f in engine.facts.values())


def test_strategy_orders_as_experta_does() -> None:
    """engine/inference.py replaces DepthStrategy.get_key (to drop its lru_cache): the
    keys must stay experta's, and experta must still call get_key."""
    from jamfkb.engine._experta import DepthStrategy
    from jamfkb.engine.inference import Evidence, Inference, Mention
    from jamfkb.kb.compiler import compile_tree

    kb, _ = compile_tree(TINY)
    assert kb is not None
    engine = Inference(kb).engine
    assert isinstance(engine.strategy, DepthStrategy)
    assert type(engine.strategy).get_key is not DepthStrategy.get_key
    engine.reset()
    engine.declare(Mention(node="printer-broken", score=0.9),
                   Mention(node="paper-jam", score=0.5), Evidence())
    activations = engine.agenda.activations
    assert len(activations) == 3
    for activation in activations:
        assert activation.key == DepthStrategy.get_key.__wrapped__(engine.strategy, activation)
    assert activations[0].rule.salience == -1  # the stage 1 -> 2 rule fires last
