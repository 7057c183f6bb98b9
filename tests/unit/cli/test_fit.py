"""``planner fit`` and the two "cheapest" lines of ``planner report``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner.cli import main
from planner.model.defaults import SCENARIOS_DIR

DEMANDING = """name = "Demanding"
[requirements]
mailbox_quota_gb = 60.0
needs_litigation_hold = true
support_hours = "24x7"
"""


def _scenario(tmp_path: Path, text: str = DEMANDING) -> str:
    path = tmp_path / "s.toml"
    path.write_text(text)
    return str(path)


def test_fit_writes_the_matrix_with_the_documented_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fit.csv"
    assert main(["fit", _scenario(tmp_path), "--csv", str(out)]) == 0
    text = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == ("option", "requirement", "required", "offered", "meets")
    assert {r["meets"] for r in rows} == {"yes", "no", "unknown"}
    # Plan 2: 100 GB, litigation hold, 24/7 support -> meets all three.
    plan2 = {r["requirement"]: r for r in rows if r["option"] == "Microsoft Exchange Online Plan 2"}
    assert plan2["Mailbox quota needed"]["offered"] == "100 GB"
    assert plan2["Litigation hold / eDiscovery"]["meets"] == "yes"
    assert plan2["Support hours needed"]["meets"] == "yes"
    # WorldPosta states no litigation hold: unknown, never yes.
    basic = {r["requirement"]: r for r in rows if r["option"] == "WorldPosta Basic (illustrative)"}
    assert basic["Litigation hold / eDiscovery"]["meets"] == "unknown"
    assert basic["Mailbox quota needed"]["meets"] == "no"
    made = [r for r in rows if r["option"] == "In-house Exchange, made to fit"]
    assert made
    assert {r["meets"] for r in made} == {"yes"}
    assert "Cheapest option that meets every requirement: Microsoft Exchange Online Plan 2" in text
    assert "In-house made to fit: storage sized for 60 GB a user" in text


def test_fit_refuses_to_overwrite_and_names_a_bad_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fit.csv"
    out.write_text("keep me")
    assert main(["fit", _scenario(tmp_path), "--csv", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    bad = _scenario(tmp_path, '[requirements]\nsupport_hours = "always"\n')
    assert main(["fit", bad]) == 2
    err = capsys.readouterr().err
    assert "Support hours needed (requirements.support_hours) = 'always'" in err
    assert "Traceback" not in err


def test_report_prints_both_cheapest_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SCENARIOS_DIR / "default.toml")]) == 0
    text = capsys.readouterr().out
    assert "Cheapest on cost alone: WorldPosta Basic (illustrative)" in text
    assert "Cheapest option that meets every requirement: WorldPosta Basic (illustrative)" in text
