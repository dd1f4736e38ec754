"""Certainties that mean something (docs/EVALUATION.md): among top causes shown at 70% or
more, at least 85% are right; no cause at 50% or more for unrelated texts or clean logs;
and the published table is the one the engine gives today."""

from __future__ import annotations

import pytest

from tests.eval.calibration import (
    DOC,
    HIGH_TARGET,
    UNRELATED_CEILING,
    calibrate,
    markdown,
)
from tests.eval.report import Outcome, evaluate


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return evaluate()


def test_high_certainties_are_mostly_right(outcomes: list[Outcome]) -> None:
    cal = calibrate(outcomes)
    assert cal.high_count >= 50
    assert cal.high_precision >= HIGH_TARGET


def test_unrelated_texts_and_clean_logs_stay_low(outcomes: list[Outcome]) -> None:
    cal = calibrate(outcomes)
    assert cal.unrelated_count >= 20
    assert cal.unrelated_max < UNRELATED_CEILING


def test_the_published_evaluation_is_current(outcomes: list[Outcome]) -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(outcomes), (
        "docs/EVALUATION.md is stale: run `uv run python -m tests.eval.calibration --write`")
