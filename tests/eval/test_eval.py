"""Accuracy floors on the evaluation set (tests/eval/queries.toml).

The queries were written from the knowledge maps, not from the content's phrasings.
`python -m tests.eval.report -v` prints the full report with every miss.
"""

from __future__ import annotations

import pytest

from tests.eval.report import Outcome, evaluate, load_queries, rate

# About four points under today's figures (94.0% / 97.0% overall): room for content
# edits, none for a regression in the matcher or the inference.
PROBLEM_TOP1_FLOOR = 0.90
CAUSE_TOP3_FLOOR = 0.93
# pack 3 is the held-out pack (93.5% / 93.5% today)
# pack 4 is held out too: written from knowledge-map-3.md before pack 3's content and the
# version-aware evidence, measured before (30.6% / 8.3%) and after (79.2% / 88.9%),
# never tuned on. Its floors sit about four points under the figures after.
PACK_FLOORS = {1: (0.88, 0.92), 2: (0.90, 0.95), 3: (0.88, 0.88), 4: (0.75, 0.85)}
# The overall floors were set on packs 1-3 and their unrelated texts; pack 4 has its own.
OVERALL_PACKS = (1, 2, 3)


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return evaluate()


def test_evaluation_set_is_big_enough() -> None:
    queries = load_queries()
    assert len(queries) >= 110
    assert sum(q.get("pack", 1) == 2 for q in queries) >= 30
    assert sum(q.get("pack", 1) == 3 for q in queries) >= 60
    assert sum(q.get("pack", 1) == 4 for q in queries) >= 60
    assert {q["lang"] for q in queries} == {"en", "fr"}
    styles = {q["style"] for q in queries}
    assert {"short", "long", "typo", "no-accent", "error", "log", "unrelated"} <= styles


def test_overall_floors(outcomes: list[Outcome]) -> None:
    mine = [o for o in outcomes if o.query.get("pack", 1) in OVERALL_PACKS]
    assert rate(mine, "problem_top1") >= PROBLEM_TOP1_FLOOR
    assert rate(mine, "cause_top3") >= CAUSE_TOP3_FLOOR


@pytest.mark.parametrize("pack", [1, 2, 3, 4])
def test_pack_floors(outcomes: list[Outcome], pack: int) -> None:
    mine = [o for o in outcomes if o.query.get("pack", 1) == pack and o.query["problem"]]
    problem_floor, cause_floor = PACK_FLOORS[pack]
    assert rate(mine, "problem_top1") >= problem_floor
    assert rate(mine, "cause_top3") >= cause_floor


def test_unrelated_queries_match_nothing(outcomes: list[Outcome]) -> None:
    unrelated = [o for o in outcomes if not o.query["problem"]]
    assert unrelated
    wrong = [o.query["text"] for o in unrelated if o.diagnosis.matched]
    assert wrong == []
