"""Money typed in any currency: the input currency, a plan's own currency and
convert_money_inputs, worked by hand.

Hand case (tests/unit/hand_case.py): 100 users, no growth, 2 years; in-house hardware in
year 0 is one server at 10,000; the plan "Test Host" bills 100 users x its price x 12 a year
from year 1 (the licences/operating line). Rates (data/currencies.toml): EGP 47.13, EUR
0.8443, GBP 0.7325 per US dollar.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.analyses.uncertainty import apply, resolve
from planner.engine.categories import LINE_INDEX, Line
from planner.engine.projection import project, project_scenario
from planner.engine.scenario_arrays import RATE, Batch
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.currencies import convert_money_inputs, rate_text
from planner.model.defaults import preset_files
from planner.model.fields import scenario_fields
from planner.model.files import load_scenario, parse_text, with_values
from planner.model.paths import value_at
from planner.outputs.content import build_content
from tests.unit.hand_case import HAND_CASE, hand_case
from ui.tables import assumptions_table

PLAN = dict(HAND_CASE["plans"][0])  # type: ignore[index]
SUBSCRIPTION = LINE_INDEX[Line("licences", "operating")]
HARDWARE = LINE_INDEX[Line("hardware", "capital")]


def _plan_year_1(scenario_costs: np.ndarray) -> float:
    return float(scenario_costs[0, 1, SUBSCRIPTION, 1])


def test_a_plan_typed_in_pounds_of_egypt_is_not_converted() -> None:
    # Everything in EGP: 120 EGP x 100 users x 12 = 144,000 EGP a year, no rate anywhere;
    # the server typed as 10,000 (EGP now) is 10,000 EGP in year 0.
    scenario = hand_case(
        finance={"currency": "EGP", "input_currency": "EGP"},
        plans=[{**PLAN, "price_per_user_month": 120.0, "currency": "EGP"}],
    )
    costs = project_scenario(scenario).costs
    assert costs is not None
    assert _plan_year_1(costs) == pytest.approx(144_000)
    assert float(costs[0, 0, HARDWARE, 0]) == pytest.approx(10_000)


def test_a_quote_in_euros_compared_in_pounds() -> None:
    # Quote 10 EUR; inputs in US dollars; shown in GBP:
    # 10 x 100 x 12 = 12,000 EUR = 12,000 / 0.8443 USD = 14,212.95 USD x 0.7325
    # = 10,410.99 GBP a year; the server 10,000 USD x 0.7325 = 7,325 GBP.
    scenario = hand_case(
        finance={"currency": "GBP"},
        plans=[{**PLAN, "price_per_user_month": 10.0, "currency": "EUR"}],
    )
    costs = project_scenario(scenario).costs
    assert costs is not None
    assert _plan_year_1(costs) == pytest.approx(10_410.99, abs=0.01)
    assert float(costs[0, 0, HARDWARE, 0]) == pytest.approx(7_325)


def test_a_us_dollar_plan_beside_inputs_in_the_display_currency() -> None:
    # Inputs and display in EGP, the catalogue plan in USD at 5: 5 x 47.13 x 100 x 12 =
    # 282,780 EGP a year; a bank's rate of 50 typed: 300,000 EGP, the server still 10,000.
    def costs(rate: float) -> np.ndarray:
        fin = {"currency": "EGP", "input_currency": "EGP", "exchange_rate_per_usd": rate}
        out = project_scenario(hand_case(finance=fin)).costs
        assert out is not None
        return out

    assert _plan_year_1(costs(0.0)) == pytest.approx(282_780)
    assert _plan_year_1(costs(50.0)) == pytest.approx(300_000)
    assert float(costs(50.0)[0, 0, HARDWARE, 0]) == pytest.approx(10_000)


def test_a_drawn_rate_moves_the_dollar_plan_only() -> None:
    # The same case, the rate drawn as 47.13 and 50 in one batch: the plan line is 282,780
    # then 300,000; in-house, typed in EGP, does not move.
    scenario = hand_case(finance={"currency": "EGP", "input_currency": "EGP"})
    batch = Batch.of(scenario).repeat(2).replace(values={RATE: np.array([47.13, 50.0])})
    p = project(batch)
    assert p.costs is not None
    assert p.costs[:, 1, SUBSCRIPTION, 1] == pytest.approx([282_780, 300_000])
    assert p.total[0, 0] == pytest.approx(p.total[1, 0])


def test_a_range_on_a_plans_price_is_in_the_plans_currency() -> None:
    # A range of 8 to 12 EUR on a 10 EUR quote, shown and typed in US dollars: at its high
    # end 12 / 0.8443 x 1,200 = 17,055.55 USD a year.
    scenario = hand_case(
        plans=[{**PLAN, "price_per_user_month": 10.0, "currency": "EUR"}],
        uncertainty={
            "ranges": [
                {
                    "field": "plans.price_per_user_month",
                    "plan": "Test Host",
                    "low": 8.0,
                    "mode": 10.0,
                    "high": 12.0,
                }
            ]
        },
    )
    items = resolve(scenario)
    batch = apply(Batch.of(scenario), items, np.array([[12.0]]))
    p = project(batch)
    assert p.costs is not None
    assert _plan_year_1(p.costs) == pytest.approx(17_055.55, abs=0.01)


def test_an_old_dollar_file_shown_in_euros_is_unchanged() -> None:
    # No input_currency: US dollars, as before; every result is the dollar one x 0.8443.
    default = load_scenario(preset_files()["default"])
    euro = with_values(default, {"finance.currency": "EUR"})
    assert euro.finance.input_currency == "USD"
    usd, eur = summarise(project_scenario(default)), summarise(project_scenario(euro))
    assert eur.tco[0] == pytest.approx(usd.tco[0] * 0.8443)
    # Typing the same inputs in euros changes nothing shown.
    typed = summarise(project_scenario(convert_money_inputs(euro, "EUR")))
    assert typed.tco[0] == pytest.approx(eur.tco[0], rel=1e-9)
    assert typed.npv[0] == pytest.approx(eur.npv[0], rel=1e-9)


@pytest.mark.parametrize("preset", ["default", "segments_hybrid", "existing_exchange_2019"])
def test_results_do_not_depend_on_the_input_currency(preset: str) -> None:
    scenario = load_scenario(preset_files()[preset])
    before = summarise(project_scenario(scenario))
    for currency in ("EGP", "INR", "GBP"):
        after = summarise(project_scenario(convert_money_inputs(scenario, currency)))
        assert after.tco[0] == pytest.approx(before.tco[0], rel=1e-9)


def test_convert_money_inputs_round_trip_and_every_money_field() -> None:
    # 124,000 USD a year of salary x 47.13 = 5,844,120 EGP; the salary range 95,000 / 124,000
    # / 160,000 becomes 4,477,350 / 5,844,120 / 7,540,800 EGP; back in USD, all as typed.
    scenario = load_scenario(preset_files()["default"])
    egp = convert_money_inputs(scenario, "EGP")
    assert egp.finance.input_currency == "EGP"
    assert egp.staff.salary_per_fte_year == 5_844_120
    salary = next(r for r in egp.uncertainty.ranges if r.field == "staff.salary_per_fte_year")
    assert (salary.low, salary.mode, salary.high) == (4_477_350, 5_844_120, 7_540_800)
    every_plan = next(r for r in egp.uncertainty.ranges if r.plan == "all")
    assert (every_plan.low, every_plan.high) == (95, 120)  # percent, not money
    assert egp.plans == scenario.plans  # plans keep their own currency
    growth = "organisation.growth_pct_per_year"
    assert value_at(egp, growth) == value_at(scenario, growth)
    for path, spec in scenario_fields().items():  # the registry's money, every one
        if spec.money:
            assert value_at(egp, path) == pytest.approx(value_at(scenario, path) * 47.13)
    assert convert_money_inputs(egp, "USD") == scenario


def test_a_typed_rate_converts_the_display_currency_at_it() -> None:
    # Display EGP at a bank's 50: typing in EGP converts 100,000 USD to 5,000,000 EGP.
    scenario = hand_case(finance={"currency": "EGP", "exchange_rate_per_usd": 50.0})
    assert convert_money_inputs(scenario, "EGP").staff.salary_per_fte_year == 5_000_000


def test_an_unknown_currency_is_named_with_what_is_allowed() -> None:
    with pytest.raises(ScenarioValueError, match=r"finance\.input_currency = 'CHF'.*allowed"):
        parse_text("name = 'x'\n[finance]\ninput_currency = 'CHF'\n")
    with pytest.raises(ScenarioValueError, match=r"plans\[0\].currency.*'XYZ'"):
        hand_case(plans=[{**PLAN, "currency": "XYZ"}])
    chf = parse_text(
        "name = 'x'\n[finance]\ncurrency = 'CHF'\ninput_currency = 'CHF'\n"
        "exchange_rate_per_usd = 0.8\n"
    )
    assert chf.finance.input_rate_per_usd == 0.8


def test_the_rate_text_says_what_is_typed_and_as_of_when() -> None:
    assert rate_text("USD", 0.0, "USD") == ""
    typed = rate_text("EGP", 0.0, "EGP")
    assert typed.startswith("Money inputs typed in EGP; US dollar prices converted at 47.13")
    assert "rates as of 2026-01-25" in typed
    assert "bank's rate" in typed
    assert "rate typed in this scenario" in rate_text("EGP", 50.0, "EGP")


def test_typed_in_egp_only_what_was_changed_reads_changed() -> None:
    # The default salary 124,000 USD typed in EGP is 5,844,120; its default shown beside it
    # is 124,000 x 47.13 = 5,844,120 too, so converting marks nothing changed.
    scenario = load_scenario(preset_files()["default"])
    egp = convert_money_inputs(scenario, "EGP")
    before = {r.path for r in build_content(scenario).assumptions if r.changed}
    rows = {r.path: r for r in build_content(egp).assumptions}
    assert {p for p, r in rows.items() if r.changed} == before | {"finance.input_currency"}
    salary = rows["staff.salary_per_fte_year"]
    assert (salary.value, salary.default) == (5_844_120, 5_844_120)
    assert salary.label == "Administrator cost (EGP/FTE/year)"
    table = assumptions_table(egp)
    assert table.loc[table["Field"] == "staff.salary_per_fte_year", "Default"].item() == (
        "5,844,120"
    )
