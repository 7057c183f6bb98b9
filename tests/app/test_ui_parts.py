"""The app's pure parts: fields as inputs, links, uploads, the plans table, the tables shown."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib

import pandas as pd
import pytest

from planner.errors import ScenarioFileError, ScenarioValueError
from planner.model.defaults import assumptions, catalogue
from planner.model.fields import field_groups, help_text, label, number_format
from planner.model.fields import scenario_fields as field_specs
from planner.model.files import MAX_SCENARIO_BYTES, default_scenario, with_values
from planner.model.scenario import Scenario
from planner.outputs.long_table import CSV_COLUMNS
from ui.catalogue_editor import plans_frame, plans_from_frame
from ui.formats import money, money_cents, year_text
from ui.results import report_csv_of, results_of
from ui.state import (
    MAX_PARAM_CHARS,
    decode_scenario,
    encode_scenario,
    field_values,
    scenario_from_upload,
    scenario_from_values,
)
from ui.tables import assumptions_table, options_table, plans_sources_table


class TestFields:
    def test_every_scalar_field_of_the_model_has_exactly_one_input(self) -> None:
        specs = field_specs()
        assert len(specs) == sum(len(g.fields) for g in field_groups())
        # Every default in data/assumptions.toml is a field with an input.
        assert set(assumptions()) <= set(specs)
        assert "plans" not in specs
        assert not any(path.startswith("uncertainty") for path in specs)

    def test_keys_are_derived_from_the_dotted_path(self) -> None:
        assert field_specs()["organisation.users"].key == "field:organisation.users"

    def test_groups_follow_the_models(self) -> None:
        groups = {g.path: g for g in field_groups()}
        assert groups["inhouse.servers"].title == "In-house: Servers"
        assert groups["inhouse.servers"].summary == "Mailbox servers of the primary site."
        assert [s.name for s in groups["organisation"].fields] == [
            "users",
            "growth_pct_per_year",
            "horizon_years",
            "region",
        ]

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("inhouse.storage.price_per_tb", "Disk price (EUR/TB)"),
            ("inhouse.sizing.free_space_pct", "Free space (%)"),
            ("hosted.price_escalation_pct_per_year", "Plan price change (%/year)"),
            ("inhouse.servers.refresh_years", "Hardware refresh (years)"),
            ("inhouse.operations.space_per_server_year", "Rack space per server (EUR/year)"),
            ("connectivity.users_per_mbps", "Users served per Mbps"),
            ("inhouse.operations.price_per_kwh", "Electricity price (EUR/kWh)"),
        ],
    )
    def test_labels_carry_units_and_the_currency(self, path: str, expected: str) -> None:
        assert label(field_specs()[path], "EUR") == expected

    def test_bounds_come_from_the_model(self) -> None:
        users = field_specs()["organisation.users"]
        assert (users.kind, users.low, users.high) == ("int", 1.0, 1_000_000.0)
        megacycles = field_specs()["inhouse.sizing.megacycles_active_per_message"]
        assert megacycles.low == 0
        assert megacycles.low_open
        level = field_specs()["inhouse.disaster_recovery.level"]
        assert level.choices == ("none", "backup_only", "warm_standby", "hot_site")

    def test_help_has_the_description_what_is_allowed_and_the_source(self) -> None:
        text = help_text("inhouse.operations.pue")
        item = assumptions()["inhouse.operations.pue"]
        assert text.startswith("Power usage effectiveness")
        assert "Allowed: a number from 1 to 4." in text
        assert item.source in text
        assert f"({item.basis}, as of {item.as_of.isoformat()})" in text

    def test_number_formats_show_the_defaults_digits(self) -> None:
        specs = field_specs()
        assert number_format(specs["inhouse.sizing.megacycles_active_per_message"], 0.0597) == (
            "%.4f"
        )
        assert number_format(specs["inhouse.operations.price_per_kwh"], 0.13) == "%.2f"
        assert number_format(specs["inhouse.servers.price"], 12000.0) == "%.0f"
        assert number_format(specs["organisation.users"], 200) == "%d"


class TestLinks:
    def test_a_scenario_survives_the_round_trip_through_a_link(self) -> None:
        scenario = with_values(
            default_scenario(),
            {
                "organisation.users": 1234,
                "inhouse.disaster_recovery.level": "hot_site",
            },
        )
        plans = list(scenario.plans)
        plans[0] = plans[0].model_copy(update={"price_per_user_month": 3.3})
        scenario = scenario.model_copy(update={"plans": tuple(plans)})
        text = encode_scenario(scenario)
        assert text.isascii()
        assert "=" not in text
        assert "+" not in text
        assert "/" not in text
        assert decode_scenario(text) == scenario

    def test_the_link_holds_only_the_differences(self) -> None:
        text = encode_scenario(with_values(default_scenario(), {"organisation.users": 42}))
        raw = zlib.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        assert json.loads(raw) == {"name": "Default scenario", "organisation": {"users": 42}}

    @pytest.mark.parametrize(
        "param",
        ["%%%", "abc", base64.urlsafe_b64encode(b"not zlib").decode()],
    )
    def test_a_damaged_link_is_a_one_line_file_error(self, param: str) -> None:
        with pytest.raises(ScenarioFileError, match="damaged or cut short") as info:
            decode_scenario(param)
        assert "\n" not in str(info.value)

    def test_an_oversized_link_is_refused_before_decoding(self) -> None:
        with pytest.raises(ScenarioFileError, match="at most 16,384 are read"):
            decode_scenario("A" * (MAX_PARAM_CHARS + 1))

    def test_a_link_that_inflates_past_the_file_limit_is_refused(self) -> None:
        bomb = zlib.compress(b" " * (MAX_SCENARIO_BYTES + 10), 9)
        param = base64.urlsafe_b64encode(bomb).decode().rstrip("=")
        with pytest.raises(ScenarioFileError, match="over the 262,144-byte limit"):
            decode_scenario(param)

    def test_a_link_with_a_bad_value_names_the_field(self) -> None:
        raw = json.dumps({"finance": {"discount_rate_pct": 99}}).encode()
        param = base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")
        with pytest.raises(
            ScenarioValueError, match=r"link: Discount rate \(finance.discount_rate_pct\) = 99"
        ):
            decode_scenario(param)


class TestUploads:
    def test_a_file_that_is_not_toml_by_name_is_refused(self) -> None:
        with pytest.raises(ScenarioFileError, match=r"^notes.txt: not a .toml scenario file$"):
            scenario_from_upload("notes.txt", b"name = 'x'")

    def test_a_file_over_the_limit_is_refused(self) -> None:
        with pytest.raises(ScenarioFileError, match="262,145 bytes is over the 262,144-byte"):
            scenario_from_upload("big.toml", b"#" * (MAX_SCENARIO_BYTES + 1))

    def test_a_good_file_merges_over_the_defaults(self) -> None:
        scenario = scenario_from_upload("s.TOML", b"[organisation]\nusers = 31\n")
        assert scenario.organisation.users == 31
        assert scenario.mail == default_scenario().mail


class TestScenarioFromInputs:
    def test_the_inputs_of_a_scenario_rebuild_it(self) -> None:
        scenario = default_scenario()
        plans = [p.model_dump() for p in scenario.plans]
        assert scenario_from_values(scenario, field_values(scenario), plans) == scenario

    def test_what_has_no_input_is_kept_from_the_loaded_scenario(self) -> None:
        loaded = Scenario.model_validate({**default_scenario().model_dump(), "description": "x"})
        values = {**field_values(loaded), "organisation.users": 77}
        built = scenario_from_values(loaded, values, [p.model_dump() for p in loaded.plans])
        assert built.organisation.users == 77
        assert built.uncertainty == loaded.uncertainty

    def test_an_invalid_input_names_the_field(self) -> None:
        scenario = default_scenario()
        values = {**field_values(scenario), "inhouse.servers.specint_per_core": 0.0}
        with pytest.raises(
            ScenarioValueError,
            match=r"SPECint per core \(inhouse\.servers\.specint_per_core\) = 0\.0",
        ):
            scenario_from_values(scenario, values, [p.model_dump() for p in scenario.plans])


class TestPlansTable:
    def test_the_catalogue_survives_the_table(self) -> None:
        plans, problems = plans_from_frame(plans_frame(catalogue()), catalogue())
        assert problems == []
        assert plans == [p.model_dump() for p in catalogue()]

    def test_a_changed_price_keeps_the_offers_and_a_typed_quote_has_none(self) -> None:
        frame = plans_frame(catalogue())
        assert "offers" not in frame.columns
        frame.loc[0, "price_per_user_month"] = 3.1
        frame.loc[1, "plan"] = "Quote 2026-11"
        plans, problems = plans_from_frame(frame, catalogue())
        assert problems == []
        assert plans[0]["offers"] == catalogue()[0].offers.model_dump()
        assert plans[0]["offers"]["sites"] == 35
        assert plans[1]["offers"]["sites"] is None
        assert plans[1]["offers"]["antispam"] is None

    def test_a_bad_cell_names_the_row_and_the_field(self) -> None:
        frame = plans_frame(catalogue())
        frame.loc[2, "sla_pct"] = 85.0
        plans, problems = plans_from_frame(frame)
        assert problems == [
            "Plans table row 3 (WorldPosta Premium (illustrative)): SLA availability (sla_pct) = "
            "85.0: Input should be greater than or equal to 90; allowed: a number from 90 to 100"
        ]
        assert len(plans) == len(catalogue()) - 1

    def test_a_half_typed_row_lists_what_is_missing(self) -> None:
        frame = pd.concat(
            [
                plans_frame(catalogue()[:1]),
                pd.DataFrame([{"provider": "Acme", "plan": "Mail", "price_per_user_month": 2.0}]),
            ],
            ignore_index=True,
        )
        _, problems = plans_from_frame(frame)
        assert problems == [
            "Plans table row 2 (Acme Mail): Mailbox quota (mailbox_gb): missing (required)",
            "Plans table row 2 (Acme Mail): Largest attachment (attachment_mb): missing (required)",
            "Plans table row 2 (Acme Mail): SLA availability (sla_pct): missing (required)",
        ]

    def test_an_empty_new_row_is_ignored_and_a_quote_needs_only_the_required_cells(self) -> None:
        quote = {
            "provider": "Acme",
            "plan": "Mail",
            "price_per_user_month": 2.0,
            "mailbox_gb": 50.0,
            "attachment_mb": 40.0,
            "sla_pct": 99.9,
            "as_of": pd.Timestamp("2026-10-01"),
        }
        frame = pd.concat(
            [plans_frame(catalogue()[:1]), pd.DataFrame([{}, quote])], ignore_index=True
        )
        plans, problems = plans_from_frame(frame)
        assert problems == []
        assert plans[1]["max_users"] is None
        assert plans[1]["min_users"] == 1
        assert plans[1]["as_of"] == dt.date(2026, 10, 1)
        assert plans[1]["source"] == "entered by the user"

    def test_two_rows_with_the_same_name_are_refused(self) -> None:
        frame = plans_frame([catalogue()[0], catalogue()[0]])
        _, problems = plans_from_frame(frame)
        assert problems == [
            "Plans table row 2 (WorldPosta Basic (illustrative)): the same provider and plan "
            "as row 1; plan names must be unique"
        ]

    def test_an_empty_table_needs_a_plan(self) -> None:
        assert plans_from_frame(plans_frame([])) == ([], ["Plans table: needs at least one plan"])

    def test_caps_stay_whole_numbers(self) -> None:
        plans, _ = plans_from_frame(plans_frame(catalogue()))
        capped = [p["max_users"] for p in plans if p["max_users"] is not None]
        assert capped
        assert all(type(c) is int for c in capped)


class TestTables:
    def test_only_values_set_away_from_the_defaults_are_marked_changed(self) -> None:
        table = assumptions_table(default_scenario())
        assert not table["Changed"].any()
        changed = assumptions_table(
            with_values(
                default_scenario(),
                {
                    "organisation.users": 25,
                    "risk.include_downtime": False,
                },
            )
        )
        marked = changed[changed["Changed"]]
        assert marked["Field"].tolist() == ["organisation.users", "risk.include_downtime"]
        assert marked["Value in use"].tolist() == ["25", "no"]
        assert marked["Default"].tolist() == ["200", "yes"]
        assert (changed["Source"] != "").all()
        assert (changed["As of"] != "").all()

    def test_a_typed_in_price_is_marked_changed_in_the_plans_table(self) -> None:
        plans = list(catalogue())
        plans[1] = plans[1].model_copy(update={"price_per_user_month": 9.0})
        table = plans_sources_table(tuple(plans))
        assert table["Changed"].tolist() == [i == 1 for i in range(len(plans))]

    def test_the_options_table_shows_the_summary(self) -> None:
        scenario = default_scenario()
        results = results_of(scenario)
        table = options_table(results, scenario.plans)
        assert table["Option"].tolist() == list(results.options)
        assert table["TCO"].tolist() == pytest.approx(results.summary.tco[0].round(0).tolist())
        assert table["In-house breaks even"][0] == "-"
        assert "illustrative price" in table["Notes"][1]

    def test_the_report_csv_has_the_command_lines_columns(self) -> None:
        scenario = default_scenario()
        csv = report_csv_of(scenario, results_of(scenario).projection).decode()
        assert csv.splitlines()[0] == ",".join(CSV_COLUMNS)


class TestFormats:
    def test_money_reads_as_whole_units_with_separators(self) -> None:
        assert money(1234567.49, "USD") == "USD 1,234,567"
        assert money(-0.2, "EUR") == "EUR 0"
        assert money_cents(12.345, "USD") == "USD 12.35"

    def test_break_even_without_a_year_says_so(self) -> None:
        assert year_text(float("nan"), 5) == "none within 5 years"
        assert year_text(3.0, 5) == "year 3"
