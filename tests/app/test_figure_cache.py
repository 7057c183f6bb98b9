"""Figures kept across reruns, keyed on the data they show (``ui.compute``), so a rerun
redraws only what changed.

The same data gives the same figure object (nothing rebuilt, nothing copied); a change in
the scenario, the draws, the seed, the colours or the options picked gives a new one; what
a cached figure shows is what the builder shows for that data.
"""

from __future__ import annotations

import numpy as np
import plotly.io as pio
import pytest
from numpy.testing import assert_allclose

from planner.model.defaults import catalogue
from planner.model.files import default_scenario, with_values
from planner.model.scenario import Scenario
from ui import compute
from ui.figures import option_colours

DRAWS, SEED = 500, 7


def _key(scenario: Scenario) -> str:
    return compute.key_of(scenario)


def _colours(scenario: Scenario) -> compute.Colours:
    known = [p.label for p in catalogue()]
    return compute.colour_pairs(option_colours([p.label for p in scenario.plans], known))


@pytest.fixture(scope="module")
def base() -> Scenario:
    return default_scenario()


@pytest.fixture(scope="module")
def grown(base: Scenario) -> Scenario:
    return with_values(base, {"organisation.users": base.organisation.users + 250})


def test_colour_pairs_are_sorted_and_keep_every_colour() -> None:
    pairs = compute.colour_pairs({"b": "#2", "a": "#1"})
    assert pairs == (("a", "#1"), ("b", "#2"))
    assert dict(pairs) == {"a": "#1", "b": "#2"}


def test_the_overview_figures_are_kept_for_the_same_data(base: Scenario, grown: Scenario) -> None:
    key, colours = _key(base), _colours(base)
    options = compute.results(key).options
    shown = (options[0], options[1])
    first = compute.cumulative_figure(key, colours, shown)
    assert compute.cumulative_figure(key, colours, shown) is first
    assert compute.cumulative_figure(key, colours, (options[0],)) is not first
    assert compute.cumulative_figure(_key(grown), _colours(grown), shown) is not first
    waterfall = compute.loaded_cost_figure(key)
    assert compute.loaded_cost_figure(key) is waterfall
    assert compute.loaded_cost_figure(_key(grown)) is not waterfall


def test_a_kept_cumulative_figure_shows_the_options_picked_and_the_new_data(
    base: Scenario, grown: Scenario
) -> None:
    """Two options picked: two lines; for 250 more users the in-house line is the new one."""
    key, colours = _key(base), _colours(base)
    options = compute.results(key).options
    shown = (options[0], options[2])
    figure = compute.cumulative_figure(key, colours, shown)
    assert len(figure.data) == 2
    assert figure.layout.title.text == "Cumulative cost of the options shown"
    r = compute.results(key)
    assert_allclose(figure.data[0].y, r.summary.cumulative[0, 0, : r.horizon_years + 1])
    assert_allclose(figure.data[1].y, r.summary.cumulative[0, 2, : r.horizon_years + 1])
    other = compute.cumulative_figure(_key(grown), _colours(grown), shown)
    g = compute.results(_key(grown))
    assert_allclose(other.data[0].y, g.summary.cumulative[0, 0, : g.horizon_years + 1])
    assert other.data[0].y[-1] != figure.data[0].y[-1]


def test_the_monte_carlo_figures_are_kept_per_scenario_draws_seed_and_pick(
    base: Scenario, grown: Scenario
) -> None:
    key, colours = _key(base), _colours(base)
    options = compute.results(key).options
    first = compute.tco_range_figure(key, DRAWS, SEED, colours)
    assert compute.tco_range_figure(key, DRAWS, SEED, colours) is first
    assert compute.tco_range_figure(key, DRAWS, SEED + 1, colours) is not first
    assert compute.tco_range_figure(key, DRAWS + 100, SEED, colours) is not first
    assert compute.tco_range_figure(_key(grown), DRAWS, SEED, colours) is not first
    cheapest = compute.cheapest_figure(key, DRAWS, SEED, colours)
    assert compute.cheapest_figure(key, DRAWS, SEED, colours) is cheapest
    fan = compute.fan_figure(key, DRAWS, SEED, colours, (options[0], options[1]))
    assert compute.fan_figure(key, DRAWS, SEED, colours, (options[0], options[1])) is fan
    assert compute.fan_figure(key, DRAWS, SEED, colours, (options[0],)) is not fan
    savings = compute.savings_figure(key, DRAWS, SEED, colours, (options[1],))
    assert compute.savings_figure(key, DRAWS, SEED, colours, (options[1],)) is savings
    assert compute.savings_figure(key, DRAWS, SEED, colours, (options[2],)) is not savings
    recoloured = tuple((o, "#000000") for o, _ in colours)
    assert compute.cheapest_figure(key, DRAWS, SEED, recoloured) is not cheapest


def test_the_kept_savings_figure_counts_every_draw(base: Scenario) -> None:
    """Binned on the server: each plan's counts add up to the draws, its shares to 100%, and
    the figure sent is small (3 numbers a bin, not one a draw)."""
    key, colours = _key(base), _colours(base)
    options = compute.results(key).options
    figure = compute.savings_figure(key, DRAWS, SEED, colours, (options[1], options[2]))
    for bars in figure.data:
        counts = np.array([row[2] for row in bars.customdata])
        assert counts.sum() == DRAWS
        assert_allclose(sum(bars.y), 100.0)
    sent = pio.to_json(figure, validate=False)
    assert len(sent) < 20_000
    assert len(figure.data[0].x) == 60
