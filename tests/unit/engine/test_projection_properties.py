"""Invariants of the engine, as Hypothesis properties over typical scenarios."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from planner.engine.projection import project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.model.files import default_scenario, with_values
from planner.model.scenario import DR_LEVELS
from tests import strategies

pytestmark = pytest.mark.slow  # Hypothesis sweeps of the engine: a second or more each

BASE = default_scenario()

INHOUSE_PRICES = strategies.INHOUSE_PRICES + strategies.SHARED_PRICES


@st.composite
def scenarios(draw: st.DrawFn) -> Any:
    """Typical organisations: any size, growth, horizon, mail profile and DR level."""
    return with_values(
        BASE,
        {
            "organisation.users": draw(st.integers(1, 50_000)),
            "organisation.growth_pct_per_year": draw(st.floats(-50, 100)),
            "organisation.horizon_years": draw(st.integers(1, 15)),
            "mail.messages_per_user_day": draw(st.floats(1, 500)),
            "mail.mailbox_gb": draw(st.floats(0.01, 100)),
            "mail.mailbox_growth_gb_per_year": draw(st.floats(0, 20)),
            "inhouse.storage.database_copies": draw(st.integers(1, 4)),
            "inhouse.disaster_recovery.level": draw(st.sampled_from(DR_LEVELS)),
            "inhouse.servers.refresh_years": draw(st.integers(1, 8)),
            "finance.inflation_pct_per_year": draw(st.floats(-10, 20)),
            "finance.tco_basis": draw(st.sampled_from(["cash", "net_of_residual"])),
        },
    )


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_costs_are_never_negative_or_nan(s: Any) -> None:
    p = project(Batch.of(s))
    assert np.isfinite(p.costs).all()
    assert (p.capital >= 0).all()
    assert (p.operating >= 0).all()
    assert (p.residual <= 0).all()
    summary = summarise(p)
    assert np.isfinite(summary.tco).all()
    assert np.isfinite(summary.npv).all()
    assert (summary.tco_cash >= 0).all()


@settings(max_examples=30, deadline=None)
@given(scenarios())
def test_zero_growth_keeps_headcount_flat(s: Any) -> None:
    flat = with_values(s, {"organisation.growth_pct_per_year": 0.0})
    p = project(Batch.of(flat))
    h = flat.organisation.horizon_years
    assert (p.users[0, : h + 1] == flat.organisation.users).all()


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.floats(0.5, 50))
def test_hosted_cost_scales_linearly_with_price(s: Any, price: float) -> None:
    batch = (
        Batch.of(s)
        .repeat(3)
        .replace(plans={"price_per_user_month": np.array([[0.0], [price], [2 * price]])})
    )
    tco = summarise(project(batch, detail=False)).tco[:, 1:]
    assert_allclose(tco[2] - tco[1], tco[1] - tco[0], rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.sampled_from(INHOUSE_PRICES), st.floats(1.0, 3.0))
def test_raising_an_inhouse_price_never_lowers_inhouse_tco(
    s: Any, path: str, factor: float
) -> None:
    batch = Batch.of(s)
    raised = batch.replace(values={path: np.minimum(batch[path] * factor + 1, _upper(path))})
    both = Batch.from_scenarios([s, s]).replace(
        values={path: np.concatenate([batch[path], raised[path]])}
    )
    summary = summarise(project(both, detail=False))
    assert summary.tco[1, 0] >= summary.tco[0, 0] - 1e-6
    assert summary.tco_cash[1, 0] >= summary.tco_cash[0, 0] - 1e-6


@settings(max_examples=30, deadline=None)
@given(scenarios())
def test_cumulative_equals_running_sum(s: Any) -> None:
    p = project(Batch.of(s))
    summary = summarise(p)
    assert_allclose(summary.cumulative, np.cumsum(p.total, axis=2))
    assert_allclose(
        p.total,
        p.costs.sum(axis=2)
        if s.finance.tco_basis == "net_of_residual"
        else p.costs.sum(axis=2) - p.residual,
    )


def test_batch_of_many_equals_each_alone() -> None:
    """Vectorising over the batch axis changes nothing: 3 scenarios at once = one by one."""
    variants = [with_values(BASE, {"organisation.users": n}) for n in (10, 500, 20_000)]
    together = summarise(project(Batch.from_scenarios(variants)))
    for i, s in enumerate(variants):
        alone = summarise(project(Batch.of(s)))
        assert_allclose(together.tco[i], alone.tco[0])


def _upper(path: str) -> float:
    from planner.model.field_errors import field_info
    from planner.model.scenario import Scenario

    info = field_info(Scenario, path.split("."))
    assert info is not None
    highs = [m.le for m in info.metadata if hasattr(m, "le")]
    return float(highs[0]) if highs else np.inf
