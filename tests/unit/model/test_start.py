"""A scenario from the guided start's answers: each answer changes its fields and no other."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from planner.errors import ScenarioValueError
from planner.model.currencies import rate_per_usd
from planner.model.files import differences, parse_text, to_toml, with_values
from planner.model.regions import fit_to_size, regions
from planner.model.start import (
    Group,
    Quote,
    book_value,
    default_answers,
    scenario_from_answers,
    start_preset,
)

TODAY = dt.date(2026, 12, 7)


def changed(**answers: object) -> dict[str, object]:
    """The scenario's differences from the preset built with the default answers."""
    a = replace(default_answers(), **answers)  # type: ignore[arg-type]
    base = differences(scenario_from_answers(default_answers(), today=TODAY))
    new = differences(scenario_from_answers(a, today=TODAY))
    return {k: v for k, v in new.items() if base.get(k) != v and k != "description"}


class TestDefaults:
    def test_the_default_answers_change_nothing_but_the_name(self) -> None:
        """The answers already chosen are the preset's values: the same costs."""
        s = scenario_from_answers(default_answers(), today=TODAY)
        preset = start_preset()
        assert s.model_dump(exclude={"name", "description"}) == preset.model_dump(
            exclude={"name", "description"}
        )
        assert "200 users" in s.description


class TestEachAnswer:
    def test_people(self) -> None:
        s = scenario_from_answers(replace(default_answers(), users=40, growth_pct_per_year=2.0))
        assert (s.organisation.users, s.organisation.growth_pct_per_year) == (40, 2.0)

    def test_growth_moves_its_range_with_it(self) -> None:
        """The preset's growth range 0 / 5 / 12 is a percent field: it shifts by +5."""
        s = scenario_from_answers(replace(default_answers(), growth_pct_per_year=10.0))
        field = "organisation.growth_pct_per_year"
        (growth,) = [r for r in s.uncertainty.ranges if r.field == field]
        assert (growth.low, growth.mode, growth.high) == (5.0, 10.0, 17.0)

    def test_region(self) -> None:
        """Egypt: results and money inputs in EGP, its own administrator cost, the region
        recorded (what apply_region does is its own module's to test)."""
        s = scenario_from_answers(replace(default_answers(), users=40, region="eg"))
        assert s.finance.currency == s.finance.input_currency == "EGP"
        assert s.organisation.region == "eg"
        salary = regions()["eg"].defaults["staff.salary_per_fte_year"].value
        assert s.staff.salary_per_fte_year == salary

    def test_no_region_keeps_the_us_defaults(self) -> None:
        assert changed(region="") == {}

    def test_no_region_fits_the_size_dependent_defaults_to_the_headcount(self) -> None:
        """40 people: the incident cost is the US figure scaled to 40 users, as the regions'
        size rules give it (their own tests work the numbers)."""
        s = scenario_from_answers(replace(default_answers(), users=40))
        expected = fit_to_size(with_values(start_preset(), {"organisation.users": 40}))
        assert s.current.incident_cost == expected.current.incident_cost
        assert s.current.incident_cost < start_preset().current.incident_cost

    def test_an_exchange_version_with_its_servers(self) -> None:
        """One 12,000 USD server, 3 years old, 5-year refresh: book value 12,000 x 2 / 5 =
        4,800; one server licence, a CAL per user (40), 10 TB of disk (the size rules' TB per
        server)."""
        a = replace(
            default_answers(), users=40, today="exchange_2016", servers=1, server_age_years=3
        )
        cur = scenario_from_answers(a).current
        assert cur.platform == "exchange_2016"
        assert (cur.servers, cur.server_age_years, cur.exchange_server_licences) == (1, 3, 1)
        assert cur.cals == 40
        assert cur.storage_tb == 10.0
        assert cur.hardware_book_value == pytest.approx(4_800.0)

    def test_servers_past_their_life_have_no_book_value(self) -> None:
        assert book_value(2, 6, 12_000.0, 5) == 0.0
        assert book_value(2, 4, 12_000.0, 5) == pytest.approx(4_800.0)  # the default's

    @pytest.mark.parametrize("today", ["none", "hosted"])
    def test_nothing_or_a_hosted_service_is_a_greenfield(self, today: str) -> None:
        """Nothing to reuse: the server answers are ignored."""
        assert changed(today=today, servers=9) == {}

    def test_mail(self) -> None:
        s = scenario_from_answers(
            replace(default_answers(), mailbox_gb=12.0, mailbox_quota_gb=50.0)
        )
        assert (s.mail.mailbox_gb, s.requirements.mailbox_quota_gb) == (12.0, 50.0)

    def test_a_group_and_everyone_else(self) -> None:
        """200 users, 15 of them in-house only with 100 GB mailboxes: 185 everyone else."""
        a = replace(default_answers(), groups=(Group("Legal", 15, True, 100.0),))
        legal, rest = scenario_from_answers(a).segments
        assert (legal.name, legal.users, legal.allowed, legal.mailbox_quota_gb) == (
            "Legal",
            15,
            ("in-house",),
            100.0,
        )
        assert (rest.users, rest.allowed, rest.mailbox_quota_gb) == (185, (), None)

    def test_groups_must_leave_someone(self) -> None:
        a = replace(default_answers(), users=10, groups=(Group("All", 10),))
        with pytest.raises(ScenarioValueError, match="at least one of the 10 users"):
            scenario_from_answers(a)

    def test_a_quote_in_local_money(self) -> None:
        """4 EUR per user-month, typed in the euro area: the plan's currency is EUR, its price
        4 as typed; its other prices (USD in the catalogue) x the EUR rate r."""
        plan = "Microsoft Exchange Online Plan 1 + Archiving"
        listed = next(p for p in start_preset().plans if p.label == plan)
        a = replace(default_answers(), region="eu", quote=Quote(plan, 4.0))
        s = scenario_from_answers(a, today=TODAY)
        quoted = [p for p in s.plans if p.plan.endswith("(your quote)")]
        (q,) = quoted
        assert q.label == "Microsoft Exchange Online Plan 1 + Archiving (your quote)"
        assert (q.price_per_user_month, q.currency) == (4.0, "EUR")
        r = rate_per_usd("EUR", 0.0)
        assert q.archive_price_per_user_month == pytest.approx(
            listed.archive_price_per_user_month * r
        )
        assert not q.illustrative
        assert q.as_of == TODAY
        assert len(s.plans) == len(start_preset().plans)

    def test_a_quote_for_no_such_plan(self) -> None:
        a = replace(default_answers(), quote=Quote("Nobody Nothing", 1.0))
        with pytest.raises(ScenarioValueError, match="no plan named"):
            scenario_from_answers(a)

    def test_a_bad_answer_names_the_field(self) -> None:
        with pytest.raises(ScenarioValueError, match=r"organisation\.users"):
            scenario_from_answers(replace(default_answers(), users=0))


def test_the_saved_file_reads_back_the_same() -> None:
    """A scenario from the answers, saved as the app saves it, loads back equal."""
    a = replace(
        default_answers(),
        users=40,
        today="exchange_2019",
        servers=1,
        groups=(Group("Board", 5, False, 50.0),),
        region="uk",
        quote=Quote("Microsoft Exchange Online Plan 1", 4.5),
    )
    s = scenario_from_answers(a, today=TODAY)
    assert parse_text(to_toml(s)) == s
