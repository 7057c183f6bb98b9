"""Benchmark the uncertainty engine (not a test: prints a Markdown table for the README).

    python3 -m uv run --locked python benchmarks/bench_uncertainty.py [--repeat 5] [--profile]

Scenario: the default preset (its ranges) with a 10-year horizon and every catalogue plan.
Each case reports the best and the median of ``--repeat`` runs (after one warm-up run), the
time it is meant to stay under (set when the uncertainty analyses were built), and the ratio
to a floor: a plain numpy pass over arrays of the same size, (elements, options, years)
float64: four elementwise operations, a cumulative sum over years and a sum, i.e. the least
any engine must do to touch every number once.
Peak memory of the 100,000-draw run is measured with tracemalloc (numpy reports its
allocations to it) in a separate run, so the timing is not slowed by tracing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from planner.analyses.breakeven_map import breakeven_map
from planner.analyses.sensitivity import breakeven_values, tornado
from planner.analyses.simulation import simulate
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best, median) wall time in seconds after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def floor_pass(elements: int, options: int, years: int, chunk: int = 10_000) -> Callable[[], None]:
    """The numpy floor for ``elements`` scenarios: touch every (option, year) number once."""
    rng = np.random.default_rng(0)
    size = min(elements, chunk)
    a = rng.random((size, options, years))
    b = rng.random((size, options, years))

    def run() -> None:
        for _ in range(0, elements, size):
            c = a * 1.03 + b
            d = c * b - a
            total = np.cumsum(d, axis=2)
            total.sum(axis=2)

    return run


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def fmt_ms(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:,.0f} µs"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile 10,000 draws")
    args = parser.parse_args()

    s = with_values(load_scenario(preset_files()["default"]), {"organisation.horizon_years": 10})
    options, years = len(s.plans) + 1, s.organisation.horizon_years + 1
    ranked = tornado(s)

    cases: list[tuple[str, Callable[[], object], int, float]] = [
        ("one deterministic plan (detail)", lambda: summarise(project_scenario(s)), 1, 0.005),
        ("10,000 draws", lambda: simulate(s, draws=10_000), 10_000, 0.25),
        ("100,000 draws (chunks of 2,500)", lambda: simulate(s, draws=100_000), 100_000, 2.5),
        (
            f"tornado ({len(ranked.bars)} inputs, {2 * len(ranked.bars) + 1} variants)",
            lambda: tornado(s),
            2 * len(ranked.bars) + 1,
            0.15,
        ),
        (
            "break-even values of the top 3 inputs",
            lambda: breakeven_values(s, ranked=ranked),
            0,
            0.0,
        ),
        ("50 x 15 break-even map", lambda: breakeven_map(s), 750, 0.5),
    ]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}; {options} options, "
        f"{years} years (0..10); best / median of {args.repeat} runs.\n"
    )
    print("| case | best | median | target | numpy floor | best / floor |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, fn, elements, target in cases:
        best, median = timed(fn, args.repeat)
        if elements:
            floor, _ = timed(floor_pass(elements, options, years), args.repeat)
            floor_text, ratio = fmt_ms(floor), f"{best / floor:,.0f}x"
        else:
            floor_text, ratio = "-", "-"
        target_text = fmt_ms(target) if target else "-"
        print(
            f"| {name} | {fmt_ms(best)} | {fmt_ms(median)} | {target_text} | {floor_text} "
            f"| {ratio} |"
        )
    peak = peak_mb(lambda: simulate(s, draws=100_000))
    peak_10k = peak_mb(lambda: simulate(s, draws=10_000))
    print(
        f"\nPeak traced memory: 10,000 draws {peak_10k:,.0f} MB; 100,000 draws {peak:,.0f} MB "
        f"(results kept: {100_000 * options * (years + 1) * 8 / 1e6:,.0f} MB of TCO and "
        "cumulative cost by year)."
    )
    print("\n| chunk size | 100,000 draws | peak traced memory |\n|---:|---:|---:|")
    for chunk in (1_000, 2_500, 5_000, 10_000, 20_000):
        best, _ = timed(lambda c=chunk: simulate(s, draws=100_000, chunk_size=c), 3)
        peak = peak_mb(lambda c=chunk: simulate(s, draws=100_000, chunk_size=c))
        print(f"| {chunk:,} | {fmt_ms(best)} | {peak:,.0f} MB |")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        simulate(s, draws=10_000)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
