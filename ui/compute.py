"""Engine calls and figures cached across reruns and sessions, keyed on the scenario's JSON.

The key is ``Scenario.model_dump_json()``: two scenarios with equal values share one entry.
Each function rebuilds the scenario from its key, so the cached function's only argument
is a short string Streamlit hashes quickly.

Figures are kept as objects (``st.cache_resource``: no copy on a hit), keyed on what they
show (the scenario, draws and seed, colours, the options picked), so a rerun whose data did
not change (a tab opened again, another widget moved) sends the figure without rebuilding
it. Nothing changes a figure once made: ``st.plotly_chart`` reads it (``to_dict``).

Heavy work (simulations, sensitivity, break-even maps, Excel and HTML reports) takes one of
``HEAVY_SLOTS`` process-wide slots (:func:`heavy_slot`), so however many visitors ask at once,
at most that many run and the rest of the server stays responsive; a page whose work waits
says so ("Queued: N ahead", :func:`queued_notice`). After heavy work, freed memory is handed
back to the system (:func:`release_memory`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import plotly.graph_objects as go
import streamlit as st

from planner.analyses.breakeven_map import BreakevenMap
from planner.analyses.comparison import Comparison, compare
from planner.analyses.dr_levels import DrComparison, dr_levels_of
from planner.analyses.fit import Fit, assess
from planner.analyses.scalability import Scalability, scalability_of
from planner.analyses.simulation import Simulation, chunk_for
from planner.engine.projection import option_labels
from planner.engine.scenario_arrays import Batch
from planner.model.scenario import Scenario
from planner.outputs import ReportContent, build_content, html_bytes, workbook_bytes
from ui import figures, loaded_cost, uncertainty_figures
from ui.figures import only_options
from ui.loaded_cost import loaded_costs
from ui.results import (
    Results,
    Sensitivity,
    breakeven_map_of,
    results_of,
    sensitivity_of,
    simulation_of,
)

MAX_ENTRIES = 128
HEAVY_SLOTS = 2
"""Heavy computations running at once in the process (the machine it was sized on: 2 cores)."""
_SLOTS = threading.BoundedSemaphore(HEAVY_SLOTS)
_QUEUE_LOCK = threading.Lock()
_queue = {"waiting": 0, "running": 0}


def _libc_malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None elsewhere (musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    try:
        trim: Any = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return cast("Callable[[int], int]", trim)


_MALLOC_TRIM = _libc_malloc_trim()


def release_memory() -> None:
    """Collect garbage, then ask glibc to return free heap pages to the system
    (``malloc_trim(0)``; numpy's large arrays are unmapped already, the small objects of
    pandas and the engine are not, and idle memory would otherwise stay at its peak)."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def queue_state() -> tuple[int, int]:
    """(heavy computations running, waiting for a slot) in this process."""
    with _QUEUE_LOCK:
        return _queue["running"], _queue["waiting"]


@contextmanager
def heavy_slot() -> Iterator[None]:
    """Hold one of the ``HEAVY_SLOTS`` while the block runs (wait for one if all are taken);
    memory is released when it ends."""
    with _QUEUE_LOCK:
        _queue["waiting"] += 1
    _SLOTS.acquire()
    with _QUEUE_LOCK:
        _queue["waiting"] -= 1
        _queue["running"] += 1
    try:
        yield
    finally:
        with _QUEUE_LOCK:
            _queue["running"] -= 1
        _SLOTS.release()
        release_memory()


def queued_text() -> str | None:
    """What a page whose heavy work would wait shows, or None when a slot is free."""
    running, waiting = queue_state()
    if running < HEAVY_SLOTS:
        return None
    return (
        f"Queued: {waiting} ahead of you. At most {HEAVY_SLOTS} heavy computations run at "
        "once on this server; yours starts when one ends."
    )


@contextmanager
def queued_notice() -> Iterator[None]:
    """Say "Queued: N ahead" while the block runs, when every heavy slot is taken as it
    starts (a cached answer returns at once and the notice goes with it)."""
    text = queued_text()
    if text is None:
        yield
        return
    with st.spinner(text):
        yield


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


REPORT_ENTRIES = 8
"""Reports kept per process: an HTML report is ~5 MB (plotly.js is embedded)."""


def _report_content(key: str, generated_on: str) -> ReportContent:
    r = results(key)
    return build_content(
        Scenario.model_validate_json(key),
        r.projection,
        r.summary,
        generated_on=dt.date.fromisoformat(generated_on),
    )


def workbook(key: str, generated_on: str) -> bytes:
    """The Excel report (``planner report --xlsx``) dated ``generated_on`` (ISO date)."""
    with queued_notice():
        return _workbook(key, generated_on)


@st.cache_data(max_entries=REPORT_ENTRIES, show_spinner=False)
def _workbook(key: str, generated_on: str) -> bytes:
    with heavy_slot():
        return workbook_bytes(_report_content(key, generated_on))


def html_report(key: str, generated_on: str) -> bytes:
    """The self-contained HTML report (``planner report --html``), dated ``generated_on``."""
    with queued_notice():
        return _html_report(key, generated_on)


@st.cache_data(max_entries=REPORT_ENTRIES // 2, show_spinner=False)
def _html_report(key: str, generated_on: str) -> bytes:
    with heavy_slot():
        return html_bytes(_report_content(key, generated_on))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def comparison(keys: tuple[str, ...]) -> Comparison:
    """2 to 4 scenarios compared (``analyses.comparison.compare``); ScenarioError otherwise."""
    scenarios = [Scenario.model_validate_json(k) for k in keys]
    return compare(scenarios, [results(k).projection for k in keys])


SIMULATION_ENTRIES = 8
"""Simulations kept per process, each at most ``MAX_SIMULATION_BYTES`` (every cache hit
copies one): at most about 160 MB in all."""
MAX_SIMULATION_BYTES = 20_000_000
"""What one simulation keeps per draw: its TCO (8 bytes) and fit (1 byte) per option, its
cheapest option (8) and each range's drawn value (8): ``9 options + 8 (inputs + 1)`` bytes.
The default preset (12 options, 10 ranges) keeps 196 bytes a draw, 19.6 MB for 100,000 draws
(all run); a scenario with 40 plans and 100 ranges, 1,177 bytes, runs 16,992 (``draws_cap``)."""
MAX_YEARS = 16
"""Years 0..15: the most a horizon range can reach."""


def simulation_shape(scenario: Scenario) -> tuple[int, int]:
    """(options, inputs) of the scenario's simulation: in-house + each plan, one per range."""
    return 1 + len(scenario.plans), len(scenario.uncertainty.ranges)


def draws_cap(scenario: Scenario) -> int:
    """The most draws the app runs: ``MAX_SIMULATION_BYTES // (9 options + 8 (inputs + 1))``."""
    options, inputs = simulation_shape(scenario)
    return max(1, MAX_SIMULATION_BYTES // (9 * options + 8 * (inputs + 1)))


def chunk_size(scenario: Scenario) -> int:
    """Draws per engine call (:func:`planner.analyses.simulation.chunk_for`): every option
    (staying as is and the best mix included), segment and year counted, 16 years."""
    batch = Batch.of(scenario)
    return chunk_for(len(option_labels(batch)), len(batch.segment_labels), MAX_YEARS)


def simulation(key: str, draws: int, seed: int) -> Simulation:
    """Monte Carlo of the scenario's ranges (``planner.simulate``), keyed on draws and seed;
    at most ``draws_cap`` draws (``Simulation.draws`` says how many ran)."""
    with queued_notice():
        return _capped_simulation(key, draws, seed)


def _capped_simulation(key: str, draws: int, seed: int) -> Simulation:
    """:func:`simulation` without the queued notice: for the cached figure builders, which
    must draw no element of their own (a cached function replays what it draws)."""
    scenario = Scenario.model_validate_json(key)
    return _simulation(key, min(draws, draws_cap(scenario)), seed)


@st.cache_data(max_entries=SIMULATION_ENTRIES, show_spinner="Running the draws...")
def _simulation(key: str, draws: int, seed: int) -> Simulation:
    scenario = Scenario.model_validate_json(key)
    with heavy_slot():
        return simulation_of(scenario, draws, seed, chunk_size(scenario))


def sensitivity(key: str) -> Sensitivity:
    """Tornado of the scenario's ranges and break-even values of the top three inputs."""
    with queued_notice():
        return _sensitivity(key)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _sensitivity(key: str) -> Sensitivity:
    with heavy_slot():
        return sensitivity_of(Scenario.model_validate_json(key))


def breakeven_map(key: str, x_field: str, y_field: str) -> BreakevenMap:
    """The cheapest option over a grid of two fields (values from
    :func:`planner.analyses.breakeven_map.map_axis`)."""
    with queued_notice():
        return _breakeven_map(key, x_field, y_field)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _breakeven_map(key: str, x_field: str, y_field: str) -> BreakevenMap:
    with heavy_slot():
        return breakeven_map_of(Scenario.model_validate_json(key), x_field, y_field)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def fit(key: str) -> Fit:
    """The capability fit matrix beside the costs (``planner fit``), made to fit included."""
    return assess(Scenario.model_validate_json(key), results(key).projection)


# ---------------------------------------------------------------------------
# Figures kept across reruns and sessions, keyed on the data they show
# ---------------------------------------------------------------------------

FIGURE_ENTRIES = 64
"""Figures kept per kind and process. A kept figure is about 70 KB of Python objects
(tracemalloc: the Overview's two 137 KB, the Monte Carlo's four 264 KB; the savings
histogram is binned on the server), so the six kinds hold at most about 27 MB."""
Colours = tuple[tuple[str, str], ...]
"""Option -> colour as sorted pairs: hashable, so it can key a cache."""


def colour_pairs(colours: Mapping[str, str]) -> Colours:
    """The colour mapping as the sorted pairs the figure caches are keyed on."""
    return tuple(sorted(colours.items()))


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def cumulative_figure(key: str, colours: Colours, shown: tuple[str, ...]) -> go.Figure:
    """The Overview's cumulative cost of the options ``shown``, each named by its short name
    and marked when it does not fit (the reason in the hover). The same object for the same
    arguments: never change a figure it returns."""
    r = results(key)
    currency = Scenario.model_validate_json(key).finance.currency
    figure = figures.cumulative_figure(r, dict(colours), currency)
    figure.update_layout(title_text="Cumulative cost of the options shown")
    return only_options(figure, r.options, shown)


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def loaded_cost_figure(key: str) -> go.Figure:
    """The Overview's waterfall from list price to loaded cost (never change it)."""
    scenario = Scenario.model_validate_json(key)
    paths = loaded_costs(results(key), scenario.plans, scenario.finance)
    return loaded_cost.loaded_cost_figure(paths, scenario.finance.currency)


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def tco_range_figure(key: str, draws: int, seed: int, colours: Colours) -> go.Figure:
    """P10-P90 TCO of every option over the draws, the inputs as entered marked."""
    sim = _capped_simulation(key, draws, seed)
    s = results(key).summary
    return uncertainty_figures.tco_range_figure(sim, dict(colours), s.tco[0], s.fits[0].tolist())


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def cheapest_figure(key: str, draws: int, seed: int, colours: Colours) -> go.Figure:
    """The chance of each option being the cheapest that fits (never change it)."""
    return uncertainty_figures.cheapest_figure(_capped_simulation(key, draws, seed), dict(colours))


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def fan_figure(
    key: str, draws: int, seed: int, colours: Colours, chosen: tuple[str, ...]
) -> go.Figure:
    """The fan of cumulative cost of the ``chosen`` options, with their lines as entered."""
    s = results(key).summary
    cumulative = {o: s.cumulative[0, j].tolist() for j, o in enumerate(s.options)}
    sim = _capped_simulation(key, draws, seed)
    return uncertainty_figures.fan_figure(sim, dict(colours), list(chosen), cumulative)


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def savings_figure(
    key: str, draws: int, seed: int, colours: Colours, plans: tuple[str, ...]
) -> go.Figure:
    """The binned savings of the ``plans`` against in-house, with their savings as entered."""
    s = results(key).summary
    saving = {o: float(s.tco[0, 0] - s.tco[0, j]) for j, o in enumerate(s.options)}
    sim = _capped_simulation(key, draws, seed)
    return uncertainty_figures.savings_figure(sim, dict(colours), list(plans), as_entered=saving)
