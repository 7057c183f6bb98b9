"""Exchange Cost Planner: in-house Exchange against hosted plans, year by year.

The package never imports streamlit. Flow of data:
scenario files -> :mod:`scenario_files` -> :class:`Scenario` -> :class:`Batch`
-> :func:`project` -> :func:`summarise` / :func:`long_table`.
"""

from planner.assumptions import assumptions, catalogue, preset_files
from planner.batch import Batch
from planner.breakeven_map import BreakevenMap, breakeven_map
from planner.categories import CATEGORIES, LINES, Line
from planner.engine import INHOUSE, Projection, project, project_scenario
from planner.errors import (
    CatalogueError,
    OutputError,
    PlannerError,
    ScenarioError,
    ScenarioFileError,
    ScenarioValueError,
)
from planner.ranges import Range, Uncertainty
from planner.scenario import Plan, Scenario
from planner.scenario_files import (
    default_scenario,
    from_data,
    load_scenario,
    parse_text,
    save_scenario,
    to_toml,
    with_values,
)
from planner.sensitivity import BreakEven, Tornado, breakeven_values, tornado
from planner.simulation import Simulation, simulate
from planner.summary import Summary, plan_warnings, summarise

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
    "plan_warnings",
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
