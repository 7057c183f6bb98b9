"""The charts' palette stays distinct for colour-blind readers; names in legends are short,
unique and marked when an option does not fit.

Distance: CIELAB Delta E (1976), the straight-line distance between two colours in L*a*b*
(D65 white), after simulating how a protanope or deuteranope sees each colour (Machado,
Oliveira and Fernandes 2009, severity 1, applied to linear RGB). 2.3 units is a just
noticeable difference; lines and stacked bars need many times that to be told apart at a
glance, so the test asks for 14 (the catalogue's plans) and 11 (every colour).
"""

from __future__ import annotations

import colorsys
import itertools

import numpy as np
import pytest

from planner.outputs.chart_style import (
    CATEGORY_COLOURS,
    INHOUSE_COLOUR,
    MIX_COLOUR,
    PLAN_PALETTE,
    STAY_COLOUR,
    UNFIT_MARK,
    hover_name,
    legend_height_px,
    legend_name,
    short_name,
    short_names,
    wrapped,
)

SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
"""Machado et al. (2009), Table 1, severity 1.0: linear RGB in, linear RGB out."""
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
D65_WHITE = np.array([0.95047, 1.0, 1.08883])
CATALOGUE_PLANS = 12
"""The bundled catalogue's plans: the palette's first twelve colours."""


def _linear(hex_colour: str) -> np.ndarray:
    """sRGB ``#rrggbb`` to linear RGB in 0..1 (the sRGB transfer curve undone)."""
    c = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    """Linear RGB to CIELAB (D65)."""
    xyz = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / D65_WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    """Delta E 1976 between two colours as seen with ``vision``."""
    m = SIMULATIONS[vision]
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


def closest_pair(colours: list[str]) -> tuple[float, str, str, str]:
    """(distance, a, b, vision) of the two colours nearest each other in any vision."""
    return min(
        (delta_e(a, b, v), a, b, v)
        for a, b in itertools.combinations(colours, 2)
        for v in SIMULATIONS
    )


class TestTheDistanceItself:
    def test_black_and_white_are_100_apart(self) -> None:
        """L* is 0 for black and 100 for white, a* = b* = 0 for both: Delta E = 100."""
        assert delta_e("#000000", "#ffffff") == pytest.approx(100, abs=0.01)

    def test_a_grey_is_unchanged_by_the_simulations(self) -> None:
        """Each Machado row sums to 1, so a grey (R = G = B) stays that grey."""
        for vision in SIMULATIONS:
            assert delta_e("#777777", "#777777", vision) == pytest.approx(0, abs=1e-6)
            assert SIMULATIONS[vision].sum(axis=1) == pytest.approx([1, 1, 1], abs=1e-5)

    def test_red_and_green_collapse_for_a_deuteranope(self) -> None:
        """The old palette's red and ochre (#d62728, #a6761d) were far apart in normal vision
        and about 3.5 apart as a deuteranope sees them: the case this guards against."""
        assert delta_e("#d62728", "#a6761d") > 30
        assert delta_e("#d62728", "#a6761d", "deuteranopia") < 5


class TestThePalette:
    def test_catalogue_plans_in_house_staying_and_the_mix_stay_apart(self) -> None:
        colours = [INHOUSE_COLOUR, STAY_COLOUR, MIX_COLOUR, *PLAN_PALETTE[:CATALOGUE_PLANS]]
        assert closest_pair(colours)[0] >= 14, closest_pair(colours)

    def test_every_option_colour_stays_apart(self) -> None:
        colours = [INHOUSE_COLOUR, STAY_COLOUR, MIX_COLOUR, *PLAN_PALETTE]
        assert len(set(colours)) == len(colours)
        assert closest_pair(colours)[0] >= 11, closest_pair(colours)

    def test_cost_categories_stay_apart(self) -> None:
        colours = list(CATEGORY_COLOURS.values())
        assert closest_pair(colours)[0] >= 14, closest_pair(colours)

    def test_the_catalogue_draws_at_most_one_red(self) -> None:
        """A red: hue within 15 degrees of 0, saturation and value above 0.5 (HSV); the old
        palette drew four (#d62728, #f0027f, #fb8072 and the stay's dark red)."""

        def red(c: str) -> bool:
            hue, saturation, value = colorsys.rgb_to_hsv(
                *(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5))
            )
            return min(hue, 1 - hue) * 360 <= 15 and saturation > 0.5 and value > 0.5

        drawn = (INHOUSE_COLOUR, STAY_COLOUR, MIX_COLOUR, *PLAN_PALETTE[:CATALOGUE_PLANS])
        assert sum(map(red, drawn)) <= 1, [c for c in drawn if red(c)]
        assert red("#d62728")
        assert red("#fb8072")
        assert not red("#D55E00")


CATALOGUE_NAMES = (
    "In-house Exchange",
    "WorldPosta Basic (illustrative)",
    "WorldPosta Business (illustrative)",
    "WorldPosta Premium (illustrative)",
    "Microsoft Exchange Online Plan 1",
    "Microsoft Exchange Online Plan 1 + Archiving",
    "Microsoft Exchange Online Plan 2",
    "Microsoft 365 Business Basic",
    "Microsoft 365 Business Standard",
    "Microsoft 365 Business Premium",
    "Google Workspace Business Starter",
    "Google Workspace Business Standard",
    "Google Workspace Business Plus",
    "Stay on Exchange 2019 (unsupported)",
)


class TestShortNames:
    def test_the_catalogue_reads_short(self) -> None:
        names = short_names(CATALOGUE_NAMES)
        assert names["Microsoft 365 Business Basic"] == "M365 Business Basic"
        assert names["Google Workspace Business Starter"] == "Google Starter"
        assert names["Microsoft Exchange Online Plan 1 + Archiving"] == (
            "Exchange Online P1 + Archiving"
        )
        assert names["WorldPosta Basic (illustrative)"] == "WorldPosta Basic (illus.)"
        assert names["In-house Exchange"] == "In-house Exchange"
        assert names["Stay on Exchange 2019 (unsupported)"] == (
            "Stay on Exchange 2019 (unsupported)"
        )
        assert len(set(names.values())) == len(CATALOGUE_NAMES)
        assert max(map(len, names.values())) <= 36

    def test_a_long_typed_name_ends_in_an_ellipsis(self) -> None:
        name = "Acme Hosting Enterprise Mail with Archiving and Legal Hold, 3-year term"
        assert short_name(name) == name[:35].rstrip() + "\u2026"
        assert len(short_name(name)) == 36

    def test_names_that_would_coincide_keep_their_full_names(self) -> None:
        """ "Google Workspace Business Standard" and "Google Workspace Enterprise Standard"
        both shorten to "Google Standard"; "Acme A...", cut at the same 35 characters, too."""
        long_a = "Acme Hosting Enterprise Mail with Archiving, plan A"
        long_b = "Acme Hosting Enterprise Mail with Archiving, plan B"
        names = short_names(
            [
                "Google Workspace Business Standard",
                "Google Workspace Enterprise Standard",
                long_a,
                long_b,
                "Google Workspace Business Plus",
            ]
        )
        assert names["Google Workspace Business Standard"] == "Google Workspace Business Standard"
        assert names["Google Workspace Enterprise Standard"] == (
            "Google Workspace Enterprise Standard"
        )
        assert names[long_a] == long_a
        assert names[long_b] == long_b
        assert names["Google Workspace Business Plus"] == "Google Plus"

    def test_a_full_name_equal_to_another_short_name_stays_unique(self) -> None:
        names = short_names(["Microsoft 365 Business Basic", "M365 Business Basic"])
        assert len(set(names.values())) == 2


class TestMarksAndHover:
    def test_an_option_that_does_not_fit_is_marked_once(self) -> None:
        assert legend_name("M365 Business Basic", True) == "M365 Business Basic"
        assert legend_name("M365 Business Basic", False) == f"M365 Business Basic {UNFIT_MARK}"

    def test_the_hover_gives_the_full_name_and_the_reason_wrapped_and_inert(self) -> None:
        reason = "does not fit: mailboxes outgrow 2 GB from year 1; a segment's quota is above 2 GB"
        shown = hover_name("Acme <b>Mail</b>", reason)
        lines = shown.split("<br>")
        assert lines[0] == "Acme &lt;b&gt;Mail&lt;/b&gt;"
        assert " ".join(lines[1:]) == reason
        assert all(len(line) <= 60 for line in lines[1:])
        assert hover_name("In-house Exchange") == "In-house Exchange"

    def test_a_wrapped_title_is_inert_and_keeps_words_whole(self) -> None:
        assert wrapped("WorldPosta Premium (illus.) (list 7.00)", 18) == (
            "WorldPosta Premium<br>(illus.) (list<br>7.00)"
        )
        assert wrapped("<a>", 18) == "&lt;a&gt;"

    def test_a_legend_of_more_than_four_entries_adds_a_row_each(self) -> None:
        """13 entries: 9 past the 4 a chart holds, 9 x 20 px = 180 px."""
        assert legend_height_px(4) == 0
        assert legend_height_px(13) == 180
