"""Sensitivity: which uncertain input moves the answer most, and where the answer flips.

The answer is the TCO difference D = TCO(in-house) - TCO(reference plan): above zero the
plan is cheaper. The reference is the cheapest hosted plan that fits when every input is at
its most likely value (or a plan the caller names); with segments it is the best mix (the
base case's placement, kept in every variant).

- Tornado: for each input i, D with input i at its low and at its high, every other input
  at its mode; swing_i = |D(high_i) - D(low_i)|; bars ranked by swing. All 2k + 1 variants
  are one batch.
- Break-even value of input i: the value x within the field's own bounds where D changes
  sign (others at their modes): a grid over the bounds (dense over the range, doubling steps
  out to the bounds) finds the sign changes, then three rounds of finer grids narrow the
  crossing nearest the mode (to one unit for whole-number fields); x is interpolated
  linearly inside the last bracket. The engine's costs step (servers, disk), so D is
  piecewise smooth and x is exact to the last bracket only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from planner.analyses.uncertainty import (
    Input,
    base_mix_places,
    evaluate,
    input_values,
    resolve,
)
from planner.engine.mix import MIX_LABEL
from planner.engine.summary import Summary
from planner.errors import ScenarioValueError
from planner.model.ranges import number_text
from planner.model.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

Floats = NDArray[np.float64]
TOP_INPUTS = 3
REFINE_ROUNDS = 3
REFINE_POINTS = 33
NO_CAP = 1e9
"""A search bound at or above this is the model's cap on money, not a limit people set."""


@dataclass(frozen=True)
class Bar:
    """One input of the tornado: D with the input at its low and at its high."""

    input: Input
    low: float
    high: float
    at_low: float
    at_high: float

    @property
    def swing(self) -> float:
        """|D(high) - D(low)|."""
        return abs(self.at_high - self.at_low)


@dataclass(frozen=True)
class Tornado:
    """Every uncertain input's swing on D = TCO(in-house) - TCO(reference), largest first."""

    reference: str
    reference_index: int
    base: float  # D with every input at its mode
    bars: tuple[Bar, ...]
    currency: str

    def table(self) -> pd.DataFrame:
        """One row per input, ranked: input, label, low, high, D at low / high, swing."""
        import pandas as pd

        return pd.DataFrame(
            {
                "rank": np.arange(1, len(self.bars) + 1),
                "input": [b.input.key for b in self.bars],
                "label": [b.input.label for b in self.bars],
                "low": [b.low for b in self.bars],
                "mode": [b.input.range.mode for b in self.bars],
                "high": [b.high for b in self.bars],
                "difference_at_low": [b.at_low for b in self.bars],
                "difference_at_high": [b.at_high for b in self.bars],
                "swing": [b.swing for b in self.bars],
                "reference": self.reference,
                "difference_at_mode": self.base,
                "currency": self.currency,
            }
        )


def _difference(summary: Summary, ref: int) -> Floats:
    return summary.tco[:, 0] - summary.tco[:, ref]


def _reference(summary: Summary, reference: str | None) -> int:
    """Index of the named plan, or the best mix when there are segments, or of the cheapest
    hosted plan that fits in element 0."""
    if reference is None and summary.options[-1] == MIX_LABEL:
        return len(summary.options) - 1
    if reference is not None:
        if reference not in summary.options[1:]:
            plans = ", ".join(summary.options[1:])
            raise ScenarioValueError([f"reference = {reference!r}: no such plan; plans: {plans}"])
        return summary.options.index(reference)
    hosted = slice(1, 1 + summary.plan_count)  # hosted plans only (not a stay-as-is path)
    tco = summary.tco[0, hosted]
    fitting = np.where(summary.fits[0, hosted], tco, np.inf)
    pick = fitting if np.isfinite(fitting).any() else tco
    return int(np.argmin(pick)) + 1


def tornado(scenario: Scenario, reference: str | None = None) -> Tornado:
    """Rank every uncertain input by its swing on D (one batch of 2k + 1 variants)."""
    inputs = resolve(scenario)
    k = len(inputs)
    modes = input_values(inputs, "mode")
    values = np.repeat(modes[:, None], 2 * k + 1, axis=1)
    lows, highs = input_values(inputs, "low"), input_values(inputs, "high")
    for i in range(k):
        values[i, 1 + 2 * i] = lows[i]
        values[i, 2 + 2 * i] = highs[i]
    summary = evaluate(scenario, inputs, values)
    ref = _reference(summary, reference)
    d = _difference(summary, ref)
    bars = [
        Bar(item, float(lows[i]), float(highs[i]), float(d[1 + 2 * i]), float(d[2 + 2 * i]))
        for i, item in enumerate(inputs)
    ]
    bars.sort(key=lambda b: -b.swing)
    return Tornado(summary.options[ref], ref, float(d[0]), tuple(bars), scenario.finance.currency)


@dataclass(frozen=True)
class BreakEven:
    """Where D = TCO(in-house) - TCO(reference) changes sign as one input moves."""

    input: Input
    reference: str
    value: float | None  # crossing nearest the mode; None when D keeps its sign
    inhouse_cheaper: Literal["above", "below"] | None  # side of the value where D < 0
    bounds: tuple[float, float]
    crossings: int  # sign changes found on the grid over the bounds
    cheaper_throughout: str | None  # when there is no crossing: the option cheaper everywhere

    @property
    def text(self) -> str:
        """'organisation.users: in-house is cheaper than X from 1,431 up'."""
        return self.sentence(self.input.key)

    def span_text(self) -> str:
        """The searched values in words: 'from 0 to 1,000' or 'from 0 up' (no upper cap)."""
        low, high = self.bounds
        if high >= NO_CAP:
            return f"from {number_text(low)} up"
        return f"from {number_text(low)} to {number_text(high)}"

    def sentence(self, name: str) -> str:
        """The break-even in words, the input called ``name`` (the app passes the sidebar's
        label): 'Users today: in-house is cheaper than X from 1,431 up', or 'Disk price per
        TB (USD): X stays cheaper at every value from 0 up (no break-even)'."""
        if self.value is None:
            return (
                f"{name}: {self.cheaper_throughout} stays cheaper at every value "
                f"{self.span_text()} (no break-even)"
            )
        shown = number_text(self.value if self.input.integer else _round_sig(self.value))
        if self.input.integer:
            where = f"from {shown} up" if self.inhouse_cheaper == "above" else f"up to {shown}"
        else:
            where = f"above {shown}" if self.inhouse_cheaper == "above" else f"below {shown}"
        more = f" (the answer flips {self.crossings} times for values {self.span_text()})"
        return f"{name}: in-house is cheaper than {self.reference} {where}" + (
            more if self.crossings > 1 else ""
        )


def _round_sig(x: float, digits: int = 4) -> float:
    return float(f"{x:.{digits}g}")


def _grid(item: Input) -> Floats:
    """Search points over the field's bounds: dense over the range, doubling steps outside."""
    lo, hi = item.search_bounds()
    r = item.range
    spread = max(r.high - r.low, abs(r.mode) * 0.05, 1e-6 * (hi - lo), 1.0 if item.integer else 0)
    steps = spread * 2.0 ** np.arange(0, 40)
    points = np.concatenate(
        [
            np.linspace(lo, hi, 41),
            np.linspace(r.low, r.high, 21),
            r.mode - steps,
            r.mode + steps,
        ]
    )
    points = np.clip(points, lo, hi)
    if item.integer:
        points = np.floor(points + 0.5)
    return np.unique(points)


def _evaluate_points(
    scenario: Scenario,
    inputs: Sequence[Input],
    which: Sequence[int],
    grids: Sequence[Floats],
    ref: int,
    places: tuple[int, ...] | None,
) -> list[Floats]:
    """D at each grid point of each chosen input (others at mode), in one batch, with
    segments on the base case's placement ``places``."""
    sizes = [len(g) for g in grids]
    modes = input_values(inputs, "mode")
    values = np.repeat(modes[:, None], sum(sizes), axis=1)
    start = 0
    for i, grid in zip(which, grids, strict=True):
        values[i, start : start + len(grid)] = grid
        start += len(grid)
    d = _difference(evaluate(scenario, inputs, values, mix_places=places), ref)
    return np.split(d, np.cumsum(sizes)[:-1])


def _bracket(grid: Floats, d: Floats, mode: float) -> tuple[int, int]:
    """(index of the bracket nearest the mode, number of sign changes); (-1, 0) if none."""
    cheaper = d < 0
    changes = np.flatnonzero(cheaper[1:] != cheaper[:-1])
    if changes.size == 0:
        return -1, 0
    centres = (grid[changes] + grid[changes + 1]) / 2
    return int(changes[np.argmin(np.abs(centres - mode))]), int(changes.size)


def breakeven_values(
    scenario: Scenario,
    top: int = TOP_INPUTS,
    reference: str | None = None,
    ranked: Tornado | None = None,
) -> tuple[BreakEven, ...]:
    """Break-even values of the ``top`` inputs with the largest swing (see the module text)."""
    ranked = ranked if ranked is not None else tornado(scenario, reference)
    inputs = resolve(scenario)
    keys = [item.key for item in inputs]
    chosen = [keys.index(b.input.key) for b in ranked.bars[:top] if b.swing > 0]
    if not chosen:
        return ()
    ref = ranked.reference_index
    places = base_mix_places(scenario)  # searched once for every grid
    grids = [_grid(inputs[i]) for i in chosen]
    ds = _evaluate_points(scenario, inputs, chosen, grids, ref, places)
    found = [
        _bracket(g, d, inputs[i].range.mode) for i, g, d in zip(chosen, grids, ds, strict=True)
    ]
    brackets = {
        n: (grids[n][j], grids[n][j + 1], ds[n][j], ds[n][j + 1])
        for n, (j, _) in enumerate(found)
        if j >= 0
    }
    for _ in range(REFINE_ROUNDS):
        open_ = [
            n
            for n, (a, b, _, _) in brackets.items()
            if (b - a) > (1.0 if inputs[chosen[n]].integer else 1e-9 * max(1.0, abs(b)))
        ]
        if not open_:
            break
        fine = []
        for n in open_:
            a, b, _, _ = brackets[n]
            g = np.linspace(a, b, REFINE_POINTS)
            if inputs[chosen[n]].integer:
                g = np.unique(np.floor(g + 0.5))
            fine.append(g)
        fine_d = _evaluate_points(scenario, inputs, [chosen[n] for n in open_], fine, ref, places)
        for n, g, d in zip(open_, fine, fine_d, strict=True):
            j, _ = _bracket(g, d, inputs[chosen[n]].range.mode)
            if j >= 0:
                brackets[n] = (g[j], g[j + 1], d[j], d[j + 1])
    out = []
    for n, i in enumerate(chosen):
        item = inputs[i]
        bounds = item.search_bounds()
        if n not in brackets:
            d0 = ds[n][0]
            cheaper = "in-house" if d0 < 0 else ranked.reference
            out.append(BreakEven(item, ranked.reference, None, None, bounds, 0, cheaper))
            continue
        a, b, da, db = brackets[n]
        side: Literal["above", "below"] = "above" if db < 0 else "below"
        if item.integer:
            value = b if side == "above" else a
        else:
            value = a + (b - a) * (da / (da - db)) if da != db else (a + b) / 2
        out.append(BreakEven(item, ranked.reference, float(value), side, bounds, found[n][1], None))
    return tuple(out)
