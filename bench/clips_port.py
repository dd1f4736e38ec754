"""The compiled rules of a knowledge base, translated to CLIPS (through clipspy).

A floor for the experta engine and a second opinion on its conclusions: the same facts
(``mention``, ``signature-found``, ``answer``, ``problem-cf``), the same two stages and the
same certainty combination as ``engine.inference``, in one CLIPS environment (Rete in C),
with one ``defrule`` per compiled rule, as a CLIPS programmer would write them. A rule's
right-hand side asserts a ``firing`` fact; certainties are combined in Python after each
``run()``, in rule-ID order, exactly as the engine does.

Not the same program shape as the engine any more: since round 4 ``engine.inference`` runs
five experta rules whose right-hand sides look the compiled rules up in tables, and it is
given only the facts some rule waits for, where CLIPS gets every mention and answer. The
experta ÷ CLIPS ratio therefore compares our inference with a native engine on the same
knowledge (docs/BENCHMARKS.md, round 4), not experta's Rete with CLIPS's.

clipspy is in the ``bench`` and ``dev`` dependency groups.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict

from jamfkb.engine.cf import combine_all
from jamfkb.engine.inference import PROBLEM_THRESHOLD, competing, one_per_message
from jamfkb.engine.versions import answer_facts, version_ranges
from jamfkb.kb.model import KnowledgeBase

TEMPLATES = """
(deftemplate mention (slot node) (slot score))
(deftemplate signature-found (slot sig))
(deftemplate answer (slot question) (slot value))
(deftemplate problem-cf (slot problem) (slot cf))
(deftemplate firing (slot rule) (slot cf))
"""


def _s(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def constructs(kb: KnowledgeBase) -> str:
    parts = [TEMPLATES]
    for i, r in enumerate(kb.rules):
        if r.condition == "mention":
            lhs = f"(mention (node {_s(r.subject)}) (score ?x))"
            cf = f"(* {r.cf!r} ?x)"
        elif r.condition == "signature":
            lhs = f"(signature-found (sig {_s(r.subject)}))"
            cf = repr(r.cf)
        elif r.condition == "problem":
            lhs = f"(problem-cf (problem {_s(r.subject)}) (cf ?x))"
            cf = f"(* {r.cf!r} ?x)"
        else:
            gate = "|".join(_s(p) for p in r.gate)
            lhs = (f"(answer (question {_s(r.subject)}) (value {_s(r.value or '')}))\n"
                   f"  (problem-cf (problem {gate}))")
            cf = repr(r.cf)
        parts.append(f"(defrule r{i}\n  {lhs}\n  =>\n  (assert (firing (rule {i}) (cf {cf}))))")
    return "\n".join(parts) + "\n"


class ClipsEngine:
    def __init__(self, kb: KnowledgeBase) -> None:
        import clips

        self.kb = kb
        self.rules = kb.rules  # sorted by rule ID, so index order is ID order
        self.folded = {s.id: s.folded for s in kb.signatures}
        self.version_ranges = version_ranges(kb.rules)
        self.env = clips.Environment()
        fd, path = tempfile.mkstemp(suffix=".clp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(constructs(kb))
            self.env.load(path)
        finally:
            os.unlink(path)
        self.t = {name: self.env.find_template(name) for name in
                  ("mention", "signature-found", "answer", "problem-cf", "firing")}

    def _firings(self) -> dict[int, float]:
        out: dict[int, float] = {}
        for fact in self.env.facts():
            if fact.template.name == "firing":
                index, cf = int(fact["rule"]), float(fact["cf"])
                known = out.get(index)
                if known is None or abs(cf) > abs(known):
                    out[index] = cf
        # the same post-processing as engine.inference: one count per error message
        kept = one_per_message(out.items(), lambda item: self.rules[item[0]], self.folded)
        return dict(kept)

    def _combine(self, firings: dict[int, float], kind: str) -> dict[str, float]:
        by_target: dict[str, list[float]] = defaultdict(list)
        for index in sorted(firings):
            rule = self.rules[index]
            if rule.target_kind == kind:
                by_target[rule.target].append(firings[index])
        return {t: round(combine_all(v), 6) for t, v in sorted(by_target.items())}

    def run(self, mentions: dict[str, float], signatures: list[str],
            answers: dict[str, str]) -> tuple[dict[str, float], dict[str, float]]:
        env, t = self.env, self.t
        env.reset()
        for node, score in sorted(mentions.items()):
            t["mention"].assert_fact(node=node, score=float(score))
        for sig in sorted(set(signatures)):
            t["signature-found"].assert_fact(sig=sig)
        env.run()
        firings = self._firings()
        problems = self._combine(firings, "problem")
        active = {p: cf for p, cf in problems.items() if cf >= PROBLEM_THRESHOLD}
        if active:
            best = max(problems.values())
            for p, cf in sorted(active.items()):
                t["problem-cf"].assert_fact(problem=p, cf=float(competing(cf, best)))
            for qid, value, _given in answer_facts(answers, self.version_ranges):
                t["answer"].assert_fact(question=qid, value=value)
            env.run()
            firings = self._firings()
        return problems, self._combine(firings, "cause")
