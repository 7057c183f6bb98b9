"""``planner regions`` and ``planner region``: the regions listed with their sources, and a
region applied to a scenario file (Egypt on the default: administrator 468,000 EGP, the server
12,000 USD x 47.13 = 565,560 EGP)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.model.files import load_scenario


def test_regions_lists_every_region_with_its_currency_and_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["regions"]) == 0
    out = capsys.readouterr().out
    for line_start in ("us United States", "uk United Kingdom", "eg Egypt", "in India"):
        assert line_start in out
    egypt = next(line for line in out.splitlines() if line.startswith("eg Egypt"))
    assert egypt.split()[2:] == ["EGP", "468,000", "2.3", "14", "5,900,000"]


def test_regions_key_shows_each_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regions", "ae"]) == 0
    out = capsys.readouterr().out
    assert "United Arab Emirates (ae): results and money inputs in AED" in out
    assert "Electricity price: AED 0.44 (published, as of 2025-03-01)" in out
    assert "DEWA slab tariff" in out
    assert "Size rule: incident cost exponent: 0.8" in out


def test_region_applies_and_saves_a_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "cairo.toml"
    assert main(["region", "default", "eg", "-o", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "Egypt applied to default." in out
    assert "Administrator cost (staff.salary_per_fte_year): 124,000 -> 468,000" in out
    assert "Server price (inhouse.servers.price): 12,000 -> 565,560" in out
    saved = load_scenario(out_file)
    assert saved.organisation.region == "eg"
    assert (saved.finance.currency, saved.staff.salary_per_fte_year) == ("EGP", 468_000)
    # Not over an existing file without --force: one line, exit status 2.
    assert main(["region", "default", "eg", "-o", str(out_file)]) == 2
    assert "planner: error:" in capsys.readouterr().err
    assert main(["region", "default", "eg", "-o", str(out_file), "--force"]) == 0


def test_region_without_output_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["region", "default", "uk"]) == 0
    assert "Nothing saved: add -o OUT.toml" in capsys.readouterr().out


def test_an_unknown_region_is_one_line_naming_the_regions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["region", "default", "zz"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'zz': no such region; allowed: us (United States)" in err
    assert main(["regions", "zz"]) == 2
