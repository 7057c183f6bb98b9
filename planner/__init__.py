"""Exchange Cost Planner: in-house Exchange against hosted plans, year by year.

The package never imports streamlit. Flow of data, stage by stage (docs/ARCHITECTURE.md):
scenario files -> :mod:`planner.model.files` -> :class:`Scenario` -> :class:`Batch`
(:mod:`planner.engine.scenario_arrays`) -> :func:`project` -> :func:`summarise`, then the
analyses (:mod:`planner.analyses`), the reports (:mod:`planner.outputs`) and the command line
(:mod:`planner.cli`).
"""

from planner.analyses.breakeven_map import BreakevenMap, breakeven_map
from planner.analyses.sensitivity import BreakEven, Tornado, breakeven_values, tornado
from planner.analyses.simulation import Simulation, simulate
from planner.engine.categories import CATEGORIES, LINES, Line
from planner.engine.projection import INHOUSE, Projection, project, project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary, summarise
from planner.errors import (
    CatalogueError,
    OutputError,
    PlannerError,
    ScenarioError,
    ScenarioFileError,
    ScenarioValueError,
)
from planner.model.defaults import assumptions, catalogue, preset_files
from planner.model.files import (
    default_scenario,
    from_data,
    load_scenario,
    parse_text,
    save_scenario,
    to_toml,
    with_values,
)
from planner.model.ranges import Range, Uncertainty
from planner.model.scenario import Plan, Scenario

__all__ = [
    "CATEGORIES",
    "INHOUSE",
    "LINES",
    "Batch",
    "BreakEven",
    "BreakevenMap",
    "CatalogueError",
    "Line",
    "OutputError",
    "Plan",
    "PlannerError",
    "Projection",
    "Range",
    "Scenario",
    "ScenarioError",
    "ScenarioFileError",
    "ScenarioValueError",
    "Simulation",
    "Summary",
    "Tornado",
    "Uncertainty",
    "assumptions",
    "breakeven_map",
    "breakeven_values",
    "catalogue",
    "default_scenario",
    "from_data",
    "load_scenario",
    "parse_text",
    "preset_files",
    "project",
    "project_scenario",
    "save_scenario",
    "simulate",
    "summarise",
    "to_toml",
    "tornado",
    "with_values",
]
