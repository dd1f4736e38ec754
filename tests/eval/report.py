"""Accuracy of the engine on the evaluation set: ``python -m tests.eval.report [-v]``.

Problem top-1: the expected problem is the first recognised symptom.
Cause top-3: the expected cause is among the first three causes.
Unrelated queries must give no symptom and no cause.
"""

from __future__ import annotations

import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jamfkb.engine.consultation import Consultation, Diagnosis
from jamfkb.kb.store import load

QUERIES = Path(__file__).with_name("queries.toml")


@dataclass(frozen=True, slots=True)
class Outcome:
    query: dict[str, Any]
    problem_top1: bool
    cause_top3: bool
    diagnosis: Diagnosis


def load_queries() -> list[dict[str, Any]]:
    return tomllib.loads(QUERIES.read_text(encoding="utf-8"))["query"]


def evaluate(consultation: Consultation | None = None) -> list[Outcome]:
    if consultation is None:
        kb = load().kb
        assert kb is not None, "the bundled content does not compile"
        consultation = Consultation.for_kb(kb)
    outcomes = []
    for q in load_queries():
        d = consultation.diagnose(q["text"], q.get("answers"))
        if not q["problem"]:
            ok = not d.problems and not d.causes
            outcomes.append(Outcome(q, ok, ok, d))
            continue
        top_problem = d.problems[0].id if d.problems else None
        causes = [c.id for c in d.causes[:3]]
        outcomes.append(Outcome(q, top_problem == q["problem"], q["cause"] in causes, d))
    return outcomes


def rate(outcomes: list[Outcome], attr: str) -> float:
    return sum(getattr(o, attr) for o in outcomes) / max(len(outcomes), 1)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    outcomes = evaluate()
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups["all"].append(o)
        groups[f"pack {o.query.get('pack', 1)}"].append(o)
        groups[f"lang {o.query['lang']}"].append(o)
        groups[f"style {o.query['style']}"].append(o)
    print(f"{'group':<18} {'n':>4} {'problem@1':>10} {'cause@3':>9}")
    for name in sorted(groups, key=lambda g: (g != "all", g)):
        g = groups[name]
        print(f"{name:<18} {len(g):>4} {rate(g, 'problem_top1'):>10.1%} "
              f"{rate(g, 'cause_top3'):>9.1%}")
    if verbose:
        print("\nMisses:")
        for o in outcomes:
            if o.problem_top1 and o.cause_top3:
                continue
            got_p = [f"{p.id}:{p.certainty:.2f}" for p in o.diagnosis.problems[:3]]
            got_c = [f"{c.id}:{c.certainty:.2f}" for c in o.diagnosis.causes[:3]]
            text = o.query["text"].replace("\n", " ⏎ ")[:90]
            print(f"- [{o.query['style']}/{o.query['lang']}] {text!r}\n"
                  f"    want {o.query['problem'] or '∅'} / {o.query['cause'] or '∅'}\n"
                  f"    got  {got_p} {got_c}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # piped into head
        sys.exit(0)
