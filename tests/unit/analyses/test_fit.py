"""Capability fit: the matrix worked by hand, unknown never meets, raising a requirement never
helps, in-house made to fit priced by the engine, and the two "cheapest" answers."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.analyses.fit import (
    INHOUSE,
    MADE_TO_FIT,
    SPECS,
    active_requirements,
    assess,
    fit_matrix,
    inhouse_offers,
    judge,
    made_to_fit_updates,
)
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.defaults import catalogue
from planner.model.files import default_scenario, from_data, with_values
from planner.model.scenario import REGIONS, Scenario
from tests.strategies import PROPERTY

PLAN_A = {
    "provider": "A",
    "plan": "Full",
    "price_per_user_month": 9.0,
    "mailbox_gb": 100.0,
    "attachment_mb": 35.0,
    "sla_pct": 99.99,
    "offers": {"litigation_hold": True, "support_hours": "24x7", "source": "quote A"},
}
PLAN_B = {
    "provider": "B",
    "plan": "Lite",
    "price_per_user_month": 3.0,
    "mailbox_gb": 50.0,
    "attachment_mb": 25.0,
    "sla_pct": 99.9,
    "offers": {"support_hours": "business_hours", "source": "quote B"},
}
FIVE = {
    "mail": {"mailbox_gb": 2.0, "mailbox_growth_gb_per_year": 1.0, "attachment_mb_needed": 30.0},
    "organisation": {"horizon_years": 5},
    "requirements": {
        "mailbox_quota_gb": 60.0,
        "min_availability_pct": 99.95,
        "needs_litigation_hold": True,
        "support_hours": "24x7",
    },
    "plans": [PLAN_A, PLAN_B],
}


def hand_case() -> Scenario:
    """In-house (backup_only: 99.93%, no Enterprise CAL, 0.1 FTE minimum) and plans A and B
    (no expected availability: estimated at 30% of the outage their SLA allows)."""
    return from_data(FIVE)


class TestMatrixByHand:
    """Three options x five requirements, every cell worked out by hand.

    In-house: storage sized for M_H = 2 + 1 x 5 = 7 GB -> quota 60: no, short by 60 - 7 = 53 GB;
    attachments up to 2,048 MB >= 30: yes; backup_only 99.93% < 99.95: no, short by 0.02%;
    Enterprise CAL share 0% -> no litigation hold; 0.1 FTE < 1.5 -> business hours: no.
    A: 100 >= 60 yes; 35 >= 30 yes; expected 100 - 0.3 x (100 - 99.99) = 99.997 (estimated)
    >= 99.95 yes; hold yes; 24x7 yes.
    B: 50 < 60 no by 10 GB; 25 < 30 no by 5 MB; expected 100 - 0.3 x 0.1 = 99.97 (estimated)
    >= 99.95 yes (its 99.9% SLA is not what is judged); hold not stated: unknown; business
    hours < 24x7: no.
    """

    EXPECTED: ClassVar[dict[str, list[tuple[str, str, str, float | None]]]] = {
        INHOUSE: [
            ("60 GB", "storage sized for 7 GB mailboxes", "no", 53.0),
            ("30 MB", "2,048 MB", "yes", None),
            ("99.95%", "99.93%", "no", 0.02),
            ("yes", "no", "no", None),
            ("24x7", "business hours", "no", None),
        ],
        "A Full": [
            ("60 GB", "100 GB", "yes", None),
            ("30 MB", "35 MB", "yes", None),
            ("99.95%", "99.997% (estimated)", "yes", None),
            ("yes", "yes", "yes", None),
            ("24x7", "24x7", "yes", None),
        ],
        "B Lite": [
            ("60 GB", "50 GB", "no", 10.0),
            ("30 MB", "25 MB", "no", 5.0),
            ("99.95%", "99.97% (estimated)", "yes", None),
            ("yes", "unknown", "unknown", None),
            ("24x7", "business hours", "no", None),
        ],
    }

    def test_rows_are_the_five_requirements_set(self) -> None:
        m = fit_matrix(hand_case())
        assert m.options == (INHOUSE, "A Full", "B Lite")
        assert m.requirements == (
            "Mailbox quota needed",
            "Largest attachment needed",
            "Expected availability at least",
            "Litigation hold / eDiscovery",
            "Support hours needed",
        )

    @pytest.mark.parametrize("option", [INHOUSE, "A Full", "B Lite"])
    def test_every_cell(self, option: str) -> None:
        m = fit_matrix(hand_case())
        row = m.cells[m.options.index(option)]
        got = [(c.required, c.offered, c.meets, c.short_by) for c in row]
        for (req, off, meets, short), want in zip(got, self.EXPECTED[option], strict=True):
            assert (req, off, meets) == want[:3]
            if want[3] is None:
                assert short is None
            else:
                assert short == pytest.approx(want[3])

    def test_short_by_reads_with_its_unit(self) -> None:
        m = fit_matrix(hand_case())
        b = m.cells[2]
        assert [c.meets_text for c in b[:2]] == ["no (short by 10 GB)", "no (short by 5 MB)"]
        assert m.cells[0][2].meets_text == "no (short by 0.02%)"

    def test_only_a_meets_every_requirement(self) -> None:
        m = fit_matrix(hand_case())
        assert [m.meets_all(i) for i in range(len(m.options))] == [False, True, False]


class TestMadeToFit:
    def test_the_changes_are_the_ones_worked_by_hand(self) -> None:
        """quota 60 -> M_0 = 60 - 1 x 5 = 55 GB; 99.95% -> warm_standby (99.95%);
        hold -> Enterprise CAL for all; 24x7 -> 1.5 FTE minimum."""
        s = hand_case()
        fix = made_to_fit_updates(s, active_requirements(s))
        assert fix.possible
        assert fix.updates == {
            "inhouse.disaster_recovery.level": "warm_standby",
            "mail.mailbox_gb": 55.0,
            "inhouse.licences.enterprise_cal_share_pct": 100.0,
            "staff.inhouse_fte_minimum": 1.5,
        }

    def test_made_to_fit_meets_everything_and_is_priced_by_the_engine(self) -> None:
        s = hand_case()
        fit = assess(s)
        assert fit.matrix.options[:2] == (INHOUSE, MADE_TO_FIT)
        assert fit.matrix.meets_all(1)
        assert fit.matrix.option_index[1] == fit.options.index(MADE_TO_FIT)
        changed = with_values(
            s,
            {
                "inhouse.disaster_recovery.level": "warm_standby",
                "mail.mailbox_gb": 55.0,
                "inhouse.licences.enterprise_cal_share_pct": 100.0,
                "staff.inhouse_fte_minimum": 1.5,
            },
        )
        made = fit.options.index(MADE_TO_FIT)
        assert fit.tco[made] == summarise(project_scenario(changed)).tco[0, 0]

    def test_more_sites_than_two_cannot_be_made_to_fit(self) -> None:
        s = with_values(default_scenario(), {"requirements.min_sites": 3})
        fix = made_to_fit_updates(s, active_requirements(s))
        assert not fix.possible
        assert "Independent sites / availability zones needed 3 sites" in fix.impossible[0]
        assert MADE_TO_FIT not in assess(s).matrix.options

    def test_a_change_beyond_an_inputs_bounds_cannot_be_made_to_fit(self) -> None:
        """quota 5,000 GB -> M_0 = 5,000 - 1 x 5 = 4,995 GB, over mail.mailbox_gb's 2,000."""
        s = with_values(default_scenario(), {"requirements.mailbox_quota_gb": 5000.0})
        fix = made_to_fit_updates(s, active_requirements(s))
        assert fix.updates == {"mail.mailbox_gb": 4995.0}
        assert not fix.possible
        assert "Mailbox size used today (mail.mailbox_gb) = 4995.0" in fix.impossible[0]
        fit = assess(s)
        assert MADE_TO_FIT not in fit.matrix.options
        best = fit.cheapest_meeting_all
        assert best is not None
        assert fit.name(best) == "Google Workspace Business Plus"  # 5,120 GB

    def test_the_archive_is_what_storage_holds_beyond_the_quota_asked_for(self) -> None:
        """Enterprise CAL for all, M_H = 40 + 0 x 5 = 40 GB. Quota 35 + archive 10: archive
        offered 40 - 35 = 5 GB, short by 5 -> mailbox_gb = 35 + 10 - 0 = 45. Archive alone
        (the quota dropped): 40 - 0 = 40 GB >= 10, nothing to change."""
        s = with_values(
            default_scenario(),
            {
                "mail.mailbox_gb": 40.0,
                "mail.mailbox_growth_gb_per_year": 0.0,
                "inhouse.licences.enterprise_cal_share_pct": 100.0,
                "requirements.mailbox_quota_gb": 35.0,
                "requirements.archive_gb": 10.0,
            },
        )
        reqs = active_requirements(s)
        cells = {c.requirement: c for c in fit_matrix(s).cells[0]}
        assert (cells["Archive needed"].offered, cells["Archive needed"].short_by) == ("5 GB", 5.0)
        assert made_to_fit_updates(s, reqs).updates == {"mail.mailbox_gb": 45.0}
        archive_only = [r for r in reqs if r.spec.key != "mailbox_quota_gb"]
        assert made_to_fit_updates(s, archive_only).updates == {}

    def test_backup_retention_scales_the_backup_disk(self) -> None:
        """90 days / 30 days per copy = 3 copies; level none -> backup_only."""
        s = with_values(
            default_scenario(),
            {"requirements.backup_retention_days": 90, "inhouse.disaster_recovery.level": "none"},
        )
        fix = made_to_fit_updates(s, active_requirements(s))
        assert fix.updates == {
            "inhouse.disaster_recovery.level": "backup_only",
            "inhouse.disaster_recovery.backup_storage_ratio": 3.0,
        }
        assert inhouse_offers(with_values(s, fix.updates))["backup_retention_days"] == 90.0

    def test_sandboxing_adds_to_the_filtering_gateway(self) -> None:
        """gateway 0 -> 12 (filtering) + 24 (sandboxing) = 36 per user-year."""
        s = with_values(
            default_scenario(),
            {
                "requirements.needs_sandboxing": True,
                "requirements.needs_antispam": True,
                "inhouse.protection.gateway_per_user_year": 0.0,
            },
        )
        fix = made_to_fit_updates(s, active_requirements(s))
        assert fix.updates == {"inhouse.protection.gateway_per_user_year": 36.0}
        offers = inhouse_offers(with_values(s, fix.updates))
        assert offers["needs_sandboxing"]
        assert offers["needs_antispam"]


class TestCheapest:
    def test_cheapest_meeting_every_requirement_and_on_cost_alone(self) -> None:
        s = with_values(hand_case(), {"mail.attachment_mb_needed": 25.0})
        fit = assess(s)
        tco = summarise(project_scenario(s)).tco[0]
        # B (3/user-month) costs least, but its 50 GB mailbox is below the 60 GB quota
        # needed, so it does not fit as is (the Fit analysis's quota rule holds in the main
        # table too): the cheapest that fits is A (100 GB). Only A and in-house made to fit
        # meet every requirement.
        assert not fit.fits_as_is[2]
        assert fit.name(fit.cheapest_on_cost) == "A Full"
        assert tco[2] < tco[1]
        made = fit.options.index(MADE_TO_FIT)
        want = 1 if tco[1] < fit.tco[made] else made
        assert fit.cheapest_meeting_all == want

    def test_a_requirement_costs_the_cheapest_tco_with_it_minus_without(self) -> None:
        """Only the quota (60 GB) set: A meets it, B (50 GB) does not; in-house made to fit
        costs more than A, so the quota costs TCO(A) - TCO(B)."""
        data: dict[str, Any] = {
            **FIVE,
            "requirements": {"mailbox_quota_gb": 60.0, "min_availability_pct": 0.0},
            "mail": {"attachment_mb_needed": 25.0},
        }
        s = from_data(data)
        fit = assess(s)
        tco = summarise(project_scenario(s)).tco[0]
        assert fit.cheapest_meeting_all == 1
        assert fit.name(1) == "A Full"
        assert fit.tco[fit.options.index(MADE_TO_FIT)] > tco[1]
        quota = fit.requirement_costs[0]
        assert quota.requirement == "Mailbox quota needed 60 GB"
        assert quota.cost == pytest.approx(tco[1] - tco[2])
        attachment = fit.requirement_costs[1]  # B's 25 MB meets 25: dropping it changes nothing
        assert attachment.cost == 0

    def test_default_scenario_fits_as_before(self) -> None:
        """The defaults require little: the answer is the cost-only one."""
        fit = assess(default_scenario())
        assert fit.cheapest_meeting_all == fit.cheapest_on_cost
        assert MADE_TO_FIT not in fit.matrix.options
        assert not fit.requirements_set


class TestUnknown:
    @given(st.sampled_from(SPECS), st.data())
    @PROPERTY
    def test_unknown_never_counts_as_meeting(self, spec: Any, data: st.DataObject) -> None:
        required = data.draw(_required_values(spec.key))
        assert judge(spec, required, None) == ("unknown", None)

    def test_a_typed_quote_with_no_offers_meets_no_feature(self) -> None:
        reqs = {s.key: True for s in SPECS if s.kind == "feature"}
        plan = {k: v for k, v in PLAN_A.items() if k != "offers"}
        s = from_data({"requirements": reqs, "plans": [plan]})
        m = fit_matrix(s)
        row = m.cells[1]
        assert {c.meets for c in row if c.required == "yes"} == {"unknown"}
        assert not m.meets_all(m.options.index("A Full"))


def _required_values(key: str) -> st.SearchStrategy[Any]:
    """Values of one requirement field, from 'not required' to demanding."""
    if key == "data_region":
        return st.sampled_from(("any", *REGIONS))
    if key == "support_hours":
        return st.sampled_from(("any", "business_hours", "24x7"))
    if key == "support_language":
        return st.sampled_from(("", "English", "Arabic"))
    if key.startswith("needs_"):
        return st.booleans()
    if key == "min_sites":
        return st.integers(1, 40)
    if key in ("backup_retention_days",):
        return st.integers(0, 400)
    if key == "min_availability_pct":
        return st.sampled_from((0.0, 99.0, 99.5, 99.9, 99.95, 99.99, 100.0))
    if key == "min_sla_pct":
        return st.sampled_from((0.0, 99.0, 99.9, 99.95, 100.0))
    if key == "attachment_mb":
        return st.sampled_from((1.0, 25.0, 35.0, 150.0, 1000.0))
    return st.floats(0, 6000, allow_nan=False)


_RAISE_ORDER = {
    "support_hours": ("any", "business_hours", "24x7"),
}


def _requirements(data: st.DataObject) -> dict[str, Any]:
    keys = data.draw(st.sets(st.sampled_from([s.key for s in SPECS]), max_size=8))
    return {k: data.draw(_required_values(k)) for k in keys}


def _raised(key: str, value: Any, data: st.DataObject) -> Any:
    """A value asking at least as much as ``value``."""
    if key in _RAISE_ORDER:
        order = _RAISE_ORDER[key]
        return data.draw(st.sampled_from(order[order.index(value) :]))
    if key.startswith("needs_"):
        return True
    if key in ("data_region", "support_language"):
        return value if value not in ("any", "") else data.draw(_required_values(key))
    if isinstance(value, int):  # min_sites <= 100, backup_retention_days <= 3,650
        return min(value + data.draw(st.integers(0, 100)), 100 if key == "min_sites" else 3650)
    return min(
        value + data.draw(st.floats(0, 500)),
        100.0 if "pct" in key else 1000.0 if key == "attachment_mb" else 100_000.0,
    )


def _scenario(reqs: dict[str, Any]) -> Scenario:
    mail = {"attachment_mb_needed": reqs.pop("attachment_mb")} if "attachment_mb" in reqs else {}
    return from_data({"requirements": reqs, "mail": mail})


@pytest.mark.slow  # a second or more: a Hypothesis sweep over every requirement
class TestRaising:
    @given(st.data())
    @PROPERTY
    def test_raising_a_requirement_never_makes_an_option_fit(self, data: st.DataObject) -> None:
        reqs = _requirements(data)
        key = data.draw(st.sampled_from([s.key for s in SPECS]))
        before_value = reqs.get(key, data.draw(_required_values(key)))
        reqs[key] = before_value
        raised = {**reqs, key: _raised(key, before_value, data)}
        before, after = fit_matrix(_scenario(dict(reqs))), fit_matrix(_scenario(raised))
        for row, option in enumerate(before.options):
            if after.meets_all(row):
                assert before.meets_all(row), (option, key, before_value, raised[key])


class TestOffersInTheCatalogue:
    def test_every_plan_states_where_its_offers_come_from_and_when(self) -> None:
        for plan in catalogue():
            assert plan.offers.source != "not stated", plan.label
            assert plan.offers.as_of is not None, plan.label

    def test_worldposta_carries_what_the_brief_states_and_stays_illustrative(self) -> None:
        for plan in catalogue():
            if plan.provider != "WorldPosta":
                continue
            o = plan.offers
            assert plan.illustrative
            assert plan.attachment_mb == 35
            assert (o.antispam, o.antivirus, o.sandboxing) == (True, True, True)
            assert (o.spf, o.dkim, o.reverse_dns) == (True, True, True)
            assert (o.sites, o.support_hours) == (35, "24x7")
            assert o.litigation_hold is None
            assert o.data_regions is None

    @pytest.mark.parametrize(
        ("offers", "expected"),
        [
            ({"antispam": "yes"}, "Inbound anti-spam (plans[0].offers.antispam) = 'yes'"),
            ({"data_regions": ["mars"]}, "plans[0].offers.data_regions"),
            ({"sites": 0}, "Independent sites / availability zones (plans[0].offers.sites) = 0"),
            ({"colour": "red"}, "plans[0].offers.colour"),
        ],
    )
    def test_a_bad_offer_is_named(self, offers: dict[str, Any], expected: str) -> None:
        with pytest.raises(ScenarioValueError) as err:
            from_data({"plans": [{**PLAN_A, "offers": offers}]})
        assert expected in str(err.value)


class TestReports:
    """The Excel workbook and the HTML report carry the matrix, in words as well as colour."""

    def _content(self) -> Any:
        from planner.outputs import build_content

        s = hand_case()
        p = project_scenario(s)
        return build_content(s, p, summarise(p))

    def test_the_workbook_has_a_fit_sheet_with_the_matrix(self) -> None:
        import io

        import openpyxl

        from planner.outputs import workbook_bytes

        book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(self._content())))
        rows = list(book["Fit"].iter_rows(values_only=True))
        assert rows[0][0].startswith("Cheapest on cost alone: A Full")
        header = rows.index(next(r for r in rows if r[0] == "Requirement"))
        assert rows[header][:6] == (
            "Requirement",
            "Required",
            INHOUSE,
            MADE_TO_FIT,
            "A Full",
            "B Lite",
        )
        quota = rows[header + 1]
        assert quota[:6] == (
            "Mailbox quota needed",
            "60 GB",
            "no: storage sized for 7 GB mailboxes, short by 53 GB",
            "yes (storage sized for 60 GB mailboxes)",
            "yes (100 GB)",
            "no: 50 GB, short by 10 GB",
        )
        hold = rows[header + 4]
        assert hold[:6] == ("Litigation hold / eDiscovery", "yes", "no", "yes", "yes", "unknown")

    def test_the_html_report_has_a_fit_section_in_words(self) -> None:
        from planner.outputs import html_bytes

        page = html_bytes(self._content()).decode()
        section = page[page.index('<section id="fit"') :]
        assert '<td class="fit-unknown">? unknown</td>' in section
        assert '<td class="fit-no">\u2717 no: 50 GB, short by 10 GB</td>' in section
        assert "Cheapest option that meets every requirement:" in section


@pytest.mark.parametrize("name", ["default", "small_office", "growing_firm", "enterprise_hot_dr"])
def test_requirements_and_offers_never_change_the_cost_table(name: str) -> None:
    """The long-table CSV of every preset is byte for byte the same with demanding
    requirements and with every plan's offers unknown: the fit never touches the costs."""
    from planner.model.defaults import preset_files
    from planner.model.files import load_scenario
    from planner.outputs.long_table import csv_bytes, long_table

    def csv_of(s: Scenario) -> bytes:
        return csv_bytes([long_table(project_scenario(s), s.name, s.finance.currency)])

    s = load_scenario(preset_files()[name])
    demanding = with_values(
        s,
        {
            "requirements.mailbox_quota_gb": 500.0,
            "requirements.needs_litigation_hold": True,
            "requirements.min_sites": 3,
            "requirements.support_hours": "24x7",
            "plans": [p.model_dump(exclude={"offers"}) for p in s.plans],
        },
    )
    assert all(p.offers.source == "not stated" for p in demanding.plans)
    assert csv_of(demanding) == csv_of(s)


def test_made_to_fit_prices_never_change_the_projection() -> None:
    """They price only "in-house, made to fit", never the options as they are."""
    from tests.strategies import FIT_PRICES

    s = default_scenario()
    changed = with_values(s, dict.fromkeys(FIT_PRICES, 1e9))
    assert (summarise(project_scenario(changed)).tco == summarise(project_scenario(s)).tco).all()


def test_requirements_and_offers_survive_a_file_and_a_link() -> None:
    import datetime as dt

    from planner.model.files import parse_text, to_toml
    from ui.state import decode_scenario, encode_scenario

    offers = {
        "data_regions": ["europe"],
        "antispam": True,
        "support_languages": ["English", "Arabic"],
        "as_of": dt.date(2026, 11, 1),
        "source": "quote",
    }
    s = from_data(
        {
            "requirements": {"data_region": "europe", "support_language": "Arabic"},
            "plans": [{**PLAN_B, "offers": offers}],
        }
    )
    assert "[plans.offers]" in to_toml(s)
    assert parse_text(to_toml(s)) == s
    assert decode_scenario(encode_scenario(s)) == s
    row = fit_matrix(s).cells[1]
    assert [(c.requirement, c.meets) for c in row[-2:]] == [
        ("Region the data must stay in", "yes"),
        ("Support language needed", "yes"),
    ]
