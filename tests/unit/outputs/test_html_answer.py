"""The HTML report and the command line open with the answer: the sentence, its numbers and
what would change it, the same words as the analysis gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from planner.analyses.recommendation import answer_of
from planner.cli import main
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import SCENARIOS_DIR
from planner.model.files import load_scenario
from planner.outputs import build_content, html_bytes

PRESET = SCENARIOS_DIR / "existing_exchange_2019.toml"


def test_the_report_starts_with_the_answer() -> None:
    s = load_scenario(PRESET)
    p = project_scenario(s)
    answer = answer_of(s, p, summarise(p))
    page = BeautifulSoup(html_bytes(build_content(s, p)), "html.parser")
    first = page.find("section")
    assert first is not None
    assert first.get("id") == "recommendation"
    assert first.find("p", class_="recommendation").get_text() == answer.sentence
    numbers = [li.get_text() for li in first.select("#answer-numbers li")]
    assert len(numbers) == 3
    assert numbers[2].startswith("Difference over 5 years: ")
    drivers = [li.get_text() for li in first.select("#drivers li")]
    assert drivers == [d.sentence for d in answer.drivers]
    assert len(drivers) == 2


def test_a_report_of_another_batch_element_keeps_its_own_sentence() -> None:
    s = load_scenario(PRESET)
    content = build_content(s, project_scenario(s))
    assert content.answer is not None
    assert content.answer.sentence.startswith("Move to ")


def test_planner_report_prints_the_answer_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["report", str(PRESET)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == ""
    assert lines[2].startswith("Answer: Move to ")
    assert lines[6] == "What would change the answer:"
    assert lines[7].startswith("  - ")
