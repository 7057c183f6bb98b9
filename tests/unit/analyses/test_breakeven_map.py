"""Break-even map: each cell against the same scenario projected on its own."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from planner.analyses.breakeven_map import breakeven_map, default_users_axis
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, with_values


def test_default_axes_are_log_spaced_headcount_by_every_horizon() -> None:
    m = breakeven_map(default_scenario())
    assert m.x_field == "organisation.users"
    assert m.y_field == "organisation.horizon_years"
    assert m.x_values[0] == 10
    assert m.x_values[-1] == 20_000
    assert len(m.x_values) == 50
    assert_array_equal(m.x_values, np.round(m.x_values))
    ratios = m.x_values[1:] / m.x_values[:-1]
    assert ratios.max() / ratios.min() < 1.1  # equal steps on a log scale, up to rounding
    assert_array_equal(m.y_values, np.arange(1, 16))
    assert m.cheapest.shape == m.margin.shape == (15, 50)


@pytest.mark.parametrize(("iy", "ix"), [(0, 0), (4, 20), (9, 35), (14, 49)])
def test_each_cell_is_the_scenario_with_that_headcount_and_horizon(iy: int, ix: int) -> None:
    s = load_scenario(preset_files()["enterprise_hot_dr"])
    m = breakeven_map(s)
    users, years = int(m.x_values[ix]), int(m.y_values[iy])
    one = summarise(
        project_scenario(
            with_values(s, {"organisation.users": users, "organisation.horizon_years": years})
        )
    )
    assert_allclose(m.tco[iy, ix], one.tco[0], rtol=1e-12)
    assert m.cheapest[iy, ix] == one.cheapest[0]
    assert_array_equal(m.fits[iy, ix], one.fits[0])
    hosted = np.where(one.fits[0, 1:], one.tco[0, 1:], np.inf).min()
    assert m.margin[iy, ix] == pytest.approx(one.tco[0, 0] - hosted, rel=1e-12)
    assert m.margin_pct[iy, ix] == pytest.approx(100 * (one.tco[0, 0] - hosted) / hosted)


def test_margin_sign_and_lead_agree_with_the_winner() -> None:
    """With a 300-user-cap plan as the only hosted choice, in-house wins above 300 users (and
    below, where the plan, priced at 30 a user-month here, costs more than in-house)."""
    base = default_scenario()
    premium = next(p for p in base.plans if p.plan == "Business Premium")
    premium = premium.model_copy(update={"price_per_user_month": 30.0})
    s = base.model_copy(update={"plans": (premium,)})
    m = breakeven_map(s)
    inhouse_wins = m.cheapest == 0
    compared = ~np.isnan(m.margin)  # some hosted plan fits the cell
    assert (inhouse_wins & compared).any()
    assert (~inhouse_wins).any()
    assert (inhouse_wins | compared).all()  # no plan fits -> in-house, margin NaN
    assert (m.margin[inhouse_wins & compared] <= 0).all()
    assert (m.margin[~inhouse_wins] >= 0).all()
    assert (m.lead[compared] >= 0).all()
    assert np.isnan(m.lead[~compared]).all()  # one option left: no runner-up


def test_any_two_number_fields_can_be_mapped() -> None:
    m = breakeven_map(
        default_scenario(),
        x_field="staff.salary_per_fte_year",
        x_values=[60_000, 120_000, 240_000],
        y_field="inhouse.servers.price",
        y_values=[5_000, 20_000],
    )
    assert m.tco.shape == (2, 3, len(m.options))
    # Dearer staff and servers make in-house dearer; hosted staff costs less per user.
    assert (np.diff(m.margin, axis=1) > 0).all()
    assert (np.diff(m.margin, axis=0) > 0).all()
    table = m.table()
    assert len(table) == 6
    assert list(table.columns[:2]) == ["staff.salary_per_fte_year", "inhouse.servers.price"]


def test_whole_number_axes_are_rounded_and_deduplicated() -> None:
    m = breakeven_map(default_scenario(), x_values=[10.2, 10.4, 99.6], y_values=[3])
    assert_array_equal(m.x_values, [10, 100])


def test_users_axis_helper_rounds_log_spaced_values() -> None:
    axis = default_users_axis(5, 10, 10_000)
    assert_array_equal(axis, [10, 56, 316, 1778, 10_000])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x_field": "organisation.userz", "x_values": [1]}, "map axis 'organisation.userz'"),
        ({"x_values": [0, 10]}, "map axis organisation.users = 0: allowed: a whole number from 1"),
        (
            {"y_values": [16]},
            "organisation.horizon_years = 16: allowed: a whole number from 1 to 15",
        ),
        ({"x_field": "organisation.horizon_years"}, "map axes must differ"),
        ({"x_field": "staff.salary_per_fte_year"}, "give the values to map"),
        ({"x_values": np.arange(1, 1001)}, "allowed: at most 10,000 cells"),
        ({"x_values": []}, "needs finite values"),
    ],
)
def test_bad_axes_are_refused_in_one_line(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioValueError, match=message):
        breakeven_map(default_scenario(), **kwargs)  # type: ignore[arg-type]
