"""The plan-group programme of the best-mix search (mix.best_plan_split), by hand and against
brute force on random group-cost tables (any costs, caps as inf)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine.mix import best_plan_split, places_of, submask_pairs

INF = np.inf


def test_submask_pairs_by_hand() -> None:
    # two segments: m = 0 {0}; m = 1 {0, 1}; m = 2 {0, 2}; m = 3 {0, 1, 2, 3}: 3^2 = 9 pairs
    m, sub, starts = submask_pairs(2)
    assert m.tolist() == [0, 1, 1, 2, 2, 3, 3, 3, 3]
    assert sub.tolist() == [0, 0, 1, 0, 2, 0, 1, 2, 3]
    assert starts.tolist() == [0, 1, 3, 5, 9]


def test_one_group_per_plan_by_hand() -> None:
    """Rows are subsets (1 = segment 0, 2 = segment 1, 3 = both), columns plans.

    Plan 0 costs 1 per segment but caps out at one segment (both: inf); plan 1 costs 5 per
    segment, 3 for both (a minimum). Splits: both on plan 1 = 3; one on each plan = 1 + 5 = 6.
    Two groups on plan 0 (1 + 1 = 2) is not a placement: both segments on plan 0 are one group,
    over its cap."""
    groups = np.array([[0, 0], [1, 5], [1, 5], [INF, 3]], dtype=float)
    split = best_plan_split(groups)
    assert split.cheapest.tolist() == [0, 1, 1, 3]
    assert split.groups_of(3) == {1: 3}
    assert places_of(3, split, 2) == (2, 2)
    assert places_of(2, split, 2) == (0, 1)  # segment 0 in-house, segment 1 on plan 0


def test_nothing_fits_is_inf() -> None:
    groups = np.array([[0, 0], [INF, INF], [1, 2], [INF, INF]], dtype=float)
    assert best_plan_split(groups).cheapest.tolist() == [0, INF, 1, INF]


def brute_force(groups: np.ndarray, count: int) -> np.ndarray:
    """Cheapest assignment of every subset's segments to plans: sum over plans of the cost of
    the group of segments given to that plan."""
    plans = groups.shape[1]
    best = np.full(2**count, np.inf)
    best[0] = 0.0
    for mask in range(1, 2**count):
        members = [s for s in range(count) if mask >> s & 1]
        for choice in itertools.product(range(plans), repeat=len(members)):
            cost = 0.0
            for j in range(plans):
                group = sum(1 << s for s, c in zip(members, choice, strict=True) if c == j)
                cost += groups[group, j] if group else 0.0
            best[mask] = min(best[mask], cost)
    return best


@st.composite
def group_tables(draw: st.DrawFn) -> tuple[np.ndarray, int]:
    count = draw(st.integers(1, 5))
    plans = draw(st.integers(1, 4))
    cells = st.one_of(st.floats(0, 1000, allow_nan=False), st.just(INF))
    values = draw(st.lists(cells, min_size=(2**count) * plans, max_size=(2**count) * plans))
    groups = np.array(values, dtype=float).reshape(2**count, plans)
    groups[0] = 0.0
    return groups, count


@settings(max_examples=150, deadline=None)
@pytest.mark.slow  # a second or more: a Hypothesis sweep against brute force
@given(group_tables())
def test_split_equals_brute_force(table: tuple[np.ndarray, int]) -> None:
    groups, count = table
    split = best_plan_split(groups)
    expected = brute_force(groups, count)
    assert np.array_equal(np.isinf(split.cheapest), np.isinf(expected))
    finite = np.isfinite(expected)
    assert split.cheapest[finite] == pytest.approx(expected[finite], rel=1e-12)
    for mask in np.flatnonzero(finite):
        chosen = split.groups_of(int(mask))
        assert sum(chosen.values()) == mask  # the groups partition the subset
        assert sum(groups[sub, j] for j, sub in chosen.items()) == pytest.approx(
            expected[mask], rel=1e-12
        )
