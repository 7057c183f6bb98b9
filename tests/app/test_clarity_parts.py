"""The pure parts behind what an owner reads: fit reasons in legends and tables,
the loaded-cost waterfall, the options a chart shows, the storage steps."""

from __future__ import annotations

import pytest

from planner.engine.projection import INHOUSE
from planner.model.defaults import catalogue
from planner.model.files import default_scenario, from_data, with_values
from tests.unit.hand_case import HAND_CASE, hand_case
from ui import figures
from ui.figures import option_colours
from ui.loaded_cost import loaded_cost_figure, loaded_cost_sentence, loaded_costs
from ui.option_choice import (
    CHEAPEST_SHOWN,
    cheapest_fitting,
    coinciding,
    coinciding_text,
    default_shown,
    typed_quotes,
)
from ui.results import results_of
from ui.tables import OPTION_COLUMNS, options_display_table, options_table

KNOWN = [p.label for p in catalogue()]
QUOTE = {
    "provider": "Acme",
    "plan": "Quote 7",
    "price_per_user_month": 3.9,
    "mailbox_gb": 100.0,
    "attachment_mb": 35.0,
    "sla_pct": 99.9,
}


def quote_scenario():  # type: ignore[no-untyped-def]
    """400 users growing 10%, 90 GB mailboxes growing 5 GB a year (95, 100, 105 GB by the
    ends of years 1-3), the catalogue and a typed 100 GB quote: outgrown in year 3."""
    plans = [p.model_dump(exclude_none=True) for p in catalogue()] + [QUOTE]
    return with_values(
        default_scenario(),
        {
            "organisation.users": 400,
            "organisation.growth_pct_per_year": 10.0,
            "organisation.horizon_years": 3,
            "mail.mailbox_gb": 90.0,
            "mail.mailbox_growth_gb_per_year": 5.0,
            "plans": plans,
        },
    )


REASON = "does not fit: mailboxes outgrow 100 GB in year 3"


class TestFitReasonsWhereverAnOptionIsNamed:
    def test_the_options_table_puts_fit_and_cost_first_and_says_why(self) -> None:
        s = quote_scenario()
        table = options_table(results_of(s), s.plans)
        assert list(table.columns) == list(OPTION_COLUMNS)
        assert list(table.columns[:4]) == ["Option", "Fits as is", "Per user per month", "TCO"]
        row = table[table["Option"] == "Acme Quote 7"].iloc[0]
        assert row["Fits as is"] == REASON
        assert table["Fits as is"].iloc[0] == "yes"  # in-house

    def test_the_legend_marks_it_and_the_hover_says_why(self) -> None:
        """The legend says "(does not fit)" after the short name; the reason, said once, is
        in the hover (wrapped) and in the table's "Fits as is" cell."""
        s = quote_scenario()
        r = results_of(s)
        fig = figures.cumulative_figure(r, option_colours(r.options[1:], KNOWN), "USD")
        names = [t.name for t in fig.data]
        assert "Acme Quote 7 (does not fit)" in names
        assert names[0] == INHOUSE
        assert all(REASON not in name for name in names)
        quote = fig.data[names.index("Acme Quote 7 (does not fit)")]
        assert " ".join(quote.hovertemplate.split("<br>")[1:-1]) == REASON
        table = options_table(r, s.plans)
        row = table[table["Option"] == "Acme Quote 7"].iloc[0]
        assert REASON.removeprefix("does not fit: ") not in row["Notes"]

    def test_the_display_table_formats_money_and_keeps_every_row(self) -> None:
        s = quote_scenario()
        table = options_table(results_of(s), s.plans)
        shown = options_display_table(table, "USD")
        assert len(shown) == len(table) == 14
        assert "TCO (USD)" in shown.columns
        assert shown["TCO (USD)"].iloc[0] == f"{round(table['TCO'].iloc[0]):,}"
        assert shown["Per user per month (USD)"].iloc[0] == f"{table['Per user per month'][0]:.2f}"


class TestLoadedCostWaterfall:
    def test_the_waterfall_numbers_are_the_hand_case_steps(self) -> None:
        """Hand case (see tests/unit/engine/test_per_user.py): U = 2,400 user-months; Test Host
        lists at 5.00 and loads to 43,580 / 2,400 = 18.16; in-house 155,602 / 2,400 = 64.83."""
        s = hand_case()
        paths = loaded_costs(results_of(s), s.plans, s.finance)
        assert [p.option for p in paths] == [INHOUSE, "Test Host"]
        fig = loaded_cost_figure(paths, "USD")
        inhouse, host = fig.data
        assert list(host.x) == [
            "List price",
            "Admin time",
            "Connectivity",
            "Migration",
            "Expected downtime",
            "Loaded cost",
        ]
        assert list(host.y) == pytest.approx(
            [5.0, 10100 / 2400, 960 / 2400, 3000 / 2400, 17520 / 2400, 43580 / 2400]
        )
        assert list(host.measure) == ["relative"] * 5 + ["total"]
        assert inhouse.y[-1] == pytest.approx(155602 / 2400)
        assert sum(inhouse.y[:-1]) == pytest.approx(155602 / 2400)

    def test_the_sentence_names_the_list_price_the_loaded_cost_and_the_biggest_steps(
        self,
    ) -> None:
        s = hand_case()
        text = loaded_cost_sentence(loaded_costs(results_of(s), s.plans, s.finance), 100, "USD")
        assert "Test Host lists at USD 5.00 but costs USD 18.16 per user per month" in text
        assert "expected downtime (USD 7.30), admin time (USD 4.21) and migration" in text
        assert "in-house Exchange costs USD 64.83 per user per month" in text

    def test_without_a_plan_that_fits_only_inhouse_is_drawn(self) -> None:
        data = {**HAND_CASE, "plans": [{**HAND_CASE["plans"][0], "max_users": 10}]}  # type: ignore[index]
        s = from_data(data, "test")
        paths = loaded_costs(results_of(s), s.plans, s.finance)
        assert [p.option for p in paths] == [INHOUSE]
        assert len(loaded_cost_figure(paths, "USD").data) == 1


class TestOptionsShown:
    def test_default_is_inhouse_the_cheapest_that_fit_and_every_typed_quote(self) -> None:
        s = quote_scenario()
        r = results_of(s)
        assert typed_quotes(s.plans) == ["Acme Quote 7"]
        cheapest = cheapest_fitting(r)
        assert len(cheapest) == CHEAPEST_SHOWN
        assert all(r.fit_reason(o) == "" for o in cheapest)
        shown = default_shown(r, s.plans)
        assert set(shown) == {INHOUSE, *cheapest, "Acme Quote 7"}
        assert len(shown) < len(r.options)

    def test_options_that_cost_the_same_every_year_are_named(self) -> None:
        twin = {**QUOTE, "plan": "Twin"}
        s = with_values(default_scenario(), {"plans": [QUOTE, twin]})
        r = results_of(s)
        assert coinciding(r, r.options) == [["Acme Quote 7", "Acme Twin"]]
        assert coinciding(r, [INHOUSE, "Acme Quote 7"]) == []
        assert coinciding_text([["A", "B"]]) == (
            "A and B cost the same every year: their lines lie on top of each other."
        )

    def test_only_the_options_shown_are_drawn(self) -> None:
        s = default_scenario()
        r = results_of(s)
        fig = figures.cumulative_figure(r, option_colours(r.options[1:], KNOWN), "USD")
        kept = figures.only_options(fig, r.options, [INHOUSE, r.options[3]])
        assert r.options[3] == "WorldPosta Premium (illustrative)"
        assert [t.name for t in kept.data] == [INHOUSE, "WorldPosta Premium (illus.)"]


def test_installed_disk_is_never_drawn_under_the_need() -> None:
    """Both lines are steps held through each year (hv), installed drawn first: a sloped
    need line between yearly points used to cross over the installed step."""
    r = results_of(with_values(default_scenario(), {"organisation.growth_pct_per_year": 15.0}))
    fig = figures.storage_capacity_figure(r)
    installed, needed = fig.data
    assert (installed.name, needed.name) == ("Disk installed", "Disk needed")
    assert installed.line.shape == needed.line.shape == "hv"
    assert all(i >= n - 1e-9 for i, n in zip(installed.y, needed.y, strict=True))
