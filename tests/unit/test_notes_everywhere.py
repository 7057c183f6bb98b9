"""A plan's notes read the same in the command line and the reports as in the app.

Exchange Online Plan 2 includes its archive (archive price 0): once the average mailbox
passes its 100 GB mailbox the note is "included 1,500 GB archive in use", never "archive add-on
needed". Mailbox 95 GB growing 5 GB a year: M_1 = 100, M_2 = 105 > 100,
so the archive is in use from year 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.engine.projection import project_scenario
from planner.model.files import default_scenario, save_scenario, with_values
from planner.outputs.content import build_content

PLAN_2 = "Microsoft Exchange Online Plan 2"


@pytest.fixture
def big_mailboxes(tmp_path: Path) -> Path:
    scenario = with_values(
        default_scenario(), {"mail.mailbox_gb": 95.0, "mail.mailbox_growth_gb_per_year": 5.0}
    )
    path = tmp_path / "big.toml"
    save_scenario(scenario, path)
    return path


def test_the_cli_says_plan_2s_archive_is_included(
    big_mailboxes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(big_mailboxes)]) == 0
    out = capsys.readouterr().out.splitlines()
    (line,) = [x for x in out if x.startswith(f"  {PLAN_2}: ")]  # the notes under the table
    assert "included 1,500 GB archive in use" in line
    assert "add-on" not in line


def test_the_reports_say_plan_2s_archive_is_included(big_mailboxes: Path) -> None:
    from planner.model.files import load_scenario

    scenario = load_scenario(big_mailboxes)
    content = build_content(scenario, project_scenario(scenario))
    (row,) = [r for r in content.options if r.option == PLAN_2]
    assert any("included 1,500 GB archive in use" in w for w in row.warnings)
    assert not any("add-on" in w for w in row.warnings)


def _after_tax_file(tmp_path: Path) -> Path:
    """The hand case's after-tax test in a file: tax 25%, 5-year depreciation (see
    tests/unit/engine/test_projection_fair_numbers.py: in-house 155,602 -> 121,546.50; NPV
    109,352.75; the 5.00 plan 43,580 -> 33,135)."""
    from .hand_case import HAND_CASE, hand_case

    fin = {**HAND_CASE["finance"], "after_tax_view": True, "tax_rate_pct": 25.0}  # type: ignore[dict-item]
    path = tmp_path / "taxed.toml"
    lives = {  # every class over 5 years: the hand figures of test_fair_numbers
        "depreciation_years": 5,
        "licence_depreciation_years": 5,
        "services_depreciation_years": 5,
    }
    save_scenario(hand_case(finance={**fin, **lives}), path)
    return path


def test_the_cli_prints_the_after_tax_figures_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(_after_tax_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    heading = (
        "After tax (25%; hardware depreciated over 5 years, licences over 5 years, one-time "
        "projects over 5 years):"
    )
    assert heading in out
    inhouse = [x for x in out.splitlines() if x.startswith("In-house Exchange")]
    assert inhouse[-1].split()[-2:] == ["121,547", "109,353"]  # 121,546.50 rounds half up


def test_the_after_tax_heading_names_each_class_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three class lives that differ are each named: one "over N years" was right only when
    all three were equal."""
    from .hand_case import HAND_CASE, hand_case

    path = tmp_path / "lives.toml"
    fin = {**HAND_CASE["finance"], "tax_rate_pct": 25.0, "after_tax_view": True}  # type: ignore[dict-item]
    lives = {"depreciation_years": 4, "licence_depreciation_years": 1}
    lives |= {"services_depreciation_years": 0}
    save_scenario(hand_case(finance={**fin, **lives}), path)
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "After tax (25%; hardware depreciated over 4 years, licences over 1 year, one-time "
        "projects deducted when paid):"
    ) in out


def test_the_summary_csv_has_after_tax_columns_only_when_asked(tmp_path: Path) -> None:
    from planner.model.files import load_scenario
    from planner.outputs.summary_table import summary_table

    taxed = load_scenario(_after_tax_file(tmp_path))
    table = summary_table(taxed, project_scenario(taxed))
    assert table["TCO after tax"].tolist()[:2] == pytest.approx([121546.5, 33135.0])
    assert table["NPV after tax"].iloc[0] == pytest.approx(109352.75, abs=0.01)
    plain = with_values(taxed, {"finance.after_tax_view": False})
    assert "TCO after tax" not in summary_table(plain, project_scenario(plain)).columns


def test_the_apps_option_table_carries_in_house_warnings_too() -> None:
    """The enterprise preset's servers have 128 GB against the memory its worst failure
    mode needs: the CLI says so under in-house, and so does the app's every-option table."""
    from planner.model.defaults import preset_files
    from planner.model.files import load_scenario
    from ui.results import results_of
    from ui.tables import options_table

    scenario = load_scenario(preset_files()["enterprise_hot_dr"])
    table = options_table(results_of(scenario), scenario.plans)
    inhouse_notes = table.loc[table["Option"] == "In-house Exchange", "Notes"].iloc[0]
    assert "memory" in inhouse_notes
