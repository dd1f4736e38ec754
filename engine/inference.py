"""Forward chaining in experta over the compiled rules.

One experta engine runs every query. Its rules are the knowledge base's rules grouped by
the fact they wait for: one experta rule per kind of condition (a mention, an error
signature, a recognised problem, an answer), which looks up, in tables built once from
the knowledge base, the compiled rules that the matched fact satisfies and records them.
So one activation stands for every compiled rule on the same fact, and the Rete network
stays five rules whatever the size of the knowledge base. experta re-checks every rule of
an engine after each change and hashes every activation: when each compiled rule was an
experta rule (in 385 engines of up to 181 rules at ×100), that was where the time went.
``bench.run``, experta per query against CLIPS running one defrule per compiled rule
(bench/clips_port.py, which says why the shapes differ): ×100 42.7 ms (×9.6) -> 5.7 ms
(×1.4), ×1 0.9 ms (×5.0) -> 0.4 ms (×2.3), bundled ×9.0 -> ×2.1 (one helper's run;
docs/BENCHMARKS.md has the round's figures).

Inference runs in two stages, chained inside experta:

1. ``Mention`` and ``SignatureFound`` facts fire the evidence for problems and causes.
2. When stage 1 is done (a rule on ``Evidence``, of lower salience), problem certainties
   are combined (fixed order, MYCIN) and declared as ``ProblemCF`` facts; prior rules and
   answer rules (``Answer`` joined with a recognised problem of their gate) then
   conclude on causes.

Rules do not declare conclusions as facts: each firing is recorded with its certainty,
and certainties are combined after ``run()`` in rule-ID order, so the outcome does not
depend on agenda order (ties there fall in hash order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from jamfkb.engine._experta import MATCH, TEST, DepthStrategy, Fact, KnowledgeEngine, Rule
from jamfkb.engine.cf import combine_all
from jamfkb.engine.signatures import one_per_message as messages_once
from jamfkb.engine.versions import answer_facts as version_answer_facts
from jamfkb.engine.versions import version_ranges
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.model import Rule as KBRule

PROBLEM_THRESHOLD = 0.15  # a problem below this certainty is not "recognised"


def competing(cf: float, best: float) -> float:
    """A problem's certainty as its causes see it: scaled by its ratio to the
    best-recognised problem of the text.

    Problems compete for one text. Without this, a problem recognised at 78% only
    through words it shares with the one recognised at 100% would pass its single
    likely cause (prior 0.8) above every cause of the problem the text is about
    (priors 0.3-0.4, shared among six causes). Evaluation: cause top-1 83.7 -> 89.1%
    (pack 1), cause top-3 88.7 -> 91.9% (held-out pack 3).
    """
    if best <= 0 or cf >= best:
        return cf
    return round(cf * cf / best, 6)


_rule_id = attrgetter("id")


class Mention(Fact):
    """The text matches a phrasing of ``node`` with ``score``."""


class SignatureFound(Fact):
    """The text contains the error signature ``sig``."""


class Evidence(Fact):
    """Every fact of stage 1 is declared: once its rules have fired, the problems can be
    recognised."""


class Answer(Fact):
    """The user answered ``question`` with ``value``; ``given`` is what was answered
    (a version answer becomes ``in RANGE`` / ``out RANGE`` values, see engine.versions).
    ``gate`` holds the problems that open rules on this answer (the union of their
    gates): the join with ``ProblemCF`` tests it in the Rete."""


class ProblemCF(Fact):
    """``problem`` is recognised with certainty ``recognised``; its causes see ``cf``,
    which is lower when another problem is recognised better (see ``competing``)."""


@dataclass(frozen=True, slots=True)
class Firing:
    """One rule that fired, what it matched, and what it contributed."""

    rule: KBRule
    cf: float  # contribution to the target, after scaling by the matched fact
    matched: dict[str, Any]


@dataclass(slots=True)
class InferenceResult:
    problems: dict[str, float] = field(default_factory=dict)
    causes: dict[str, float] = field(default_factory=dict)
    firings: dict[str, list[Firing]] = field(default_factory=lambda: defaultdict(list))


class _Recorder:
    """Collects firings during ``run()``; one firing per rule (the strongest)."""

    def __init__(self) -> None:
        self.firings: dict[str, Firing] = {}

    def record(self, rule: KBRule, cf: float, matched: dict[str, Any]) -> None:
        known = self.firings.get(rule.id)
        if known is None or abs(cf) > abs(known.cf):
            self.firings[rule.id] = Firing(rule, cf, matched)


@dataclass(frozen=True, slots=True)
class RuleTables:
    """The compiled rules, by the fact each waits for (each list in rule-ID order)."""

    mention: Mapping[str, tuple[KBRule, ...]]  # node -> rules on its mention
    signature: Mapping[str, tuple[KBRule, ...]]  # signature -> rules on it
    prior: Mapping[str, tuple[KBRule, ...]]  # problem -> rules on its certainty
    # (question, value) -> problem of a gate -> answer and version rules it opens
    answer: Mapping[tuple[str, str], Mapping[str, tuple[KBRule, ...]]]
    folded: dict[str, str]  # signature -> folded message (one count per message)

    @classmethod
    def of(cls, kb: KnowledgeBase) -> RuleTables:
        sig_node = {s.id: s.cause or s.problem for s in kb.signatures}
        mention: dict[str, list[KBRule]] = defaultdict(list)
        signature: dict[str, list[KBRule]] = defaultdict(list)
        prior: dict[str, list[KBRule]] = defaultdict(list)
        answer: dict[tuple[str, str], dict[str, list[KBRule]]] = defaultdict(
            lambda: defaultdict(list))
        # (the compiler gives them in this order: a C key makes the check of it 2 ms
        # cheaper at ×100, where a lambda was called 11,097 times)
        for rule in sorted(kb.rules, key=_rule_id):
            match rule.condition:
                case "mention":
                    mention[rule.subject].append(rule)
                case "signature":
                    if sig_node.get(rule.subject):  # a message of no node concludes nothing
                        signature[rule.subject].append(rule)
                case "problem":
                    prior[rule.subject].append(rule)
                case "answer" | "version":
                    for problem in rule.gate:
                        answer[(rule.subject, rule.value or "")][problem].append(rule)
                case _:
                    raise ValueError(f"unknown condition {rule.condition!r}")
        return cls(
            {k: tuple(v) for k, v in mention.items()},
            {k: tuple(v) for k, v in signature.items()},
            {k: tuple(v) for k, v in prior.items()},
            {k: {p: tuple(v) for p, v in by_problem.items()} for k, by_problem in answer.items()},
            {s.id: s.folded for s in kb.signatures},
        )

    def one_per_message(self, firings: Iterable[Firing]) -> list[Firing]:
        return sorted(one_per_message(firings, lambda f: f.rule, self.folded),
                      key=lambda f: f.rule.id)


class _DepthStrategy(DepthStrategy):  # type: ignore[misc]
    """experta's default strategy (higher salience first, then the most recent facts),
    without the ``lru_cache`` on its ``get_key``.

    That cache is keyed on activations, which hash their facts and context on every
    look-up, and the strategy then sets ``activation.key``: an activation equal to one of
    an earlier query (a query run again, with an answer more) never equals the cached
    one, after comparing with each. ×1 bench facts: experta per query 0.42 -> 0.33 ms.
    tests/engine/test_experta_compat.py checks the keys against experta's own.
    """

    def get_key(self, activation: Any) -> tuple[int, list[int]]:
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (activation.rule.salience, facts)


class InferenceEngine(KnowledgeEngine):  # type: ignore[misc]
    """The experta engine: five rules, whose right-hand sides record the compiled rules
    (of ``tables``) that the matched facts satisfy."""

    __strategy__ = _DepthStrategy
    _deffacts: list[Any] | None = None

    def __init__(self, tables: RuleTables) -> None:
        self.tables = tables
        self.recorder = _Recorder()
        self.problems: dict[str, float] = {}
        super().__init__()

    def get_deffacts(self) -> list[Any]:
        # experta looks these up with inspect.getmembers on every reset(). They never
        # change for an engine, so look once.
        if self._deffacts is None:
            self._deffacts = super().get_deffacts()
        return self._deffacts

    # ---------------------------------------------------------------- stage 1: evidence

    @Rule(Mention(node=MATCH.node, score=MATCH.score))
    def mention(self, node: str, score: float) -> None:
        for rule in self.tables.mention.get(node, ()):
            self.recorder.record(rule, rule.cf * float(score), {"score": score})

    @Rule(SignatureFound(sig=MATCH.sig))
    def signature(self, sig: str) -> None:
        for rule in self.tables.signature.get(sig, ()):
            self.recorder.record(rule, rule.cf, {})

    # ---------------------------------------------------------------- stage 1 -> 2

    @Rule(Evidence(), salience=-1)
    def recognise_problems(self) -> None:
        """Fires once every evidence rule has fired (lower salience): combines each
        problem's evidence and declares the problems recognised."""
        self.problems = _combine(self.tables.one_per_message(self.recorder.firings.values()),
                                 "problem")
        best = max(self.problems.values(), default=0.0)
        recognised = [ProblemCF(problem=p, cf=competing(cf, best), recognised=cf)
                      for p, cf in sorted(self.problems.items()) if cf >= PROBLEM_THRESHOLD]
        if recognised:
            self.declare(*recognised)

    # ---------------------------------------------------------------- stage 2: causes

    @Rule(ProblemCF(problem=MATCH.problem, cf=MATCH.pcf, recognised=MATCH.recognised))
    def prior(self, problem: str, pcf: float, recognised: float) -> None:
        for rule in self.tables.prior.get(problem, ()):
            self.recorder.record(rule, rule.cf * float(pcf),
                                 {"pcf": pcf, "recognised": recognised})

    @Rule(Answer(question=MATCH.question, value=MATCH.value, given=MATCH.given,
                 gate=MATCH.gate),
          ProblemCF(problem=MATCH.problem),
          TEST(lambda gate, problem: problem in gate))
    def answer(self, question: str, value: str, given: str, gate: frozenset[str],
               problem: str) -> None:
        for rule in self.tables.answer[(question, value)][problem]:
            matched = {"given": given} if rule.condition == "version" else {}
            self.recorder.record(rule, rule.cf, matched)


def _pin_conflict_set_nodes(engine: InferenceEngine) -> None:
    """Compute the Rete network's conflict-set nodes once per engine.

    experta caches this walk with ``lru_cache(maxsize=1)`` on the method, shared by
    every engine in the process: with more than one engine alive (a reloaded knowledge
    base, the tests) it would miss and walk the network after each change. The network
    never changes after it is built, so the result is pinned on the instance.
    tests/engine/test_experta_compat.py guards this reliance on experta internals.
    """
    matcher = engine.matcher
    method = getattr(type(matcher), "_get_conflict_set_nodes", None)
    if method is None:  # another experta: nothing to pin, still correct
        return
    nodes = method(matcher)
    matcher._get_conflict_set_nodes = lambda: nodes


class Inference:
    """Runs the experta engine of one knowledge base. Not thread-safe: one per thread."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.tables = RuleTables.of(kb)
        self._gates = {key: frozenset(by_problem) for key, by_problem in self.tables.answer.items()}
        self._version_ranges = version_ranges(kb.rules)
        self._engine: InferenceEngine | None = None

    @property
    def engine(self) -> InferenceEngine:
        """The experta engine, built on first use and then reused."""
        if self._engine is None:
            self._engine = InferenceEngine(self.tables)
            _pin_conflict_set_nodes(self._engine)
        return self._engine

    def warm_up(self) -> None:
        """Build the engine now instead of on first use."""
        _ = self.engine

    def run(
        self,
        mentions: dict[str, float],
        signatures: Iterable[str],
        answers: dict[str, str],
    ) -> InferenceResult:
        """Infer problem and cause certainties from the facts of one consultation."""
        tables = self.tables
        # Only facts some rule waits for: each declared fact costs a pass over the network.
        facts: list[Fact] = [Mention(node=node, score=score)
                             for node, score in sorted(mentions.items())
                             if node in tables.mention]
        facts += [SignatureFound(sig=sig) for sig in sorted(set(signatures))
                  if sig in tables.signature]
        result = InferenceResult()
        if not facts:  # no evidence: no problem, so no cause either
            return result
        facts += [Answer(question=q, value=v, given=given, gate=self._gates[(q, v)])
                  for q, v, given in version_answer_facts(answers, self._version_ranges)
                  if (q, v) in self._gates]
        engine = self.engine
        engine.recorder = _Recorder()
        engine.problems = {}
        engine.reset()
        engine.declare(*facts, Evidence())
        engine.run()
        firings = tables.one_per_message(engine.recorder.firings.values())
        for firing in firings:
            result.firings[firing.rule.target].append(firing)
        result.problems.update(engine.problems)
        result.causes.update(_combine(firings, "cause"))
        return result


T = TypeVar("T")


def one_per_message(items: Iterable[T], rule_of: Callable[[T], KBRule],
                    folded: dict[str, str]) -> list[T]:
    """The firings to combine, with each error message counted once per target: MYCIN
    would otherwise count a message twice (see ``engine.signatures.one_per_message``)."""

    def message_of(item: T) -> tuple[str, str, str] | None:
        rule = rule_of(item)
        if rule.condition != "signature":
            return None
        return rule.target, folded.get(rule.subject, ""), rule.id

    return messages_once(items, message_of)


def _combine(firings: Iterable[Firing], kind: str) -> dict[str, float]:
    by_target: dict[str, list[Firing]] = defaultdict(list)
    for firing in firings:
        if firing.rule.target_kind == kind:
            by_target[firing.rule.target].append(firing)
    return {
        target: round(combine_all(f.cf for f in sorted(fs, key=lambda f: f.rule.id)), 6)
        for target, fs in sorted(by_target.items())
    }
