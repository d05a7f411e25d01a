"""The equality figure (Gini coefficient of talk time) against hand-computed values."""

from __future__ import annotations

import pytest
from pytest import approx

from companion.turns.metrics import gini


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], 0.0),
        ([42.0], 0.0),
        ([0.0, 0.0, 0.0], 0.0),  # nobody has talked: nothing unequal yet
        ([5.0, 5.0, 5.0, 5.0], 0.0),
        ([1.0, 0.0, 0.0, 0.0], 0.75),  # one of four did all the talking: (n-1)/n
        # [1, 2, 3]: sum over ordered pairs |xi - xj| = 2 * (1 + 2 + 1) = 8;
        # 8 / (2 * n^2 * mean) = 8 / (2 * 9 * 2) = 2/9.
        ([1.0, 2.0, 3.0], 2 / 9),
        ([3.0, 1.0, 2.0], 2 / 9),  # order does not matter
        # [0, 0, 10, 30]: pairs 10+30+10+30+20 = 100 (each once) -> 200 over ordered pairs;
        # 200 / (2 * 16 * 10) = 0.625.
        ([0.0, 0.0, 10.0, 30.0], 0.625),
        # Eight people, two dominate: 6 x 60 s and 2 x 420 s: total 1200 s, mean 150 s.
        # |60 - 420| = 360 for 6 * 2 pairs, each counted twice: 8640; / (2 * 64 * 150) = 0.45.
        ([60.0] * 6 + [420.0] * 2, 0.45),
    ],
)
def test_gini_matches_hand_computed_values(values: list[float], expected: float) -> None:
    assert gini(values) == approx(expected)


def test_gini_ignores_scale_and_negative_noise() -> None:
    assert gini([1, 2, 3]) == approx(gini([60, 120, 180]))
    assert gini([-0.0001, 1.0]) == approx(0.5)
