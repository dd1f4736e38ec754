"""MYCIN certainty factors: how evidence for and against a conclusion combines."""

from __future__ import annotations

import pytest

from jamfkb.engine.cf import combine, combine_all


def test_mycin_combination() -> None:
    assert combine(0.6, 0.5) == pytest.approx(0.8)
    assert combine(-0.6, -0.5) == pytest.approx(-0.8)
    assert combine(0.6, -0.4) == pytest.approx(0.2 / 0.6)
    assert combine(1.0, -1.0) == 0.0
    assert combine_all([]) == 0.0
    assert combine_all([0.3, 0.3, 0.3]) == pytest.approx(1 - 0.7**3)
