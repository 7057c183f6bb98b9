"""The worked examples in docstrings run as doctests, and stay collected.

pytest collects them itself (``--doctest-modules`` over ``planner`` and ``ui``, see
pyproject.toml); this file checks that the configuration still says so and that the modules
known to hold worked examples still have them, so an example cannot drop out unnoticed.
"""

from __future__ import annotations

import doctest
import importlib
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "planner.engine.sizing",
    "planner.model.files",
    "planner.analyses.uncertainty",
    "planner.cli.terminal",
    "planner.outputs.chart_style",
    "ui.formats",
]


def test_pytest_collects_the_doctests_of_planner_and_ui() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in config["addopts"]
    assert {"planner", "ui"} <= set(config["testpaths"])


@pytest.mark.parametrize("name", MODULES)
def test_the_module_still_has_worked_examples(name: str) -> None:
    tests = doctest.DocTestFinder().find(importlib.import_module(name))
    assert sum(len(t.examples) for t in tests) > 0
