"""Load: heavy work shares two slots per process, chunks count every axis, memory goes back
to the system after heavy work, and no browser may clear every user's caches."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
import streamlit as st
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.app_session import AppSession

from planner.analyses.simulation import chunk_for, engine_bytes_per_draw, simulate
from planner.model.files import default_scenario, from_data, with_values
from ui import compute

REPO_ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------
# The clear_cache message
# ---------------------------------------------------------------------------


class _Session:
    """What AppSession.handle_backmsg touches for a clear_cache message, nothing more."""

    _session_state = mock.MagicMock()

    def _handle_clear_cache_request(self) -> None:
        AppSession._handle_clear_cache_request(self)  # type: ignore[arg-type]

    def handle_backmsg_exception(self, exc: BaseException) -> None:
        raise exc


def test_a_clear_cache_message_leaves_the_caches_alone() -> None:
    """The message a browser sends over the websocket, through Streamlit's own dispatcher."""
    import ui  # noqa: F401  (importing the app's package applies the guard)

    calls: list[int] = []

    @st.cache_data
    def cached(x: int) -> int:
        calls.append(x)
        return x

    @st.cache_resource
    def kept(x: int) -> list[int]:
        calls.append(-x)
        return [x]

    cached(1)
    kept(1)
    AppSession.handle_backmsg(_Session(), BackMsg(clear_cache=True))  # type: ignore[arg-type]
    cached(1)
    kept(1)
    assert calls == [1, -1], "a clear_cache message emptied the shared caches"


# ---------------------------------------------------------------------------
# Two heavy computations at once, the others queued
# ---------------------------------------------------------------------------


def test_at_most_two_heavy_computations_run_at_once() -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    def work() -> None:
        with compute.heavy_slot():
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert most[0] == compute.HEAVY_SLOTS == 2
    assert compute.queue_state() == (0, 0)


def test_a_simulation_waits_for_a_slot_and_the_page_says_queued() -> None:
    """Two slots held elsewhere: a simulation waits (queue: 2 running, 1 waiting), and a
    page arriving then reads "Queued: 1 ahead"; it runs when a slot frees."""
    release = threading.Event()
    held = threading.Barrier(3)

    def hold() -> None:
        with compute.heavy_slot():
            held.wait(timeout=10)
            release.wait(timeout=30)

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for t in holders:
        t.start()
    held.wait(timeout=10)
    assert compute.queued_text() is not None
    assert "Queued: 0 ahead" in (compute.queued_text() or "")
    key = compute.key_of(default_scenario())
    done = threading.Event()
    worker = threading.Thread(target=lambda: (compute.simulation(key, 50, 7), done.set()))
    worker.start()
    deadline = time.monotonic() + 10
    while compute.queue_state() != (2, 1) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert compute.queue_state() == (2, 1)
    assert "Queued: 1 ahead" in (compute.queued_text() or "")
    assert not done.is_set()
    release.set()
    worker.join(timeout=60)
    assert done.is_set()
    assert compute.queued_text() is None


# ---------------------------------------------------------------------------
# Chunks count options, segments and years
# ---------------------------------------------------------------------------


def _plans_and_segments(plans: int, segments: int) -> dict[str, object]:
    return {
        "plans": [
            {
                "provider": f"P{j}",
                "plan": "x",
                "price_per_user_month": 2.0 + j,
                "mailbox_gb": 50.0,
                "attachment_mb": 150.0,
                "sla_pct": 99.9,
            }
            for j in range(plans)
        ],
        "segments": [{"name": f"S{k}", "share_pct": 100.0 / segments} for k in range(segments)],
        "uncertainty": {
            "ranges": [
                {"field": "organisation.users", "low": 900, "mode": 1000, "high": 1200},
            ]
        },
        "organisation": {"users": 1000, "horizon_years": 15},
    }


def test_the_chunk_counts_segments() -> None:
    """40 plans and 8 segments: options = in-house + 40 + best mix = 42; per draw
    16 years x 8 x (16 x 42 + 8 x (16 + 42)) = 128 x (672 + 464) = 145,408 bytes;
    64,000,000 // 145,408 = 440 draws a chunk (counting options and years only, it was
    500,000 // (41 x 16) = 762)."""
    scenario = from_data(_plans_and_segments(40, 8))
    assert engine_bytes_per_draw(42, 8, 16) == 145_408
    assert compute.chunk_size(scenario) == 440
    assert chunk_for(12, 0, 16) == 2_500  # the default preset: 64e6 // 24,576 = 2,604 > 2,500


def test_a_heavy_simulation_keeps_its_working_memory_to_the_chunk_budget() -> None:
    """2,500 draws of 40 plans x 8 segments over 15 years in one engine call peaked at
    307 MB; chunked by every axis, the engine stays within its 64 MB budget, beside what
    the result keeps (the cumulative costs, 2,500 x 42 x 16 x 8 = 13 MB)."""
    scenario = from_data(_plans_and_segments(40, 8))
    tracemalloc.start()
    try:
        simulate(scenario, draws=2_500, seed=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, peak


# ---------------------------------------------------------------------------
# Memory handed back after heavy work
# ---------------------------------------------------------------------------

_FRAGMENTED = """
import gc
from ui.compute import release_memory

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024

strings = [("x" * 1000) + str(i) for i in range(200_000)]
kept = strings[::50]
del strings
gc.collect()
before = rss_mb()
release_memory()
print(before, rss_mb())
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_memory_freed_by_heavy_work_goes_back_to_the_system() -> None:
    """200 MB of 1 KB strings, one in fifty kept: the heap stays at its peak until
    malloc_trim(0) hands the free pages back (385 MB -> 199 MB when measured, the rest being
    the modules the app imports)."""
    out = subprocess.run(
        [sys.executable, "-c", _FRAGMENTED],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    before, after = int(out[-2]), int(out[-1])
    assert before - after > 150, (before, after)


def test_default_scenario_is_unchanged_by_the_chunk() -> None:
    scenario = with_values(default_scenario(), {"organisation.users": 640})
    a = simulate(scenario, draws=300, seed=4, chunk_size=300)
    b = simulate(scenario, draws=300, seed=4, chunk_size=7)
    assert (a.tco == b.tco).all()
