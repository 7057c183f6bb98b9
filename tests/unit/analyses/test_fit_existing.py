"""Capability fit from an existing platform: the stay option has no offers of its own.

From Exchange 2019 the options are upgrade in place (in-house), every plan, and "Stay on
Exchange 2019 (unsupported)" last. The fit matrix covers in-house and the plans; the stay
option is left out of it (it offers nothing a requirement could be checked against, and
running unpatched is not a way to meet one), while the cost-alone answer still sees it.
"""

from __future__ import annotations

from planner.analyses.fit import assess
from planner.engine.projection import project_scenario
from planner.model.defaults import preset_files
from planner.model.files import load_scenario


def test_the_fit_matrix_of_an_existing_platform_leaves_the_stay_option_out() -> None:
    scenario = load_scenario(preset_files()["existing_exchange_2019"])
    p = project_scenario(scenario)
    stay = p.options[-1]
    assert stay.startswith("Stay on Exchange 2019")
    fit = assess(scenario, p)
    assert stay not in fit.matrix.options
    assert len(fit.matrix.options) == 1 + len(scenario.plans)
    stay_index = fit.options.index(stay)
    assert fit.tco[stay_index] > 0  # the cost-alone view still prices it
    assert fit.cheapest_meeting_all != stay_index
