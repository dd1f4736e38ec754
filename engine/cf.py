"""Certainty factors, combined the MYCIN way."""

from __future__ import annotations

from collections.abc import Iterable


def combine(x: float, y: float) -> float:
    """Combine two certainty factors for the same hypothesis (each in [-1, 1])."""
    if x >= 0 and y >= 0:
        return x + y - x * y
    if x <= 0 and y <= 0:
        return x + y + x * y
    denominator = 1 - min(abs(x), abs(y))
    return 0.0 if denominator == 0 else (x + y) / denominator


def combine_all(values: Iterable[float]) -> float:
    """Fold ``combine`` over ``values`` in the order given.

    MYCIN's combination is not associative once signs are mixed, so callers pass the
    values in a fixed order (sorted by rule ID) to get the same answer on every run.
    """
    total = 0.0
    for value in values:
        total = combine(total, value)
    return max(-1.0, min(1.0, total))
