"""Scenario files: defaults, round-trip, bad input, saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import OutputError, ScenarioFileError, ScenarioValueError
from planner.model.defaults import assumptions, catalogue, preset_files
from planner.model.files import (
    default_scenario,
    differences,
    from_data,
    load_scenario,
    parse_text,
    save_scenario,
    to_toml,
    with_values,
)


class TestDefaults:
    def test_every_default_has_a_source_and_date(self) -> None:
        for item in assumptions().values():
            assert item.source.strip(), item.path
            assert item.basis in {"published", "unverified", "estimate", "example"}

    def test_every_numeric_field_has_a_default(self) -> None:
        from planner.engine.scenario_arrays import numeric_paths

        assert set(numeric_paths()) <= set(assumptions())

    def test_defaults_build_a_valid_scenario_with_the_catalogue(self) -> None:
        s = default_scenario()
        assert s.organisation.users == assumptions()["organisation.users"].value
        assert s.plans == catalogue()

    def test_illustrative_plans_are_labelled(self) -> None:
        for plan in catalogue():
            if plan.provider == "WorldPosta":
                assert plan.illustrative
                assert "illustrative" in plan.plan.lower()
            assert plan.source
            assert plan.as_of is not None


class TestRoundTrip:
    @pytest.mark.parametrize("name", sorted(preset_files()))
    def test_every_preset_round_trips(self, name: str, tmp_path: Path) -> None:
        s = load_scenario(preset_files()[name])
        out = save_scenario(s, tmp_path / "copy.toml")
        assert load_scenario(out) == s

    def test_saved_file_holds_only_differences(self) -> None:
        s = with_values(default_scenario(), {"organisation.users": 25, "name": "Tiny"})
        text = to_toml(s)
        assert "users = 25" in text
        assert "salary_per_fte_year" not in text
        assert differences(s) == {"name": "Tiny", "organisation": {"users": 25}}

    def test_edited_plans_are_saved_whole_and_reload(self, tmp_path: Path) -> None:
        s = default_scenario()
        quote = s.plans[0].model_copy(update={"price_per_user_month": 3.25, "plan": "=Quote"})
        s2 = s.model_copy(update={"plans": (quote,)})
        s2 = from_data(s2.model_dump())
        assert load_scenario(save_scenario(s2, tmp_path / "q.toml")) == s2

    def test_a_file_may_set_only_what_differs(self) -> None:
        s = parse_text('name = "x"\n[organisation]\nusers = 42\n')
        assert s.organisation.users == 42
        assert s.mail == default_scenario().mail


class TestBadInput:
    def test_missing_file_names_the_file(self, tmp_path: Path) -> None:
        with pytest.raises(ScenarioFileError, match=r"nope\.toml: no such file"):
            load_scenario(tmp_path / "nope.toml")

    def test_broken_syntax_names_the_file(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.toml"
        bad.write_text("[organisation\nusers = 3\n")
        with pytest.raises(ScenarioFileError, match=r"bad\.toml: not valid TOML"):
            load_scenario(bad)

    def test_out_of_range_value_names_field_value_and_range(self) -> None:
        with pytest.raises(ScenarioValueError) as err:
            parse_text("[organisation]\nusers = -5\n", "s.toml")
        message = str(err.value)
        assert message.startswith("s.toml: Users today (organisation.users) = -5")
        assert "allowed: a whole number from 1 to 1,000,000" in message

    def test_wrong_type_names_field(self) -> None:
        with pytest.raises(
            ScenarioValueError,
            match=r"Average message size \(mail\.message_kb\) = 'big'.*a number from 1",
        ):
            parse_text('[mail]\nmessage_kb = "big"\n')

    def test_unknown_field_lists_the_known_ones(self) -> None:
        with pytest.raises(ScenarioValueError, match=r"organisation\.userz: unknown field.*users"):
            parse_text("[organisation]\nuserz = 5\n")

    def test_unknown_choice_lists_the_choices(self) -> None:
        with pytest.raises(ScenarioValueError, match=r"'hot_site'"):
            parse_text('[inhouse.disaster_recovery]\nlevel = "cold"\n')

    def test_every_problem_is_reported(self) -> None:
        with pytest.raises(ScenarioValueError) as err:
            parse_text("[organisation]\nusers = 0\nhorizon_years = 99\n")
        assert len(err.value.problems) == 2

    def test_duplicate_plan_names_are_rejected(self) -> None:
        plan = (
            'provider = "A"\nplan = "B"\nprice_per_user_month = 1\nmailbox_gb = 1\n'
            "attachment_mb = 10\nsla_pct = 99\n"
        )
        with pytest.raises(ScenarioValueError, match="repeated: A B"):
            parse_text(f"[[plans]]\n{plan}[[plans]]\n{plan}")

    def test_with_values_rejects_unknown_paths(self) -> None:
        with pytest.raises(ScenarioValueError, match=r"organisation\.userz: unknown field"):
            with_values(default_scenario(), {"organisation.userz": 3})


class TestSaving:
    def test_existing_file_is_not_overwritten_without_asking(self, tmp_path: Path) -> None:
        target = tmp_path / "mine.toml"
        target.write_text("precious")
        with pytest.raises(OutputError, match="already exists"):
            save_scenario(default_scenario(), target)
        assert target.read_text() == "precious"

    def test_overwrite_when_asked(self, tmp_path: Path) -> None:
        target = tmp_path / "mine.toml"
        target.write_text("old")
        save_scenario(default_scenario(), target, overwrite=True)
        assert load_scenario(target) == default_scenario()
        assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]
