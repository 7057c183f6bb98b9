"""The answer first: one sentence, the three numbers behind it, and what would change it.

For batch element 0 of a projection and its summary (money in the display currency):

- Chosen option c: the cheapest option that fits, the summary's ``cheapest`` (the same fit
  rule and tie rule as the every-option table).
- Alternative a: option 0 (in-house, or the in-place path) when c is another option and
  option 0 fits; when c is option 0, the cheapest hosted plan that fits, else the cheapest
  other option that fits (never the best mix, which then keeps everyone in-house); none when
  nothing else fits. Both totals are TCO on the scenario's own basis over the same years, with
  the same downtime, residual and migration rules, so the sentence compares like with like.
- Three numbers: TCO(c), TCO(a) and the difference TCO(a) - TCO(c) >= 0.
- Main reason: the cost category k with the largest gap g_k = TCO_k(a) - TCO_k(c), where
  TCO_k sums category k's capital and operating lines over years 0..H (and its residual
  credit when TCO is net of residual value); sum_k g_k = TCO(a) - TCO(c).
- What would change it: the tornado of D = TCO(0) - TCO(r) (:mod:`planner.analyses.sensitivity`),
  r the pair's option other than option 0; its top ``DRIVERS`` inputs by swing, each with
  its break-even value (where D changes sign, others at their most likely values). The
  tornado centres on the ranges' modes, which follow the scenario's own values unless a range
  is pinned.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.analyses.sensitivity import BreakEven, Tornado, breakeven_values, tornado
from planner.engine.categories import LINES
from planner.engine.mix import MIX_LABEL
from planner.engine.path_notes import money_text
from planner.engine.projection import Projection
from planner.engine.summary import Summary
from planner.errors import ScenarioValueError
from planner.model.fields import range_key_label
from planner.model.ranges import number_text
from planner.model.scenario import Scenario

DRIVERS = 2
"""Inputs named under "what would change the answer"."""
CANDIDATES = 6
"""Inputs (by swing) whose break-even values are searched; the DRIVERS shown are those of
them that can change the answer, largest swing first, then the largest swings."""

OPTION_ZERO = {
    "Upgrade in place to Exchange SE": ("Upgrade in place to Exchange SE", "upgrading in place"),
    "Keep Exchange SE in place": ("Keep Exchange SE in place", "keeping Exchange SE in place"),
}
"""Option 0 from an existing platform: (what to do, what it is compared with), in words."""
INHOUSE_WORDS = ("Run Exchange in-house", "running Exchange in-house")

CATEGORY_WORDS = {
    "hardware": "servers and other hardware",
    "licences": "licences and subscriptions",
    "storage": "storage",
    "operations": "power, space and maintenance",
    "expertise": "administrator staff and training",
    "upgrades": "upgrade projects",
    "protection": "anti-spam, anti-virus and security",
    "disaster_recovery": "disaster recovery",
    "connectivity": "connectivity",
    "one_time": "migration and one-time work",
    "downtime_risk": "expected downtime loss",
    "migration": "the move from today's platform",
    "unsupported_risk": "the risk of unsupported software",
}
"""Cost category -> what it is, as the end of "costs X more in ..."."""


@dataclass(frozen=True)
class Number:
    """One of the numbers behind the sentence (money in the display currency)."""

    label: str
    value: float


@dataclass(frozen=True)
class Driver:
    """An input that moves the answer most, and the value at which the answer flips."""

    label: str  # the input as the sidebar names it
    mode: float  # its most likely value (the tornado's centre)
    swing: float  # |D(high) - D(low)| in the display currency
    breakeven: BreakEven
    sentence: str


@dataclass(frozen=True)
class Recommendation:
    """The answer in one sentence and what stands behind it (see the module docstring)."""

    sentence: str
    chosen: str
    alternative: str | None
    chosen_index: int
    alternative_index: int | None
    horizon_years: int
    currency: str
    numbers: tuple[Number, ...]
    reason_category: str | None  # the category with the largest gap, None without one
    reason_gap: float  # g_k of that category (0 without one)
    drivers: tuple[Driver, ...] = ()
    drivers_note: str = ""  # why there are no drivers, when there are none


def _words(option: str, index: int, s: Summary, p: Projection) -> tuple[str, str]:
    """(what to do, what it is called when compared with) for option ``index``."""
    if index == 0:
        return OPTION_ZERO.get(option, INHOUSE_WORDS)
    if option == MIX_LABEL and p.mix is not None:
        places = p.mix.place_of(p.mix.best)
        where = ", ".join(
            f"{segment} in-house" if place == p.options[0] else f"{segment} on {place}"
            for segment, place in places.items()
        )
        return f"Use the best mix of segments ({where})", "the best mix of segments"
    if index <= s.plan_count:
        return f"Move to {option}", option
    return option, option[:1].lower() + option[1:]  # staying as is


def alternative_of(s: Summary, index: int = 0) -> int | None:
    """The option the chosen one is set against (see the module docstring)."""
    chosen = int(s.cheapest[index])
    fits = s.fits[index]
    if chosen != 0:
        if fits[0]:
            return 0
    else:
        best = s.best_hosted(index)
        if best is not None:
            return best
    others = [
        o for o in range(len(s.options)) if o != chosen and fits[o] and s.options[o] != MIX_LABEL
    ]
    if not others:
        return None
    return min(others, key=lambda o: (float(s.tco[index, o]), o))


def category_tco(p: Projection, option: int, index: int = 0) -> dict[str, float]:
    """TCO_k of every cost category of one option: capital + operating (+ residual when TCO
    is net of residual value) over every year."""
    if p.costs is None:
        raise ValueError("the projection was made without detail; call project(detail=True)")
    net = bool(p.net_of_residual[index])
    out: dict[str, float] = {}
    for i, line in enumerate(LINES):
        if line.kind == "residual" and not net:
            continue
        out[line.category] = out.get(line.category, 0.0) + float(p.costs[index, option, i].sum())
    return out


def main_reason(p: Projection, chosen: int, other: int, index: int = 0) -> tuple[str, float]:
    """The category with the largest gap g_k = TCO_k(other) - TCO_k(chosen), and the gap."""
    a, c = category_tco(p, other, index), category_tco(p, chosen, index)
    gaps = {k: a[k] - c[k] for k in a}
    k = max(gaps, key=lambda key: gaps[key])
    return k, gaps[k]


def _reason_text(
    p: Projection, chosen: int, other: int, other_name: str, currency: str, index: int
) -> tuple[str | None, float, str]:
    total_gap = float(p.total[index, other].sum() - p.total[index, chosen].sum())
    if total_gap <= 1e-9 * max(1.0, abs(float(p.total[index, chosen].sum()))):
        return None, 0.0, "; the two cost the same over the horizon"
    k, gap = main_reason(p, chosen, other, index)
    a, c = category_tco(p, other, index)[k], category_tco(p, chosen, index)[k]
    text = (
        f", mainly because {other_name} costs {money_text(gap, currency)} more in "
        f"{CATEGORY_WORDS.get(k, k)} ({money_text(a, currency)} against {money_text(c, currency)})"
    )
    if k == "expertise" and 0 in (chosen, other) and "inhouse_fte" in p.metrics:
        operating = p.years >= 1
        fte = float(p.metrics["inhouse_fte"][index, operating].max())
        text += f"; in-house needs up to {fte:.2g} administrator FTE"
    return k, gap, text


def _plans_in(p: Projection, options: tuple[str, ...]) -> tuple[str, ...]:
    """The options, the best mix replaced by the plans it places segments on."""
    out: list[str] = []
    for option in options:
        if option == MIX_LABEL and p.mix is not None:
            out += [x for x in dict.fromkeys(p.mix.place_of(p.mix.best).values()) if x not in out]
        elif option not in out:
            out.append(option)
    return tuple(out)


def _illustrative(scenario: Scenario, options: tuple[str, ...]) -> str:
    labels = {plan.label for plan in scenario.plans if plan.illustrative}
    shown = [o for o in options if o in labels]
    if not shown:
        return ""
    return f" {' and '.join(shown)}: illustrative price, get a real quote before deciding."


def _no_alternative(
    scenario: Scenario, p: Projection, s: Summary, chosen: int, do: str, currency: str, span: str
) -> Recommendation:
    tco = float(s.tco[0, chosen])
    sentence = (
        f"{do}: {money_text(tco, currency)} {span}; no other option fits as it is (the notes "
        "of the every-option table say why)."
    ) + _illustrative(scenario, _plans_in(p, (s.options[chosen],)))
    return Recommendation(
        sentence=sentence,
        chosen=s.options[chosen],
        alternative=None,
        chosen_index=chosen,
        alternative_index=None,
        horizon_years=scenario.organisation.horizon_years,
        currency=currency,
        numbers=(
            Number(s.options[chosen], tco),
            Number("Per user per month", float(s.cost_per_user_month[0, chosen])),
        ),
        reason_category=None,
        reason_gap=0.0,
    )


def recommend(scenario: Scenario, p: Projection, s: Summary) -> Recommendation:
    """The sentence and its three numbers for batch element 0 (no drivers: see
    :func:`with_drivers`)."""
    currency = scenario.finance.currency
    horizon = scenario.organisation.horizon_years
    span = f"over {horizon} year{'s' if horizon != 1 else ''}"
    chosen = int(s.cheapest[0])
    do, _ = _words(s.options[chosen], chosen, s, p)
    other = alternative_of(s)
    if other is None:
        return _no_alternative(scenario, p, s, chosen, do, currency, span)
    _, other_name = _words(s.options[other], other, s, p)
    c, a = float(s.tco[0, chosen]), float(s.tco[0, other])
    category, gap, reason = _reason_text(p, chosen, other, other_name, currency, 0)
    sentence = (
        f"{do}: {money_text(c, currency)} {span} against {money_text(a, currency)} for "
        f"{other_name}{reason}."
    ) + _illustrative(scenario, _plans_in(p, (s.options[chosen], s.options[other])))
    return Recommendation(
        sentence=sentence,
        chosen=s.options[chosen],
        alternative=s.options[other],
        chosen_index=chosen,
        alternative_index=other,
        horizon_years=horizon,
        currency=currency,
        numbers=(
            Number(s.options[chosen], c),
            Number(s.options[other], a),
            Number(f"Difference {span}", a - c),
        ),
        reason_category=category,
        reason_gap=gap,
    )


def driver_sentence(b: BreakEven, name: str, chosen_is_inhouse: bool) -> str:
    """What would change the answer, in words: 'Administrator cost (USD/FTE/year), most
    likely 124,000: the answer changes if it falls below 61,250' (or 'rises above', or
    'no value from 0 up changes it')."""
    head = f"{name}, most likely {number_text(b.input.range.mode)}"
    if b.value is None:
        return f"{head}: no value {b.span_text()} changes the answer"
    shown = number_text(b.value if b.input.integer else float(f"{b.value:.4g}"))
    # D < 0 (in-house cheaper) on the side ``inhouse_cheaper``; the answer flips towards it
    # when a plan is chosen, away from it when in-house is.
    towards_above = (b.inhouse_cheaper == "above") != chosen_is_inhouse
    move = f"rises above {shown}" if towards_above else f"falls below {shown}"
    more = f" (it flips {b.crossings} times {b.span_text()})" if b.crossings > 1 else ""
    return f"{head}: the answer changes if it {move}{more}"


def what_would_change(
    scenario: Scenario, answer: Recommendation, ranked: Tornado | None = None
) -> Recommendation:
    """``answer`` with its top ``DRIVERS`` drivers and their break-even values (one tornado
    batch and one break-even search; nothing when the scenario has no ranges or the answer
    is not set against option 0)."""
    if answer.alternative is None or answer.alternative_index is None:
        note = "Nothing else fits, so no input moves the answer to another option."
        return _replace(answer, (), note)
    if not scenario.uncertainty.ranges:
        note = "The scenario has no ranges: add some on the Uncertainty tab to see the drivers."
        return _replace(answer, (), note)
    if 0 not in (answer.chosen_index, answer.alternative_index):
        note = "The answer does not involve in-house, which the tornado measures against."
        return _replace(answer, (), note)
    chosen_is_inhouse = answer.chosen_index == 0
    reference = answer.alternative if chosen_is_inhouse else answer.chosen
    try:
        ranked = ranked if ranked is not None else tornado(scenario, reference)
        # A few more than shown: an input that can flip the answer is worth more to the
        # reader than a bigger swing that never does.
        values = breakeven_values(scenario, top=CANDIDATES, ranked=ranked)
    except ScenarioValueError as exc:  # a range the inputs no longer match: say which
        return _replace(answer, (), f"The drivers cannot be worked out: {exc}")
    typed_in = scenario.finance.input_currency  # break-even values are in the inputs' units
    candidates = [
        Driver(
            label=range_key_label(b.input.key, typed_in),
            mode=b.input.range.mode,
            swing=bar.swing,
            breakeven=b,
            sentence=driver_sentence(b, range_key_label(b.input.key, typed_in), chosen_is_inhouse),
        )
        for b, bar in zip(values, [x for x in ranked.bars if x.swing > 0], strict=False)
    ]
    # those that flip the answer first, each group by swing (sorted is stable)
    drivers = tuple(sorted(candidates, key=lambda d: d.breakeven.value is None)[:DRIVERS])
    if not drivers:
        note = "No range moves the answer: every input's swing is zero."
    elif all(d.breakeven.value is None for d in drivers):
        note = (
            f"The answer holds at any single value of these, the inputs that move it most; "
            f"none of the {len(candidates)} inputs that move it most changes it on its own."
        )
    else:
        note = ""
    return _replace(answer, drivers, note)


def _replace(answer: Recommendation, drivers: tuple[Driver, ...], note: str) -> Recommendation:
    return replace(answer, drivers=drivers, drivers_note=note)


def answer_of(scenario: Scenario, p: Projection, s: Summary) -> Recommendation:
    """:func:`recommend` with :func:`what_would_change`: the whole answer."""
    return what_would_change(scenario, recommend(scenario, p, s))


__all__ = [
    "DRIVERS",
    "Driver",
    "Number",
    "Recommendation",
    "alternative_of",
    "answer_of",
    "category_tco",
    "driver_sentence",
    "main_reason",
    "recommend",
    "what_would_change",
]
