"""The display currency converts in the app: typing EUR shows euro figures, the rate in use
and its date are named, every money input is converted once into euros and labelled so
(plans keep their own currency), and the downloads hold the converted numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from apptest_helpers import assert_clean, metric_money
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, to_toml, with_values
from planner.model.scenario import Scenario
from ui.results import report_csv_of
from ui.sidebar import EVERY_GROUP, GROUP_KEY, KEY_INPUTS, group_id_of
from ui.state import PARAM_SCENARIO, encode_scenario

EUR_PER_USD = 0.8443  # data/currencies.toml, market rate of 26 January 2026


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
    assert "US dollar prices converted at 0.8443 EUR per USD" in captions
    assert "rates as of 2026-01-26" in captions
    assert "Money inputs are typed in EUR" in captions
    labels = [n.label for n in app.sidebar.number_input]
    assert "Server price (EUR)" in labels  # money is typed in the display currency
    # 12,000 USD (the default preset's server) x 0.8443 = 10,131.60 EUR
    assert app.number_input(key="field:inhouse.servers.price").value == pytest.approx(10_131.6)
    assert app.session_state["field:finance.input_currency"] == "EUR"


def test_a_typed_rate_is_used(app: AppTest) -> None:
    _open_groups(app, "finance.currency")
    app.text_input(key="field:finance.currency").input("EGP").run()
    # The inputs are now typed in EGP at the default 47.13; a bank's rate of 50 moves the
    # US dollar plans only, so in-house (every input typed in EGP) stays where it was.
    inhouse = metric_money(app, "In-house TCO")
    assert inhouse == round(_usd_tco() * 47.13)
    app.number_input(key="field:finance.exchange_rate_per_usd").set_value(50.0).run()
    assert_clean(app)
    assert metric_money(app, "In-house TCO") == inhouse
    captions = " ".join(str(c.value) for c in app.caption)
    assert "50 EGP per USD (rate typed in this scenario)" in captions


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


def test_nothing_typed_is_lost_going_to_egp_and_back(app: AppTest) -> None:
    # 12,000 USD -> x 47.13 = 565,560 EGP -> / 47.13 = 12,000 USD; the TCO back as it was.
    _open_groups(app, "finance.currency", "inhouse.servers.price")
    usd = metric_money(app, "In-house TCO")
    app.number_input(key="field:inhouse.servers.price").set_value(13_000.0).run()
    typed = metric_money(app, "In-house TCO")
    app.text_input(key="field:finance.currency").input("EGP").run()
    assert app.number_input(key="field:inhouse.servers.price").value == pytest.approx(612_690)
    app.text_input(key="field:finance.currency").input("USD").run()
    assert_clean(app)
    assert app.number_input(key="field:inhouse.servers.price").value == pytest.approx(13_000)
    assert metric_money(app, "In-house TCO") == typed != usd


def test_a_dollar_file_shown_in_egp_opens_typed_in_egp(new_app: Callable[[], AppTest]) -> None:
    """A link (or file) with US dollar inputs shown in EGP opens converted once: the same
    TCO, the inputs in EGP (the default salary 124,000 USD x 47.13 = 5,844,120 EGP)."""
    scenario = with_values(load_scenario(preset_files()["default"]), {"finance.currency": "EGP"})
    assert scenario.finance.input_currency == "USD"
    expected = float(summarise(project_scenario(scenario)).tco[0, 0])
    at = new_app()
    at.query_params[PARAM_SCENARIO] = encode_scenario(scenario)
    at.run()
    assert_clean(at)
    assert at.session_state["field:finance.input_currency"] == "EGP"
    assert at.session_state["field:staff.salary_per_fte_year"] == 5_844_120
    assert metric_money(at, "In-house TCO") == round(expected)
    saved = to_toml(at.session_state["_last_valid_scenario"])  # what the download writes
    assert 'currency = "EGP"' in saved
    assert 'input_currency = "EGP"' in saved
