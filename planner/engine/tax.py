"""The after-tax view: capital depreciated straight-line by class, operating costs expensed.

For option o, year t (0..H), tax rate r and a class's life D (years):
    depreciation_t = sum over payment years s with 1 <= t - s <= D of capital_s / D
    (a purchase paid in year s is in service, and depreciated, from year s + 1);
    D = 0: deducted in the year paid (t = s)
    tax saving_t   = r x (operating_t + sum over classes of depreciation_t)
    after tax_t    = total_t - tax saving_t   (total on the scenario's TCO basis)
Classes (lines' capital): hardware = hardware, storage and disaster recovery, over
``finance.depreciation_years``; licences, over ``finance.licence_depreciation_years``;
services = one-time projects, upgrades and migrations, over
``finance.services_depreciation_years``. Without the line detail (a projection made with
``detail=False``) every capital cost takes the hardware life.
Deductions after the horizon are not counted; the residual credit is kept as before tax (an
asset sold at its book value carries no tax). Every operating cost, the expected downtime loss
included, is deductible: a loss of work lowers taxable profit like any other cost.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from planner.engine.categories import LINE_INDEX, LINES
from planner.engine.projection import Projection

Floats = NDArray[np.float64]

DEPRECIATION_CLASS: dict[str, str] = {
    "hardware": "hardware",
    "storage": "hardware",
    "disaster_recovery": "hardware",
    "licences": "licences",
    "one_time": "services",
    "upgrades": "services",
    "migration": "services",
}
"""Cost category -> depreciation class of its capital line."""


def depreciation(capital: Floats, life_years: Floats) -> Floats:
    """Straight-line depreciation by year of capital paid by year, (B, O, T).

    W[b, s, t] = 1 / D_b when 1 <= t - s <= D_b (D_b = 0: 1 when t = s); depreciation =
    capital @ W.
    """
    t_count = capital.shape[2]
    lag = np.arange(t_count)[None, None, :] - np.arange(t_count)[None, :, None]  # t - s
    life = life_years[:, None, None]
    spread = np.where((lag >= 1) & (lag <= life), 1.0 / np.maximum(life, 1.0), 0.0)
    weights = np.where(life == 0, (lag == 0) * 1.0, spread)
    return np.asarray(np.einsum("bos,bst->bot", capital, weights))


def capital_by_class(p: Projection) -> dict[str, Floats]:
    """Capital paid by year in each depreciation class, (B, O, T) each."""
    if p.costs is None or p.class_lives is None:
        return {"hardware": p.capital}
    out = {name: np.zeros_like(p.capital) for name in set(DEPRECIATION_CLASS.values())}
    for line in LINES:
        if line.kind == "capital":
            out[DEPRECIATION_CLASS[line.category]] += p.costs[:, :, LINE_INDEX[line], :]
    return out


def tax_saving(p: Projection) -> Floats:
    """r x (operating + depreciation of every class) in each year up to the horizon,
    (B, O, T)."""
    within = (p.years[None, :] <= p.horizon[:, None])[:, None, :]
    lives = p.class_lives or {"hardware": p.depreciation_years}
    deductible = p.operating + sum(
        (depreciation(capital, lives[name]) for name, capital in capital_by_class(p).items()),
        np.zeros_like(p.operating),
    )
    return np.where(within, p.tax_rate_pct[:, None, None] / 100 * deductible, 0.0)


def after_tax_total(p: Projection) -> Floats:
    """Yearly cost after tax on the scenario's TCO basis, (B, O, T)."""
    return p.total - tax_saving(p)
