"""Hardening, round three: what a third outside attack found, one test per point.

Each test failed before its fix. The Markdown surfaces (Fit matrix, range errors) are in
test_markdown_surfaces.py, the load limits in test_load_limits.py and the random-scenario
property run in test_random_scenarios.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.analyses.fit import assess
from planner.cli import main
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import load_scenario
from ui.state import encode_scenario

REPO_ROOT = Path(__file__).resolve().parents[2]
CURRENT_2019 = """
[organisation]
users = 400
[current]
platform = "exchange_2019"
servers = 2
storage_tb = 24.0
exchange_server_licences = 2
cals = 400
"""
ARABIC = f"""name = "Existing Exchange 2019, support in Arabic"
{CURRENT_2019}
server_age_years = 4
[requirements]
support_language = "Arabic"
"""
TYPED_PLAN = f"""name = "Existing Exchange 2019, one typed plan"
{CURRENT_2019}
server_age_years = 1
licences_have_sa = true
[[plans]]
provider = "Typed"
plan = "Quote"
price_per_user_month = 40.0
mailbox_gb = 50
attachment_mb = 150
sla_pct = 99.9
"""
"""The two reproductions: in-house (here the in-place upgrade) is the cheapest option that
meets the requirements, and option 0 is not called "In-house Exchange"."""
UPGRADE = "Upgrade in place to Exchange SE"


# ---------------------------------------------------------------------------
# 1. The fit analysis keys options by position, not by display name
# ---------------------------------------------------------------------------


@pytest.fixture(params=[ARABIC, TYPED_PLAN], ids=["arabic", "typed_plan"])
def upgrade_fits(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(request.param, encoding="utf-8")
    return path


def test_fit_names_the_in_place_upgrade_when_it_is_cheapest(upgrade_fits: Path) -> None:
    scenario = load_scenario(upgrade_fits)
    p = project_scenario(scenario)
    fit = assess(scenario, p)
    assert p.options[0] == UPGRADE
    assert fit.cheapest_meeting_all == 0
    assert fit.name(0) == UPGRADE
    assert fit.tco[0] == float(summarise(p).tco[0, 0])
    assert fit.matrix.options[0] == UPGRADE


def test_every_surface_of_the_fit_answers(
    upgrade_fits: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report (text, Excel, HTML) and fit, with no traceback."""
    out = tmp_path / "out"
    args = ["--xlsx", f"{out}.xlsx", "--html", f"{out}.html"]
    assert main(["report", str(upgrade_fits), *args]) == 0
    assert main(["fit", str(upgrade_fits), "--csv", f"{out}.csv"]) == 0
    text = capsys.readouterr().out
    assert f"Cheapest option that meets every requirement: {UPGRADE}" in text
    html = Path(f"{out}.html").read_text(encoding="utf-8")
    assert f"Cheapest option that meets every requirement: {UPGRADE}" in html


@pytest.mark.parametrize("view", ["Overview", "Fit"])
def test_the_app_tabs_answer(new_app: Callable[[], AppTest], upgrade_fits: Path, view: str) -> None:
    at = new_app()
    at.query_params["scenario"] = encode_scenario(load_scenario(upgrade_fits))
    at.query_params["view"] = view
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
