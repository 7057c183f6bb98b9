"""Microsoft's Exchange sizing method, as broadcasting numpy functions.

All functions take scalars or arrays and broadcast; storage is MB or GB as named
(1 GB = 1,024 MB, 1 TB = 1,024 GB). Sources: Microsoft TechNet "Exchange 2010 Mailbox
Server Role Design Example" (ee832789) for storage, "Ask the Perf Guy: Sizing Exchange
2016 Deployments" (2015) for CPU, Ross Smith IV (2011) for transaction logs.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

MB_PER_GB = 1024.0
GB_PER_TB = 1024.0
KB_PER_MB = 1024.0
MEGACYCLES_PER_BASELINE_CORE = 2000.0
LOG_REFERENCE_MESSAGE_KB = 75.0
LOG_SIZE_EXPONENT = math.log2(1.9)
"""Doubling the message size multiplies log volume by about 1.9 (Ross Smith IV, 2011)."""

Floats = NDArray[np.float64]


def _f(x: ArrayLike) -> Floats:
    return np.asarray(x, dtype=np.float64)


def mailbox_on_disk_mb(
    mailbox_mb: ArrayLike,
    messages_per_day: ArrayLike,
    message_kb: ArrayLike,
    retention_days: ArrayLike,
    single_item_recovery_factor: ArrayLike = 0.012,
    calendar_version_factor: ArrayLike = 0.058,
) -> Floats:
    """Mailbox size on disk, MB.

    on_disk = mailbox + whitespace + dumpster, where
    whitespace = messages/day x message KB / 1024 and
    dumpster = whitespace x retention days + mailbox x (0.012 + 0.058).

    >>> round(float(mailbox_on_disk_mb(2048, 100, 75, 14)), 1)
    2301.2
    """
    mailbox = _f(mailbox_mb)
    daily_mb = _f(messages_per_day) * _f(message_kb) / KB_PER_MB
    dumpster = daily_mb * _f(retention_days) + mailbox * (
        _f(single_item_recovery_factor) + _f(calendar_version_factor)
    )
    return mailbox + daily_mb + dumpster


def log_mb_per_mailbox_day(
    messages_per_day: ArrayLike, message_kb: ArrayLike, log_mb_per_message: ArrayLike = 0.2
) -> Floats:
    """Transaction logs generated per mailbox per day, MB.

    logs = messages/day x log MB per message x (message KB / 75) ^ log2(1.9)

    >>> round(float(log_mb_per_mailbox_day(150, 75)), 6)
    30.0
    """
    scale = (_f(message_kb) / LOG_REFERENCE_MESSAGE_KB) ** LOG_SIZE_EXPONENT
    return _f(messages_per_day) * _f(log_mb_per_message) * scale


def database_copy_gb(
    users: ArrayLike, on_disk_mb: ArrayLike, database_overhead_pct: ArrayLike = 20.0
) -> Floats:
    """One copy of all mailbox databases, GB: users x on-disk MB / 1024 x (1 + overhead)."""
    return _f(users) * _f(on_disk_mb) / MB_PER_GB * (1 + _f(database_overhead_pct) / 100)


def volume_gb(
    database_gb: ArrayLike,
    log_gb: ArrayLike,
    content_index_pct: ArrayLike = 20.0,
    free_space_pct: ArrayLike = 20.0,
) -> Floats:
    """Disk for one copy of the databases, GB: (db x (1 + index) + logs) / (1 - free space)."""
    used = _f(database_gb) * (1 + _f(content_index_pct) / 100) + _f(log_gb)
    return used / (1 - _f(free_space_pct) / 100)


def megacycles_per_core(
    specint_per_core: ArrayLike, baseline_specint_per_core: ArrayLike = 33.75
) -> Floats:
    """Megacycles one core supplies: SPECint per core x 2000 / baseline SPECint per core.

    >>> float(megacycles_per_core(67.5))
    4000.0
    """
    return _f(specint_per_core) * MEGACYCLES_PER_BASELINE_CORE / _f(baseline_specint_per_core)


def databases_needed(database_gb: ArrayLike, max_database_gb: ArrayLike) -> Floats:
    """Databases to hold one copy of the data: ceil(db GB / largest database GB), at least 1."""
    return np.maximum(1.0, np.ceil(_f(database_gb) / _f(max_database_gb) - 1e-9))


def server_megacycles_in_worst_failure(
    servers: ArrayLike,
    users: ArrayLike,
    messages_per_day: ArrayLike,
    database_copies: ArrayLike,
    active_per_message: ArrayLike = 0.0597,
    passive_per_message: ArrayLike = 0.014,
) -> Floats:
    """CPU one surviving server needs in the worst failure mode its copy layout survives, Mcycles.

    S servers hold C copies of every database, spread evenly (N x C / S mailbox copies each).
    The worst failure mode is C - 1 servers down (one copy of each database left); each of the
    S - C + 1 survivors then runs N / (S - C + 1) active mailboxes, and the rest of its copies
    stay passive:
        active = N / (S - C + 1);  passive = max(0, N C / S - active)
        load = messages/day x (active Mcycles x active + passive Mcycles x passive)

    >>> round(float(server_megacycles_in_worst_failure(4, 1000, 100, 2, 0.06, 0.014)), 2)
    2233.33
    """
    s, n, c = _f(servers), _f(users), _f(database_copies)
    survivors = np.maximum(s - c + 1, 1.0)
    active = n / survivors
    passive = np.maximum(0.0, n * c / np.maximum(s, 1.0) - active)
    return _f(messages_per_day) * (
        _f(active_per_message) * active + _f(passive_per_message) * passive
    )


def servers_for_worst_failure(
    users: ArrayLike,
    messages_per_day: ArrayLike,
    database_copies: ArrayLike,
    capacity_megacycles: ArrayLike,
    active_per_message: ArrayLike = 0.0597,
    passive_per_message: ArrayLike = 0.014,
) -> Floats:
    """Fewest servers (at least one per copy) whose per-server load in the worst failure mode
    stays within capacity (cores x Mcycles per core x max CPU).

    The load falls with S once past its one peak, and equals the whole active load at S = C;
    so the answer is C when one survivor carries every active mailbox, else a bisection
    between C and C - 1 + ceil(N x messages x (active + C x passive) / capacity), where the
    load is surely within capacity.
    """
    n, m, c, cap = np.broadcast_arrays(
        _f(users), _f(messages_per_day), _f(database_copies), _f(capacity_megacycles)
    )
    a, p = _f(active_per_message), _f(passive_per_message)

    def fits(s: Floats) -> NDArray[np.bool_]:
        load = server_megacycles_in_worst_failure(s, n, m, c, a, p)
        return np.asarray(load <= cap * (1 + 1e-12))

    lo = c.copy()
    hi = np.maximum(c, c - 1 + np.ceil(n * m * (a + c * p) / cap - 1e-9))
    while (lo < hi).any():
        mid = np.floor((lo + hi) / 2)
        ok = fits(mid)
        hi = np.where(ok & (lo < hi), mid, hi)
        lo = np.where(~ok & (lo < hi), mid + 1, lo)
    return np.where(fits(c), c, lo)
