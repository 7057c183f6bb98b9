"""Display currency: results convert at one point, worked by hand.

Hand case (tests/unit/engine/test_projection_hand_case.py), cash basis, US dollars:
    in-house TCO 155,602; hosted TCO 43,580; in-house hardware in year 0 10,000
EUR at the default rate 0.8443 EUR per USD (data/currencies.toml, market 26 January 2026):
    in-house 155,602 x 0.8443 = 131,374.7686; hosted 43,580 x 0.8443 = 36,794.594;
    hardware year 0 10,000 x 0.8443 = 8,443.00
    residual value at year 2: hardware 6,060 + the year-2 upgrade credited past the horizon
    1,500 = 7,560; x 0.8443 = 6,382.908
EGP at a typed 50 EGP per USD: in-house 155,602 x 50 = 7,780,100
    per user-month 7,780,100 / (12 x 200) = 3,241.71
"""

from __future__ import annotations

import csv
import io

import pytest

from planner.cli import main
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.currencies import CATALOGUE, currencies, rate_per_usd, rate_text
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, parse_text, with_values
from planner.outputs.content import build_content
from planner.outputs.long_table import csv_bytes, long_table
from tests.unit.hand_case import hand_case


def test_the_seven_display_currencies_have_sourced_dated_rates() -> None:
    known = currencies()
    assert list(known) == ["USD", "EGP", "EUR", "GBP", "AED", "SAR", "INR"]
    assert known[CATALOGUE].per_usd == 1.0
    assert known["EUR"].per_usd == 0.8443  # market, 26 January 2026
    assert known["GBP"].per_usd == 0.7325
    assert (known["EGP"].per_usd, known["INR"].per_usd) == (47.13, 91.49)  # CBE sell; 2 Feb
    assert (known["AED"].per_usd, known["SAR"].per_usd) == (3.6725, 3.75)  # the pegs
    for c in known.values():
        assert c.basis in ("published", "unverified", "estimate", "example")
        assert c.source
        assert c.as_of.year >= 2025


def test_euro_results_are_the_dollar_results_times_the_default_rate() -> None:
    s = summarise(project_scenario(hand_case(finance={"currency": "EUR"})))
    assert s.tco[0, 0] == pytest.approx(131_374.7686)
    assert s.tco[0, 1] == pytest.approx(36_794.594)
    assert s.residual_value[0, 0] == pytest.approx(6_382.908)


def test_a_typed_rate_wins_over_the_default() -> None:
    scenario = hand_case(finance={"currency": "EGP", "exchange_rate_per_usd": 50.0})
    s = summarise(project_scenario(scenario))
    assert s.tco[0, 0] == pytest.approx(7_780_100)
    assert s.cost_per_user_month[0, 0] == pytest.approx(7_780_100 / 2400)
    assert scenario.finance.rate_per_usd == 50.0


def test_the_long_csv_is_in_the_display_currency() -> None:
    scenario = hand_case(finance={"currency": "EUR"})
    table = long_table(project_scenario(scenario), scenario.name, "EUR")
    rows = list(csv.DictReader(io.StringIO(csv_bytes([table]).decode())))
    hardware = [
        r
        for r in rows
        if r["option"] == "In-house Exchange"
        and r["category"] == "hardware"
        and r["year"] == "0"
        and r["kind"] == "capital"
    ]
    assert [(r["cost"], r["currency"]) for r in hardware] == [("8443.00", "EUR")]


def test_us_dollars_are_not_converted_and_say_nothing() -> None:
    assert rate_per_usd("USD", 0.0) == 1.0
    assert rate_text("USD", 0.0) == ""
    default = load_scenario(preset_files()["default"])
    euro = with_values(default, {"finance.currency": "EUR"})
    s_usd, s_eur = summarise(project_scenario(default)), summarise(project_scenario(euro))
    assert s_eur.tco[0] == pytest.approx(s_usd.tco[0] * 0.8443)
    assert s_eur.npv[0] == pytest.approx(s_usd.npv[0] * 0.8443)


def test_the_rate_is_shown_in_the_reports() -> None:
    content = build_content(hand_case(finance={"currency": "EUR"}))
    notes = " ".join(content.notes)
    assert "Figures converted from US dollars at 0.8443 EUR per USD" in notes
    assert "rates as of 2026-01-26" in notes


def test_a_currency_without_a_default_needs_a_rate() -> None:
    with pytest.raises(ScenarioValueError, match="no default exchange rate for 'CHF'"):
        parse_text("name = 'x'\n[finance]\ncurrency = 'CHF'\n")
    chf = parse_text("name = 'x'\n[finance]\ncurrency = 'CHF'\nexchange_rate_per_usd = 0.8\n")
    assert chf.finance.rate_per_usd == 0.8


def test_report_prints_the_rate_and_writes_converted_csv(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "eur.toml"
    src.write_text("name = 'Euro firm'\n[finance]\ncurrency = 'EUR'\n")
    out = tmp_path / "summary.csv"
    assert main(["report", str(src), "--summary-csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "converted from US dollars at 0.8443 EUR per USD" in printed
    assert "rates as of 2026-01-26" in printed
    usd = summarise(project_scenario(default_scenario()))  # the same file in US dollars
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert float(rows[0]["TCO"]) == pytest.approx(float(usd.tco[0, 0]) * 0.8443, abs=0.006)
    assert {r["Currency"] for r in rows} == {"EUR"}
