"""Monte Carlo: draw the uncertain inputs, project every draw, summarise the spread.

N draws of the scenario's ranges (:mod:`planner.analyses.uncertainty`) go through the vectorised
engine as batches of at most ``chunk_size`` elements (default 2,500: as fast as larger
chunks, see benchmarks/bench_uncertainty.py), and never more than fit in ``CHUNK_BYTES`` of
engine working memory, counted on every axis (:func:`engine_bytes_per_draw`):
    bytes per draw = years x 8 x (16 x options + segments x (16 + options))
(options: in-house or its path, each plan, staying as is, the best mix; an option-year holds
about 16 float64 while its cost lines are summed, a segment-year 16 more and one per option
for the placement's parts. Measured with tracemalloc per draw-year: 1,464 bytes for the
default preset (estimate 1,536), 4,615 for 40 plans (5,248), 6,981 for 40 plans x 8
segments (9,088), 1,908 for 5 plans x 8 segments (2,368)).
The results keep, per draw, the TCO of every option (8 bytes x options) and its cumulative
cost by year (8 bytes x options x years).
All draws are made before the first chunk runs, so the result does not depend on the
chunk size. Percentiles use numpy's default (linear interpolation between order statistics).

    P(cheapest)_o = share of draws in which option o is the cheapest option that fits
    P(best mix cheapest) = share of draws in which the base case's best mix fits and its TCO
                    is at most the cheapest fitting option's (x (1 + 1e-9): a mix that is
                    a pure option, everyone in-house say, ties with it and counts)
    saving_j      = TCO(in-house) - TCO(plan j): above zero the plan is cheaper
    fan_q(o, t)   = q-th percentile over draws of the cumulative cost of o by year t
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from planner.analyses.placement import placement_fits, with_mix_fits
from planner.analyses.uncertainty import Input, apply, base_mix_places, resolve, sample
from planner.engine.projection import option_labels, project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

Floats = NDArray[np.float64]
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 20_261_128
MAX_DRAWS = 200_000
DEFAULT_CHUNK = 2_500
CHUNK_BYTES = 64_000_000
"""Engine working memory of one chunk at most (the default preset's 2,500 draws: 61 MB)."""
FLOATS_PER_OPTION_YEAR = 16
FLOATS_PER_SEGMENT_YEAR = 16  # plus one per option
PERCENTILES = (10.0, 50.0, 90.0)
TIE = 1e-9
"""Relative tolerance within which the best mix ties with the cheapest option."""
FAN_PERCENTILES = (10.0, 25.0, 50.0, 75.0, 90.0)


def _q(q: float) -> str:
    return f"p{q:g}"


@dataclass(frozen=True)
class Simulation:
    """N draws of a scenario: inputs drawn, TCO per option, and the spread of both.

    Arrays: ``samples`` (k, N) input values; ``tco`` (N, O) on the scenario's TCO basis;
    ``fits`` (N, O); ``cheapest`` (N,) index of the cheapest option that fits; ``fan``
    (F, O, T) percentiles ``fan_percentiles`` of the cumulative cost by year. With segments,
    ``mix_index`` is the best mix's option and ``mix_places`` its placement (the base
    case's, per segment 0 in-house, j + 1 plan j), the same in every draw.
    """

    scenario_name: str
    currency: str
    options: tuple[str, ...]
    years: Floats
    draws: int
    seed: int | None
    inputs: tuple[Input, ...]
    samples: Floats
    tco: Floats
    fits: NDArray[np.bool_]
    cheapest: NDArray[np.int64]
    fan_percentiles: tuple[float, ...]
    fan: Floats
    mix_index: int | None = None
    mix_places: tuple[int, ...] | None = None
    placement: tuple[tuple[str, str], ...] = ()  # (segment, where the best mix puts it)

    @property
    def p_mix_cheapest(self) -> float | None:
        """Share of draws in which the best mix fits and costs no more than the cheapest
        option that fits (ties within TIE count); None without segments."""
        if self.mix_index is None:
            return None
        cheapest = np.where(self.fits, self.tco, np.inf).min(axis=1)
        mix = self.tco[:, self.mix_index]
        wins = self.fits[:, self.mix_index] & (mix <= cheapest + TIE * np.abs(cheapest))
        return float(wins.mean())

    def percentiles(self, q: tuple[float, ...] = PERCENTILES) -> Floats:
        """TCO percentiles, (len(q), O)."""
        out: Floats = np.percentile(self.tco, q, axis=0)
        return out

    @property
    def p_cheapest(self) -> Floats:
        """Probability that each option is the cheapest option that fits, (O,)."""
        counts = np.bincount(self.cheapest, minlength=len(self.options))
        return counts / self.draws

    @property
    def p_fits(self) -> Floats:
        """Probability that each option fits the organisation as is, (O,)."""
        out: Floats = self.fits.mean(axis=0, dtype=np.float64)
        return out

    @property
    def savings(self) -> Floats:
        """TCO of in-house minus each hosted plan's, (N, P): above zero the plan is cheaper."""
        return self.tco[:, :1] - self.tco[:, 1:]

    def savings_percentiles(self, q: tuple[float, ...] = PERCENTILES) -> Floats:
        """Percentiles of each plan's saving against in-house, (len(q), P)."""
        out: Floats = np.percentile(self.savings, q, axis=0)
        return out

    @property
    def p_saving(self) -> Floats:
        """Probability that each hosted plan costs less than in-house, (P,)."""
        out: Floats = (self.savings > 0).mean(axis=0, dtype=np.float64)
        return out

    def percentile_table(self, q: tuple[float, ...] = PERCENTILES) -> pd.DataFrame:
        """One row per option: TCO percentiles and mean, P(cheapest), P(fits), and for plans
        the saving against in-house (percentiles) and P(saving > 0)."""
        import pandas as pd

        tco_q = self.percentiles(q)
        save_q = self.savings_percentiles(q)
        nan = np.full(1, np.nan)
        data: dict[str, object] = {
            "scenario": self.scenario_name,
            "option": list(self.options),
            "draws": self.draws,
            "seed": self.seed,
        }
        for i, qq in enumerate(q):
            data[f"tco_{_q(qq)}"] = tco_q[i]
        data["tco_mean"] = self.tco.mean(axis=0)
        data["p_cheapest"] = self.p_cheapest
        data["p_fits"] = self.p_fits
        for i, qq in enumerate(q):
            data[f"saving_{_q(qq)}"] = np.concatenate([nan, save_q[i]])
        data["p_saving"] = np.concatenate([nan, self.p_saving])
        data["currency"] = self.currency
        return pd.DataFrame(data)

    def fan_table(self) -> pd.DataFrame:
        """Long table of the fan: option, year, one column per fan percentile."""
        import pandas as pd

        o, t = len(self.options), len(self.years)
        data: dict[str, object] = {
            "scenario": self.scenario_name,
            "option": np.repeat(np.array(self.options, dtype=object), t),
            "year": np.tile(self.years.astype(int), o),
        }
        for i, qq in enumerate(self.fan_percentiles):
            data[f"cumulative_{_q(qq)}"] = self.fan[i].reshape(-1)
        data["currency"] = self.currency
        return pd.DataFrame(data)


def engine_bytes_per_draw(options: int, segments: int, years: int) -> int:
    """Engine working memory of one draw: years x 8 x (16 x options + segments x (16 +
    options))."""
    per_year = FLOATS_PER_OPTION_YEAR * options + segments * (FLOATS_PER_SEGMENT_YEAR + options)
    return years * 8 * per_year


def chunk_for(
    options: int, segments: int, years: int, most: int = DEFAULT_CHUNK, budget: int = CHUNK_BYTES
) -> int:
    """Draws per engine call: ``budget // engine_bytes_per_draw``, at most ``most``, at least 1
    (the result does not depend on it)."""
    return max(1, min(most, budget // engine_bytes_per_draw(options, segments, years)))


def check_draws(draws: int) -> None:
    """Draws must be a whole number from 1 to MAX_DRAWS."""
    if (
        isinstance(draws, bool)
        or not isinstance(draws, (int, np.integer))
        or not (1 <= draws <= MAX_DRAWS)
    ):
        raise ScenarioValueError(
            [f"draws = {draws!r}: allowed: a whole number from 1 to {MAX_DRAWS:,}"]
        )


def simulate(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = DEFAULT_SEED,
    chunk_size: int = DEFAULT_CHUNK,
    fan_percentiles: tuple[float, ...] = FAN_PERCENTILES,
) -> Simulation:
    """Draw ``draws`` variants of the scenario's ranges and project them all.

    With no ranges every draw is the scenario itself. ``seed=None`` draws fresh entropy.
    A chunk is at most ``chunk_size`` draws and at most what fits in ``CHUNK_BYTES``
    (:func:`chunk_for`).
    """
    check_draws(draws)
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise ScenarioValueError([f"seed = {seed!r}: allowed: a whole number from 0 up"])
    if chunk_size < 1:
        raise ScenarioValueError([f"chunk_size = {chunk_size!r}: allowed: a whole number >= 1"])
    inputs = resolve(scenario)
    samples = sample(inputs, draws, seed)
    base = Batch.of(scenario)
    horizon_key = "organisation.horizon_years"
    horizons = next(
        (samples[i] for i, item in enumerate(inputs) if item.key == horizon_key),
        np.full(draws, float(scenario.organisation.horizon_years)),
    )
    years_count = int(horizons.max()) + 1
    options = option_labels(base)
    places = base_mix_places(scenario)
    mix_index = len(options) - 1 if places is not None else None
    o = len(options)
    tco = np.empty((draws, o))
    fits = np.empty((draws, o), dtype=bool)
    cheapest = np.empty(draws, dtype=np.int64)
    cumulative = np.empty((o, years_count, draws))  # draws last: percentiles read rows
    chunk_size = chunk_for(o, len(base.segment_labels), years_count, most=chunk_size)
    for start in range(0, draws, chunk_size):
        stop = min(draws, start + chunk_size)
        batch = apply(base.repeat(stop - start), inputs, samples[:, start:stop])
        projection = project(batch, detail=False, years_count=years_count, mix_places=places)
        s = summarise(projection)
        if places is not None and mix_index is not None:
            s = with_mix_fits(s, placement_fits(batch, places, years_count), mix_index)
        tco[start:stop] = s.tco
        fits[start:stop] = s.fits
        cheapest[start:stop] = s.cheapest
        cumulative[:, :, start:stop] = s.cumulative.transpose(1, 2, 0)
    years = np.arange(years_count, dtype=np.float64)
    if np.all(horizons == horizons[0]):
        fan = np.percentile(cumulative, fan_percentiles, axis=2, overwrite_input=True)
    else:  # a draw's cumulative cost stops at its own horizon
        cumulative[:, years[:, None] > horizons[None, :]] = np.nan
        fan = np.nanpercentile(cumulative, fan_percentiles, axis=2, overwrite_input=True)
    return Simulation(
        scenario_name=scenario.name,
        currency=scenario.finance.currency,
        options=options,
        years=years,
        draws=draws,
        seed=seed,
        inputs=inputs,
        samples=samples,
        tco=tco,
        fits=fits,
        cheapest=cheapest,
        fan_percentiles=tuple(fan_percentiles),
        fan=fan,
        mix_index=mix_index,
        mix_places=places,
        placement=placement_names(scenario, places),
    )


def placement_names(
    scenario: Scenario, places: tuple[int, ...] | None
) -> tuple[tuple[str, str], ...]:
    """(segment, place) pairs of a placement: the first option's label for in-house (0),
    plan j's label for j + 1."""
    if places is None:
        return ()
    labels = (option_labels(Batch.of(scenario))[0], *(p.label for p in scenario.plans))
    return tuple((seg.name, labels[p]) for seg, p in zip(scenario.segments, places, strict=True))
