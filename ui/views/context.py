"""What every view receives: the scenario on screen and its results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.model.scenario import Scenario
from ui.results import Results


@dataclass(frozen=True)
class ViewContext:
    """The scenario on screen, its cache key (see :mod:`ui.compute`) and its results."""

    scenario: Scenario
    key: str
    results: Results
    colours: Mapping[str, str]  # option label -> colour, the same in every chart

    @property
    def currency(self) -> str:
        return self.scenario.finance.currency

    @property
    def input_currency(self) -> str:
        """What money inputs (and ranges, break-even values, map axes) are typed in."""
        return self.scenario.finance.input_currency
