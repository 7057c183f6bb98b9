"""Where the draws centre: each range's median worked by hand, and the median TCO it gives.

Triangular on [a, b] with mode m (F^-1(1/2)):
    10 / 40 / 100:  m - a = 30 < (b - a) / 2 = 45, so the median is on the long side:
                    b - sqrt((b - a)(b - m) / 2) = 100 - sqrt(90 x 60 / 2) = 100 - 51.9615
                    = 48.0385 (above the mode 40: the range reaches further above it)
    0 / 80 / 100:   m - a = 80 >= 50: a + sqrt((b - a)(m - a) / 2) = sqrt(4,000) = 63.2456
PERT (lambda 4) on [a, b]: alpha = 1 + 4 (m - a) / (b - a), beta = 1 + 4 (b - m) / (b - a)
    0 / 0 / 10:     Beta(1, 5), F(x) = 1 - (1 - x)^5 = 1/2 at x = 1 - 0.5^(1/5) = 0.129449:
                    median 1.29449
    0 / 10 / 10:    Beta(5, 1), F(x) = x^5 = 1/2 at x = 0.5^(1/5) = 0.870551: median 8.70551
    0 / 2.5 / 10:   Beta(2, 4), F(x) = 1 - (1 - x)^5 - 5 x (1 - x)^4 (the binomial sum), which
                    is 1/2 at the median / 10
    -10 / 0 / 10:   symmetric: median 0 = the mode
A salary range 100,000 / 124,000 / 200,000, triangular, on the default preset (salary 124,000):
    m - a = 24,000 < (b - a) / 2 = 50,000: median = 200,000 - sqrt(100,000 x 76,000 / 2)
    = 200,000 - 61,644.14 = 138,355.86. In-house TCO rises with the salary, so the median TCO of
    the draws is the TCO at that salary (a median passes through a rising function): above the
    figure with the salary as entered, by the TCO's slope x 14,355.86.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.analyses.simulation import simulate
from planner.analyses.uncertainty import (
    evaluate,
    median_pushes,
    median_values,
    range_median,
    resolve,
    sample_range,
)
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario, with_values
from planner.model.ranges import Range
from planner.model.scenario import Scenario

GROWTH = "organisation.growth_pct_per_year"
SALARY = "staff.salary_per_fte_year"


def _growth(low: float, mode: float, high: float, shape: str = "pert") -> Range:
    return Range(field=GROWTH, low=low, mode=mode, high=high, shape=shape)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("low", "mode", "high", "median"),
    [(10, 40, 100, 100 - math.sqrt(2700)), (0, 80, 100, math.sqrt(4000))],
)
def test_a_triangular_median_is_the_closed_form(
    low: float, mode: float, high: float, median: float
) -> None:
    assert range_median(_growth(low, mode, high, "triangular")) == pytest.approx(median, abs=1e-9)


def test_pert_medians_worked_by_hand() -> None:
    assert range_median(_growth(0, 0, 10)) == pytest.approx(10 * (1 - 0.5**0.2), abs=1e-6)
    assert range_median(_growth(0, 10, 10)) == pytest.approx(10 * 0.5**0.2, abs=1e-6)
    assert range_median(_growth(-10, 0, 10)) == pytest.approx(0.0, abs=1e-6)
    x = range_median(_growth(0, 2.5, 10)) / 10  # Beta(2, 4)
    assert 1 - (1 - x) ** 5 - 5 * x * (1 - x) ** 4 == pytest.approx(0.5, abs=1e-6)


def test_the_median_of_the_draws_is_the_worked_median() -> None:
    for r in (_growth(0, 5, 12), _growth(10, 40, 100, "triangular"), _growth(0, 0, 10)):
        draws = sample_range(r, 200_000, np.random.default_rng(5))
        assert float(np.median(draws)) == pytest.approx(range_median(r), abs=0.02)


def test_a_point_range_has_its_value_as_median_and_whole_inputs_round() -> None:
    assert range_median(_growth(7, 7, 7)) == 7.0
    users = Range(field="organisation.users", low=150, mode=200, high=400, shape="triangular")
    # m - a = 50 < 125: 400 - sqrt(250 x 200 / 2) = 400 - 158.11 = 241.89 -> 242
    scenario = with_values(default_scenario(), {"uncertainty.ranges": [users.model_dump()]})
    assert median_values(resolve(scenario)).tolist() == [242.0]


def _skewed_salary() -> Scenario:
    salary = Range(field=SALARY, low=100_000, mode=124_000, high=200_000, shape="triangular")
    return with_values(default_scenario(), {"uncertainty.ranges": [salary.model_dump()]})


def test_a_skewed_range_puts_the_median_tco_above_the_figure_as_entered() -> None:
    scenario = _skewed_salary()
    inputs = resolve(scenario)
    median_salary = 200_000 - math.sqrt(100_000 * 76_000 / 2)
    assert median_salary == pytest.approx(138_355.86, abs=0.01)
    entered = summarise(project_scenario(scenario)).tco[0, 0]
    salaries = np.array([[124_000.0, 134_000.0, median_salary]])
    at = evaluate(scenario, inputs, salaries).tco[:, 0]
    assert at[0] == pytest.approx(entered)
    slope = (at[1] - at[0]) / 10_000  # TCO is linear in the salary
    pushes = median_pushes(scenario, inputs)
    assert pushes.point[0] == pytest.approx(entered)
    assert pushes.at_modes[0] == pytest.approx(entered)
    assert pushes.pushes[0, 0] == pytest.approx(slope * (median_salary - 124_000), rel=1e-9)
    sim = simulate(scenario, draws=20_000, seed=3)
    p50 = float(np.percentile(sim.tco[:, 0], 50))
    # the sample median of 20,000 draws: within 0.5% of the salary span's worth of TCO
    assert p50 == pytest.approx(entered + slope * (median_salary - 124_000), abs=slope * 500)
    assert p50 > entered * 1.02
