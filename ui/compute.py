"""Engine calls cached across reruns and sessions, keyed on the scenario's JSON text.

The key is ``Scenario.model_dump_json()``: two scenarios with equal values share one entry.
Each function rebuilds the scenario from its key, so the cached function's only argument
is a short string Streamlit hashes quickly.
"""

from __future__ import annotations

import streamlit as st

from planner.scenario import Scenario
from ui.results import (
    DrComparison,
    Results,
    Scalability,
    dr_levels_of,
    results_of,
    scalability_of,
)

MAX_ENTRIES = 128


def key_of(scenario: Scenario) -> str:
    """The cache key of a scenario."""
    return scenario.model_dump_json()


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def results(key: str) -> Results:
    """The scenario projected and summarised."""
    return results_of(Scenario.model_validate_json(key))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def scalability(key: str) -> Scalability:
    """Cost per user per month across headcounts (one batch)."""
    return scalability_of(Scenario.model_validate_json(key))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def dr_levels(key: str) -> DrComparison:
    """In-house at each disaster-recovery level (one batch of four)."""
    return dr_levels_of(Scenario.model_validate_json(key))

