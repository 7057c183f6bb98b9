"""Benchmark the exact best-mix search (not a test: prints a Markdown table for the README).

    python3 -m uv run --locked python benchmarks/bench_mix.py [--repeat 7] [--profile]

Scenario: the segments preset's organisation (1,200 users, 5 years) cut into S segments of
different mailbox sizes and growth, priced on P typed-in plans (mailbox 2 GB to 200 GB, some
with an archive add-on, some with a minimum number of users), so 1 + P options per segment.
Each size reports the best and the median of ``--repeat`` calls of
``planner.engine.mix.search_best_mix`` (after one warm-up call): the subset costs (2^S in-house
and hosted engine runs, 2^S x P plan groups, batched), the subset dynamic programme and the
choice of the best in-house subset; then the whole projection of 8 x 15 with detail (every
option, the Best mix option's lines, per-segment costs). ``--profile`` prints the top
functions of the 8 x 15 search.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

from planner.engine.mix import search_best_mix
from planner.engine.projection import project
from planner.engine.scenario_arrays import Batch
from planner.model.files import from_data, load_scenario
from planner.model.scenario import Scenario

PRESET = "scenarios/segments_hybrid.toml"
SIZES = ((2, 3), (3, 7), (4, 10), (6, 15), (8, 7), (8, 15))
"""(segments, options) pairs; options = in-house + plans."""


def plan(j: int) -> dict[str, Any]:
    """Typed-in plan j: mailbox and price rise with j; every third plan sells an archive,
    every fourth has a minimum of 300 users."""
    return {
        "provider": "Bench",
        "plan": f"Tier {j}",
        "price_per_user_month": 2.0 + 0.6 * j,
        "mailbox_gb": [2.0, 10.0, 25.0, 50.0, 100.0, 200.0][j % 6],
        "archive_gb": 100.0 if j % 3 == 0 else 0.0,
        "archive_price_per_user_month": 2.5 if j % 3 == 0 else 0.0,
        "attachment_mb": 35.0,
        "sla_pct": 99.9,
        "min_users": 300 if j % 4 == 3 else 1,
    }


def segment(s: int, count: int, users: int) -> dict[str, Any]:
    """Segment s of ``count``: equal users (the last takes the rest), mailbox 0.5-60 GB."""
    share = users // count
    return {
        "name": f"Group {s + 1}",
        "users": share if s < count - 1 else users - share * (count - 1),
        "growth_pct_per_year": float(s % 4),
        "mailbox_gb": 0.5 + 60.0 * s / max(count - 1, 1),
        "mailbox_growth_gb_per_year": 0.25 * (s + 1),
        "messages_per_user_day": 20.0 + 20.0 * s,
        "attachment_mb_needed": 10.0,
    }


def scenario(segments: int, options: int) -> Scenario:
    """The preset with ``segments`` segments and ``options`` - 1 typed-in plans."""
    base = load_scenario(PRESET).to_data()
    users = int(base["organisation"]["users"])
    base["plans"] = [plan(j) for j in range(options - 1)]
    base["segments"] = [segment(s, segments, users) for s in range(segments)]
    base.pop("uncertainty", None)
    return from_data(base, "bench")


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best, median) wall time in seconds after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    """Print the Markdown table (and the profile of 8 x 15 with ``--profile``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores, best / median of "
        f"{args.repeat}"
    )
    print("| segments x options | placements covered | best s | median s |")
    print("|---|---:|---:|---:|")
    for segments, options in SIZES:
        batch = Batch.of(scenario(segments, options))
        best, median = timed(lambda b=batch: search_best_mix(b, 6, "In-house"), args.repeat)
        print(f"| {segments} x {options} | {options**segments:,} | {best:.3f} | {median:.3f} |")
    batch = Batch.of(scenario(8, 15))
    best, median = timed(lambda: project(batch), args.repeat)
    print(
        f"\nwhole projection with detail (every option, per-segment costs), 8 x 15: "
        f"best {best:.3f} s, median {median:.3f} s"
    )
    if args.profile:
        batch = Batch.of(scenario(8, 15))
        profiler = cProfile.Profile()
        profiler.runcall(search_best_mix, batch, 6, "In-house")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
