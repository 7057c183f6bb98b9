"""The random-scenario property run: 1,000 valid scenarios through the report and the fit.

Each scenario (tests/strategies.planner_scenarios: the whole model space, most with an
existing Exchange platform, half with segments, requirements and plan offers drawn) is
projected and turned into the report's content, its long CSV table, its summary table and
its fit analysis, and must keep these invariants:

* nothing raises; every cost, total and summary figure is finite (no NaN, no infinity);
* the cheapest option is one that fits; the fit names options that exist and that fit;
* the best mix is never dearer than the cheapest pure placement that fits and puts every
  segment where it may go: in-house (or the in-place path) or one plan for everyone (ties
  within 1e-9 of the amount; staying on an unsupported platform is no placement a mix can
  use, so it may be cheaper than any mix);
* the migration sentence and the cheapest-option sentences are one line each.

Derandomized with a fixed budget (tests/strategies._COMMON), so CI runs the same 1,000
scenarios every time. Marked slow: 66 s when measured (61 s of CPU, on a shared 2-core
machine).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import _COMMON, assert_sound, planner_scenarios

from planner.analyses.fit import assess, cheapest_lines, fix_lines
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.scenario import Scenario
from planner.outputs.content import build_content
from planner.outputs.long_table import long_table
from planner.outputs.summary_table import summary_table

RUN = settings(max_examples=1_000, **_COMMON)
TIE = 1e-9


@pytest.mark.slow
@RUN
@given(planner_scenarios())
def test_a_random_scenario_reports_and_fits(scenario: Scenario) -> None:
    p = project_scenario(scenario)
    s = summarise(p)
    assert_sound(p, s)
    cheapest = int(s.cheapest[0])
    assert s.fits[0, cheapest] or not s.fits[0].any()
    if p.mix_index is not None and p.allowed is not None and bool(s.fits[0, p.mix_index]):
        places = range(1 + len(scenario.plans))
        pure = [float(s.tco[0, j]) for j in places if s.fits[0, j] and p.allowed[:, j].all()]
        if pure:
            mix, single = float(s.tco[0, p.mix_index]), min(pure)
            assert mix <= single + TIE * abs(single), (mix, single)
    table = long_table(p, scenario.name, scenario.finance.currency)
    assert np.isfinite(table["cost"].to_numpy()).all()
    numbers = summary_table(scenario, p, s).select_dtypes("number")
    assert np.isfinite(numbers.drop(columns=["Break-even year"], errors="ignore")).all().all()
    content = build_content(scenario, p, s)
    assert all("\n" not in note for note in content.notes)
    fit = assess(scenario, p)
    assert len(fit.tco) == len(fit.options) == len(fit.fits_as_is)
    assert np.isfinite(fit.tco).all()
    assert 0 <= fit.cheapest_on_cost < len(p.options)
    if fit.cheapest_meeting_all is not None:
        assert fit.fits_as_is[fit.cheapest_meeting_all]
    for row, option in zip(fit.matrix.option_index, fit.matrix.options, strict=True):
        assert fit.options[row] == option
    for line in (*cheapest_lines(fit), *fix_lines(fit)):
        assert "\n" not in line, line
        assert "nan" not in line.lower(), line
