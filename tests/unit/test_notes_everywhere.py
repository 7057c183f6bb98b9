"""A plan's notes read the same in the command line and the reports as in the app.

Exchange Online Plan 2 includes its archive (archive price 0): once the average mailbox
passes its 100 GB mailbox the note is "included archive in use", never "archive add-on
needed" (issue 14, point 10). Mailbox 95 GB growing 5 GB a year: M_1 = 100, M_2 = 105 > 100,
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
    assert "included archive in use" in line
    assert "add-on" not in line


def test_the_reports_say_plan_2s_archive_is_included(big_mailboxes: Path) -> None:
    from planner.model.files import load_scenario

    scenario = load_scenario(big_mailboxes)
    content = build_content(scenario, project_scenario(scenario))
    (row,) = [r for r in content.options if r.option == PLAN_2]
    assert any("included archive in use" in w for w in row.warnings)
    assert not any("add-on" in w for w in row.warnings)
