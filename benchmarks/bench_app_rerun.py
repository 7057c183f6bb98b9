"""Benchmark a slider-change rerun of the app (not a test: prints a Markdown table).

    python3 -m uv run --locked python benchmarks/bench_app_rerun.py [--repeat 30]

Cases, all on the default preset:

* **rerun, new value**: AppTest sets the growth slider to a value not seen before (so the
  engine cache misses) and reruns app.py; the whole script runs (sidebar with its 13 key
  inputs and the closed groups' headers, engine, the open tab's figures and tables; the plans
  table is closed). Overview tab, then Scalability.
* **rerun, cached value**: the same, with a value seen before (the engine calls hit
  ``st.cache_data``).
* **engine + figures**: the pure part of one Overview rerun without Streamlit: validate the
  scenario, project and summarise it, build the figure and table, and serialise the figure
  to JSON as ``st.plotly_chart`` does; and the same for the Scalability view's batch.

Each case reports the median and the 90th percentile of ``--repeat`` runs after warm-up, and
for app reruns the median time of the script itself (``ui.page.render`` timed in the script
thread; the rest is AppTest: starting the script thread, polling for it, parsing its output).
AppTest runs the script in-process; a browser adds the websocket round trip and drawing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path

import plotly.io as pio
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.page
from planner.analyses.scalability import scalability_of
from planner.model.files import default_scenario, with_values
from ui.figures import cumulative_figure, option_colours, scalability_figure
from ui.results import results_of
from ui.tables import options_table

APP_FILE = Path(__file__).resolve().parents[1] / "app.py"
SLIDER = "field:organisation.growth_pct_per_year"
TARGET_MS = 300.0


def _stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p90 * 1000


def _time(step: Callable[[], object], repeat: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return _stats(times)


def _new_values() -> Iterator[float]:
    """Growth rates not used before by this generator: -49.5, -49, ... 100 %/year (not 5)."""
    return (v for v in (-50.0 + 0.5 * i for i in range(1, 301)) if v != 5.0)


def app_rerun(repeat: int, tab: str, fresh: bool) -> tuple[float, float, float]:
    """Median and p90 ms of setting the slider and rerunning app.py in AppTest, and the
    median ms of the script itself (``ui.page.render``, timed inside the script thread)."""
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
        at = AppTest.from_file(str(APP_FILE), default_timeout=120).run()
        if tab != "Overview":
            at.session_state["view"] = tab
            at.run()
        values = _new_values() if fresh else cycle([4.0, 5.0, 6.0])

        def step() -> None:
            at.slider(key=SLIDER).set_value(next(values)).run()
            if at.exception:
                raise SystemExit(f"app raised: {at.exception[0].value}")

        median, p90 = _time(step, repeat)
    finally:
        ui.page.render = original
    return median, p90, statistics.median(inside[-repeat:]) * 1000


def pure_overview(repeat: int) -> tuple[float, float, float]:
    base = default_scenario()
    values = _new_values()

    def step() -> None:
        scenario = with_values(base, {"organisation.growth_pct_per_year": next(values)})
        results = results_of(scenario)
        colours = option_colours(results.options[1:])
        fig = cumulative_figure(results, colours, scenario.finance.currency)
        options_table(results, scenario.plans)
        pio.to_json(fig, validate=False)

    median, p90 = _time(step, repeat)
    return median, p90, median


def pure_scalability(repeat: int) -> tuple[float, float, float]:
    base = default_scenario()
    values = _new_values()

    def step() -> None:
        scenario = with_values(base, {"organisation.growth_pct_per_year": next(values)})
        scal = scalability_of(scenario)
        colours = option_colours(scal.options[1:])
        pio.to_json(scalability_figure(scal, colours, "USD", 200.0), validate=False)

    median, p90 = _time(step, repeat)
    return median, p90, median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per case")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_APP_STRICT", "1")
    os.environ.setdefault("PLANNER_GUIDED_START", "off")  # the planner, not the first questions
    rows = [
        ("App rerun, new slider value, Overview tab", app_rerun(args.repeat, "Overview", True)),
        (
            "App rerun, new slider value, Scalability tab",
            app_rerun(args.repeat, "Scalability", True),
        ),
        ("App rerun, cached slider value, Overview tab", app_rerun(args.repeat, "Overview", False)),
        ("Engine + Overview figure and table (no Streamlit)", pure_overview(args.repeat)),
        (
            "Scalability batch (56 headcounts) + figure (no Streamlit)",
            pure_scalability(args.repeat),
        ),
    ]
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"streamlit {st.__version__}; median and p90 of {args.repeat} runs; "
        f"target {TARGET_MS:.0f} ms\n"
    )
    print("| Case | median (ms) | p90 (ms) | of which the script (ms) |")
    print("|---|---:|---:|---:|")
    for name, (median, p90, script) in rows:
        print(f"| {name} | {median:.0f} | {p90:.0f} | {script:.0f} |")


if __name__ == "__main__":
    main()
