"""The summary CSV (one row per option) against the hand case worked in test_engine_hand_case.

Hand case, cash basis (see tests/unit/engine/test_projection_hand_case.py for every line):
    In-house  capex 10,000 + 100 + 13,700 + 6,000 + the year-2 upgrade 1,500 =  31,300
              (an upgrade is a project: capital)
              opex  years 1 + 2: 62,151 + 63,651 - 1,500                 = 124,302
              TCO   31,300 + 124,302                                    = 155,602
              residual 6,000 (hardware) + 60 (storage) + 1,500 (the year-2 upgrade serves
              years 3-4, past the horizon, credited in full), a credit  =  -7,560
              NPV at 10%: 29,800 + 62,151 / 1.1 + 63,651 / 1.21         = 138,905.04
              per user-month: 155,602 / (12 x 200)                      =      64.83
              categories: hardware 10,000; licences 13,700 + 2 x 3,425 = 20,550; storage 100;
              operations 2 x 3,386 = 6,772; expertise 2 x 10,100 = 20,200; upgrades 1,500;
              protection 2 x 1,200 = 2,400; connectivity 2 x 240 = 480; one-time 6,000;
              downtime 2 x 43,800 = 87,600 -> sum 155,602 = TCO
    Test Host capex = the migration 3,000 (a one-time project: capital); opex 2 x 20,290 =
              40,580; TCO 43,580; licences 2 x 6,000 = 12,000; expertise
              2 x 5,050 = 10,100; connectivity 2 x 480 = 960; one-time 3,000; downtime
              2 x 8,760 = 17,520 -> 43,580; per user-month 43,580 / 2,400 = 18.16
    Disaster recovery is 0 for both options: no column.
Net-of-residual basis: hardware 10,000 - 6,000 = 4,000; storage 100 - 60 = 40; upgrades
    1,500 - 1,500 = 0 for in-house and 0 for the plan, so no Upgrades column;
    TCO 155,602 - 7,560 = 148,042 = capex 31,300 + opex 124,302 + residual -7,560.
"""

from __future__ import annotations

import csv
import io

import pytest

from planner.cli import main
from planner.engine.projection import project_scenario
from planner.outputs.summary_table import summary_csv_bytes, summary_table
from tests.unit.hand_case import hand_case

CATEGORY_CASH = {
    "Hardware": (10000.0, 0.0),
    "Licences & subscriptions": (20550.0, 12000.0),
    "Storage": (100.0, 0.0),
    "Operations (power, space, maintenance)": (6772.0, 0.0),
    "Expertise (staff, training)": (20200.0, 10100.0),
    "Upgrades": (1500.0, 0.0),
    "Protection (anti-spam, anti-virus, security)": (2400.0, 0.0),
    "Connectivity": (480.0, 960.0),
    "Migration & one-time": (6000.0, 3000.0),
    "Downtime risk": (87600.0, 17520.0),
}


def _rows(basis: str) -> list[dict[str, str]]:
    scenario = hand_case(finance={"tco_basis": basis})
    data = summary_csv_bytes(summary_table(scenario, project_scenario(scenario)))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_columns_are_the_figures_then_one_per_used_category() -> None:
    header = list(_rows("cash")[0])
    assert header == [
        "Scenario",
        "Option",
        "TCO",
        "NPV",
        "Per user per month",
        "Capex",
        "Opex",
        "Residual value",
        "Fits",
        "Notes",
        *CATEGORY_CASH,
        "Currency",
    ]
    assert "Disaster recovery" not in header  # zero for every option


def test_cash_basis_figures_by_hand() -> None:
    inhouse, host = _rows("cash")
    assert inhouse["Option"] == "In-house Exchange"
    assert host["Option"] == "Test Host"
    expected = {
        "TCO": ("155602.00", "43580.00"),
        "NPV": ("138905.04", "38214.05"),
        "Per user per month": ("64.83", "18.16"),
        "Capex": ("31300.00", "3000.00"),
        "Opex": ("124302.00", "40580.00"),
        "Residual value": ("-7560.00", "0.00"),
        "Fits": ("yes", "yes"),
        "Currency": ("USD", "USD"),
    }
    for column, (mine, theirs) in expected.items():
        assert (inhouse[column], host[column]) == (mine, theirs), column
    for label, (mine_cost, host_cost) in CATEGORY_CASH.items():
        assert float(inhouse[label]) == pytest.approx(mine_cost), label
        assert float(host[label]) == pytest.approx(host_cost), label


def test_net_basis_counts_the_residual_in_its_category_and_tco() -> None:
    inhouse, _ = _rows("net_of_residual")
    assert float(inhouse["Hardware"]) == pytest.approx(4000)
    assert float(inhouse["Storage"]) == pytest.approx(40)
    assert "Upgrades" not in inhouse  # 1,500 paid - 1,500 credited = 0 for every option
    assert float(inhouse["TCO"]) == pytest.approx(155602 - 7560)  # 148,042
    assert float(inhouse["Capex"]) == pytest.approx(31300)
    assert float(inhouse["Opex"]) == pytest.approx(124302)
    assert float(inhouse["Residual value"]) == pytest.approx(-7560)
    parts = float(inhouse["Capex"]) + float(inhouse["Opex"]) + float(inhouse["Residual value"])
    assert parts == pytest.approx(148042)


@pytest.mark.parametrize("basis", ["cash", "net_of_residual"])
def test_categories_add_up_to_the_tco(basis: str) -> None:
    for row in _rows(basis):
        labels = [label for label in CATEGORY_CASH if label in row]  # net: no Upgrades column
        assert len(labels) == (len(CATEGORY_CASH) if basis == "cash" else len(CATEGORY_CASH) - 1)
        total = sum(float(row[label]) for label in labels)
        assert total == pytest.approx(float(row["TCO"]), abs=0.02)


def test_a_plan_that_does_not_fit_says_why_and_names_stay_text() -> None:
    plan = {
        "provider": "=cmd",
        "plan": "Tiny",
        "price_per_user_month": 1.0,
        "mailbox_gb": 0.5,
        "attachment_mb": 10.0,
        "sla_pct": 99.9,
    }
    scenario = hand_case(name="@evil", plans=[plan])
    rows = list(
        csv.DictReader(
            io.StringIO(
                summary_csv_bytes(summary_table(scenario, project_scenario(scenario))).decode()
            )
        )
    )
    assert rows[0]["Scenario"] == "'@evil"
    assert rows[1]["Option"] == "'=cmd Tiny"
    assert rows[1]["Fits"] == "no"
    assert "attachments limited to 10 MB (25 MB needed)" in rows[1]["Notes"]  # as in the app
    assert "mailbox" in rows[1]["Notes"]


def test_report_writes_the_summary_csv_and_never_replaces_one_unasked(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "summary.csv"
    assert main(["report", "scenarios/growing_firm.toml", "--summary-csv", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["Option"] == "In-house Exchange"
    assert float(rows[0]["Residual value"]) < 0  # growing_firm keeps hardware past year 7
    assert len(rows) == 13  # in-house + the 12 catalogue plans (Plan 1 + Archiving included)
    assert main(["report", "scenarios/growing_firm.toml", "--summary-csv", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
