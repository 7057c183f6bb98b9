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
from planner.outputs.chart_style import short_names
from ui.figures import option_colours
from ui.uncertainty_figures import (
    binned,
    breakeven_map_figure,
    cheapest_figure,
    default_fan_options,
    fan_figure,
    savings_figure,
    shared_edges,
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
    median = next(t for t in fig.data if t.name == short_names(SIM.options)[chosen[1]])
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
    by_short = {short: o for o, short in short_names(SIM.options).items()}
    for label, base, width, p50 in zip(bars.y, bars.base, bars.x, medians.x, strict=True):
        j = SIM.options.index(by_short[label])
        assert base == pytest.approx(q[0, j])
        assert base + width == pytest.approx(q[2, j])
        assert p50 == pytest.approx(q[1, j])
    assert list(medians.x) == sorted(medians.x, reverse=True)  # cheapest at the top


def test_cheapest_bars_are_the_probabilities_in_percent() -> None:
    (bars,) = cheapest_figure(SIM, COLOURS).data
    assert_allclose(bars.y, 100 * SIM.p_cheapest)


def test_savings_histogram_bins_in_house_minus_the_plan() -> None:
    """The bars count the draws of in-house TCO minus the plan's, binned on the server: the
    counts add up to the draws, the shares to 100%, each bar's count is the draws in it."""
    plan = SIM.options[3]
    (bars,) = savings_figure(SIM, COLOURS, plans=[plan], bins=60).data
    saving = SIM.tco[:, 0] - SIM.tco[:, 3]
    low, high, counts = (np.asarray(c) for c in zip(*bars.customdata, strict=True))
    assert len(bars.x) == 60
    assert counts.sum() == SIM.draws == 400
    assert_allclose(np.sum(bars.y), 100.0)
    assert_allclose(bars.y, 100 * counts / 400)
    assert low[0] == saving.min()
    assert high[-1] == saving.max()
    inside = [
        np.sum((saving >= a) & (saving < b)) for a, b in zip(low[:-1], high[:-1], strict=True)
    ]
    assert_array_equal(counts[:-1], inside)
    assert counts[-1] == np.sum(saving >= low[-1])  # the last bin holds its right edge
    assert_allclose(bars.x, (low + high) / 2)


def test_overlaid_savings_share_their_bins() -> None:
    plans = [SIM.options[2], SIM.options[3]]
    first, second = savings_figure(SIM, COLOURS, plans=plans, bins=30).data
    assert_array_equal(first.x, second.x)
    both = np.concatenate([SIM.tco[:, 0] - SIM.tco[:, j] for j in (2, 3)])
    assert first.customdata[0][0] == both.min()
    assert first.customdata[-1][1] == both.max()
    assert sum(c[2] for c in first.customdata) == sum(c[2] for c in second.customdata) == 400


def test_binning_worked_by_hand() -> None:
    """Values 0, 1, 1, 2, 4 in 2 bins over [0, 4]: edges 0, 2, 4; [0, 2) holds 0, 1, 1
    (3 values, 60%); [2, 4] holds 2 and 4 (2 values, 40%); centres 1 and 3, widths 2.
    A value that is not finite is not counted."""
    values = np.array([0.0, 1.0, 1.0, 2.0, 4.0, np.nan])
    edges = shared_edges([values], 2)
    assert_array_equal(edges, [0.0, 2.0, 4.0])
    bins = binned(values, edges)
    assert_array_equal(bins.counts, [3, 2])
    assert_allclose(bins.percent(), [60.0, 40.0])
    assert_array_equal(bins.centres, [1.0, 3.0])
    assert_array_equal(bins.widths, [2.0, 2.0])


def test_binning_spans_every_sample_and_survives_one_value() -> None:
    """Two samples [0, 1] and [3]: 3 bins over [0, 3], edges 0, 1, 2, 3. One repeated value
    (5, 5): numpy's span of 1 around it, [4.5, 5.5], so both land in a bin."""
    edges = shared_edges([np.array([0.0, 1.0]), np.array([3.0])], 3)
    assert_array_equal(edges, [0.0, 1.0, 2.0, 3.0])
    assert_array_equal(binned(np.array([3.0]), edges).counts, [0, 0, 1])
    one = shared_edges([np.array([5.0, 5.0])], 2)
    assert_array_equal(one, [4.5, 5.0, 5.5])
    assert binned(np.array([5.0, 5.0]), one).counts.sum() == 2
    assert_array_equal(binned(np.array([np.inf]), one).percent(), [0.0, 0.0])


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


def test_tco_range_marks_options_that_do_not_fit_as_entered() -> None:
    """growing_firm outgrows the 300-user cap of Microsoft 365 Business Basic from year 3."""
    fits = [o != "Microsoft 365 Business Basic" for o in SIM.options]
    (bars, *_) = tco_range_figure(SIM, COLOURS, fits=fits).data
    assert "M365 Business Basic (does not fit)" in bars.y
    assert "Exchange Online P1" in bars.y
    assert "M365 Business Basic" not in bars.y
