"""``planner simulate``: text, CSV tables and one-line errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner.analyses.simulation import simulate
from planner.cli import main
from planner.model.defaults import SCENARIOS_DIR
from planner.model.files import load_scenario

DEFAULT = str(SCENARIOS_DIR / "default.toml")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_prints_percentiles_chances_tornado_and_break_even(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["simulate", DEFAULT, "--draws", "400", "--seed", "3"], capsys)
    assert code == 0
    assert err == ""
    sim = simulate(load_scenario(DEFAULT), draws=400, seed=3)
    assert "400 draws (seed 3) of 12 uncertain inputs; TCO over 5 years in USD" in out
    q = sim.percentiles()
    for j, option in enumerate(sim.options):
        row = next(line for line in out.splitlines() if line.startswith(option + " "))
        assert f"{round(q[0, j]):,}" in row
        assert f"{round(q[2, j]):,}" in row
        assert f"{100 * sim.p_cheapest[j]:.1f}%" in row
    assert "Saving against in-house" in out
    assert "Inputs ranked by swing on in-house minus" in out
    assert "Break-even values" in out


def test_long_option_names_are_printed_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """A 45-character plan name used to be cut at 40 ("... Plan 1 + Archi"): the option column
    widens to its longest name instead, in every table of the report."""
    out = run(["simulate", DEFAULT, "--draws", "100", "--seed", "1"], capsys)[1]
    name = "Microsoft Exchange Online Plan 1 + Archiving"
    assert len(name) > 40
    rows = [line for line in out.splitlines() if line.startswith(name)]
    assert len(rows) == 2  # the percentiles table and the savings table
    assert all(row[len(name)] == " " for row in rows)


def test_the_same_seed_prints_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(["simulate", DEFAULT, "--draws", "200", "--seed", "8"], capsys)[1]
    second = run(["simulate", DEFAULT, "--draws", "200", "--seed", "8"], capsys)[1]
    third = run(["simulate", DEFAULT, "--draws", "200", "--seed", "9"], capsys)[1]
    assert first == second != third


def test_csv_of_percentiles_matches_the_simulation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.csv"
    code, text, _ = run(
        ["simulate", DEFAULT, "--draws", "300", "--seed", "4", "--csv", str(out)], capsys
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    sim = simulate(load_scenario(DEFAULT), draws=300, seed=4)
    assert [r["option"] for r in rows] == list(sim.options)
    assert float(rows[1]["tco_p50"]) == pytest.approx(sim.percentiles()[1, 1], rel=1e-12)
    assert f"Wrote {len(rows)} rows (percentiles) to {out}" in text


@pytest.mark.parametrize(
    ("what", "column", "rows"),
    # 12 ranged inputs (the default preset ranges the staff scale exponent too); the fan is
    # 13 options (in-house and 12 catalogue plans) x 6 years (0..5) = 78 rows
    [("tornado", "swing", 12), ("map", "organisation.users", 750), ("fan", "cumulative_p50", 78)],
)
def test_csv_can_hold_the_tornado_the_map_or_the_fan(
    what: str, column: str, rows: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{what}.csv"
    argv = ["simulate", DEFAULT, "--draws", "100", "--csv", str(out), "--what", what]
    assert run(argv, capsys)[0] == 0
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(table) == rows
    assert column in table[0]


def test_an_existing_csv_is_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.csv"
    out.write_text("keep me")
    code, _, err = run(["simulate", DEFAULT, "--draws", "50", "--csv", str(out)], capsys)
    assert code == 2
    assert "already exists" in err
    assert out.read_text() == "keep me"
    argv = ["simulate", DEFAULT, "--draws", "50", "--csv", str(out), "--force"]
    assert run(argv, capsys)[0] == 0
    assert out.read_text().startswith("scenario,option,draws,seed,tco_p10")


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        (
            '{ field = "organisation.users", low = 500, mode = 200, high = 900 }',
            "uncertainty.ranges[0].mode = 200: below low 500",
        ),
        (
            '{ field = "inhouse.servers.prize", low = 1, mode = 2, high = 3 }',
            "(did you mean inhouse.servers.price?)",
        ),
        (
            '{ field = "plans.price_per_user_month", plan = "Acme Mail", low = 1, mode = 2,'
            " high = 3 }",
            "no plan named 'Acme Mail'",
        ),
    ],
)
def test_bad_ranges_exit_2_with_one_line(
    ranges: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'name = "bad"\n[uncertainty]\nranges = [{ranges}]\n')
    code, out, err = run(["simulate", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("planner: error: ")
    assert expected in err


def test_draws_out_of_range_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["simulate", DEFAULT, "--draws", "0"], capsys)
    assert code == 2
    assert err == "planner: error: draws = 0: allowed: a whole number from 1 to 200,000\n"


def test_a_negative_seed_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["simulate", DEFAULT, "--seed", "-1"], capsys)
    assert code == 2
    assert err == "planner: error: seed = -1: allowed: a whole number from 0 up\n"


def test_a_scenario_without_ranges_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.toml"
    path.write_text('name = "plain"\n')
    code, out, _ = run(["simulate", str(path), "--draws", "20"], capsys)
    assert code == 0
    assert "has no uncertainty ranges, so every draw is the plan itself" in out
    assert "Inputs ranked" not in out


def test_a_mode_unlike_the_scenario_value_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shifted.toml"
    path.write_text(
        'name = "s"\n[uncertainty]\nranges = [{ field = "organisation.users", low = 100,'
        " mode = 300, high = 500 }]\n"
    )
    out = run(["simulate", str(path), "--draws", "20"], capsys)[1]
    assert "note: Users today (organisation.users) has mode 300 but the scenario says 200" in out


SEGMENTS = str(SCENARIOS_DIR / "segments_hybrid.toml")


def test_with_segments_the_best_mix_and_its_chance_are_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["simulate", SEGMENTS, "--draws", "300", "--seed", "4"], capsys)
    assert code == 0
    assert err == ""
    sim = simulate(load_scenario(SEGMENTS), draws=300, seed=4)
    assert sim.p_mix_cheapest is not None
    lines = out.splitlines()
    start = lines.index("Best mix (found for the scenario as given, kept in every draw):")
    assert lines[start + 1 : start + 4] == [
        "  Frontline: Microsoft Exchange Online Kiosk (typed quote)",
        "  Office: Microsoft Exchange Online Plan 1",
        "  Executives and legal: Microsoft Exchange Online Plan 2",
    ]
    assert lines[start + 4] == (
        f"P(best mix is cheapest): {100 * sim.p_mix_cheapest:.1f}% of draws, the best mix "
        "fits and no option that fits costs less"
    )
    assert "Inputs ranked by swing on in-house minus Best mix" in out


def test_without_segments_no_best_mix_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["simulate", DEFAULT, "--draws", "50"], capsys)[1]
    assert "Best mix" not in out
    assert "P(best mix" not in out


def test_an_organisation_range_every_segment_overrides_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load_scenario(SEGMENTS).to_data()
    data["uncertainty"]["ranges"] = [
        {"field": "organisation.growth_pct_per_year", "low": 0, "mode": 4, "high": 10}
    ]
    from planner.model.files import from_data, save_scenario

    path = save_scenario(from_data(data), tmp_path / "inert.toml")
    out = run(["simulate", str(path), "--draws", "20"], capsys)[1]
    assert (
        "note: Headcount growth (organisation.growth_pct_per_year) changes nothing here: every "
        "segment sets its own growth_pct_per_year (give the range on "
        "segments.growth_pct_per_year instead)"
    ) in out
