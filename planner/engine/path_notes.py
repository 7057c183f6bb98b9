"""The paths from today's Exchange as sentences: the starting point, each path with its TCO,
the paid security updates, why staying is not offered when it is not, the cheapest, the cost
by move year and the migration plan (README, Methodology: paths from today's Exchange).

Shared by the command line, the reports and the app; numpy-light and free of pandas, so
``planner report`` starts fast (under 0.5 s warm).
"""

from __future__ import annotations

import math

from planner.engine import current
from planner.engine.migration import migration_plan_of
from planner.engine.platform_paths import (
    chosen_move_year,
    move_timing,
    stay_offered,
)
from planner.engine.projection import Projection
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary
from planner.engine.timeline import Timeline
from planner.model.scenario import PLATFORM_NAMES, Scenario
from planner.model.security_updates import periods_text


def money_text(value: float, currency: str) -> str:
    """Whole currency units with thousands separators: ``123,457 USD``."""
    return f"{round(value) + 0:,} {currency}"


def starting_point(scenario: Scenario) -> str:
    """Today's platform in one sentence: servers, their age and years of service left."""
    cur = scenario.current
    life = scenario.inhouse.servers.refresh_years
    last = life - cur.server_age_years
    service = (
        f"in service until year {last}"
        if last >= 1
        else f"at or past the end of their {life}-year life: they serve no further year"
    )
    return (
        f"Starting point: {PLATFORM_NAMES[cur.platform]} on {cur.servers} server(s) "
        f"{cur.server_age_years} years old ({service}), licences "
        f"{'with' if cur.licences_have_sa else 'without'} Software Assurance."
    )


def stay_not_offered(scenario: Scenario) -> str:
    """Why staying on Exchange 2016 / 2019 is not a path: the servers have no year left."""
    cur = scenario.current
    life = scenario.inhouse.servers.refresh_years
    return (
        f"Staying on {PLATFORM_NAMES[cur.platform]} is not offered: its servers are "
        f"{cur.server_age_years} years old, at or past the {life}-year life set for servers, "
        "so they would have to be replaced now; the paths are the upgrade in place (on new "
        "servers) and a move."
    )


def paid_updates_sentence(scenario: Scenario) -> str:
    """The paid security-update periods and what staying buys of them."""
    cur, fin = scenario.current, scenario.finance
    months = cur.paid_updates_months_left
    if months <= 0:
        bought = "none is left from year 1, so staying is unsupported from the start"
    else:
        price = money_text(cur.paid_updates_per_server_month * fin.display_per_input, fin.currency)
        bought = (
            f"staying buys the {months:.3g} months left at {price} per server-month (an "
            "unverified estimate: the price is not public) and is unsupported after them"
        )
    return f"Paid security updates for Exchange 2016 / 2019: {periods_text()}; {bought}."


def stay_sentence(scenario: Scenario, p: Projection, s: Summary, index: int) -> str:
    """The stay path: its TCO, the expected loss counted, and where its forced move goes."""
    cur, fin = scenario.current, scenario.finance
    stay = p.stay_index
    assert stay is not None
    last = scenario.inhouse.servers.refresh_years - cur.server_age_years
    risk = cur.incident_probability_pct_per_year / 100 * cur.incident_cost * fin.display_per_input
    target = 0 if p.stay_target is None else int(p.stay_target[index])
    if last >= scenario.organisation.horizon_years:
        forced = "the hardware lasts to the horizon"
    else:
        how = (
            "it upgrades in place to Exchange SE on new servers"
            if target == 0
            else f"it moves to {p.options[target]}"
        )
        fits = (
            "the cheapest option that fits"
            if s.fits[index, stay]
            else "the cheapest option, but it does not fit, so neither does staying"
        )
        forced = (
            f"today's servers serve until year {last}, then {how}, {fits} "
            f"({'upgrade' if target == 0 else 'migration'} included)"
        )
    return (
        f"Path: {p.options[stay]}, TCO {money_text(float(s.tco[index, stay]), fin.currency)}, "
        f"counting an expected loss of {money_text(risk, fin.currency)} a year from unpatched "
        f"servers; {forced}."
    )


def move_year_sentence(scenario: Scenario, p: Batch) -> str | None:
    """Which year the upgrade in place and the moves leave in the main comparison; None
    when they leave now as chosen (the default)."""
    cur = scenario.current
    if cur.move_when == "now" or (cur.move_when == "chosen_year" and cur.move_year == 0):
        return None
    tl = Timeline.of(p)
    year = int(chosen_move_year(p, tl)[0])
    last = int(current.last_year_in_service(p)[0])
    if scenario.segments:
        return (
            "Move year: now for every path (with user segments the best mix is searched for a "
            "move now, so every option is priced on that same year)."
        )
    if not bool(stay_offered(p)[0]):
        why = (
            "Exchange SE is kept as it is"
            if cur.platform == "exchange_se"
            else "today's servers serve no further year"
        )
        return f"Move year: now for every path ({why}, so there is no later year to leave in)."
    asked = (
        "at the end of today's servers' life"
        if cur.move_when == "hardware_end_of_life"
        else f"in year {cur.move_year}"
    )
    again = ", on the same servers bought again past their life" if year > last else ""
    clipped = (
        f" (priced in year {year}, the last year before the horizon)"
        if year < (last if cur.move_when == "hardware_end_of_life" else cur.move_year)
        else ""
    )
    made = (
        "; the upgrade in place buys its own servers when today's retire and runs the old "
        "Exchange on them until then"
        if year > last
        else ""
    )
    return (
        f"Move year: every path leaves {asked}{clipped}, staying on today's platform until "
        f"then{again} (running it, staff, paid security updates while on sale, the unsupported-"
        f"software risk){made}; the cost by move year below shows the other years."
    )


def year_text(year: int, last: int, paid_until: int = 0) -> str:
    """'now', 'year 2', 'year 3 (end of the servers' life)', 'year 4 (on new servers)',
    with 'end of paid security updates' in ``paid_until``, the last year they cover."""
    if year == 0:
        return "now"
    marks = []
    if year == last:
        marks.append("end of the servers' life")
    if year > last:
        marks.append("on new servers")
    if year == paid_until:
        marks.append("end of paid security updates")
    return f"year {year}" + (f" ({', '.join(marks)})" if marks else "")


def timing_sentences(scenario: Scenario, p: Projection, index: int = 0) -> list[str]:
    """Cost by move year for the cheapest target and each target's best year."""
    fin = scenario.finance
    targets = p.options[: 1 + len(scenario.plans)]
    timing = move_timing(Batch.of(scenario), targets, index, p.capable)
    if len(timing.years) < 2:
        return [
            "Move timing: only now; today's servers serve no further year, so there is no "
            "later year to compare."
        ]
    best = timing.cheapest_target()
    by_year = "; ".join(
        f"{year_text(year, timing.last, timing.paid_until)} {money_text(float(tco), fin.currency)}"
        for year, tco in zip(timing.years, timing.tco[best], strict=True)
        if not math.isnan(tco)
    )
    cheapest = year_text(timing.best_year(best), timing.last, timing.paid_until)
    each = ", ".join(
        f"{targets[k]} {year_text(timing.best_year(k), timing.last, timing.paid_until)}"
        for k in range(len(targets))
        if timing.fits[k] and k != best
    )
    out = [
        f"Move timing, TCO by the year of the move to {targets[best]} (staying until then "
        f"counted): {by_year}; the cheapest is {cheapest}."
    ]
    if each:
        out.append(f"Best move year for the other options that fit: {each}.")
    return out


def path_sentences(
    scenario: Scenario, p: Projection, s: Summary, index: int = 0
) -> tuple[str, ...]:
    """The paths from today's platform, the cheapest and the migration plan, one sentence
    each; none for a greenfield scenario (README, Methodology: paths from today's Exchange)."""
    cur, fin = scenario.current, scenario.finance
    if cur.platform == "none":
        return ()
    plans = len(scenario.plans)
    tco = s.tco[index]

    def money(x: float) -> str:
        return money_text(float(x), fin.currency)

    out = [starting_point(scenario)]
    moving = move_year_sentence(scenario, Batch.of(scenario))
    if moving:
        out.append(moving)
    out.append(f"Path: {p.options[0]}, TCO {money(tco[0])}.")
    fitting = [j for j in range(1, 1 + plans) if s.fits[index, j]]
    if fitting:
        best = min(fitting, key=lambda j: tco[j])
        out.append(
            f"Path: move to a hosted plan; the cheapest that fits is {p.options[best]}, "
            f"TCO {money(tco[best])} with the migration included."
        )
    if cur.platform in ("exchange_2016", "exchange_2019"):
        out.append(paid_updates_sentence(scenario))
    if p.stay_index is not None:
        out.append(stay_sentence(scenario, p, s, index))
    elif cur.platform in ("exchange_2016", "exchange_2019"):
        out.append(stay_not_offered(scenario))
    out.append(f"Cheapest path that fits: {p.options[int(s.cheapest[index])]}.")
    if cur.platform in ("exchange_2016", "exchange_2019"):
        out += timing_sentences(scenario, p, index)
    plan = migration_plan_of(Batch.of(scenario))
    out.append("Migration plan: " + plan.sentence() + ".")
    return tuple(out)
