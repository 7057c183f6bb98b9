"""Server memory on published figures, against Microsoft's Exchange 2010 design example.

Published: Microsoft, "Exchange 2010 Mailbox Server Role Design Example" (ee832789): 24,000
mailboxes of 100 messages a day on six Mailbox servers in a DAG, three copies of each
database. Microsoft's per-mailbox database cache (ee832793): 3 MB per 50 messages a day, so
6 MB at 100. The ESE cache is 25% of server memory (Exchange "Managed Store", 2013 and later).

By hand, in the worst failure mode the layout survives (C - 1 = 2 servers down):
    active mailboxes per survivor = 24,000 / (6 - 3 + 1) = 6,000
    database cache = 6,000 x 3 MB x 100 / 50 = 36,000 MB = 35.16 GB
    memory = 36,000 / 25% = 144,000 MB = 140.625 GB
The figure used before (12 MB of cache per 50 messages) gave 4x as much: 562.5 GB.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.inhouse import server_memory_needed_gb
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline
from planner.model.files import default_scenario, with_values
from tests.unit.hand_case import hand_case


def _example() -> tuple[Batch, Timeline]:
    s = hand_case(organisation={"users": 24_000, "growth_pct_per_year": 0.0, "horizon_years": 2})
    s = with_values(
        s,
        {
            "inhouse.storage.database_copies": 3,
            "inhouse.sizing.cache_mb_per_mailbox_per_50_messages": 3.0,
            "inhouse.sizing.cache_share_of_memory_pct": 25.0,
        },
    )
    batch = Batch.of(s)
    return batch, Timeline.of(batch)


def test_memory_of_the_published_24000_mailbox_example() -> None:
    batch, tl = _example()
    memory = server_memory_needed_gb(batch, tl, np.full_like(tl.users, 6.0))
    assert memory[0, 1] == pytest.approx(140.625)
    cache_gb = memory[0, 1] * 0.25
    assert cache_gb * 1024 == pytest.approx(36_000.0)


def test_the_defaults_are_the_published_figures() -> None:
    sizing = default_scenario().inhouse.sizing
    assert sizing.cache_mb_per_mailbox_per_50_messages == 3.0
    assert sizing.cache_share_of_memory_pct == 25.0
