"""The look of every chart, in the app and in the reports: one palette, one escape.

Colours, stated once: in-house Exchange is always :data:`INHOUSE_COLOUR`; each plan keeps one
colour from :data:`PLAN_PALETTE` in every chart (:func:`option_colours`); each cost category
has one colour (:data:`CATEGORY_COLOURS`); compared scenarios take :data:`SCENARIO_COLOURS`.

Names: a legend shows each option's short name (:func:`short_names`: "M365 Business Basic"
for "Microsoft 365 Business Basic"), unique among the options drawn, and "(does not fit)"
after an option that does not fit as is (:func:`legend_name`); the full name and the reason
are in the hover (:func:`hover_name`) and in the tables, so a long reason never squeezes a
plot. Legends sit below the plot (:data:`LEGEND_BELOW`), so the plot keeps the chart's width
on a desktop and on a phone; :func:`legend_height_px` makes room for them.

Text: Plotly reads a few HTML tags in any text it draws (``<a href>`` makes a link, ``<span
style>`` restyles, ``<b>``, ``<br>``...) and fills ``%{...}`` in hover templates. Names come
from scenario files, uploads, links and typed rows, so every user text reaches a figure
through :func:`chart_text`, which makes it inert: Plotly then draws it exactly as typed.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import Any

from planner.engine.projection import INHOUSE

INHOUSE_COLOUR = "#263238"
"""In-house Exchange: the same dark slate in every chart."""
PLAN_PALETTE = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#1a85ff",
    "#e1be6a",
    "#ee99aa",
    "#117733",
    "#cab2d6",
    "#005ab5",
    "#ee6677",
    "#999933",
    "#994455",
    "#004488",
    "#994f00",
)
"""Plan colours: catalogue plans take them in catalogue order, other plans the rest.

Okabe and Ito's colour-blind-safe set (without its black and yellow, too close to in-house
and too pale for a line), then the colours of the IBM and Tol sets that stay farthest from
every colour already taken; together with in-house, :data:`STAY_COLOUR` and
:data:`MIX_COLOUR`, every pair is at least 14 CIELAB units apart for normal vision and as
protanopes and deuteranopes see them (Machado et al. 2009 simulation, tested). The five after
the twelfth, for typed plans, are the next farthest: at least 11 units from all the others."""
CATEGORY_COLOURS: dict[str, str] = {
    "hardware": "#0072b2",
    "licences": "#e69f00",
    "storage": "#56b4e9",
    "operations": "#009e73",
    "expertise": "#d55e00",
    "upgrades": "#f0e442",
    "protection": "#cc79a7",
    "disaster_recovery": "#332288",
    "connectivity": "#b2df8a",
    "one_time": "#ee99aa",
    "downtime_risk": "#8c564b",
    "migration": "#1a85ff",
    "unsupported_risk": "#882255",
}
"""One fixed colour per cost category, the same in every chart: Okabe and Ito's set first,
then the farthest of the others, at least 14 CIELAB units apart as above (stacked bars put
any two side by side)."""
SCENARIO_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
"""Colours of compared scenarios, in order."""
OTHER_COLOUR = "#999999"
"""Anything without a colour of its own (a category not in :data:`CATEGORY_COLOURS`)."""


STAY_COLOUR = "#c51b7d"
"""Staying on today's Exchange: a deep magenta, far from in-house's near-black and from every
catalogue plan's colour, for colour-blind readers too (tested)."""
MIX_COLOUR = "#332288"
"""The best mix of segments (planner.engine.mix): an indigo no plan uses."""
PATH_COLOURS: dict[str, str] = {
    "Best mix": MIX_COLOUR,
    "Upgrade in place to Exchange SE": INHOUSE_COLOUR,
    "Keep Exchange SE in place": INHOUSE_COLOUR,
    "Stay on Exchange 2016 (unsupported)": STAY_COLOUR,
    "Stay on Exchange 2019 (unsupported)": STAY_COLOUR,
}
"""The paths from an existing Exchange (planner.engine.platform_paths): in place in
in-house's colour, staying in deep magenta (any "Stay on Exchange ..." label)."""


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


SHORT_NAME_MAX_CHARS = 36
"""The longest short name; a longer one ends in an ellipsis."""
_SHORTER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Microsoft Exchange Online Plan (\d+)"), r"Exchange Online P\1"),
    (re.compile(r"^Microsoft Exchange Online "), "Exchange Online "),
    (re.compile(r"^Microsoft 365 "), "M365 "),
    (re.compile(r"^Google Workspace (Business |Enterprise )?"), "Google "),
    (re.compile(r" \(illustrative\)$"), " (illus.)"),
    (re.compile(r" \(typed quote\)$"), " (quote)"),
)
"""Words a legend can do without: the vendor before a product name that says it, the edition
family shared by a vendor's plans, and long marks."""
UNFIT_MARK = "(does not fit)"
"""After the short name of an option that does not fit as is; the reason is in the hover and
the tables."""
HOVER_LINE_CHARS = 60
"""A hover's reason wraps at this many characters a line."""
LEGEND_BELOW: dict[str, Any] = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": 0,
    "yanchor": "bottom",
    "yref": "container",
    "title": {"text": ""},
}
"""A legend in rows below the plot, at the foot of the chart: the plot keeps the chart's
width whatever the names' length (the bottom margin grows to hold the legend)."""
LEGEND_ROW_PX = 20
"""The height of one row of a legend below the plot (13 px text)."""
LEGEND_ROWS_ON_ONE_LINE = 4
"""Entries a chart holds without growing: a phone shows about one entry a row, a desktop
four or more."""


def short_name(option: str) -> str:
    """An option's name as a legend shows it, before it is made unique.

    >>> short_name("Microsoft Exchange Online Plan 1 + Archiving")
    'Exchange Online P1 + Archiving'
    >>> short_name("Google Workspace Business Starter")
    'Google Starter'
    """
    short = option
    for pattern, replacement in _SHORTER:
        short = pattern.sub(replacement, short)
    if len(short) > SHORT_NAME_MAX_CHARS:
        short = short[: SHORT_NAME_MAX_CHARS - 1].rstrip() + "\u2026"
    return short


def short_names(options: Sequence[str]) -> dict[str, str]:
    """Each option's short name, unique among ``options``: options whose short names would
    coincide keep their full names (full names are unique), until no two coincide.

    >>> short_names(["Microsoft 365 Business Basic", "M365 Business Basic"])
    {'Microsoft 365 Business Basic': 'Microsoft 365 Business Basic', 'M365 Business Basic': 'M365 Business Basic'}
    """  # noqa: E501
    names = {option: short_name(option) for option in options}
    while True:
        counts = Counter(names.values())
        clashing = [o for o, name in names.items() if counts[name] > 1 and name != o]
        if not clashing:
            return names
        names.update({o: o for o in clashing})


def legend_name(short: str, fits: bool) -> str:
    """The legend entry: the short name, with :data:`UNFIT_MARK` when it does not fit."""
    return short if fits else f"{short} {UNFIT_MARK}"


def hover_name(option: str, reason: str = "") -> str:
    """The hover's first lines, inert: the full name, then the fit reason (if any) wrapped
    at :data:`HOVER_LINE_CHARS` characters."""
    lines = [option, *textwrap.wrap(reason, HOVER_LINE_CHARS)]
    return "<br>".join(chart_text(line) for line in lines)


def legend_height_px(entries: int) -> int:
    """The height a chart adds to hold a legend of ``entries`` below its plot, as on a phone
    (about one entry a row): one row for each entry past :data:`LEGEND_ROWS_ON_ONE_LINE`."""
    return LEGEND_ROW_PX * max(0, entries - LEGEND_ROWS_ON_ONE_LINE)


def wrapped(text: str, chars: int) -> str:
    """User text made inert and broken into lines of at most ``chars`` characters (a long
    word stays whole), for a title that must not run into its neighbour's.

    >>> wrapped("WorldPosta Premium (illus.) (list 7.00)", 20)
    'WorldPosta Premium<br>(illus.) (list 7.00)'
    """
    lines = textwrap.wrap(text, chars, break_long_words=False) or [""]
    return "<br>".join(chart_text(line) for line in lines)
