"""Forward chaining in experta over the compiled rules.

The rules of the knowledge base are split into *shards*: the connected groups of problems,
causes and signatures that share rules. Each shard becomes one experta ``KnowledgeEngine``
class, built once and reused with ``reset()``. A query only runs the shards its facts
touch, so its cost follows the size of the relevant part of the knowledge base, not of
the whole (experta re-checks every rule of an engine after each change).

Inference runs in two stages inside each engine:

1. ``Mention`` and ``SignatureFound`` facts fire stage-1 rules: evidence for problems and
   causes.
2. Problem certainties are combined (fixed order, MYCIN), declared as ``ProblemCF`` facts,
   and the engine runs again: prior rules and answer rules conclude on causes.

Rules do not declare conclusions as facts: each firing is recorded with its certainty,
and certainties are combined after ``run()`` in rule-ID order, so the outcome does not
depend on agenda order (ties there fall in hash order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jamfkb.engine._experta import MATCH, Fact, KnowledgeEngine, P, Rule
from jamfkb.engine.cf import combine_all
from jamfkb.engine.matcher import one_per_message as messages_once
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


class Mention(Fact):
    """The text matches a phrasing of ``node`` with ``score``."""


class SignatureFound(Fact):
    """The text contains the error signature ``sig``."""


class Answer(Fact):
    """The user answered ``question`` with ``value``; ``given`` is what was answered
    (a version answer becomes ``in RANGE`` / ``out RANGE`` values, see engine.versions)."""


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


def _rhs(rule: KBRule) -> Callable[..., None]:
    """The right-hand side of one compiled rule."""
    condition = rule.condition

    def fire(engine: ShardEngine, **bound: Any) -> None:
        if condition == "mention":
            cf = rule.cf * float(bound["score"])
        elif condition == "problem":
            cf = rule.cf * float(bound["pcf"])
        else:
            cf = rule.cf
        engine.recorder.record(rule, cf, bound)

    fire.__name__ = rule.id
    return fire


def _lhs(rule: KBRule) -> tuple[Any, ...]:
    match rule.condition:
        case "mention":
            return (Mention(node=rule.subject, score=MATCH.score),)
        case "signature":
            return (SignatureFound(sig=rule.subject),)
        case "problem":
            return (ProblemCF(problem=rule.subject, cf=MATCH.pcf, recognised=MATCH.recognised),)
        case "answer":
            gate = frozenset(rule.gate)
            return (
                Answer(question=rule.subject, value=rule.value),
                ProblemCF(problem=P(lambda p, gate=gate: p in gate)),
            )
        case "version":
            gate = frozenset(rule.gate)
            return (
                Answer(question=rule.subject, value=rule.value, given=MATCH.given),
                ProblemCF(problem=P(lambda p, gate=gate: p in gate)),
            )
    raise ValueError(f"unknown condition {rule.condition!r}")


class ShardEngine(KnowledgeEngine):  # type: ignore[misc]
    recorder: _Recorder
    _deffacts: list[Any] | None = None

    def get_deffacts(self) -> list[Any]:
        # experta looks these up with inspect.getmembers on every reset(): O(rules).
        # They never change for an engine, so look once.
        if self._deffacts is None:
            self._deffacts = super().get_deffacts()
        return self._deffacts


def _pin_conflict_set_nodes(engine: ShardEngine) -> None:
    """Compute the Rete network's conflict-set nodes once per engine.

    experta caches this walk with ``lru_cache(maxsize=1)`` on the method, shared by
    every engine in the process: with one engine per shard it misses on nearly every
    call and walks the whole network after each change. The network never changes
    after it is built, so the result is pinned on the instance.
    tests/test_experta_compat.py guards this reliance on experta internals.
    """
    matcher = engine.matcher
    method = getattr(type(matcher), "_get_conflict_set_nodes", None)
    if method is None:  # another experta: nothing to pin, still correct
        return
    nodes = method(matcher)
    matcher._get_conflict_set_nodes = lambda: nodes


def build_engine_class(rules: Iterable[KBRule], name: str = "Shard") -> type[ShardEngine]:
    """An experta engine class whose rules are the compiled rules given."""
    attrs: dict[str, Any] = {}
    for index, rule in enumerate(rules):
        attrs[f"rule_{index}"] = Rule(*_lhs(rule))(_rhs(rule))
    return type(name, (ShardEngine,), attrs)


@dataclass(slots=True)
class Shard:
    nodes: frozenset[str]
    rules: tuple[KBRule, ...]
    engine_class: type[ShardEngine] | None = None
    engine: ShardEngine | None = None
    questions: frozenset[str] = frozenset()  # questions its answer rules test

    def __post_init__(self) -> None:
        self.questions = frozenset(r.subject for r in self.rules
                                   if r.condition in ("answer", "version"))

    def instance(self) -> ShardEngine:
        """The shard's engine, built on first use and then reused."""
        if self.engine is None:
            if self.engine_class is None:
                self.engine_class = build_engine_class(self.rules)
            self.engine = self.engine_class()
            _pin_conflict_set_nodes(self.engine)
        return self.engine


def partition(kb: KnowledgeBase) -> list[Shard]:
    """Group rules into independent shards (union-find over the nodes each rule joins)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    sig_home = {s.id: s for s in kb.signatures}
    for rule in kb.rules:
        find(rule.target)
        if rule.condition in ("mention", "problem"):
            union(rule.subject, rule.target)
        elif rule.condition == "signature":
            sig = sig_home[rule.subject]
            for node in (sig.problem, sig.cause):
                if node:
                    union(node, rule.target)
        elif rule.condition in ("answer", "version"):
            for problem in rule.gate:
                union(problem, rule.target)
    groups: dict[str, list[KBRule]] = defaultdict(list)
    members: dict[str, set[str]] = defaultdict(set)
    for node in list(parent):
        members[find(node)].add(node)
    for rule in kb.rules:
        groups[find(rule.target)].append(rule)
    return [
        Shard(frozenset(members[root]), tuple(sorted(groups[root], key=lambda r: r.id)))
        for root in sorted(groups)
    ]


class Inference:
    """Runs the experta shards of one knowledge base. Not thread-safe: one per thread."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.shards = partition(kb)
        self._shard_of: dict[str, Shard] = {}
        for shard in self.shards:
            for node in shard.nodes:
                self._shard_of[node] = shard
        self._sig_node = {
            s.id: (s.cause or s.problem or "") for s in kb.signatures
        }
        self._sig_folded = {s.id: s.folded for s in kb.signatures}
        self._version_ranges = version_ranges(kb.rules)

    def warm_up(self) -> None:
        """Build every shard's engine now instead of on first use."""
        for shard in self.shards:
            shard.instance()

    def run(
        self,
        mentions: dict[str, float],
        signatures: Iterable[str],
        answers: dict[str, str],
    ) -> InferenceResult:
        """Infer problem and cause certainties from the facts of one consultation."""
        signatures = sorted(set(signatures))
        touched: dict[int, Shard] = {}
        for node in mentions:
            if node in self._shard_of:
                touched[id(self._shard_of[node])] = self._shard_of[node]
        for sig in signatures:
            shard = self._shard_of.get(self._sig_node.get(sig, ""))
            if shard is not None:
                touched[id(shard)] = shard
        answer_facts = [
            (q, Answer(question=q, value=v, given=given))
            for q, v, given in version_answer_facts(answers, self._version_ranges)
        ]
        result = InferenceResult()
        shards = sorted(touched.values(), key=lambda s: min(s.nodes))
        staged = [(shard, self._stage1(shard, mentions, signatures)) for shard in shards]
        best = max((cf for _, (_, problems) in staged for cf in problems.values()), default=0.0)
        for shard, (engine, problems) in staged:
            self._stage2(shard, engine, problems, best, answer_facts, result)
        return result

    def _stage1(self, shard: Shard, mentions: dict[str, float], signatures: list[str]
                ) -> tuple[ShardEngine, dict[str, float]]:
        engine = shard.instance()
        engine.recorder = _Recorder()
        engine.reset()
        stage1: list[Fact] = [
            Mention(node=node, score=score)
            for node, score in sorted(mentions.items())
            if node in shard.nodes
        ]
        stage1 += [SignatureFound(sig=sig) for sig in signatures
                    if self._sig_node.get(sig) in shard.nodes]
        if stage1:
            engine.declare(*stage1)
        engine.run()
        return engine, _combine(self._one_per_message(engine.recorder.firings.values()),
                                "problem")

    def _stage2(self, shard: Shard, engine: ShardEngine, problems: dict[str, float],
                best: float, answer_facts: list[tuple[str, Fact]],
                result: InferenceResult) -> None:
        active = {p: cf for p, cf in problems.items() if cf >= PROBLEM_THRESHOLD}
        stage2: list[Fact] = [ProblemCF(problem=p, cf=competing(cf, best), recognised=cf)
                              for p, cf in sorted(active.items())]
        if stage2:
            # only the answers this shard's rules test: each fact costs a pass over the network
            engine.declare(*stage2, *(f for q, f in answer_facts if q in shard.questions))
            engine.run()
        firings = self._one_per_message(engine.recorder.firings.values())
        for firing in firings:
            result.firings[firing.rule.target].append(firing)
        result.problems.update(problems)
        result.causes.update(_combine(firings, "cause"))

    def _one_per_message(self, firings: Iterable[Firing]) -> list[Firing]:
        return sorted(one_per_message(firings, lambda f: f.rule, self._sig_folded),
                      key=lambda f: f.rule.id)


T = TypeVar("T")


def one_per_message(items: Iterable[T], rule_of: Callable[[T], KBRule],
                    folded: dict[str, str]) -> list[T]:
    """The firings to combine, with each error message counted once per target: MYCIN
    would otherwise count a message twice (see ``engine.matcher.one_per_message``)."""

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
