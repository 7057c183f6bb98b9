"""The worked examples in the engine's docstrings run as doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "planner.engine.sizing",
    "planner.model.files",
    "planner.analyses.uncertainty",
    "planner.cli.terminal",
    "planner.outputs.chart_style",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
