"""Load benchmark: many sessions at once, a few of them running heavy simulations.

    python3 -m uv run --locked python benchmarks/bench_load.py [--app-dir DIR] [--light 26]
        [--heavy 4] [--seconds 90] [--port 8765]

Starts ``streamlit run app.py`` from ``--app-dir`` (default: this checkout; point it at an
older checkout to measure "before") on 127.0.0.1 only, then opens ``--light + --heavy``
websocket sessions at once, as browsers do (``/_stcore/stream``, subprotocol ``streamlit``,
one BackMsg ``rerun_script`` per page), for ``--seconds``:

* light sessions load the default preset's Overview over and over (a new session each time:
  a visitor opening the page), reading it ``--think`` seconds before the next, and time each
  page from the request to ``script_finished``;
* heavy sessions open the Uncertainty tab of a scenario with 40 plans, 8 segments and 53
  ranges, a slightly different one each time (so every page runs a new simulation).

It reports the light pages' median and 90th percentile, how many heavy pages finished, the
server's resident memory (its peak while loaded, and after 30 s idle), and the machine's
load average before the run (the machine is shared: the figures move with it). Websocket
clients rather than browsers: 30 Chromium pages do not fit on 2 cores beside the server; the
server does the same work for either (the browser's drawing is not timed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from planner.model.files import default_scenario, from_data
from planner.model.scenario import Scenario
from ui.state import encode_scenario

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_S", "30"))
PAGE_TIMEOUT_S = 300.0


def heavy_scenario(variant: int) -> Scenario:
    """40 plans, 8 segments, 53 ranges (40 plan prices, 8 segment sizes, 5 inputs);
    ``variant`` moves the headcount so no two pages share a cache entry."""
    base = default_scenario().to_data()
    first = base["plans"][0]
    plans = [
        {**first, "plan": f"Tier {i}", "price_per_user_month": 2.0 + i / 10, "max_users": None}
        for i in range(40)
    ]
    users = 4000 + variant
    shares = [users // 8] * 7 + [users - 7 * (users // 8)]
    segments = [{"name": f"Group {k}", "users": n} for k, n in enumerate(shares)]
    ranges: list[dict[str, Any]] = [
        {
            "field": "plans.price_per_user_month",
            "plan": f"{first['provider']} Tier {i}",
            "low": 1.5 + i / 10,
            "mode": 2.0 + i / 10,
            "high": 3.0 + i / 10,
        }
        for i in range(40)
    ]
    ranges += [
        {"field": "segments.users", "segment": s["name"], "low": n - 50, "mode": n, "high": n + 50}
        for s, n in zip(segments, shares, strict=True)
    ]
    growth = [("organisation.growth_pct_per_year", 0.0, 5.0, 12.0)] * 1
    for field, low, mode, high in growth:
        ranges.append({"field": field, "low": low, "mode": mode, "high": high})
    numbers = [
        ("inhouse.servers.price", 9000.0, 12000.0, 16000.0),
        ("staff.salary_per_fte_year", 80000.0, 124000.0, 150000.0),
        ("hosted.price_escalation_pct_per_year", 0.0, 3.0, 8.0),
        ("inhouse.storage.price_per_tb", 40.0, 60.0, 90.0),
    ]
    for field, low, mode, high in numbers:
        ranges.append({"field": field, "low": low, "mode": mode, "high": high, "pinned": True})
    data = {
        **base,
        "organisation": {**base["organisation"], "users": users},
        "plans": plans,
        "segments": segments,
        "uncertainty": {"ranges": ranges},
    }
    return from_data(data, "benchmark")


FAILURES: list[str] = []
"""Exceptions and error messages the pages showed (a run that fails is not timed fairly)."""


def _failure(forward: ForwardMsg) -> str | None:
    """The text of an exception or error element in a delta, else None."""
    if forward.WhichOneof("type") != "delta" or not forward.delta.HasField("new_element"):
        return None
    element = forward.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return f"exception: {element.exception.message}"
    if kind == "alert" and element.alert.format == element.alert.ERROR:
        return f"error: {element.alert.body}"
    return None


async def page(port: int, query: str) -> float:
    """Open one session, run the page once; seconds from the request to script_finished."""
    uri = f"ws://{HOST}:{port}/_stcore/stream"
    async with websockets.connect(
        uri,
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=PAGE_TIMEOUT_S,  # type: ignore[list-item]
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        start = time.perf_counter()
        await ws.send(msg.SerializeToString())
        while True:
            data = await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT_S)
            forward = ForwardMsg()
            forward.ParseFromString(data)  # type: ignore[arg-type]
            failure = _failure(forward)
            if failure is not None:
                FAILURES.append(failure[:200])
            if forward.WhichOneof("type") == "script_finished":
                return time.perf_counter() - start


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def run_load(
    port: int, pid: int, light: int, heavy: int, seconds: float, think: float
) -> dict[str, Any]:
    end = time.monotonic() + seconds
    light_times: list[float] = []
    heavy_times: list[float] = []
    peak = [rss_mb(pid)]
    queries = [urlencode({"view": "Overview"})]
    counter = [0]

    async def light_user() -> None:
        while time.monotonic() < end:
            light_times.append(await page(port, queries[0]))
            await asyncio.sleep(think)

    async def heavy_user() -> None:
        while time.monotonic() < end:
            counter[0] += 1
            scenario = encode_scenario(heavy_scenario(counter[0]))
            query = urlencode({"scenario": scenario, "view": "Uncertainty"})
            heavy_times.append(await page(port, query))

    async def sample() -> None:
        while time.monotonic() < end + 5:
            peak[0] = max(peak[0], rss_mb(pid))
            await asyncio.sleep(0.2)

    await page(port, queries[0])  # warm: the first page imports and fills the cache
    tasks = [light_user() for _ in range(light)] + [heavy_user() for _ in range(heavy)]
    sampler = asyncio.create_task(sample())
    await asyncio.gather(*tasks)
    await sampler
    return {
        "light_pages": len(light_times),
        "light_median_s": round(statistics.median(light_times), 2),
        "light_p90_s": round(sorted(light_times)[int(0.9 * (len(light_times) - 1))], 2),
        "heavy_pages": len(heavy_times),
        "heavy_median_s": round(statistics.median(heavy_times), 1) if heavy_times else None,
        "peak_rss_mb": round(peak[0]),
        "failures": sorted(set(FAILURES))[:5],
    }


def start_server(app_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(app_dir), "PLANNER_GUIDED_START": "off"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = subprocess.Popen(
        command, cwd=app_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-dir", type=Path, default=REPO)
    parser.add_argument("--light", type=int, default=26)
    parser.add_argument("--heavy", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--think", type=float, default=0.0, help="seconds a light user reads between pages"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    server = start_server(args.app_dir.resolve(), args.port)
    try:
        idle_start = rss_mb(server.pid)
        figures = asyncio.run(
            run_load(args.port, server.pid, args.light, args.heavy, args.seconds, args.think)
        )
        time.sleep(IDLE_SECONDS)
        figures["idle_rss_mb"] = round(rss_mb(server.pid))
        figures["started_rss_mb"] = round(idle_start)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures["app_dir"] = str(args.app_dir)
    figures["think_s"] = args.think
    figures["load_average_before"] = [round(x, 2) for x in load_before]
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
