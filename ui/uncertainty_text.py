"""Words of the Uncertainty tab: inputs named as the sidebar names them, plain shape names,
and the sentences under the tornado and the maps. Pure: no streamlit.

A range's field is shown with its label in the field registry (:mod:`planner.model.fields`),
the one the sidebar and the tables show (``Administrator cost (USD/FTE/year)``, not
``staff.salary_per_fte_year``); two scenario inputs with the same label get their group in
front. A plan field reads ``Plan: Price (USD/user/month): <plan>``, or ``..., every plan (%
of listed)``; a segment field ``Segment: Users today: <segment>``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.analyses.breakeven_map import BreakevenMap
from planner.analyses.sensitivity import BreakEven
from planner.analyses.simulation import Simulation
from planner.model.fields import range_field_label, range_key_label, range_label
from planner.model.ranges import SHAPES, number_text

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
