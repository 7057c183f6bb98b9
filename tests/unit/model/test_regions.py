"""Regions: the loader, apply_region and the size rules, checked against figures worked by
hand.

The default scenario (data/assumptions.toml): 200 users, 2 database copies, a 12,000 USD
server refreshed every 5 years, today's servers 4 years old, training 2,000 USD per FTE, hybrid
set-up 6,000 USD. Egypt (data/regions.toml): EGP, administrator 468,000, electricity 2.3 per
kWh, downtime 14 per user-hour, incident 5,900,000 at 200 users. Rate (data/currencies.toml):
47.13 EGP per US dollar. Size rules: 200 reference users, exponent 0.8, cap 18.72, one server
below 100 users, 10,000 mailboxes per server, 10 TB per server.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.errors import CatalogueError, ScenarioValueError
from planner.model.defaults import DATA_DIR
from planner.model.files import default_scenario, with_values
from planner.model.locations import use_catalogue
from planner.model.regions import (
    REGIONAL_PATHS,
    applied_text,
    apply_region,
    changes,
    fit_to_size,
    region,
    regions,
    scaled_incident_cost,
    servers_today,
    size_rules,
    source_rows,
)

EGP_PER_USD = 47.13


def test_the_seven_regions_each_give_every_regional_default_with_a_source() -> None:
    listed = regions()
    assert list(listed) == ["us", "uk", "eu", "eg", "ae", "sa", "in"]
    assert [r.currency for r in listed.values()] == [
        "USD",
        "GBP",
        "EUR",
        "EGP",
        "AED",
        "SAR",
        "INR",
    ]
    for r in listed.values():
        assert set(REGIONAL_PATHS) <= set(r.defaults)
        assert all(item.source.strip() for item in r.defaults.values())


def test_egypt_on_the_default_sets_its_own_defaults_in_pounds_of_egypt() -> None:
    after = apply_region(default_scenario(), "eg")
    assert after.organisation.region == "eg"
    assert (after.finance.currency, after.finance.input_currency) == ("EGP", "EGP")
    assert after.finance.exchange_rate_per_usd == 0  # the dated default rate
    assert after.staff.salary_per_fte_year == 468_000
    assert after.inhouse.operations.price_per_kwh == 2.3
    assert after.risk.downtime_cost_per_user_hour == 14
    # 200 users = the reference size: (200 / 200) ^ 0.8 = 1.
    assert after.current.incident_cost == 5_900_000


def test_egypt_converts_every_other_money_input_at_the_rate() -> None:
    after = apply_region(default_scenario(), "eg")
    assert after.inhouse.servers.price == pytest.approx(12_000 * EGP_PER_USD)  # 565,560
    assert after.staff.training_per_fte_year == pytest.approx(2_000 * EGP_PER_USD)  # 94,260
    assert after.hybrid.setup_cost == pytest.approx(6_000 * EGP_PER_USD)  # 282,780
    # Today's book value follows the converted server price: 2 x 565,560 x (5 - 4) / 5.
    assert after.current.hardware_book_value == pytest.approx(226_224)
    # A plan keeps its own currency: the catalogue's US dollar price is not touched.
    assert after.plans == default_scenario().plans


def test_a_small_office_gets_one_server_and_a_smaller_incident() -> None:
    forty = with_values(default_scenario(), {"organisation.users": 40})
    after = apply_region(forty, "eg")
    # 40 < 100 users: one server, one licence, 40 CALs, 10 TB, 565,560 x 1 / 5 = 113,112.
    assert after.current.servers == 1
    assert after.current.exchange_server_licences == 1
    assert after.current.cals == 40
    assert after.current.storage_tb == 10
    assert after.current.hardware_book_value == pytest.approx(113_112)
    # 5,900,000 x (40 / 200) ^ 0.8 = 5,900,000 x exp(0.8 x ln 0.2) = 5,900,000 x 0.275946.
    assert after.current.incident_cost == pytest.approx(1_628_081, abs=2)


def test_a_large_organisation_gets_more_servers_and_a_capped_incident() -> None:
    rules = size_rules()
    # 25,000 users: 2 copies x ceil(25,000 / 10,000) = 6 servers.
    assert servers_today(25_000, 2, rules) == 6
    assert servers_today(100, 2, rules) == 2
    assert servers_today(99, 2, rules) == 1
    # (25,000 / 200) ^ 0.8 = 125 ^ 0.8 = 47.6 > 18.72: capped at 500,000 x 18.72 = 9,360,000.
    assert scaled_incident_cost(500_000, 25_000, rules) == 9_360_000
    # 3,000 users: 15 ^ 0.8 = exp(0.8 x 2.70805) = 8.7272 -> 4,363,581.
    assert scaled_incident_cost(500_000, 3_000, rules) == pytest.approx(4_363_581, abs=2)


def test_the_united_states_on_the_default_changes_nothing_but_the_region() -> None:
    """The US region is the defaults, and the size rules give back the 200-user estate:
    servers 2 x ceil(200 / 10,000) = 2, licences 2, CALs 200, disk 20 TB, book value
    2 x 12,000 x 1 / 5 = 4,800; incident 500,000 x 1."""
    before = default_scenario()
    found = changes(before, apply_region(before, "us"))
    assert [(c.path, c.before, c.after) for c in found] == [("organisation.region", "", "us")]


def test_a_scenario_without_a_region_keeps_the_us_defaults() -> None:
    s = default_scenario()
    assert s.organisation.region == ""
    assert (s.staff.salary_per_fte_year, s.inhouse.operations.price_per_kwh) == (124_000, 0.13)
    assert (s.risk.downtime_cost_per_user_hour, s.current.incident_cost) == (5, 500_000)
    assert (s.finance.currency, s.finance.input_currency) == ("USD", "USD")


def test_a_typed_rate_is_kept_only_when_the_currency_stays() -> None:
    in_euros = with_values(
        default_scenario(), {"finance.currency": "EUR", "finance.exchange_rate_per_usd": 0.9}
    )
    euro_area = apply_region(in_euros, "eu")
    assert euro_area.finance.exchange_rate_per_usd == 0.9
    assert euro_area.inhouse.servers.price == pytest.approx(12_000 * 0.9)  # the typed rate
    uk = apply_region(in_euros, "uk")
    assert uk.finance.exchange_rate_per_usd == 0  # 0.9 was euros per dollar, not pounds
    assert uk.inhouse.servers.price == pytest.approx(12_000 * 0.7325)


def test_applying_a_region_twice_gives_the_same_scenario() -> None:
    once = apply_region(default_scenario(), "eg")
    assert apply_region(once, "eg") == once


def test_an_unknown_region_is_refused_naming_the_regions() -> None:
    with pytest.raises(ScenarioValueError, match=r"'xx': no such region; allowed: us \(United"):
        apply_region(default_scenario(), "xx")


def test_the_region_field_takes_lowercase_keys_only() -> None:
    with pytest.raises(ScenarioValueError, match=r"organisation\.region"):
        with_values(default_scenario(), {"organisation.region": "Egypt!"})


def test_what_was_applied_reads_as_a_sentence() -> None:
    before = default_scenario()
    text = applied_text(before, apply_region(before, "eg"), "eg")
    assert text.startswith("Applied defaults for Egypt: administrator cost EGP 468,000; ")
    assert "cost of a security incident EGP 5,900,000" in text
    assert "other money inputs converted from USD at 47.13 EGP per USD" in text


def test_the_sources_list_each_default_and_size_rule() -> None:
    rows = source_rows("uk")
    assert rows[0]["Input"] == "Administrator cost"
    assert rows[0]["Value"] == "GBP 60,000"
    assert any(r["Input"] == "Size rule: mailboxes per server" for r in rows)
    assert region("uk").name == "United Kingdom"


# --- a broken regions file is refused with a message naming the file and the fault ---

GOOD = (DATA_DIR / "regions.toml").read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    for name in ("assumptions.toml", "plans.toml", "currencies.toml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    use_catalogue(tmp_path)
    yield tmp_path
    use_catalogue(None)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('currency = "EGP"', 'currency = "XYZ"', r"regions\.eg\.currency = 'XYZ' has no exchange"),
        ("risk.downtime_cost_per_user_hour = { value = 14.0", "x = { value = 14.0", "lacks risk"),
        ('value = 2.3, basis = "estimate"', 'value = 2.3, basis = "guess"', "basis must be"),
        ("value = 468000.0", "value = -5.0", "must be a number of 0 or more"),
        ("value = 468000.0", "value = 2e9", r"salary_per_fte_year = 2e\+09; allowed"),
        ("[regions.eg]", "[regions.EG]", "a key is 2 to 8 lowercase letters"),
        ("mailboxes_per_server = { value = 10000", "mailboxes_per_server = { value = 0", "1 or"),
        ("[regions.us]", "[regions.us", "cannot read the regions file"),
    ],
)
def test_a_bad_regions_file_is_refused_clearly(
    folder: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    (folder / "regions.toml").write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message) as caught:
        regions()
    assert str(folder / "regions.toml") in str(caught.value)


def test_a_catalogue_folder_without_regions_uses_the_bundled_ones(folder: Path) -> None:
    assert "eg" in regions()


def test_fitting_to_size_without_a_region_scales_the_us_default() -> None:
    """No region: 500,000 USD x (1,200 / 200) ^ 0.8 = 500,000 x 6 ^ 0.8 = 500,000 x
    exp(0.8 x 1.791759) = 500,000 x 4.192963 = 2,096,481; 2 x ceil(1,200 / 10,000) = 2
    servers, 1,200 CALs."""
    big = with_values(default_scenario(), {"organisation.users": 1_200})
    fitted = fit_to_size(big)
    assert fitted.organisation.region == ""
    assert fitted.current.incident_cost == pytest.approx(2_096_481, abs=2)
    assert (fitted.current.servers, fitted.current.cals) == (2, 1_200)
    assert fitted.staff.salary_per_fte_year == 124_000  # no regional default touched


def test_fitting_to_size_after_a_region_keeps_its_figure() -> None:
    egypt = apply_region(default_scenario(), "eg")
    forty = fit_to_size(with_values(egypt, {"organisation.users": 40}))
    # The region's 5,900,000 EGP at 200 users, x (40 / 200) ^ 0.8 = 0.275946.
    assert forty.current.incident_cost == pytest.approx(1_628_081, abs=2)


@pytest.mark.parametrize("preset", ["default", "segments_hybrid", "existing_exchange_2019"])
def test_every_region_applies_to_the_presets(preset: str) -> None:
    from planner.model.defaults import preset_files
    from planner.model.files import load_scenario

    scenario = load_scenario(preset_files()[preset])
    for key, r in regions().items():
        after = apply_region(scenario, key)
        assert (after.finance.currency, after.organisation.region) == (r.currency, key)
        assert after.staff.salary_per_fte_year == r.defaults["staff.salary_per_fte_year"].value
