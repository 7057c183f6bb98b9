"""Ranges in scenario files: the format, its validation messages and its defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.analyses.uncertainty import resolve
from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.files import (
    default_scenario,
    differences,
    from_data,
    load_scenario,
    parse_text,
    save_scenario,
    to_toml,
)
from planner.model.ranges import Range, Uncertainty


def with_ranges(*ranges: str) -> str:
    return 'name = "x"\n[uncertainty]\nranges = [\n' + ",\n".join(ranges) + "\n]\n"


class TestFormat:
    def test_a_scenario_without_ranges_is_deterministic_and_saves_no_uncertainty(self) -> None:
        s = default_scenario()
        assert s.uncertainty == Uncertainty()
        assert s.uncertainty.ranges == ()
        assert "uncertainty" not in to_toml(s)
        assert differences(s) == {"name": s.name}

    def test_a_range_reads_from_an_inline_table_with_pert_by_default(self) -> None:
        s = parse_text(
            with_ranges(
                '{ field = "organisation.users", low = 100, mode = 200, high = 400 }',
                '{ field = "staff.salary_per_fte_year", low = 9e4, mode = 1.2e5, high = 1.5e5,'
                ' shape = "triangular" }',
            )
        )
        users, salary = s.uncertainty.ranges
        assert (users.field, users.low, users.mode, users.high) == (
            "organisation.users",
            100,
            200,
            400,
        )
        assert users.shape == "pert"
        assert salary.shape == "triangular"
        assert users.key == "organisation.users"

    def test_array_of_tables_form_reads_the_same(self) -> None:
        text = (
            'name = "x"\n[[uncertainty.ranges]]\nfield = "organisation.users"\n'
            "low = 100\nmode = 200\nhigh = 400\n"
        )
        inline = with_ranges('{ field = "organisation.users", low = 100, mode = 200, high = 400 }')
        assert parse_text(text) == parse_text(inline)

    def test_plan_ranges_name_one_plan_or_all(self) -> None:
        s = parse_text(
            with_ranges(
                '{ field = "plans.price_per_user_month", plan = "all", low = 90, mode = 100,'
                " high = 120 }",
                '{ field = "plans.price_per_user_month", plan = "Microsoft Exchange Online'
                ' Plan 1", low = 3.5, mode = 4, high = 5 }',
            )
        )
        every, one = resolve(s)
        assert every.key == "plans.price_per_user_month[all]"
        assert every.target.percent
        assert every.current == 100
        assert one.plan_index == [p.label for p in s.plans].index(
            "Microsoft Exchange Online Plan 1"
        )
        assert one.current == 4.0

    def test_a_point_range_is_allowed(self) -> None:
        r = Range(field="organisation.users", low=50, mode=50, high=50)
        assert r.low == r.high == 50

    @pytest.mark.parametrize("name", sorted(preset_files()))
    def test_presets_carry_ranges_whose_modes_are_their_own_values(self, name: str) -> None:
        s = load_scenario(preset_files()[name])
        inputs = resolve(s)
        assert len(inputs) >= 8
        for item in inputs:
            assert item.range.mode == item.current, item.key

    def test_ranges_survive_save_and_load(self, tmp_path: Path) -> None:
        s = load_scenario(preset_files()["growing_firm"])
        again = load_scenario(save_scenario(s, tmp_path / "copy.toml"))
        assert again.uncertainty == s.uncertainty


BAD = [
    (
        '{ field = "organisation.userz", low = 1, mode = 2, high = 3 }',
        "uncertainty.ranges[0].field = 'organisation.userz': 'organisation.userz' is not a"
        " number field of the scenario (did you mean organisation.users?)",
    ),
    (
        '{ field = "inhouse.disaster_recovery.level", low = 1, mode = 2, high = 3 }',
        "inhouse.disaster_recovery.level is a choice, not a number",
    ),
    (
        '{ field = "risk.include_downtime", low = 0, mode = 1, high = 1 }',
        "risk.include_downtime is a true/false switch",
    ),
    (
        '{ field = "inhouse.servers", low = 0, mode = 1, high = 1 }',
        "inhouse.servers is a section",
    ),
    (
        '{ field = "organisation.users", low = 0, mode = 2, high = 3 }',
        "uncertainty.ranges[0].low = 0: outside organisation.users, which allows a whole number"
        " from 1 to 1,000,000",
    ),
    (
        '{ field = "organisation.users", low = 10, mode = 5, high = 30 }',
        "uncertainty.ranges[0].mode = 5: below low 10 in the range of organisation.users"
        " (need low <= mode <= high)",
    ),
    (
        '{ field = "organisation.growth_pct_per_year", low = 1, mode = 5, high = 4 }',
        "uncertainty.ranges[0].high = 4: below mode 5",
    ),
    (
        '{ field = "organisation.horizon_years", low = 2, mode = 4.5, high = 8 }',
        "uncertainty.ranges[0].mode = 4.5: organisation.horizon_years takes whole numbers only",
    ),
    (
        '{ field = "organisation.horizon_years", low = 2, mode = 4, high = 20 }',
        "which allows a whole number from 1 to 15",
    ),
    (
        '{ field = "inhouse.sizing.megacycles_active_per_message", low = 0, mode = 1, high = 2 }',
        "which allows a number above 0 to 10",
    ),
    (
        '{ field = "plans.price_per_user_month", low = 1, mode = 2, high = 3 }',
        'plans.price_per_user_month needs plan = "<provider plan>" (one plan) or plan = "all"',
    ),
    (
        '{ field = "organisation.users", plan = "all", low = 1, mode = 2, high = 3 }',
        "plan = 'all' is only for plans.* fields, not organisation.users",
    ),
    (
        '{ field = "plans.provider", plan = "all", low = 1, mode = 2, high = 3 }',
        "'plans.provider' is not a number field of a plan",
    ),
    (
        '{ field = "plans.price_per_user_month", plan = "all", low = 90, mode = 100, high = 2000 }',
        "percent of each plan's listed value",
    ),
    (
        '{ field = "organisation.users", low = 1, mode = 2, high = 3, shape = "normal" }',
        "uncertainty.ranges[0].shape = 'normal'",
    ),
    (
        '{ field = "organisation.users", low = 1, mode = 2 }',
        "uncertainty.ranges[0].high: missing (required)",
    ),
    (
        '{ field = "organisation.users", low = 1, mode = 2, high = 3, spread = 1 }',
        "uncertainty.ranges[0].spread: unknown field",
    ),
    (
        '{ field = "organisation.users", low = 1, mode = 2, high = 3 },'
        ' { field = "organisation.users", low = 1, mode = 2, high = 4 }',
        "more than one range for organisation.users",
    ),
]


class TestBadRanges:
    @pytest.mark.parametrize(("ranges", "expected"), BAD)
    def test_bad_range_names_the_range_the_field_and_what_is_allowed(
        self, ranges: str, expected: str
    ) -> None:
        with pytest.raises(ScenarioValueError) as info:
            parse_text(with_ranges(ranges), "bad.toml")
        message = str(info.value)
        assert expected in message
        assert message.startswith("bad.toml: uncertainty")
        assert "\n" not in message

    def test_a_range_on_a_plan_the_scenario_does_not_list_is_refused_on_use(self) -> None:
        s = parse_text(
            with_ranges(
                '{ field = "plans.price_per_user_month", plan = "Acme Mail", low = 1, mode = 2,'
                " high = 3 }"
            )
        )
        with pytest.raises(
            ScenarioValueError, match="no plan named 'Acme Mail'; plans: WorldPosta"
        ):
            resolve(s)

    def test_scaling_every_plan_must_keep_each_plan_inside_its_bounds(self) -> None:
        s = parse_text(
            with_ranges(
                '{ field = "plans.sla_pct", plan = "all", low = 95, mode = 100, high = 101 }'
            )
        )
        with pytest.raises(ScenarioValueError, match=r"101% of .* sla_pct .* outside a number"):
            resolve(s)


NUMBERS = st.floats(min_value=-50, max_value=100, allow_nan=False)


@given(st.lists(NUMBERS, min_size=3, max_size=3))
def test_a_range_is_valid_exactly_when_low_mode_high_are_in_order(values: list[float]) -> None:
    """Growth allows -50..100: any three values in that span make a range iff sorted."""
    low, mode, high = values
    data = {"field": "organisation.growth_pct_per_year", "low": low, "mode": mode, "high": high}
    if low <= mode <= high:
        assert Range.model_validate(data).mode == mode
    else:
        with pytest.raises(ValueError, match="need low <= mode <= high"):
            Range.model_validate(data)


def test_from_data_accepts_ranges_as_plain_data() -> None:
    s = from_data(
        {
            "uncertainty": {
                "ranges": [{"field": "organisation.users", "low": 1, "mode": 2, "high": 3}]
            }
        }
    )
    assert s.uncertainty.ranges[0].key == "organisation.users"
