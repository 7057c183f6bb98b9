"""Exchange Cost Planner: in-house Exchange against hosted plans, year by year.

The package never imports streamlit. Flow of data:
scenario files -> :mod:`scenario_files` -> :class:`Scenario` -> :class:`Batch`
-> :func:`project` -> :func:`summarise` / :func:`long_table`.
"""

from planner.assumptions import assumptions, catalogue, preset_files
from planner.batch import Batch
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
from planner.summary import Summary, plan_warnings, summarise

__all__ = [
    "CATEGORIES",
    "INHOUSE",
    "LINES",
    "Batch",
    "CatalogueError",
    "Line",
    "OutputError",
    "Plan",
    "PlannerError",
    "Projection",
    "Scenario",
    "ScenarioError",
    "ScenarioFileError",
    "ScenarioValueError",
    "Summary",
    "assumptions",
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
    "summarise",
    "to_toml",
    "with_values",
]
