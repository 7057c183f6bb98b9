"""``planner report --csv/--xlsx/--html`` and ``planner batch``: files, exit codes, --force."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from planner.cli import main
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import SCENARIOS_DIR
from planner.model.files import load_scenario
from planner.outputs.long_table import CSV_COLUMNS
from planner.outputs.xlsx import SHEETS, SUMMARY

SMALL = str(SCENARIOS_DIR / "small_office.toml")


class TestReport:
    def test_writes_all_three_reports(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = {kind: tmp_path / f"r.{kind}" for kind in ("csv", "xlsx", "html")}
        argv = ["report", SMALL]
        for kind, path in out.items():
            argv += [f"--{kind}", str(path)]
        assert main(argv) == 0
        printed = capsys.readouterr().out
        for path in out.values():
            assert path.is_file()
            assert str(path) in printed
        s = summarise(project_scenario(load_scenario(SMALL)))
        book = openpyxl.load_workbook(out["xlsx"])
        assert book.sheetnames == list(SHEETS)
        texts = [c for r in book[SUMMARY].iter_rows(values_only=True) for c in r]
        assert any(isinstance(c, float) and c == pytest.approx(s.tco[0, 0]) for c in texts)
        soup = BeautifulSoup(out["html"].read_text("utf-8"), "html.parser")
        assert f"{round(s.tco[0, 0]):,}" in soup.find(id="options-table").get_text()
        assert "Generated on" in soup.get_text()
        rows = list(csv.DictReader(io.StringIO(out["csv"].read_text("utf-8"))))
        assert tuple(rows[0]) == CSV_COLUMNS

    @pytest.mark.parametrize("kind", ["csv", "xlsx", "html"])
    def test_an_existing_file_is_not_replaced_without_force(
        self, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        target = tmp_path / f"keep.{kind}"
        target.write_bytes(b"precious")
        other = tmp_path / "other.html" if kind != "html" else tmp_path / "other.csv"
        other_kind = other.suffix[1:]
        code = main(["report", SMALL, f"--{kind}", str(target), f"--{other_kind}", str(other)])
        assert code == 2
        assert target.read_bytes() == b"precious"
        assert not other.exists()  # nothing is written when one target is refused
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert str(target) in err[0]
        assert "--force" in err[0]

    def test_force_replaces_an_existing_file(self, tmp_path: Path) -> None:
        target = tmp_path / "r.xlsx"
        target.write_bytes(b"old")
        assert main(["report", SMALL, "--xlsx", str(target), "--force"]) == 0
        assert openpyxl.load_workbook(target).sheetnames == list(SHEETS)

    def test_two_outputs_on_one_path_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        same = str(tmp_path / "r.out")
        assert main(["report", SMALL, "--csv", same, "--html", same]) == 2
        assert "two outputs" in capsys.readouterr().err
        assert not Path(same).exists()

    def test_missing_folder_is_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["report", SMALL, "--html", str(tmp_path / "no" / "r.html")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert "does not exist" in err[0]


def presets(folder: Path) -> Path:
    folder.mkdir()
    for path in SCENARIOS_DIR.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    return folder


class TestBatch:
    def test_every_file_into_one_csv(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = presets(tmp_path / "in")
        out = tmp_path / "all.csv"
        assert main(["batch", str(folder), "--csv", str(out)]) == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
        assert tuple(rows[0]) == CSV_COLUMNS
        names = {load_scenario(p).name for p in folder.glob("*.toml")}
        assert {r["scenario"] for r in rows} == names
        assert capsys.readouterr().err == ""

    def test_bad_files_are_skipped_one_line_each_and_exit_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = presets(tmp_path / "in")
        (folder / "bad_value.toml").write_text("[organisation]\nusers = -3\n")
        (folder / "not_toml.toml").write_text("this is = = not toml\n")
        out = tmp_path / "all.csv"
        assert main(["batch", str(folder), "--csv", str(out)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        skipped = [line for line in err if line.startswith("planner: skipped:")]
        assert len(skipped) == 2
        assert any("bad_value.toml" in line and "organisation.users" in line for line in skipped)
        assert any("not_toml.toml" in line for line in skipped)
        rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
        assert len({r["scenario"] for r in rows}) == len(list(SCENARIOS_DIR.glob("*.toml")))

    def test_nothing_good_is_exit_2_and_no_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "bad.toml").write_text("name = 5\n")
        out = tmp_path / "all.csv"
        assert main(["batch", str(folder), "--csv", str(out)]) == 2
        assert not out.exists()
        assert "no scenario file could be evaluated" in capsys.readouterr().err

    @pytest.mark.parametrize("make", ["missing", "empty", "file"])
    def test_no_folder_of_scenarios_is_exit_2(
        self, make: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = tmp_path / "in"
        if make == "empty":
            folder.mkdir()
        elif make == "file":
            folder.write_text("x")
        assert main(["batch", str(folder), "--csv", str(tmp_path / "all.csv")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert str(folder) in err[0]

    def test_existing_csv_is_kept_without_force(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = presets(tmp_path / "in")
        out = tmp_path / "all.csv"
        out.write_text("keep me")
        assert main(["batch", str(folder), "--csv", str(out)]) == 2
        assert out.read_text() == "keep me"
        assert "--force" in capsys.readouterr().err
        assert main(["batch", str(folder), "--csv", str(out), "--force"]) == 0
        assert out.read_text().startswith(",".join(CSV_COLUMNS))
