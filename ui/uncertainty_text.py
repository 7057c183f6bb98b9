"""Words of the Uncertainty tab: inputs named as the sidebar names them, plain shape names,
and the sentences under the tornado and the maps. Pure: no streamlit.

A range's field is shown with its label in the field registry (:mod:`planner.model.fields`),
the one the sidebar and the tables show (``Administrator cost (USD/FTE/year)``, not
``staff.salary_per_fte_year``); two scenario inputs with the same label get their group in
front. A plan field reads ``Plan: Price (USD/user/month): <plan>``, or ``..., every plan (%
of listed)``; a segment field ``Segment: Users today: <segment>``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from planner.analyses.breakeven_map import BreakevenMap
from planner.analyses.sensitivity import BreakEven
from planner.analyses.simulation import Simulation
from planner.analyses.uncertainty import Input, MedianPushes, off_input
from planner.model.fields import (
    range_field_label,
    range_key_label,
    range_label,
    spec_at,
    unit_text,
)
from planner.model.ranges import ALL_PLANS, SHAPES, number_text
from ui.formats import money

SHAPE_NAMES: dict[str, str] = {"pert": "Smooth peak (PERT)", "triangular": "Triangle"}
"""Range shape -> what the table shows."""
assert set(SHAPE_NAMES) == set(SHAPES)


def field_label(field: str, currency: str) -> str:
    """A scenario field's sidebar label, or a plan or segment field's column label behind
    its group (``Plan: Mailbox quota (GB)``, ``Segment: Mailbox size used today (GB)``)."""
    return range_field_label(field, currency)


def input_label(field: str, plan: str | None, currency: str) -> str:
    """What a range varies, in the sidebar's words (plan fields name the plan or 'every plan',
    segment fields the segment)."""
    return range_label(field, plan, currency)


def key_label(key: str, currency: str) -> str:
    """:func:`input_label` of a range key: ``field``, ``field[plan]`` or ``field[segment]``."""
    return range_key_label(key, currency)


def mix_sentence(sim: Simulation) -> str | None:
    """P(best mix is cheapest) in one sentence, with the placement kept in every draw; None
    without segments."""
    p = sim.p_mix_cheapest
    if p is None:
        return None
    where = "; ".join(
        f"{segment} in-house" if place == sim.options[0] else f"{segment} on {place}"
        for segment, place in sim.placement
    )
    return (
        f"The best mix ({where}), found with every input as entered and kept in every draw, "
        f"is the cheapest option that fits in {100 * p:.1f}% of draws."
    )


def breakeven_sentence(b: BreakEven, currency: str) -> str:
    """A break-even value as a sentence, the input named as in the sidebar."""
    return b.sentence(key_label(b.input.key, currency))


def _span_text(name: str, values: np.ndarray) -> str:
    return f"{name} from {number_text(float(values[0]))} to {number_text(float(values[-1]))}"


def one_winner_sentence(m: BreakevenMap, x_name: str, y_name: str) -> str | None:
    """A sentence when the map has no break-even line (in-house wins every cell, or a hosted
    plan wins every cell), naming the winner and by how much; None when the line is there.

    Margin of a cell: 100 x (TCO in-house - TCO best hosted plan) / TCO best hosted plan.
    """
    pct = m.margin_pct[np.isfinite(m.margin_pct)]
    if pct.size == 0 or (pct.min() <= 0 <= pct.max()):
        return None
    span = f"({_span_text(x_name, m.x_values)}; {_span_text(y_name, m.y_values)})"
    names = [m.options[int(j)] for j in np.unique(m.cheapest)]
    if pct.min() > 0:
        who = names[0] if len(names) == 1 else "a hosted plan (" + ", ".join(names) + ")"
        how = (
            f"in-house costs {number_text(round(float(pct.min())))}% to "
            f"{number_text(round(float(pct.max())))}% more than the best hosted plan"
        )
    else:
        who = "in-house Exchange"
        how = (
            f"in-house costs {number_text(round(float(-pct.max())))}% to "
            f"{number_text(round(float(-pct.min())))}% less than the best hosted plan"
        )
    return (
        f"No break-even on this map: {who} is the cheapest in every cell {span}; {how}. "
        "The one colour is the answer, not a fault."
    )


def tornado_axis_range(values: Sequence[float], base: float) -> tuple[float, float]:
    """The tornado's money axis: the bars' span around the base value, 8% padding each side
    (1% of the base when every bar sits on it), so bars between 90k and 110k fill the chart."""
    low, high = min([*values, base]), max([*values, base])
    pad = 0.08 * (high - low) if high > low else max(0.01 * abs(base), 1.0)
    return low - pad, high + pad


def sensible_number(x: float) -> str:
    """A number with thousands separators and the decimals that matter: whole from 1,000 up,
    at most 2 decimals from 1, 4 significant digits below (``72,782``, ``99.93``, ``0.0597``)."""
    if not math.isfinite(x):
        return "no limit" if x > 0 else "-no limit"
    if abs(x) >= 1000:
        return f"{round(x) + 0:,.0f}"
    if abs(x) >= 1:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:.4g}"


def range_value_text(key: str, value: float, currency: str) -> str:
    """A range's low, most likely or high value as the money and numbers elsewhere read:
    money with its currency (``USD 72,782``; cents below 1,000 when not whole: ``USD 4.50``,
    ``USD 5``), percent of each listed
    price for a range over every plan (``95%``), other numbers with their unit
    (``5 %/year``, ``0.8``)."""
    field = key.split("[", 1)[0]
    if key.endswith(f"[{ALL_PLANS}]"):
        return f"{sensible_number(value)}%"
    spec = spec_at(field)
    if spec is not None and spec.money:
        fraction = abs(value) < 1000 and not float(value).is_integer()
        amount = f"{currency} {value:,.2f}" if fraction else money(value, currency)
        tail = spec.unit[len("money") :]
        return amount + tail
    unit = "" if spec is None else unit_text(spec.unit, currency)
    return sensible_number(value) + (f" {unit}" if unit else "")


CENTRE_TOLERANCE_PCT = 0.5
"""A median within this many percent of the figure as entered is said to sit on it."""
NAMED_PUSHES = 2
PUSH_SHARE = 0.05
"""An input is named as a cause when, alone at its median, it moves the TCO by at least this
share of the gap between the median and the figure as entered, the same way."""


def _causes(pushes: MedianPushes, inputs: Sequence[Input], option: int, gap: float) -> list[int]:
    """The inputs that push the option's TCO the way of the gap most (at most NAMED_PUSHES)."""
    push = pushes.pushes[:, option] * np.sign(gap)
    order = [int(i) for i in np.argsort(-push) if push[i] >= PUSH_SHARE * abs(gap)]
    return order[:NAMED_PUSHES]


def _off_input_text(inputs: Sequence[Input], input_currency: str) -> str:
    """Pinned ranges whose most likely value is not the input, each with both values."""
    parts = [
        f"{key_label(item.key, input_currency)}: most likely "
        f"{range_value_text(item.key, item.range.mode, input_currency)}, input "
        f"{range_value_text(item.key, item.current, input_currency)}"
        for item in off_input(inputs)
    ]
    return "; ".join(parts)


def centre_sentence(
    sim: Simulation,
    pushes: MedianPushes,
    currency: str,
    input_currency: str,
    option: int = 0,
) -> str:
    """What the draws centre on, and how far the option's median TCO is from its figure with
    every input as entered (the Overview's), with the reason:

        gap % = 100 x (P50 - TCO as entered) / TCO as entered

    Each range's most likely value is its input as entered unless it is pinned to another;
    a median off the figure comes from ranges skewed one way (named: those that move the TCO
    most, alone at their own median) or from pinned ranges centred elsewhere (named with both
    values)."""
    name = sim.options[option]
    point = float(pushes.point[option])
    median = float(np.percentile(sim.tco[:, option], 50))
    off = _off_input_text(sim.inputs, input_currency)
    centre = (
        "What the draws centre on: each range's most likely value is its input as entered "
        "(the Overview's figures, the black diamonds)"
        + (
            f", except pinned ranges, which centre on their own most likely value ({off})"
            if off
            else ""
        )
        + ". "
    )
    gap = median - point
    pct = 100 * gap / abs(point) if point else 0.0
    head = (
        f"{name}: TCO with every input as entered {money(point, currency)}; the median of the "
        f"draws {money(median, currency)}"
    )
    if abs(pct) < CENTRE_TOLERANCE_PCT:
        return centre + head + f", within {CENTRE_TOLERANCE_PCT:g}% of it."
    way = "above" if gap > 0 else "below"
    causes = _causes(pushes, sim.inputs, option, gap)
    reasons = []
    if causes:
        names = " and ".join(key_label(sim.inputs[i].key, input_currency) for i in causes)
        alone = " and ".join(money(abs(float(pushes.pushes[i, option])), currency) for i in causes)
        plural = len(causes) > 1
        side = "costly" if gap > 0 else "cheap"
        verb = {(True, True): "add", (True, False): "adds", (False, True): "take off"}.get(
            (gap > 0, plural), "takes off"
        )
        reasons.append(
            f"the range{'s' if plural else ''} for {names} reach{'' if plural else 'es'} "
            f"further on the {side} side of {'their' if plural else 'its'} most likely value "
            f"(alone at {'their medians they' if plural else 'its median it'} "
            f"{verb} {alone})"
        )
    if off:
        at_modes = money(float(pushes.at_modes[option]), currency)
        reasons.append(
            f"pinned ranges centre away from the inputs (every range at its most likely value: "
            f"{at_modes})"
        )
    if not reasons:
        reasons.append("the uncertain inputs multiply one another (salary x staff, say)")
    return (
        centre
        + head
        + f", {abs(pct):.1f}% {way} it, because "
        + "; and ".join(reasons)
        + ". Half the draws cost more than the median, half less."
    )
