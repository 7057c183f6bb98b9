"""Words of the Uncertainty tab: sidebar labels, plain shape names, an
axis around the base value, a sentence for a one-winner map. Worked by hand."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from planner.analyses.breakeven_map import BreakevenMap
from planner.analyses.sensitivity import tornado
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from planner.model.ranges import SHAPES, plan_number_fields, scenario_number_fields
from ui.formats import money
from ui.ranges_editor import column_config, ranges_frame
from ui.uncertainty_figures import tornado_figure
from ui.uncertainty_text import (
    SHAPE_NAMES,
    centre_sentence,
    field_label,
    input_label,
    key_label,
    one_winner_sentence,
    range_value_text,
    tornado_axis_range,
)


def test_fields_are_named_as_the_sidebar_names_them() -> None:
    assert field_label("staff.salary_per_fte_year", "EUR") == "Administrator cost (EUR/FTE/year)"
    assert field_label("organisation.growth_pct_per_year", "USD") == "Headcount growth (%/year)"
    # every plan: percent of each listed value, so no money unit
    assert input_label("plans.price_per_user_month", "all", "USD") == (
        "Plan: Price, every plan (% of listed)"
    )
    assert key_label("plans.mailbox_gb[Google Workspace Business Plus]", "USD") == (
        "Plan: Mailbox quota (GB): Google Workspace Business Plus"
    )
    assert key_label("plans.support_per_user_month[A B]", "USD") == (
        "Plan: Support bought separately (USD/user/month): A B"
    )


def test_every_input_has_its_own_label_and_no_field_path() -> None:
    labels = [field_label(f, "USD") for f in [*scenario_number_fields(), *plan_number_fields()]]
    assert len(set(labels)) == len(labels)
    assert not [x for x in labels if "." in x.split(" (")[0] and " " not in x]
    # the fixed costs of upgrades and of the build read apart
    assert field_label("inhouse.upgrades.cost_fixed", "USD") == (
        "Fixed cost of an upgrade project (USD)"
    )
    assert field_label("inhouse.build.cost_fixed", "USD") == "Design and installation (USD)"


def test_shapes_have_plain_names_and_empty_plans_are_empty() -> None:
    assert set(SHAPE_NAMES) == set(SHAPES)
    assert "pert" not in SHAPE_NAMES["pert"].split(" (")[0].lower()
    frame = ranges_frame(load_scenario(preset_files()["default"]).uncertainty.ranges)
    assert "None" not in frame["plan"].astype(str).tolist()
    assert set(frame["plan"]) == {"-", "all"}  # shown as a dash and "every plan"
    config = column_config(["A B"], "USD")
    assert config["field"]["label"] == "Input"


def test_the_tornado_axis_spans_the_bars_around_the_base() -> None:
    # bars between 90,000 and 110,000 around a base of 100,000: span 20,000, 8% pad = 1,600
    assert tornado_axis_range([90_000.0, 110_000.0, 95_000.0], 100_000.0) == pytest.approx(
        (88_400.0, 111_600.0)
    )
    # every bar on the base: 1% of the base each side
    assert tornado_axis_range([500.0, 500.0], 500.0) == pytest.approx((495.0, 505.0))


def test_the_tornado_figure_uses_labels_and_leaves_out_zero_when_far() -> None:
    t = tornado(load_scenario(preset_files()["growing_firm"]))
    names = {b.input.key: key_label(b.input.key, "USD") for b in t.bars}
    fig = tornado_figure(t, names)
    low, _ = fig.data
    assert low.y[-1] == names[t.bars[0].input.key]
    span = tornado_axis_range([v for b in t.bars for v in (b.at_low, b.at_high)], t.base)
    assert tuple(fig.layout.xaxis.range) == pytest.approx(span)
    zero_lines = [s for s in fig.layout.shapes if s.x0 == 0]
    assert bool(zero_lines) == (span[0] <= 0 <= span[1])


def _map(pct: list[list[float]], cheapest: list[list[int]]) -> BreakevenMap:
    z = np.array(pct)
    return BreakevenMap(
        x_field="staff.salary_per_fte_year",
        x_values=np.array([31_000.0, 496_000.0]),
        y_field="organisation.growth_pct_per_year",
        y_values=np.array([1.25, 20.0]),
        options=("In-house Exchange", "A Basic", "B Plus"),
        currency="USD",
        tco=np.zeros((2, 2, 3)),
        fits=np.ones((2, 2, 3), dtype=bool),
        cheapest=np.array(cheapest),
        margin=z * 1000,
        margin_pct=z,
        lead=np.ones((2, 2)),
    )


def test_a_map_won_everywhere_by_one_plan_says_so_with_the_margins() -> None:
    m = _map([[40.4, 80.0], [120.0, 210.6]], [[1, 1], [1, 1]])
    assert one_winner_sentence(m, "Salary (USD)", "Growth (%/year)") == (
        "No break-even on this map: A Basic is the cheapest in every cell (Salary (USD) from "
        "31,000 to 496,000; Growth (%/year) from 1.25 to 20); in-house costs 40% to 211% more "
        "than the best hosted plan. The one colour is the answer, not a fault."
    )


def test_a_map_won_everywhere_by_in_house_and_a_map_with_a_line() -> None:
    m = _map([[-10.0, -30.0], [-5.2, -50.0]], [[0, 0], [0, 0]])
    text = one_winner_sentence(m, "x", "y")
    assert text is not None
    assert "in-house Exchange is the cheapest in every cell" in text
    assert "in-house costs 5% to 50% less than the best hosted plan" in text
    assert (
        one_winner_sentence(replace(m, margin_pct=np.array([[-1.0, 2.0], [3.0, 4.0]])), "x", "y")
        is None
    )


def test_several_hosted_winners_are_named() -> None:
    m = _map([[10.0, 20.0], [30.0, 40.0]], [[1, 2], [1, 2]])
    text = one_winner_sentence(m, "x", "y")
    assert text is not None
    assert "a hosted plan (A Basic, B Plus) is the cheapest in every cell" in text


def test_segment_fields_are_named_with_their_segment() -> None:
    from planner.model.ranges import segment_number_fields

    labels = [field_label(f, "USD") for f in segment_number_fields()]
    assert len(set(labels)) == len(labels)
    assert all(x.startswith("Segment: ") for x in labels)
    assert key_label("segments.users[Office]", "USD") == "Segment: Users today: Office"
    assert (
        key_label("segments.mailbox_gb[Executives and legal]", "USD")
        == "Segment: Mailbox size used today (GB): Executives and legal"
    )


def test_the_segment_column_round_trips_and_shows_only_with_segments() -> None:
    from ui.ranges_editor import ranges_from_frame, shown_columns

    s = load_scenario(preset_files()["segments_hybrid"])
    frame = ranges_frame(s.uncertainty.ranges)
    rows, problems = ranges_from_frame(frame, frame)
    assert problems == []
    assert [r.get("segment") for r in rows] == [r.segment for r in s.uncertainty.ranges]
    assert set(frame["segment"]) == {"-", "Frontline", "Office", "Executives and legal"}
    assert "segment" in shown_columns(True)
    assert "segment" not in shown_columns(False)

    def values(config: dict[str, Any], column: str) -> list[str]:
        return [o["value"] for o in config[column]["type_config"]["options"]]

    with_segments = column_config(["A B"], "USD", ["Office"])
    assert "segments.users" in values(with_segments, "field")
    assert values(with_segments, "segment") == ["-", "Office"]
    assert "segments.users" not in values(column_config(["A B"], "USD"), "field")


def test_the_best_mix_chance_is_one_sentence_naming_the_placement() -> None:
    from planner.analyses.simulation import simulate
    from ui.uncertainty_text import mix_sentence

    sim = simulate(load_scenario(preset_files()["segments_hybrid"]), draws=200, seed=3)
    assert sim.p_mix_cheapest is not None
    assert mix_sentence(sim) == (
        "The best mix (Frontline on Microsoft Exchange Online Kiosk (typed quote); Office on "
        "Microsoft Exchange Online Plan 1; Executives and legal on Microsoft Exchange Online "
        "Plan 2), found with every input as entered and kept in every draw, is the "
        f"cheapest option that fits in {100 * sim.p_mix_cheapest:.1f}% of draws."
    )
    plain = simulate(load_scenario(preset_files()["default"]), draws=20, seed=3)
    assert mix_sentence(plain) is None


def test_range_values_read_like_the_rest_of_the_money() -> None:
    """72,782.26 / 95,000 / 122,580.65 (a salary range scaled to 95,000): whole currency
    units with separators; cents below 1,000 when not whole; percent and other units behind
    the number."""
    salary = "staff.salary_per_fte_year"
    assert [range_value_text(salary, v, "USD") for v in (72_782.26, 95_000.0, 122_580.65)] == [
        "USD 72,782/FTE/year",
        "USD 95,000/FTE/year",
        "USD 122,581/FTE/year",
    ]
    assert range_value_text("risk.downtime_cost_per_user_hour", 4.5, "EUR") == "EUR 4.50"
    assert range_value_text("inhouse.storage.price_per_tb", 60.0, "USD") == "USD 60/TB"
    assert range_value_text("organisation.growth_pct_per_year", 5.0, "USD") == "5 %/year"
    assert range_value_text(
        "inhouse.disaster_recovery.availability_backup_only_pct", 99.93, "USD"
    ) == ("99.93 %")
    assert range_value_text("plans.price_per_user_month[all]", 95.0, "USD") == "95%"
    assert range_value_text("staff.fte_scale_exponent", 0.8, "USD") == "0.8"
    assert range_value_text("organisation.users", 1_200.0, "USD") == "1,200 users"


def _one_range(r: dict[str, Any], **inputs: Any) -> tuple[Any, Any]:
    from planner.analyses.simulation import simulate
    from planner.analyses.uncertainty import median_pushes, resolve
    from planner.model.files import default_scenario, with_values

    scenario = with_values(default_scenario(), {**inputs, "uncertainty.ranges": [r]})
    sim = simulate(scenario, draws=4_000, seed=7)
    return sim, median_pushes(scenario, resolve(scenario))


def test_a_skewed_range_is_named_with_the_gap_in_percent() -> None:
    """Salary 100,000 / 124,000 / 200,000 (triangular): median 138,356 (worked in
    tests/unit/analyses/test_uncertainty_centre.py), so the median TCO sits above the figure
    as entered by (P50 - TCO as entered) / TCO as entered."""
    r = {"field": "staff.salary_per_fte_year", "low": 100_000.0, "mode": 124_000.0}
    sim, pushes = _one_range({**r, "high": 200_000.0, "shape": "triangular"})
    text = centre_sentence(sim, pushes, "USD", "USD")
    point, p50 = float(pushes.point[0]), float(np.percentile(sim.tco[:, 0], 50))
    pct = 100 * (p50 - point) / point
    assert pct > 1
    assert "each range's most likely value is its input as entered" in text
    assert f"{money(point, 'USD')}; the median of the draws {money(p50, 'USD')}" in text
    assert f"{pct:.1f}% above it" in text
    assert "the range for Administrator cost (USD/FTE/year) reaches further on the costly" in text
    assert f"adds {money(float(pushes.pushes[0, 0]), 'USD')}" in text


def test_a_symmetric_range_keeps_the_median_on_the_figure() -> None:
    r = {"field": "staff.salary_per_fte_year", "low": 104_000.0, "mode": 124_000.0}
    sim, pushes = _one_range({**r, "high": 144_000.0})
    text = centre_sentence(sim, pushes, "USD", "USD")
    assert text.endswith("within 0.5% of it.")


def test_a_pinned_range_names_its_most_likely_value_and_the_input() -> None:
    r = {"field": "staff.salary_per_fte_year", "low": 95_000.0, "mode": 124_000.0}
    sim, pushes = _one_range(
        {**r, "high": 160_000.0, "pinned": True}, **{"staff.salary_per_fte_year": 60_000.0}
    )
    text = centre_sentence(sim, pushes, "USD", "USD")
    assert (
        "except pinned ranges, which centre on their own most likely value (Administrator "
        "cost (USD/FTE/year): most likely USD 124,000/FTE/year, input USD 60,000/FTE/year)"
    ) in text
    at_modes = money(float(pushes.at_modes[0]), "USD")
    because = "pinned ranges centre away from the inputs (every range at its most likely value"
    assert f"{because}: {at_modes})" in text
    assert float(pushes.at_modes[0]) > float(pushes.point[0])
