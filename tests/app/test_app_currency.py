"""The display currency converts in the app: typing EUR shows euro figures,
the rate in use is named, inputs and plan prices keep their US dollar labels, and the
downloads hold the converted numbers."""

from __future__ import annotations

import csv
import io

import pytest
from apptest_helpers import assert_clean, metric_money
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from planner.model.scenario import Scenario
from ui.results import report_csv_of
from ui.sidebar import EVERY_GROUP, GROUP_KEY, KEY_INPUTS, group_id_of

EUR_PER_USD = 0.9184  # data/currencies.toml, ECB reference rate of 14 March 2025


def _usd_tco() -> float:
    return float(summarise(project_scenario(load_scenario(preset_files()["default"]))).tco[0, 0])


def _open_groups(app: AppTest, *fields: str) -> None:
    """Show the sidebar groups holding these fields (a hidden group draws no inputs): the
    one group, or every group when they are in several (key inputs are always drawn)."""
    groups = {group_id_of(f) for f in fields if f not in KEY_INPUTS}
    app.session_state[GROUP_KEY] = groups.pop() if len(groups) == 1 else EVERY_GROUP
    app.run()


def test_typing_eur_converts_the_figures_and_names_the_rate(app: AppTest) -> None:
    _open_groups(app, "finance.currency", "inhouse.servers.price")
    usd = metric_money(app, "In-house TCO")
    assert usd == round(_usd_tco())
    app.text_input(key="field:finance.currency").input("EUR").run()
    assert_clean(app)
    assert metric_money(app, "In-house TCO") == round(_usd_tco() * EUR_PER_USD)
    captions = " ".join(str(c.value) for c in app.caption)
    assert "converted from US dollars at 0.9184 EUR per USD" in captions
    labels = [n.label for n in app.sidebar.number_input]
    assert "Server price (USD)" in labels  # inputs stay in US dollars


def test_a_typed_rate_is_used(app: AppTest) -> None:
    _open_groups(app, "finance.currency")
    app.text_input(key="field:finance.currency").input("EGP").run()
    app.number_input(key="field:finance.exchange_rate_per_usd").set_value(50.0).run()
    assert_clean(app)
    assert metric_money(app, "In-house TCO") == round(_usd_tco() * 50)
    captions = " ".join(str(c.value) for c in app.caption)
    assert "50 EGP per USD (typed in this scenario)" in captions


def _csv_rows(scenario: Scenario) -> list[dict[str, str]]:
    data = report_csv_of(scenario, project_scenario(scenario))
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.mark.parametrize("code", ["USD", "EGP", "EUR", "GBP", "AED", "SAR", "INR"])
def test_every_display_currency_converts_the_csv(code: str) -> None:
    """Each row is the US dollar row x the rate (cents rounded once each side)."""
    preset = load_scenario(preset_files()["default"])
    scenario = with_values(preset, {"finance.currency": code})
    rows, base = _csv_rows(scenario), _csv_rows(preset)
    rate = scenario.finance.rate_per_usd
    assert {r["currency"] for r in rows} == {code}
    for mine, usd in zip(rows, base, strict=True):
        expected = float(usd["cost"]) * rate
        assert float(mine["cost"]) == pytest.approx(expected, abs=0.006 * rate + 0.006)
