"""The look of every chart, in the app and in the reports: one palette, one escape.

Colours, stated once: in-house Exchange is always :data:`INHOUSE_COLOUR`; each plan keeps one
colour from :data:`PLAN_PALETTE` in every chart (:func:`option_colours`); each cost category
has one colour (:data:`CATEGORY_COLOURS`); compared scenarios take :data:`SCENARIO_COLOURS`.

Text: Plotly reads a few HTML tags in any text it draws (``<a href>`` makes a link, ``<span
style>`` restyles, ``<b>``, ``<br>``...) and fills ``%{...}`` in hover templates. Names come
from scenario files, uploads, links and typed rows, so every user text reaches a figure
through :func:`chart_text`, which makes it inert: Plotly then draws it exactly as typed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from planner.engine.projection import INHOUSE

INHOUSE_COLOUR = "#263238"
"""In-house Exchange: the same dark slate in every chart."""
PLAN_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#a6761d",
    "#000080",
    "#f0027f",
    "#66a61e",
    "#e6ab02",
    "#7570b3",
    "#1b9e77",
    "#fb8072",
    "#80b1d3",
    "#b3de69",
    "#fdb462",
)
"""Plan colours: catalogue plans take them in catalogue order, other plans the rest."""
CATEGORY_COLOURS: dict[str, str] = {
    "hardware": "#4e79a7",
    "licences": "#f28e2b",
    "storage": "#76b7b2",
    "operations": "#59a14f",
    "expertise": "#e15759",
    "upgrades": "#edc948",
    "protection": "#b07aa1",
    "disaster_recovery": "#9c755f",
    "connectivity": "#bab0ac",
    "one_time": "#ff9da7",
    "downtime_risk": "#7f7f7f",
    "migration": "#00897b",
    "unsupported_risk": "#b71c1c",
}
"""One fixed colour per cost category, the same in every chart."""
SCENARIO_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
"""Colours of compared scenarios, in order."""
OTHER_COLOUR = "#999999"
"""Anything without a colour of its own (a category not in :data:`CATEGORY_COLOURS`)."""


STAY_COLOUR = "#ff00ff"
"""Staying on today's Exchange: a vivid magenta, far from in-house's near-black and from every
catalogue plan's colour (a dark red here was hard to tell from Exchange Online Plan 1's)."""
MIX_COLOUR = "#6a3d9a"
"""The best mix of segments (planner.engine.mix): a purple no plan uses."""
PATH_COLOURS: dict[str, str] = {
    "Best mix": MIX_COLOUR,
    "Upgrade in place to Exchange SE": INHOUSE_COLOUR,
    "Keep Exchange SE in place": INHOUSE_COLOUR,
    "Stay on Exchange 2016 (unsupported)": STAY_COLOUR,
    "Stay on Exchange 2019 (unsupported)": STAY_COLOUR,
}
"""The paths from an existing Exchange (planner.engine.platform_paths): in place in
in-house's colour, staying in magenta (any "Stay on Exchange ..." label)."""


def option_colours(options: Sequence[str], known: Sequence[str] = ()) -> dict[str, str]:
    """Colour of each option label: in-house fixed; a ``known`` plan (the bundled catalogue,
    in order) keeps its palette colour whatever else is listed; other plans take the unused
    colours in order of appearance.

    >>> option_colours(["Acme One"], ["Big Plan"])["Acme One"] == PLAN_PALETTE[1]
    True
    """
    colours = {INHOUSE: INHOUSE_COLOUR, **PATH_COLOURS}
    colours.update({o: STAY_COLOUR for o in options if o.startswith("Stay on Exchange")})
    fixed = {label: PLAN_PALETTE[i % len(PLAN_PALETTE)] for i, label in enumerate(known)}
    spare = [c for c in PLAN_PALETTE if c not in set(fixed.values())] or list(PLAN_PALETTE)
    n_spare = 0
    for label in options:
        if label in colours:
            continue
        if label in fixed:
            colours[label] = fixed[label]
        else:
            colours[label] = spare[n_spare % len(spare)]
            n_spare += 1
    return colours


def chart_text(text: object) -> str:
    """User text made inert for any Plotly text (legend, axis category, title, hover).

    ``&``, ``<`` and ``>`` become entities, which Plotly draws as the characters; ``%{``
    becomes ``%&#123;``, so a hover template never fills it in.

    >>> chart_text('<a href="https://evil.example/">Renew</a> %{y} & co')
    '&lt;a href="https://evil.example/"&gt;Renew&lt;/a&gt; %&#123;y} &amp; co'
    """
    return html.escape(str(text), quote=False).replace("%{", "%&#123;")
