"""Figures of the uncertainty engine: built from the engine's arrays, nothing invented."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from planner.analyses.breakeven_map import breakeven_map
from planner.analyses.sensitivity import tornado
from planner.analyses.simulation import simulate
from planner.engine.projection import INHOUSE
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from ui.figures import option_colours
from ui.uncertainty_figures import (
    breakeven_map_figure,
    cheapest_figure,
    default_fan_options,
    fan_figure,
    savings_figure,
    tco_range_figure,
    tornado_figure,
)

SCENARIO = load_scenario(preset_files()["growing_firm"])
SIM = simulate(SCENARIO, draws=400, seed=1)
COLOURS = option_colours(SIM.options)


def test_fan_bands_and_median_are_the_simulation_percentiles() -> None:
    fig = fan_figure(SIM, COLOURS)
    chosen = default_fan_options(SIM)
    assert chosen[0] == INHOUSE
    median = next(t for t in fig.data if t.name == chosen[1])
    j = SIM.options.index(chosen[1])
    assert_array_equal(median.y, SIM.fan[SIM.fan_percentiles.index(50.0), j])
    filled = [t for t in fig.data if t.fill == "tonexty"]
    assert len(filled) == 4  # two bands for each of the two options


def test_fan_needs_the_five_percentiles() -> None:
    sim = simulate(SCENARIO, draws=20, seed=1, fan_percentiles=(50.0,))
    with pytest.raises(ValueError, match="the fan needs percentiles"):
        fan_figure(sim, COLOURS)


def test_tco_range_spans_p10_to_p90_with_the_median_marked() -> None:
    fig = tco_range_figure(SIM, COLOURS)
    bars, medians = fig.data
    q = SIM.percentiles((10.0, 50.0, 90.0))
    for label, base, width, p50 in zip(bars.y, bars.base, bars.x, medians.x, strict=True):
        j = SIM.options.index(label)
        assert base == pytest.approx(q[0, j])
        assert base + width == pytest.approx(q[2, j])
        assert p50 == pytest.approx(q[1, j])
    assert list(medians.x) == sorted(medians.x, reverse=True)  # cheapest at the top


def test_cheapest_bars_are_the_probabilities_in_percent() -> None:
    (bars,) = cheapest_figure(SIM, COLOURS).data
    assert_allclose(bars.y, 100 * SIM.p_cheapest)


def test_savings_histogram_uses_in_house_minus_the_plan() -> None:
    plan = SIM.options[3]
    (hist,) = savings_figure(SIM, COLOURS, plans=[plan]).data
    assert_array_equal(hist.x, SIM.tco[:, 0] - SIM.tco[:, 3])


def test_tornado_bars_start_at_the_base_and_put_the_largest_swing_on_top() -> None:
    t = tornado(SCENARIO)
    low, high = tornado_figure(t).data
    assert low.y[-1] == t.bars[0].input.key
    assert low.base == high.base == pytest.approx(t.base)
    assert high.x[-1] == pytest.approx(t.bars[0].at_high - t.base)


def test_map_heatmap_shows_the_margin_and_the_cheapest_option() -> None:
    m = breakeven_map(load_scenario(preset_files()["enterprise_hot_dr"]))
    heat, contour = breakeven_map_figure(m).data
    assert_array_equal(np.asarray(heat.z), m.margin_pct)
    assert heat.customdata[0][0][0] == m.options[m.cheapest[0, 0]]
    assert heat.customdata[0][0][1] == m.margin[0, 0]
    assert contour.contours.start == 0
