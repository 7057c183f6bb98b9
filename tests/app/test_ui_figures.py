"""The figure builders: colours per option, axis titles with units, crossings, one batch each."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.analyses.dr_levels import dr_levels_of
from planner.analyses.scalability import Scalability, scalability_of
from planner.engine.projection import INHOUSE
from planner.model.defaults import catalogue
from planner.model.files import default_scenario, with_values
from planner.outputs.chart_style import short_names
from ui import figures
from ui.figures import INHOUSE_COLOUR, PLAN_PALETTE, option_colours
from ui.results import results_of

KNOWN = [p.label for p in catalogue()]


@pytest.fixture(scope="module")
def scenario():
    return default_scenario()


@pytest.fixture(scope="module")
def results(scenario):
    return results_of(scenario)


@pytest.fixture(scope="module")
def colours(results):
    return option_colours(results.options[1:], KNOWN)


class TestOptionColours:
    def test_in_house_is_always_the_same_colour(self) -> None:
        assert option_colours([], KNOWN)[INHOUSE] == INHOUSE_COLOUR
        assert option_colours(["A B"], [])[INHOUSE] == INHOUSE_COLOUR

    def test_a_catalogue_plan_keeps_its_colour_when_others_are_removed(self) -> None:
        full = option_colours(KNOWN, KNOWN)
        some = option_colours(KNOWN[5:7], KNOWN)
        assert some[KNOWN[5]] == full[KNOWN[5]] == PLAN_PALETTE[5]
        assert some[KNOWN[6]] == full[KNOWN[6]]

    def test_typed_in_plans_get_colours_no_catalogue_plan_uses(self) -> None:
        colours = option_colours([*KNOWN, "Acme One", "Acme Two"], KNOWN)
        catalogue_colours = {colours[label] for label in KNOWN}
        assert colours["Acme One"] not in catalogue_colours
        assert colours["Acme Two"] not in catalogue_colours
        assert colours["Acme One"] != colours["Acme Two"]
        assert INHOUSE_COLOUR not in catalogue_colours

    def test_every_catalogue_plan_has_its_own_colour(self) -> None:
        colours = option_colours(KNOWN, KNOWN)
        assert len({colours[label] for label in KNOWN}) == len(KNOWN)


def test_cumulative_figure_has_one_line_per_option_in_its_colour(results, colours) -> None:
    fig = figures.cumulative_figure(results, colours, "EUR")
    assert len(fig.data) == len(results.options)
    for trace, option in zip(fig.data, results.options, strict=True):
        assert trace.line.color == colours[option]
        assert trace.name == short_names(results.options)[option]
    assert fig.layout.yaxis.title.text == "Cumulative cost (EUR)"
    assert "Year" in fig.layout.xaxis.title.text
    # The last point of each line is the option's total over the horizon.
    ends = [trace.y[-1] for trace in fig.data]
    assert ends == pytest.approx(results.summary.tco[0].tolist())


def test_a_plan_that_does_not_fit_is_dotted(scenario) -> None:
    big = results_of(with_values(scenario, {"organisation.users": 400}))
    fig = figures.cumulative_figure(big, option_colours(big.options[1:], KNOWN), "USD")
    capped = {t.name: t.line.dash for t in fig.data if "Business" in t.name}
    assert capped["M365 Business Basic (does not fit)"] == "dot"
    assert fig.data[0].line.dash == "solid"


def test_category_figures_stack_costs_that_add_up_to_the_total(results) -> None:
    fig = figures.totals_by_category_figure(results, "USD")
    assert fig.layout.barmode == "relative"
    total = np.sum([np.asarray(t.x) for t in fig.data], axis=0)
    assert total == pytest.approx(results.summary.tco[0])
    assert fig.layout.xaxis.title.text == "Cost over the horizon (USD)"
    yearly = figures.yearly_by_category_figure(results, 0, "USD")
    by_year = np.sum([np.asarray(t.y) for t in yearly.data], axis=0)
    assert by_year == pytest.approx(results.projection.total[0, 0])
    assert yearly.layout.yaxis.title.text == "Cost in the year (USD)"


def test_the_same_category_has_the_same_colour_in_both_cost_charts(results) -> None:
    totals = figures.totals_by_category_figure(results, "USD")
    yearly = figures.yearly_by_category_figure(results, 0, "USD")
    first = {t.name: t.marker.color for t in totals.data}
    second = {t.name: t.marker.color for t in yearly.data}
    assert all(first[name] == colour for name, colour in second.items())


def test_mailbox_figure_draws_each_plan_quota_in_its_colour(scenario, results, colours) -> None:
    fig = figures.mailbox_figure(results, scenario.plans, colours)
    quotas = {t.name: (t.y[0], t.line.color) for t in fig.data if t.name.endswith(" quota")}
    assert len(quotas) == len(scenario.plans)
    for plan in scenario.plans:
        short = short_names(results.options)[plan.label]
        assert quotas[f"{short} quota"] == (plan.mailbox_gb, colours[plan.label])
    assert fig.layout.yaxis.type == "log"
    assert "GB" in fig.layout.yaxis.title.text
    # Average mailbox of operating years 1..5: 2 GB + 1 GB a year -> 3, 4, 5, 6, 7.
    assert list(fig.data[0].y) == [3.0, 4.0, 5.0, 6.0, 7.0]


def test_storage_and_servers_figures_have_units(results) -> None:
    capacity = figures.storage_capacity_figure(results)
    assert capacity.layout.yaxis.title.text == "Usable disk (TB)"
    assert capacity.data[1].line.shape == "hv"
    servers = figures.servers_figure(results)
    assert servers.layout.yaxis.title.text == "Servers"
    assert len(servers.data) == 3


def test_scalability_figure_uses_log_axes_and_marks_crossings(scenario, colours) -> None:
    users = np.array([10.0, 100.0, 1000.0])
    cost = np.array([[30.0, 5.0], [10.0, 5.0], [3.0, 5.0]])  # in-house, one plan
    scal = Scalability(users, (INHOUSE, KNOWN[0]), cost, np.zeros((3, 2), dtype=bool))
    fig = figures.scalability_figure(scal, colours, "USD", current_users=200)
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text == "Users today (log scale)"
    assert "USD" in fig.layout.yaxis.title.text
    marks = [t for t in fig.data if t.name == "Crosses in-house"]
    assert len(marks) == 1
    # d = 5 - 30 = -25, 5 - 10 = -5, 5 - 3 = +2: crosses between 100 and 1,000 users at
    # log share 5 / 7, where in-house costs 10 - 7 x 5/7 = 5.
    assert marks[0].x[0] == pytest.approx(10 ** (2 + 5 / 7))
    assert marks[0].y[0] == pytest.approx(5.0)
    assert fig.data[0].line.color == INHOUSE_COLOUR
    assert fig.data[1].line.color == colours[KNOWN[0]]


def test_scalability_batch_stops_capped_plans_where_the_cap_is_exceeded(scenario) -> None:
    users = np.array([10.0, 200.0, 246.0, 247.0, 5000.0])
    scal = scalability_of(scenario, users)
    j = scal.options.index("Microsoft 365 Business Basic")  # at most 300 users
    # Users in year 5: round(u x 1.05^4): 246 -> 299.01 -> 299 (fits); 247 -> 300.2 -> 300
    # (fits, the cap is 300); 5,000 -> over.
    assert np.isfinite(scal.cost_per_user_month[:4, j]).all()
    assert math.isnan(scal.cost_per_user_month[4, j])
    assert np.isfinite(scal.cost_per_user_month[:, 0]).all()


def test_dr_figure_stacks_cost_and_expected_loss_in_option_colours(scenario, colours) -> None:
    dr = dr_levels_of(scenario)
    fig = figures.dr_figure(dr, colours)
    labels = figures.dr_labels(dr)
    assert len(labels) == 4 + len(scenario.plans)
    assert labels[1] == "In-house, backup only (99.93%) - current"
    assert fig.layout.barmode == "stack"
    assert list(fig.data[0].marker.color[:4]) == [INHOUSE_COLOUR] * 4
    assert fig.data[0].marker.color[4] == colours[scenario.plans[0].label]
    assert fig.layout.xaxis.title.text == "Cost over the horizon (USD)"
    assert labels[4] == "WorldPosta Basic (illustrative) (SLA 99.9%, expected 99.96%)"


def test_dr_table_shows_sla_expected_availability_and_credits(scenario) -> None:
    from ui.tables import dr_table

    dr = dr_levels_of(scenario)
    table = dr_table(dr, figures.dr_labels(dr))
    assert (table["SLA availability (%)"][:4] == "none").all()  # in-house has no SLA
    assert table["SLA availability (%)"][4] == "99.9"
    assert table["Expected availability (%)"][4] == pytest.approx(99.96)
    # (1 - 0.9996) x 8,760 = 3.504 -> 3.5 hours a year
    assert table["Expected hours down per year"][4] == pytest.approx(3.5)
    assert table["What the SLA pays back"][4].startswith("15 days of service")
    assert table["Expected availability from"][4] == "the plan's figure"
    assert table["Expected availability from"][0] == "your DR level (see Assumptions)"


def test_dr_table_marks_an_estimate_and_an_internal_sla(scenario) -> None:
    """A plan without an expected figure: 100 - 30% x (100 - 99.9) = 99.97, estimated; an
    internal SLA of 99.5% is shown for every in-house level."""
    from ui.tables import dr_table

    blank = {**scenario.plans[0].model_dump(), "expected_availability_pct": None}
    s = with_values(
        scenario,
        {
            "plans": [blank, *(p.model_dump() for p in scenario.plans[1:])],
            "inhouse.disaster_recovery.has_internal_sla": True,
            "inhouse.disaster_recovery.internal_sla_pct": 99.5,
        },
    )
    dr = dr_levels_of(s)
    labels = figures.dr_labels(dr)
    table = dr_table(dr, labels)
    assert labels[4] == "WorldPosta Basic (illustrative) (SLA 99.9%, estimated 99.97%)"
    assert table["Expected availability (%)"][4] == pytest.approx(99.97)
    assert table["Expected availability from"][4] == "estimated from the SLA"
    assert (table["SLA availability (%)"][:4] == "99.5 (internal)").all()
    assert table["What the SLA pays back"][0] == "internal SLA: no service credits"


def test_dr_levels_lose_in_proportion_to_unavailability(scenario) -> None:
    dr = dr_levels_of(scenario)
    # Same users, prices, working share and cost per hour at every level: the loss scales
    # with 1 - availability: none 0.09%, backup only 0.07%, warm 0.05%, hot 0.03%.
    loss = dr.inhouse_downtime_loss
    assert loss / loss[1] == pytest.approx([9 / 7, 1.0, 5 / 7, 3 / 7])
    # Plans lose at their expected availability, not their SLA: WorldPosta Basic, SLA 99.9%,
    # expected 99.96%, loses 0.04 / 0.07 of what in-house with backups (99.93%) loses.
    assert dr.plan_sla_pct[0] == pytest.approx(99.9)
    assert dr.plan_expected_availability_pct[0] == pytest.approx(99.96)
    assert dr.plan_downtime_loss[0] == pytest.approx(4 / 7 * loss[1])
    # Better DR costs more hardware.
    assert dr.inhouse_cost[3] > dr.inhouse_cost[2] > dr.inhouse_cost[1]


def test_overview_table_shows_after_tax_figures_only_when_asked(scenario) -> None:
    from ui.tables import options_table

    plain = options_table(results_of(scenario), scenario.plans)
    assert "TCO after tax" not in plain.columns
    taxed = with_values(scenario, {"finance.after_tax_view": True})
    table = options_table(results_of(taxed), taxed.plans)
    assert list(table.columns[-3:]) == ["TCO after tax", "NPV after tax", "Notes"]
    assert (table["TCO after tax"] < table["TCO"]).all()
