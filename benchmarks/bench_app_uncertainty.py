"""Benchmark the app's Uncertainty tab (not a test: prints a Markdown table).

    python3 -m uv run --locked python benchmarks/bench_app_uncertainty.py [--repeat 15]

Cases, all on the default preset (its 10 ranges, 11 plans, 5-year horizon):

* **rerun, new slider value**: AppTest sets the growth slider to a value not seen before and
  reruns app.py with the Uncertainty tab open: the scenario changes, so the cached engine
  calls miss. One case per section: Monte Carlo (10,000 draws: the draws, the four charts
  and the table), Sensitivity (tornado and break-even values), Break-even map (the
  headcount x horizon map and a 25 x 25 map of a second pair).
* **rerun, cached slider value**: Monte Carlo with values seen before (the simulation comes
  from ``st.cache_data``; the figures are rebuilt).
* **rerun, new seed, 100,000 draws**: the largest run the app allows.
* **engine + figures**: the pure part of a Monte Carlo rerun without Streamlit: 10,000 draws
  and the four figures serialised to JSON as ``st.plotly_chart`` does.

Each case reports the median and the 90th percentile of ``--repeat`` runs after warm-up, and
for app reruns the median time of the script itself (``ui.page.render`` timed in the script
thread; the rest is AppTest's own work).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from itertools import count, cycle

import plotly.io as pio
import streamlit as st
from bench_app_rerun import APP_FILE, SLIDER, _new_values, _time
from streamlit.testing.v1 import AppTest

import ui.page
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from ui.figures import option_colours
from ui.results import simulation_of
from ui.uncertainty_figures import cheapest_figure, fan_figure, savings_figure, tco_range_figure
from ui.views.uncertainty import DRAWS_KEY, MAP_X_KEY, SECTION_KEY, SEED_KEY


def _open_tab(section: str, draws: int) -> AppTest:
    at = AppTest.from_file(str(APP_FILE), default_timeout=300).run()
    at.session_state["view"] = "Uncertainty"
    at.run()
    if draws != 10_000:
        at.number_input(key=DRAWS_KEY).set_value(draws).run()
    if section != "Monte Carlo":
        at.segmented_control(key=SECTION_KEY).set_value(section).run()
    if section == "Break-even map":
        at.selectbox(key=MAP_X_KEY).select("inhouse.servers.price").run()
    return at


def app_rerun(
    repeat: int, section: str, change: str = "new", draws: int = 10_000
) -> tuple[float, float, float]:
    """Median and p90 ms of one change and a rerun of app.py, and the script's median ms.

    ``change``: "new" (a growth value not seen before), "cached" (values seen before) or
    "seed" (a new seed, same scenario).
    """
    st.cache_data.clear()
    inside: list[float] = []
    original = ui.page.render

    def timed_render() -> None:
        start = time.perf_counter()
        try:
            original()
        finally:
            inside.append(time.perf_counter() - start)

    ui.page.render = timed_render
    try:
        at = _open_tab(section, draws)
        growth = _new_values() if change == "new" else cycle([4.0, 5.0, 6.0])
        seeds = count(1)

        def step() -> None:
            if change == "seed":
                at.number_input(key=SEED_KEY).set_value(next(seeds)).run()
            else:
                at.slider(key=SLIDER).set_value(next(growth)).run()
            if at.exception:
                raise SystemExit(f"app raised: {at.exception[0].value}")

        median, p90 = _time(step, repeat, warmup=2)
    finally:
        ui.page.render = original
    return median, p90, statistics.median(inside[-repeat:]) * 1000


def pure_monte_carlo(repeat: int) -> tuple[float, float, float]:
    base = load_scenario(preset_files()["default"])
    values = _new_values()

    def step() -> None:
        scenario = with_values(base, {"organisation.growth_pct_per_year": next(values)})
        sim = simulation_of(scenario, 10_000, 20_261_128)
        colours = option_colours(sim.options[1:])
        for fig in (
            tco_range_figure(sim, colours),
            cheapest_figure(sim, colours),
            fan_figure(sim, colours),
            savings_figure(sim, colours),
        ):
            pio.to_json(fig, validate=False)
        sim.percentile_table()

    median, p90 = _time(step, repeat, warmup=2)
    return median, p90, median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per case")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_APP_STRICT", "1")
    os.environ.setdefault("PLANNER_GUIDED_START", "off")  # the planner, not the first questions
    n = args.repeat
    rows = [
        ("App rerun, new slider value, Monte Carlo (10,000 draws)", app_rerun(n, "Monte Carlo")),
        ("App rerun, cached slider value, Monte Carlo", app_rerun(n, "Monte Carlo", "cached")),
        ("App rerun, new slider value, Sensitivity", app_rerun(n, "Sensitivity")),
        ("App rerun, new slider value, Break-even map (two maps)", app_rerun(n, "Break-even map")),
        (
            "App rerun, new seed, 100,000 draws",
            app_rerun(max(3, n // 3), "Monte Carlo", "seed", draws=100_000),
        ),
        ("10,000 draws + four figures (no Streamlit)", pure_monte_carlo(n)),
    ]
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"streamlit {st.__version__}; median and p90 of {n} runs "
        f"({max(3, n // 3)} for 100,000 draws)\n"
    )
    print("| Case | median (ms) | p90 (ms) | of which the script (ms) |")
    print("|---|---:|---:|---:|")
    for name, (median, p90, script) in rows:
        print(f"| {name} | {median:.0f} | {p90:.0f} | {script:.0f} |")


if __name__ == "__main__":
    main()
