"""The report content model: one source for the workbook and the HTML page.

Hand numbers come from the hand case (tests/unit/hand_case.py, worked in
tests/unit/engine/test_projection_hand_case.py): in-house cash TCO 155,602 (29,800 / 62,151 /
63,651 by year), hosted "Test Host" 43,580 (3,000 / 20,290 / 20,290).
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner.engine.projection import INHOUSE, project, project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.model.defaults import SCENARIOS_DIR, assumptions, catalogue
from planner.model.files import default_scenario, differences, load_scenario, with_values
from planner.model.paths import flatten
from planner.outputs.content import build_content
from planner.outputs.long_table import long_table
from tests.unit.hand_case import hand_case

HOST = "Test Host"


@pytest.fixture(scope="module")
def hand():  # type: ignore[no-untyped-def]
    return build_content(hand_case(), generated_on=dt.date(2026, 11, 28))


class TestRecommendation:
    def test_hosted_plan_cheaper_names_the_plan_and_the_saving(self, hand) -> None:  # type: ignore[no-untyped-def]
        """155,602 - 43,580 = 112,022 saved, 112,022 / 155,602 = 72%."""
        assert hand.recommendation == (
            "On cost alone, move to Test Host: over 2 years it costs 43,580 USD, 112,022 USD "
            "(72%) less than running Exchange in-house (155,602 USD)."
        )
        assert hand.options[hand.cheapest].option == HOST

    def test_inhouse_cheaper_names_the_cheapest_hosted_plan(self) -> None:
        """At 100 per user-month the plan costs 3,000 + 2 x (120,000 + 5,050 + 480 + 8,760)
        = 271,580, which is 115,978 more than in-house."""
        plan = {
            "provider": "Test",
            "plan": "Host",
            "price_per_user_month": 100.0,
            "mailbox_gb": 50.0,
            "attachment_mb": 25.0,
            "sla_pct": 99.9,
        }
        content = build_content(hand_case(plans=[plan]))
        assert content.cheapest == 0
        assert content.recommendation == (
            "On cost alone, keep Exchange in-house: over 2 years it costs 155,602 USD, "
            "115,978 USD less than the cheapest hosted plan that fits, Test Host (271,580 USD)."
        )

    def test_no_plan_fits_says_so(self) -> None:
        plan = {
            "provider": "Test",
            "plan": "Host",
            "price_per_user_month": 5.0,
            "mailbox_gb": 50.0,
            "attachment_mb": 25.0,
            "sla_pct": 99.9,
            "max_users": 50,
        }
        content = build_content(hand_case(plans=[plan]))
        assert content.best_hosted is None
        assert content.recommendation.startswith("Keep Exchange in-house: no hosted plan fits")
        assert "155,602 USD" in content.recommendation
        assert content.options[1].warnings  # the over-cap warning travels with the option

    def test_illustrative_cheapest_plan_asks_for_a_quote(self) -> None:
        content = build_content(default_scenario())
        best = content.options[content.cheapest]
        assert best.illustrative
        assert content.recommendation.endswith("get a real quote before deciding.")


class TestFigures:
    def test_options_carry_the_summary_figures(self, hand) -> None:  # type: ignore[no-untyped-def]
        inhouse, host = hand.options
        assert inhouse.option == INHOUSE
        assert not inhouse.hosted
        assert inhouse.tco == pytest.approx(155602, abs=0.5)
        assert host.tco == pytest.approx(43580)
        assert host.cost_per_user_month == pytest.approx(43580 / 2400)
        assert host.npv == pytest.approx(38214.05, abs=0.01)
        assert host.breakeven_year is None
        assert inhouse.breakeven_year is None

    def test_headline_lists_inhouse_cheapest_and_saving(self, hand) -> None:  # type: ignore[no-untyped-def]
        figures = {h.label: h.value for h in hand.headline}
        assert figures["Users today"] == 100
        assert figures["In-house Exchange: total cost of ownership"] == pytest.approx(
            155602, abs=0.5
        )
        assert figures["Cheapest option that fits"] == HOST
        assert figures["Saving against in-house"] == pytest.approx(112022, abs=0.5)
        assert figures[f"Break-even year of in-house against {HOST}"] == "none"

    def test_yearly_totals_and_cumulative_by_hand(self, hand) -> None:  # type: ignore[no-untyped-def]
        host = hand.yearly_totals[hand.yearly_totals["option"] == HOST]
        assert list(host["total"]) == pytest.approx([3000, 20290, 20290])
        assert list(host["cumulative"]) == pytest.approx([3000, 23290, 43580])
        inhouse = hand.yearly_totals[hand.yearly_totals["option"] == INHOUSE]
        assert list(inhouse["cumulative"]) == pytest.approx([29800, 91951, 155602], abs=1)

    def test_category_totals_sum_to_the_tco_on_each_basis(self) -> None:
        """Cash basis leaves the residual out (155,602); net basis credits hardware (6,060)
        and the year-2 upgrade, which serves only years past the horizon (1,500): 148,042."""
        for basis, expected in (("cash", 155602), ("net_of_residual", 155602 - 6060 - 1500)):
            content = build_content(hand_case(finance={"tco_basis": basis}))
            mine = content.category_totals[content.category_totals["option"] == INHOUSE]
            assert mine["cost"].sum() == pytest.approx(expected, abs=1)

    def test_hosted_category_totals_by_hand(self, hand) -> None:  # type: ignore[no-untyped-def]
        mine = hand.category_totals[hand.category_totals["option"] == HOST]
        got = dict(zip(mine["category"], mine["cost"], strict=True))
        assert got == pytest.approx(
            {
                "licences": 12000,
                "expertise": 10100,
                "connectivity": 960,
                "downtime_risk": 17520,
                "one_time": 3000,
            }
        )

    def test_yearly_wide_rows_match_the_long_table(self) -> None:
        scenario = load_scenario(SCENARIOS_DIR / "enterprise_hot_dr.toml")
        p = project_scenario(scenario)
        content = build_content(scenario, p)
        wide = content.yearly_wide()
        table = long_table(p, scenario.name, "USD")
        assert len(wide) * len(content.years) == len(table)
        assert list(wide.columns) == [
            "option",
            "category",
            "kind",
            *(f"Year {y}" for y in range(11)),
            "total",
        ]
        assert wide[list(content.year_columns)].to_numpy().sum() == pytest.approx(
            table["cost"].sum()
        )
        assert wide["total"].sum() == pytest.approx(table["cost"].sum())
        residual = wide[wide["kind"] == "residual"]
        assert (residual["total"] < 0).all()
        assert len(residual) > 0

    def test_quantities_by_hand(self, hand) -> None:  # type: ignore[no-untyped-def]
        """One server, 100 users, 0.05 hosted FTE (0.5 per 1,000 x 100)."""
        q = hand.quantities.set_index("year")
        assert list(q["Users"]) == [100, 100, 100]
        assert list(q["Servers installed"])[1:] == [1, 1]
        assert list(q["Hosted administrator FTE"])[1:] == pytest.approx([0.05, 0.05])

    def test_needs_a_detailed_projection(self) -> None:
        scenario = hand_case()
        with pytest.raises(ValueError, match="detail"):
            build_content(scenario, project(Batch.of(scenario), detail=False))


class TestAssumptionsAndPlans:
    def test_every_assumption_is_listed_with_its_source(self, hand) -> None:  # type: ignore[no-untyped-def]
        defaults = assumptions()
        assert [a.path for a in hand.assumptions] == list(defaults)
        for row in hand.assumptions:
            assert row.source == defaults[row.path].source
            assert row.source
            assert row.default == defaults[row.path].value

    def test_changed_flags_are_exactly_the_files_differences(self) -> None:
        scenario = load_scenario(SCENARIOS_DIR / "small_office.toml")
        content = build_content(scenario)
        diff = differences(scenario)
        diff.pop("plans", None)
        diff.pop("uncertainty", None)
        expected = set(_flat_keys(diff))
        assert {a.path for a in content.changed_assumptions} == expected
        users = next(a for a in content.assumptions if a.path == "organisation.users")
        assert (users.value, users.default, users.changed) == (25, 200, True)

    def test_default_scenario_changes_nothing(self) -> None:
        assert build_content(default_scenario()).changed_assumptions == ()

    def test_plan_origin_catalogue_changed_added_and_removed(self) -> None:
        bundled = catalogue()
        first = bundled[0].model_dump()
        changed = {**bundled[1].model_dump(), "price_per_user_month": 9.99}
        added = {
            "provider": "Acme",
            "plan": "Mail",
            "price_per_user_month": 3.0,
            "mailbox_gb": 10.0,
            "attachment_mb": 25.0,
            "sla_pct": 99.0,
        }
        scenario = with_values(default_scenario(), {"plans": [first, changed, added]})
        content = build_content(scenario)
        assert [p.origin for p in content.plans] == [
            "catalogue",
            "changed from catalogue",
            "added in this scenario",
        ]
        assert content.removed_plans == tuple(p.label for p in bundled[2:])
        assert any("left out" in note for note in content.notes)


def _flat_keys(tree: dict, prefix: str = "") -> list[str]:  # type: ignore[type-arg]
    keys: list[str] = []
    for key, value in tree.items():
        if isinstance(value, dict):
            keys += _flat_keys(value, f"{prefix}{key}.")
        else:
            keys.append(f"{prefix}{key}")
    return keys


def test_flatten_walks_every_leaf_but_the_list_sections() -> None:
    flat = flatten(default_scenario())
    assert set(flat) == set(assumptions())
    assert flat["organisation.users"] == 200


def test_summary_passed_in_is_used_as_is() -> None:
    scenario = hand_case()
    p = project_scenario(scenario)
    content = build_content(scenario, p, summarise(p))
    assert content.options[1].tco == pytest.approx(43580)
