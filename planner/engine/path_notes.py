"""The paths from today's Exchange as sentences: the starting point, each path with its TCO,
the cheapest and the migration plan (README, Methodology: paths from today's Exchange).

Shared by the command line, the reports and the app; numpy-light and free of pandas, so
``planner report`` starts fast (under 0.5 s warm).
"""

from __future__ import annotations

from planner.engine.migration import migration_plan_of
from planner.engine.projection import Projection
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary
from planner.model.scenario import PLATFORM_NAMES, Scenario


def money_text(value: float, currency: str) -> str:
    """Whole currency units with thousands separators: ``123,457 USD``."""
    return f"{round(value) + 0:,} {currency}"


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

    last = scenario.inhouse.servers.refresh_years - cur.server_age_years
    out = [
        f"Starting point: {PLATFORM_NAMES[cur.platform]} on {cur.servers} server(s) "
        f"{cur.server_age_years} years old (in service until year {max(last, 0)}), licences "
        f"{'with' if cur.licences_have_sa else 'without'} Software Assurance.",
        f"Path: {p.options[0]}, TCO {money(tco[0])}.",
    ]
    fitting = [j for j in range(1, 1 + plans) if s.fits[index, j]]
    if fitting:
        best = min(fitting, key=lambda j: tco[j])
        out.append(
            f"Path: move to a hosted plan; the cheapest that fits is {p.options[best]}, "
            f"TCO {money(tco[best])} with the migration included."
        )
    if p.stay_index is not None:
        risk = cur.incident_probability_pct_per_year / 100 * cur.incident_cost
        forced = (
            f"a forced move to {p.options[1]} when the hardware retires after year {last}"
            if last < scenario.organisation.horizon_years
            else "the hardware lasts to the horizon"
        )
        out.append(
            f"Path: {p.options[p.stay_index]}, TCO {money(tco[p.stay_index])}, counting an "
            "expected loss of "
            f"{money(risk * fin.rate_per_usd)} a year from unpatched servers; {forced}."
        )
    out.append(f"Cheapest path that fits: {p.options[int(s.cheapest[index])]}.")
    plan = migration_plan_of(Batch.of(scenario))
    out.append("Migration plan: " + plan.sentence() + ".")
    return tuple(out)
