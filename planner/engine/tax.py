"""The after-tax view: capital depreciated straight-line, operating costs expensed.

For option o, year t (0..H), tax rate r and depreciation life D:
    depreciation_t = sum over payment years s with 1 <= t - s <= D of capital_s / D
    (a purchase paid in year s is in service, and depreciated, from year s + 1)
    tax saving_t   = r x (operating_t + depreciation_t)
    after tax_t    = total_t - tax saving_t   (total on the scenario's TCO basis)
Deductions after the horizon are not counted; the residual credit is kept as before tax (an
asset sold at its book value carries no tax). Every operating cost, the expected downtime loss
included, is deductible: a loss of work lowers taxable profit like any other cost.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from planner.engine.projection import Projection

Floats = NDArray[np.float64]


def depreciation(capital: Floats, life_years: Floats) -> Floats:
    """Straight-line depreciation by year of capital paid by year, (B, O, T).

    W[b, s, t] = 1 / D_b when 1 <= t - s <= D_b; depreciation = capital @ W.
    """
    t_count = capital.shape[2]
    lag = np.arange(t_count)[None, None, :] - np.arange(t_count)[None, :, None]  # t - s
    life = life_years[:, None, None]
    weights = np.where((lag >= 1) & (lag <= life), 1.0 / life, 0.0)
    return np.asarray(np.einsum("bos,bst->bot", capital, weights))


def tax_saving(p: Projection) -> Floats:
    """r x (operating + depreciation) in each year up to the horizon, (B, O, T)."""
    within = (p.years[None, :] <= p.horizon[:, None])[:, None, :]
    deductible = p.operating + depreciation(p.capital, p.depreciation_years)
    return np.where(within, p.tax_rate_pct[:, None, None] / 100 * deductible, 0.0)


def after_tax_total(p: Projection) -> Floats:
    """Yearly cost after tax on the scenario's TCO basis, (B, O, T)."""
    return p.total - tax_saving(p)
