"""Evaluating a folder of scenario files into one combined long table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner.cli.batch import evaluate_folder, scenario_paths
from planner.errors import ScenarioFileError

SMALL = """name = "{name}"
[organisation]
users = {users}
growth_pct_per_year = 0.0
horizon_years = 2
"""


def write(folder: Path, stem: str, name: str, users: int = 25) -> Path:
    path = folder / f"{stem}.toml"
    path.write_text(SMALL.format(name=name, users=users))
    return path


def test_files_are_read_in_name_order_and_other_files_ignored(tmp_path: Path) -> None:
    write(tmp_path, "b", "Bee")
    write(tmp_path, "a", "Ay")
    (tmp_path / "notes.txt").write_text("not a scenario")
    (tmp_path / "sub.toml").mkdir()
    assert [p.name for p in scenario_paths(tmp_path)] == ["a.toml", "b.toml"]


def test_each_file_gets_its_own_scenario_rows(tmp_path: Path) -> None:
    """Two years: each scenario has years 0, 1, 2 on every line it uses."""
    write(tmp_path, "a", "Ay", users=25)
    write(tmp_path, "b", "Bee", users=40)
    report = evaluate_folder(tmp_path)
    assert report.problems == ()
    assert report.notes == ()
    assert [e.scenario for e in report.evaluated] == ["Ay", "Bee"]
    rows = list(csv.DictReader(io.StringIO(report.csv().decode("utf-8"))))
    assert [r["scenario"] for r in rows[:1]] == ["Ay"]
    assert {r["year"] for r in rows} == {"0", "1", "2"}
    assert sum(1 for r in rows if r["scenario"] == "Ay") == len(report.tables[0])
    assert report.rows() == len(rows)


def test_a_repeated_scenario_name_is_labelled_with_its_file(tmp_path: Path) -> None:
    write(tmp_path, "a", "Same")
    write(tmp_path, "b", "Same")
    report = evaluate_folder(tmp_path)
    assert [e.scenario for e in report.evaluated] == ["Same", "Same [b.toml]"]
    assert len(report.notes) == 1
    assert "b.toml" in report.notes[0]


def test_a_bad_file_is_one_problem_naming_file_and_field(tmp_path: Path) -> None:
    write(tmp_path, "good", "Good")
    bad = write(tmp_path, "bad", "Bad", users=0)
    report = evaluate_folder(tmp_path)
    assert [e.scenario for e in report.evaluated] == ["Good"]
    (problem,) = report.problems
    assert problem.startswith(str(bad))
    assert "organisation.users" in problem
    assert "\n" not in problem


def test_formula_like_scenario_names_are_inert_in_the_csv(tmp_path: Path) -> None:
    write(tmp_path, "a", "=1+2")
    rows = list(csv.DictReader(io.StringIO(evaluate_folder(tmp_path).csv().decode("utf-8"))))
    assert {r["scenario"] for r in rows} == {"'=1+2"}


def test_no_scenarios_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioFileError, match=r"no scenario files \(\*\.toml\)"):
        evaluate_folder(tmp_path)
