"""Changing inputs (found by key) changes the numbers as the engine, or a hand sum, says."""

from __future__ import annotations

import pytest
from apptest_helpers import (
    assert_clean,
    error_texts,
    error_texts_as_read,
    metric_money,
    open_plans,
    options_table,
)
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import Summary, summarise
from planner.model.files import default_scenario, with_values
from ui import page
from ui.sidebar import GROUP_KEY, group_id_of

# Default scenario: users by operating year round_half_up(200 x 1.05^(t-1)) =
# 200, 210, 221 (220.5), 232 (231.525), 243 (243.10); hosted prices escalate 3% a year.
# One more USD per user-month on a plan costs 12 x sum_t users_t x 1.03^(t-1):
# 12 x (200 + 210 x 1.03 + 221 x 1.0609 + 232 x 1.092727 + 243 x 1.12550881)
# = 12 x 1,177.77020 = 14,133.24
ONE_DOLLAR_MORE_5Y = 14_133.24
# Small office: 25 users, no growth, in-house at 99.93% (backups only); WorldPosta Basic is
# priced at its expected availability, 99.96% (its SLA is 99.9%); 30% of outage hours fall
# in working time. Expected working hours down a year: (1 - 0.9993) x 8,760 x 0.3 = 1.8396
# in-house, (1 - 0.9996) x 8,760 x 0.3 = 1.0512 for the plan, at today's prices x
# 1.03^(t-1). 40 more per user-hour (6 -> 46) x 25 users = 1,000 more an hour over 5 years:
# in-house 1,000 x 1.8396 x (1 + 1.03 + 1.0609 + 1.092727 + 1.12550881)
# = 1,839.6 x 5.30913581 = 9,766.69; the plan 1,051.2 x 5.30913581 = 5,580.96
DOWNTIME_1000_MORE_5Y = 9_766.69
PLAN_DOWNTIME_1000_MORE_5Y = 5_580.96
# Default scenario, expected downtime loss of a plan: (1 - expected availability) x 8,760 h x
# 0.3 x 5 a user-hour x sum_t users_t x 1.03^(t-1) = working hours x 5 x 1,177.77020 =
# working hours x 1,000 x 5.8888510. A quote at 1.0 a user-month with a 99.95% SLA and no
# expected availability (estimated at 100 - 0.3 x 0.05 = 99.985%: 1.314 h x 0.3 = 0.3942 h)
# against WorldPosta Basic at 2.5, expected 99.96% (3.504 h x 0.3 = 1.0512 h):
# -1.5 x 14,133.24 - (1.0512 - 0.3942) x 1,000 x 5.8888510 = -21,199.86 - 3,868.98
QUOTE_MINUS_BASIC_5Y = -25_068.84


def _engine_summary(updates: dict[str, object]) -> Summary:
    return summarise(project_scenario(with_values(default_scenario(), updates)))


def _cheapest_fitting_tco(summary: Summary) -> float:
    return float(
        min(summary.tco[0, j] for j in range(1, summary.tco.shape[1]) if summary.fits[0, j])
    )


def test_more_users_changes_the_totals_as_the_engine_says(app: AppTest) -> None:
    app.number_input(key="field:organisation.users").set_value(500).run()
    assert_clean(app)
    summary = _engine_summary({"organisation.users": 500})
    assert metric_money(app, "In-house TCO") == round(summary.tco[0, 0])
    assert metric_money(app, "Cheapest hosted TCO") == round(_cheapest_fitting_tco(summary))


def test_a_shorter_horizon_changes_the_totals_as_the_engine_says(app: AppTest) -> None:
    before = metric_money(app, "In-house TCO")
    app.slider(key="field:organisation.horizon_years").set_value(3).run()
    assert_clean(app)
    summary = _engine_summary({"organisation.horizon_years": 3})
    assert metric_money(app, "In-house TCO") == round(summary.tco[0, 0])
    assert metric_money(app, "In-house TCO") < before


def test_the_dr_level_changes_in_house_as_the_engine_says(app: AppTest) -> None:
    app.selectbox(key="field:inhouse.disaster_recovery.level").select("hot_site").run()
    assert_clean(app)
    summary = _engine_summary({"inhouse.disaster_recovery.level": "hot_site"})
    assert metric_money(app, "In-house TCO") == round(summary.tco[0, 0])


def test_the_discount_rate_changes_npv_but_not_tco(app: AppTest) -> None:
    tco_before = metric_money(app, "In-house TCO")
    app.slider(key="field:finance.discount_rate_pct").set_value(12.0).run()
    assert_clean(app)
    assert metric_money(app, "In-house TCO") == tco_before
    table = options_table(app)  # every option, as text with separators
    summary = _engine_summary({"finance.discount_rate_pct": 12.0})
    npv = [float(v.replace(",", "")) for v in table["NPV (USD)"]]
    assert npv == pytest.approx(summary.npv[0].round(0).tolist())


def test_downtime_cost_adds_the_hand_computed_loss(app: AppTest) -> None:
    app.selectbox(key="preset").select("small_office").run()
    plan = "WorldPosta Basic (illustrative)"
    inhouse, hosted = metric_money(app, "In-house TCO"), _options(app)[plan]
    app.number_input(key="field:risk.downtime_cost_per_user_hour").set_value(46.0).run()
    assert_clean(app)
    assert metric_money(app, "In-house TCO") - inhouse == pytest.approx(
        DOWNTIME_1000_MORE_5Y, abs=1
    )
    assert _options(app)[plan] - hosted == pytest.approx(PLAN_DOWNTIME_1000_MORE_5Y, abs=1)


def _options(at: AppTest) -> dict[str, float]:
    table = options_table(at)  # every option, as text with separators
    tco = [float(v.replace(",", "")) for v in table["TCO (USD)"]]
    return dict(zip(table["Option"], tco, strict=True))


def test_a_price_typed_into_the_plans_table_costs_the_hand_computed_amount(
    app: AppTest,
) -> None:
    open_plans(app)
    editor = app.data_editor[0]
    assert editor.editing_mode == "dynamic"
    plan = "WorldPosta Basic (illustrative)"
    before = _options(app)[plan]
    assert app.data_editor[0].value["price_per_user_month"][0] == 2.5
    app.session_state[editor.key] = {
        "edited_rows": {0: {"price_per_user_month": 3.5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert_clean(app)
    assert _options(app)[plan] - before == pytest.approx(ONE_DOLLAR_MORE_5Y, abs=1)


def test_a_quote_added_as_a_row_is_compared_at_once(app: AppTest) -> None:
    quote = {
        "provider": "WorldPosta",
        "plan": "Quote 2026",
        "price_per_user_month": 1.0,
        "mailbox_gb": 50.0,
        "attachment_mb": 50.0,
        "sla_pct": 99.95,
    }
    open_plans(app)
    key = app.data_editor[0].key
    app.session_state[key] = {"edited_rows": {}, "added_rows": [quote], "deleted_rows": []}
    app.run()
    assert_clean(app)
    options = _options(app)
    assert "WorldPosta Quote 2026" in options
    difference = options["WorldPosta Quote 2026"] - options["WorldPosta Basic (illustrative)"]
    assert difference == pytest.approx(QUOTE_MINUS_BASIC_5Y, abs=1)
    assert metric_money(app, "Cheapest hosted TCO") == options["WorldPosta Quote 2026"]


def test_a_bad_plan_row_names_the_row_and_field_and_keeps_the_numbers(app: AppTest) -> None:
    before = metric_money(app, "Cheapest hosted TCO")
    open_plans(app)
    key = app.data_editor[0].key
    app.session_state[key] = {
        "edited_rows": {3: {"sla_pct": 80.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    errors = error_texts(app)
    assert any(
        e.startswith(
            "Plans table row 4 (Microsoft Exchange Online Plan 1): SLA availability (sla_pct) "
            "= 80.0"
        )
        and "from 90 to 100" in e
        for e in errors
    ), errors
    assert metric_money(app, "Cheapest hosted TCO") == before
    stale = [w.value for w in app.warning if w.value.startswith(f"**{page.STALE_TITLE}**")]
    assert stale, "the page says the results are for the last valid scenario"


def test_an_invalid_value_shows_a_message_and_keeps_the_last_valid_numbers(
    app: AppTest,
) -> None:
    # The input allows 0 (its lower bound), the model only values above 0.
    key = "field:inhouse.sizing.megacycles_active_per_message"
    app.session_state[GROUP_KEY] = group_id_of("inhouse.sizing.megacycles_active_per_message")
    app.number_input(key="field:organisation.users").set_value(300).run()
    shown = metric_money(app, "In-house TCO")
    app.number_input(key=key).set_value(0.0).run()
    assert not app.exception
    errors = error_texts(app)
    assert len(errors) == 1  # next to the inputs; the banner over the results says it again
    banner = [w.value for w in app.warning if w.value.startswith(f"**{page.STALE_TITLE}**")]
    for message in (errors[0], *banner):
        assert (
            "Megacycles per active mailbox per message "
            "(inhouse.sizing.megacycles_active_per_message) = 0.0" in message
        )
        assert "allowed: a number above 0 to 10" in message
    assert len(banner) == 1
    assert metric_money(app, "In-house TCO") == shown
    app.number_input(key=key).set_value(0.0597).run()
    assert_clean(app)
    assert metric_money(app, "In-house TCO") == shown


def test_a_bad_currency_code_is_named(app: AppTest) -> None:
    app.session_state[GROUP_KEY] = group_id_of("finance.currency")
    app.run()
    app.text_input(key="field:finance.currency").input("US$").run()
    assert not app.exception
    read = error_texts_as_read(app)
    assert any("Display currency (finance.currency) = 'US$'" in e for e in read)
    app.text_input(key="field:finance.currency").input("eur").run()  # read as EUR
    assert_clean(app)
    assert app.text_input(key="field:finance.currency").value == "EUR"


def test_choosing_a_preset_replaces_every_input(app: AppTest) -> None:
    app.number_input(key="field:organisation.users").set_value(999).run()
    app.selectbox(key="preset").select("growing_firm").run()
    assert_clean(app)
    assert app.number_input(key="field:organisation.users").value == 250
    assert app.slider(key="field:organisation.growth_pct_per_year").value == 15.0
    app.number_input(key="field:organisation.users").set_value(400).run()
    app.button(key="reset_preset").click().run()
    assert app.number_input(key="field:organisation.users").value == 250
