"""The paths open to an organisation that already runs Exchange (README, Methodology: paths).

1. Upgrade in place to Exchange SE: the in-house engine with today's servers, disk and
   licences in service (planner.engine.inhouse with planner.engine.current); option 0.
2. Move to each hosted plan: the hosted engine plus the ``migration`` line (project in year 0,
   coexistence in year 1); options 1..P.
3. Stay as is (unsupported, Exchange 2016 / 2019 only): today's servers run to the end of their
   life with no licence spend, priced with the expected loss of running unpatched mail servers
   (probability x incident cost x index); when the hardware retires (after year last) the
   organisation is forced to move to the first plan listed: the move project is paid in year
   last, coexistence in year last + 1 and that plan's costs from year last + 1 on; the last option.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from planner.engine import current
from planner.engine.batch import Batch
from planner.engine.categories import Line
from planner.engine.inhouse import (
    connectivity_lines,
    downtime_lines,
    inhouse_availability_pct,
    inhouse_fte,
    internet_lines,
    merge,
    staff_lines,
)
from planner.engine.migration import coexistence_cost, move_project_cost
from planner.engine.timeline import Timeline
from planner.model import option_names
from planner.model.scenario import PLATFORM_NAMES, PLATFORMS

Floats = NDArray[np.float64]
Lines = dict[Line, Floats]


def has_stay_option(p: Batch) -> bool:
    """The first scenario of the batch runs Exchange 2016 or 2019: show the stay path."""
    return bool(current.is_unsupported(p)[0])


def option_labels(p: Batch, inhouse_label: str) -> tuple[str, str | None]:
    """(label of option 0, label of the stay option or None) for the batch's first scenario."""
    platform = PLATFORMS[int(p["current.platform"][0])]
    if platform == "none":
        return inhouse_label, None
    if platform == "exchange_se":
        return option_names.KEEP_SE, None
    return option_names.UPGRADE_IN_PLACE, option_names.stay_label(PLATFORM_NAMES[platform])


def unsupported_risk(p: Batch, tl: Timeline) -> Floats:
    """Expected loss a year: probability x incident cost x index, (B, T) (all years)."""
    return np.asarray(
        p["current.incident_probability_pct_per_year"][:, None]
        / 100
        * p["current.incident_cost"][:, None]
        * tl.price_index
    )


def running_today(p: Batch, tl: Timeline) -> Lines:
    """Today's platform while it serves: servers' running and maintenance, staff,
    protection, internet, connectivity, downtime and the unsupported-software risk."""
    servers = current.existing_units(p, tl, "current.servers")
    idx = tl.price_index
    maint = p["inhouse.servers.maintenance_pct_per_year"][:, None] / 100
    gateway = p["inhouse.protection.gateway_per_user_year"][:, None]
    security = p["inhouse.protection.security_per_server_year"][:, None]
    internet = internet_lines(p, tl)
    internet.pop(Line("one_time", "capital"))  # set up long ago
    lines = merge(
        {
            Line("operations", "operating"): servers
            * current.server_running_per_year(p)[:, None]
            * idx
            + maint * current.existing_value_out_of_warranty(p, tl),
            Line("protection", "operating"): (tl.users * gateway + servers * security) * idx,
            Line("unsupported_risk", "operating"): unsupported_risk(p, tl),
        },
        staff_lines(p, tl, inhouse_fte(p, tl)),
        internet,
        connectivity_lines(p, tl),
        downtime_lines(p, tl, inhouse_availability_pct(p)),
    )
    serving = current.serving_mask(p, tl)
    return {line: np.where(serving, values, 0.0) for line, values in lines.items()}


def forced_move(p: Batch, tl: Timeline, plan_costs: dict[Line, Floats]) -> Lines:
    """After the hardware retires: the first plan's costs from year last + 1, the move
    project in year last (N_last mailboxes x index, no resale) and coexistence in year last + 1."""
    last = current.last_year_in_service(p)[:, None]
    years = tl.years[None, :]
    moved = tl.operating & (years > last)
    lines = {line: np.where(moved, values, 0.0) for line, values in plan_costs.items()}
    in_horizon = years <= tl.horizon[:, None]
    move_year = (years == last) & (last < tl.horizon[:, None]) & in_horizon
    project = move_project_cost(p, tl.users) * tl.price_index
    lines[Line("migration", "capital")] = np.where(move_year, project, 0.0)
    lines[Line("migration", "operating")] = np.where(
        tl.operating & (years == last + 1), coexistence_cost(p, tl), 0.0
    )
    return lines


def stay_lines(p: Batch, tl: Timeline, plan_costs: dict[Line, Floats]) -> Lines:
    """The stay path of every scenario on 2016 / 2019 (zero for the others), (B, T)."""
    residual = {
        Line("hardware", "residual"): current.existing_residual(
            p, tl, "current.servers", "inhouse.servers.price"
        ),
        Line("storage", "residual"): current.existing_residual(
            p, tl, "current.storage_tb", "inhouse.storage.price_per_tb"
        ),
    }
    lines = merge(running_today(p, tl), forced_move(p, tl, plan_costs), residual)
    stays = current.is_unsupported(p)[:, None]
    return {line: np.where(stays, values, 0.0) for line, values in lines.items()}
