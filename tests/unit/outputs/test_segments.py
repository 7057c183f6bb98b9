"""Segments in the outputs: the CSV's ``segment`` column, the report's Segments section, the
workbook's Segments sheet, the HTML section and ``planner report``'s listing.

Hand numbers. The two-segment hand case (tests/unit/hand_case.py with segments A: 60 users,
1 GB mailboxes, and B: 40 users, 4 GB; no growth of either, so every year has the same
shares): per-segment lines are split by users (A 60/100 = 0.6, B 0.4), hardware and storage
by mailbox GB (A 60 x 1 = 60 GB, B 40 x 4 = 160 GB: A 60/220, B 160/220). The hybrid costs
of a mix with A in-house and B hosted, on the hand case's cash basis, 2 operating years, no
inflation: set-up 6,000 (year 0) + directory-sync host 2,200 (bought in year 0 for year 1;
refresh 5 years > horizon, so bought once) + running 3,000 x 2 years = 14,200.
"""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
import tomli_w
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.engine.projection import Projection, project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import SCENARIOS_DIR
from planner.model.files import from_data, load_scenario
from planner.model.scenario import Scenario
from planner.outputs.cells import FORMULA_TRIGGERS
from planner.outputs.content import build_content
from planner.outputs.html import html_bytes
from planner.outputs.long_table import CSV_COLUMNS, csv_bytes, long_table
from planner.outputs.segments import (
    NO_HOSTED,
    NO_INHOUSE,
    NONE_FITS,
    NOT_ALLOWED,
    segment_section,
)
from planner.outputs.xlsx import SEGMENTS, SHEETS, workbook_bytes
from tests.unit.hand_case import hand_case

PRESET = SCENARIOS_DIR / "segments_hybrid.toml"
KIOSK = "Microsoft Exchange Online Kiosk (typed quote)"
PLAN1 = "Microsoft Exchange Online Plan 1"
PLAN2 = "Microsoft Exchange Online Plan 2"
PREMIUM = "WorldPosta Premium (illustrative)"
HOST = "Test Host"
SEGMENTS_AB = [
    {"name": "A", "users": 60, "mailbox_gb": 1.0, "growth_pct_per_year": 0.0,
     "mailbox_growth_gb_per_year": 0.0},
    {"name": "B", "users": 40, "mailbox_gb": 4.0, "growth_pct_per_year": 0.0,
     "mailbox_growth_gb_per_year": 0.0},
]  # fmt: skip
USER_SHARE = {"A": 0.6, "B": 0.4}
GB_SHARE = {"A": 60 / 220, "B": 160 / 220}
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def preset_data() -> dict[str, Any]:
    return tomllib.loads(PRESET.read_text(encoding="utf-8"))


def preset_with(**segment_changes: dict[str, Any]) -> Scenario:
    """The preset with some segments' fields changed (keyed by the segment's position)."""
    data = preset_data()
    for key, fields in segment_changes.items():
        data["segments"][int(key.removeprefix("s"))].update(fields)
    return from_data(data, "preset variant")


def two_segments(**fields: Any) -> Scenario:
    segments = [dict(seg) for seg in SEGMENTS_AB]
    for name, extra in fields.items():
        next(seg for seg in segments if seg["name"] == name).update(extra)
    return hand_case(segments=segments)


@pytest.fixture(scope="module")
def preset() -> tuple[Scenario, Projection]:
    scenario = load_scenario(PRESET)
    return scenario, project_scenario(scenario)


@pytest.fixture(scope="module")
def hybrid() -> tuple[Scenario, Projection]:
    """Hand case, A may only stay in-house, B may only go to Test Host: a forced hybrid."""
    scenario = two_segments(A={"allowed": ["in-house"]}, B={"allowed": [HOST]})
    return scenario, project_scenario(scenario)


class TestLongTable:
    def test_segment_column_follows_option(self) -> None:
        assert CSV_COLUMNS.index("segment") == CSV_COLUMNS.index("option") + 1

    def test_without_segments_one_segment_everyone_and_the_rows_of_before(self) -> None:
        scenario = load_scenario(SCENARIOS_DIR / "default.toml")
        p = project_scenario(scenario)
        table = long_table(p, scenario.name, "USD")
        assert set(table["segment"]) == {"everyone"}
        whole = long_table(p, scenario.name, "USD", by_segment=False)
        pd.testing.assert_frame_equal(table, whole)

    def test_rows_split_by_users_and_by_mailbox_gb(self) -> None:
        scenario = two_segments()
        p = project_scenario(scenario)
        table = long_table(p, scenario.name, "USD")
        whole = long_table(p, scenario.name, "USD", by_segment=False)
        assert set(table["segment"]) == {"A", "B"}
        keys = ["option", "category", "kind", "year"]
        pure = whole[whole["option"] != "Best mix"]
        for segment in ("A", "B"):
            mine = table[table["segment"] == segment].set_index(keys)["cost"]
            for row in pure.itertuples(index=False):
                by_gb = row.category in ("hardware", "storage")
                share = (GB_SHARE if by_gb else USER_SHARE)[segment]
                got = mine.get((row.option, row.category, row.kind, row.year), 0.0)
                assert got == pytest.approx(row.cost * share, abs=0.011), (segment, row)

    def test_segments_add_up_to_the_option_line(self, preset: tuple[Scenario, Projection]) -> None:
        scenario, p = preset
        table = long_table(p, scenario.name, "USD")
        whole = long_table(p, scenario.name, "USD", by_segment=False)
        keys = ["option", "category", "kind", "year"]
        summed = table.groupby(keys, sort=False)["cost"].sum()
        base = whole.set_index(keys)["cost"]
        assert set(summed.index) == set(base.index)
        # each segment's row is rounded to cents: at most 3 x half a cent apart
        assert np.abs(summed.reindex(base.index) - base).max() <= 3 * 0.005 + 1e-9

    def test_option_totals_are_the_summary_tco(self, preset: tuple[Scenario, Projection]) -> None:
        scenario, p = preset
        s = summarise(p)
        table = long_table(p, scenario.name, "USD")
        totals = table.groupby("option", sort=False)["cost"].sum()  # net of residual basis
        for j, option in enumerate(p.options):
            assert totals[option] == pytest.approx(float(s.tco[0, j]), abs=0.01 * len(table))

    def test_every_listed_segment_line_is_non_zero_in_some_year(
        self, preset: tuple[Scenario, Projection]
    ) -> None:
        scenario, p = preset
        table = long_table(p, scenario.name, "USD")
        used = table.groupby(["option", "segment", "category", "kind"])["cost"].apply(
            lambda c: bool((c.abs() > 0).any())
        )
        assert used.all()
        # the best mix hosts every segment: no in-house server line in it
        mix = table[table["option"] == "Best mix"]
        assert "licences" not in set(mix[mix["kind"] == "capital"]["category"])

    def test_formula_like_segment_name_gets_an_apostrophe(self) -> None:
        scenario = two_segments(A={"name": "=cmd"})
        p = project_scenario(scenario)
        rows = list(csv.reader(io.StringIO(csv_bytes([long_table(p, "x", "USD")]).decode())))
        assert {r[3] for r in rows[1:]} == {"'=cmd", "B"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.integers(1, 98),
    second_share=st.floats(0.0, 1.0),
    mailboxes=st.lists(st.floats(0.1, 60.0), min_size=3, max_size=3),
    growths=st.lists(st.floats(-20.0, 40.0), min_size=3, max_size=3),
)
def test_segment_rows_always_add_up_to_the_option_line(
    first: int, second_share: float, mailboxes: list[float], growths: list[float]
) -> None:
    """Any three segments of the hand case's 100 users: summed over the segments, every
    option's line in every year is the option's line (each row rounded to cents)."""
    second = 1 + round(second_share * (98 - first))
    users = [first, second, 100 - first - second]
    segments = [
        {"name": f"S{k}", "users": n, "mailbox_gb": m, "growth_pct_per_year": g}
        for k, (n, m, g) in enumerate(zip(users, mailboxes, growths, strict=True))
    ]
    p = project_scenario(hand_case(segments=segments))
    table = long_table(p, "x", "USD")
    whole = long_table(p, "x", "USD", by_segment=False).set_index(
        ["option", "category", "kind", "year"]
    )["cost"]
    summed = table.groupby(["option", "category", "kind", "year"])["cost"].sum()
    gap = summed.reindex(whole.index, fill_value=0.0) - whole
    assert np.abs(gap).max() <= 3 * 0.005 + 1e-9
    assert set(summed.index) <= set(whole.index)


class TestContent:
    def test_no_section_without_segments(self) -> None:
        content = build_content(load_scenario(SCENARIOS_DIR / "default.toml"))
        assert content.segments is None

    def test_preset_placement_table(self, preset: tuple[Scenario, Projection]) -> None:
        scenario, p = preset
        section = segment_section(scenario, p, summarise(p))
        assert section is not None
        # 1,200 users x 55% / 40% / 5%; mailboxes as the preset sets them
        assert [(r.segment, r.users_today, r.mailbox_gb_today) for r in section.rows] == [
            ("Frontline", 660.0, 0.5),
            ("Office", 480.0, 8.0),
            ("Executives and legal", 60.0, 40.0),
        ]
        # Executives on Plan 2, not WorldPosta Premium: a third provider beside Microsoft costs
        # a cross-organisation set-up and running cost (6,000 + 5 x 3,000 before inflation)
        assert [r.best_mix for r in section.rows] == [KIOSK, PLAN1, PLAN2]
        assert {r.best_inhouse for r in section.rows} == {"In-house Exchange"}
        assert [r.best_hosted for r in section.rows] == [KIOSK, PLAN1, PLAN2]
        assert not section.is_hybrid
        assert section.hybrid_costs == ()
        assert section.hybrid_tco == 0
        # 3 segments on 1 + 6 places: 7^3 placements
        assert section.placements_searched == 343

    def test_preset_placements_side_by_side(self, preset: tuple[Scenario, Projection]) -> None:
        scenario, p = preset
        s = summarise(p)
        section = segment_section(scenario, p, s)
        assert section is not None
        tco = dict(zip(p.options, s.tco[0].tolist(), strict=True))
        best, inhouse, hosted, pure = section.placements
        assert best.tco == pytest.approx(tco["Best mix"])
        assert inhouse.tco == pytest.approx(tco["In-house Exchange"])  # everyone in-house
        assert hosted.tco == pytest.approx(tco["Best mix"])  # the best mix is all-hosted
        # Executives and legal may only use in-house, Plan 2 and Premium: the pure options
        # every segment may use are those three; Premium is the cheapest of them
        assert pure.option == PREMIUM
        assert pure.tco == pytest.approx(min(tco[o] for o in ("In-house Exchange", PLAN2, PREMIUM)))
        assert "less than the best pure option, " + PREMIUM in section.summary

    def test_tco_per_segment_adds_up_to_each_option(
        self, preset: tuple[Scenario, Projection]
    ) -> None:
        scenario, p = preset
        s = summarise(p)
        section = segment_section(scenario, p, s)
        assert section is not None
        table = section.tco_by_segment
        assert list(table["segment"]) == ["Frontline", "Office", "Executives and legal", "Total"]
        for j, option in enumerate(p.options):
            column = table[option].to_numpy()
            assert column[-1] == pytest.approx(float(s.tco[0, j]))
            assert column[:-1].sum() == pytest.approx(column[-1])

    def test_tco_per_segment_by_hand_shares(self) -> None:
        scenario = two_segments()
        p = project_scenario(scenario)
        s = summarise(p)
        section = segment_section(scenario, p, s)
        assert section is not None
        table = section.tco_by_segment.set_index("segment")
        # Test Host: every hosted line is split by users (no hardware or storage lines)
        assert table.loc["A", HOST] == pytest.approx(0.6 * float(s.tco[0, 1]))
        assert table.loc["B", HOST] == pytest.approx(0.4 * float(s.tco[0, 1]))

    def test_forced_hybrid_by_hand(self, hybrid: tuple[Scenario, Projection]) -> None:
        scenario, p = hybrid
        section = segment_section(scenario, p, summarise(p))
        assert section is not None
        assert [(r.segment, r.best_mix) for r in section.rows] == [
            ("A", "In-house Exchange"),
            ("B", HOST),
        ]
        assert section.is_hybrid
        costs = dict(section.hybrid_costs)
        assert costs["Hybrid set-up (year 0)"] == pytest.approx(6000.0)
        assert costs["Directory-sync host, bought for year 1 and at each refresh"] == pytest.approx(
            2200.0
        )
        assert costs["Hybrid running, every operating year"] == pytest.approx(3000.0 * 2)
        assert section.hybrid_tco == pytest.approx(14_200.0)
        assert not any("value left" in label for label in costs)  # cash basis: not counted
        # B may not stay in-house and A may not be hosted: neither pure placement exists
        assert [r.best_inhouse for r in section.rows] == [NOT_ALLOWED, NOT_ALLOWED]
        assert [r.best_hosted for r in section.rows] == [NONE_FITS, NONE_FITS]
        _, inhouse, hosted, pure = section.placements
        assert (inhouse.option, inhouse.tco) == (NO_INHOUSE, None)
        assert (hosted.option, hosted.tco) == (NO_HOSTED, None)
        assert pure.tco is None
        assert "a hybrid: 1 of 2 segments hosted" in section.summary
        assert "14,200 USD of hybrid costs" in section.summary

    def test_recommendation_names_the_placement(self) -> None:
        content = build_content(load_scenario(PRESET))
        # 1,371,080.43 - 529,715.49 = 841,364.94 -> 841,365; / 1,371,080 = 0.614 -> 61%
        assert content.recommendation == (
            f"On cost alone, use the best mix of segments (Frontline on {KIOSK}, Office on "
            f"{PLAN1}, Executives and legal on {PLAN2}): over 5 years it costs 529,715 USD, "
            "841,365 USD (61%) less than running Exchange in-house (1,371,080 USD)."
        )

    def test_recommendation_of_a_hybrid(self) -> None:
        # executives send 200 MB attachments: no plan takes them (150 MB at most), so every
        # pure hosted option is unfit and the mix keeps them in-house
        scenario = preset_with(s2={"attachment_mb_needed": 200.0})
        content = build_content(scenario)
        assert content.recommendation.startswith(
            f"On cost alone, use the best mix of segments (Frontline on {KIOSK}, Office on "
            f"{PLAN1}, Executives and legal in-house): a hybrid, over 5 years it costs "
        )
        assert "illustrative" not in content.recommendation

    def test_only_the_first_batch_element_has_a_section(
        self, preset: tuple[Scenario, Projection]
    ) -> None:
        scenario, p = preset
        assert segment_section(scenario, p, summarise(p), index=1) is None


def workbook_of(scenario: Scenario) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_content(scenario))))


def sheet_rows(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


class TestWorkbook:
    def test_no_segments_sheet_without_segments(self) -> None:
        book = workbook_of(load_scenario(SCENARIOS_DIR / "small_office.toml"))
        assert book.sheetnames == list(SHEETS)

    def test_segments_sheet(self, preset: tuple[Scenario, Projection]) -> None:
        scenario, p = preset
        s = summarise(p)
        book = workbook_of(scenario)
        assert book.sheetnames == [*SHEETS, SEGMENTS]
        rows = sheet_rows(book[SEGMENTS])
        start = next(i for i, r in enumerate(rows) if r[0] == "Segment")
        assert rows[start + 1][:6] == [
            "Frontline",
            660,
            0.5,
            KIOSK,
            "In-house Exchange",
            KIOSK,
        ]
        placements = next(i for i, r in enumerate(rows) if r[0] == "Placement")
        assert rows[placements + 1][0] == "Best mix"
        assert rows[placements + 1][2] == pytest.approx(float(s.tco[0, -1]))
        assert rows[placements + 4][:2] == ["Best pure option", PREMIUM]
        tco = 1 + next(i for i, r in enumerate(rows) if str(r[0]).startswith("TCO per segment"))
        assert rows[tco][1 : 1 + len(p.options)] == list(p.options)
        total = rows[tco + 4]
        assert total[0] == "Total"
        assert total[1 : 1 + len(p.options)] == pytest.approx(s.tco[0].tolist())

    def test_hybrid_costs_on_the_sheet(self, hybrid: tuple[Scenario, Projection]) -> None:
        scenario, _ = hybrid
        rows = sheet_rows(workbook_of(scenario)[SEGMENTS])
        start = next(i for i, r in enumerate(rows) if r[0] == "Hybrid cost")
        assert rows[start + 1][:2] == ["Hybrid set-up (year 0)", 6000]
        total = next(r for r in rows[start:] if r[0] == "Total")
        assert total[1] == pytest.approx(14_200.0)

    def test_formula_like_segment_name_stays_text(self) -> None:
        book = workbook_of(two_segments(A={"name": FORMULA}))
        ws = book[SEGMENTS]
        cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
        assert len(cells) == 3  # the placement, requirements and TCO tables
        for cell in cells:
            assert cell.data_type == "s"
            assert cell.quotePrefix
        assert FORMULA.startswith(FORMULA_TRIGGERS)


def soup(scenario: Scenario) -> tuple[str, Any]:
    """The page's text and its parse tree (typed Any: bs4's find() may return None)."""
    text = html_bytes(build_content(scenario)).decode("utf-8")
    return text, BeautifulSoup(text, "html.parser")


class TestHtml:
    def test_no_section_without_segments(self) -> None:
        _, page = soup(load_scenario(SCENARIOS_DIR / "small_office.toml"))
        assert page.find(id="segments") is None

    def test_section_tables(self, preset: tuple[Scenario, Projection]) -> None:
        scenario, p = preset
        s = summarise(p)
        _, page = soup(scenario)
        section = page.find(id="segments")
        assert section is not None
        first = section.find(id="segments-table").find("tbody").find("tr")
        assert [td.get_text() for td in first.find_all("td")] == [
            "Frontline",
            "660",
            "0.50",
            KIOSK,
            "In-house Exchange",
            KIOSK,
        ]
        total = section.find(id="segment-tco-table").find_all("tr")[-1]
        values = [float(td["data-value"]) for td in total.find_all("td", class_="num")]
        assert values == pytest.approx(s.tco[0].tolist())
        assert "not a hybrid" in section.get_text()

    def test_hybrid_table(self, hybrid: tuple[Scenario, Projection]) -> None:
        scenario, _ = hybrid
        _, page = soup(scenario)
        rows = page.find(id="hybrid-table").find("tbody").find_all("tr")
        assert float(rows[-1].find("td", class_="num")["data-value"]) == pytest.approx(14_200.0)

    def test_script_in_a_segment_name_is_inert(self) -> None:
        text, page = soup(two_segments(A={"name": SCRIPT}))
        assert SCRIPT not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        cells = page.find(id="segments-table").find_all("td")
        assert cells[0].get_text() == SCRIPT  # shown as the text typed


class TestCli:
    def test_report_lists_the_segments(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["report", str(PRESET)]) == 0
        out = capsys.readouterr().out
        assert "Segments: the best mix, searched exactly over 343 placements in " in out
        lines = out.splitlines()
        row = next(line for line in lines if line.startswith("Frontline "))
        assert row.split()[1:3] == ["660", "0.50"]
        assert row.endswith(KIOSK)
        assert next(line for line in lines if line.startswith("Office ")).endswith(PLAN1)
        assert next(line for line in lines if line.startswith("Executives and legal")).endswith(
            PLAN2
        )
        s = summarise(project_scenario(load_scenario(PRESET)))
        inhouse = next(line for line in lines if line.startswith("Best all-in-house"))
        assert f"{round(float(s.tco[0, 0])):,} USD  every segment: In-house Exchange" in inhouse
        hosted = next(line for line in lines if line.startswith("Best all-hosted"))
        assert hosted.endswith("the same placement as the best mix")
        pure = next(line for line in lines if line.startswith("Best pure option"))
        assert pure.endswith(PREMIUM)
        assert "The best mix is not a hybrid" in out

    def test_report_without_segments_has_no_listing(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["report", str(SCENARIOS_DIR / "small_office.toml")]) == 0
        assert "Segments:" not in capsys.readouterr().out

    def test_hybrid_listing_and_inert_names(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        data = preset_data()
        data["segments"][2]["allowed"] = ["in-house"]
        data["segments"][0]["name"] = "=Front <i>line</i>"  # control characters are refused
        path = tmp_path / "hybrid.toml"

        path.write_bytes(tomli_w.dumps(data).encode("utf-8"))
        assert main(["report", str(path)]) == 0
        out = capsys.readouterr().out
        assert "=Front <i>line</i>" in out
        assert "The best mix is a hybrid; its hybrid costs over the horizon (USD):" in out
        assert "  Hybrid set-up (year 0): 6,000" in out
        assert next(
            line for line in out.splitlines() if line.startswith("Executives and legal")
        ).endswith("In-house Exchange")
        assert "Best all-hosted" in out
        assert NO_HOSTED in out

    def test_batch_with_a_segments_scenario(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = tmp_path / "in"
        folder.mkdir()
        for name in ("segments_hybrid.toml", "small_office.toml"):
            (folder / name).write_bytes((SCENARIOS_DIR / name).read_bytes())
        out = tmp_path / "all.csv"
        assert main(["batch", str(folder), "--csv", str(out)]) == 0
        printed = capsys.readouterr().out
        s = summarise(project_scenario(load_scenario(PRESET)))
        assert f"cheapest that fits: Best mix {round(float(s.tco[0, -1])):,} USD" in printed
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        by_scenario: dict[str, set[str]] = {}
        for row in rows:
            by_scenario.setdefault(row["scenario"], set()).add(row["segment"])
        assert by_scenario["Small office (25 users)"] == {"everyone"}
        assert by_scenario["Segments and hybrid (1,200 users in three groups)"] == {
            "Frontline",
            "Office",
            "Executives and legal",
        }
