"""``planner simulate``: the Monte Carlo, tornado and break-even values as text and CSV.

Kept out of :mod:`planner.cli` so the command line only imports numpy and the engine when
this subcommand runs (and pandas only when a CSV is written).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.analyses.sensitivity import BreakEven, Tornado, breakeven_values, tornado
from planner.analyses.simulation import DEFAULT_DRAWS, DEFAULT_SEED, Simulation, simulate
from planner.analyses.uncertainty import mode_notes
from planner.cli.terminal import print_text, table_lines, terminal_text, whole_money
from planner.model.currencies import CATALOGUE
from planner.model.fields import range_key_label
from planner.model.ranges import number_text

OPTION_WIDTH = 40


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


INPUT_WIDTH = 64
"""Width of the tornado's input column: an input's label, cut to fit."""


def simulation_text(sim: Simulation, years: int) -> list[str]:
    """Percentiles of TCO per option, P(cheapest), P(fits) and the savings against in-house."""
    lines = [
        f"{terminal_text(sim.scenario_name)}: {sim.draws:,} draws (seed {sim.seed}) of "
        f"{len(sim.inputs)} uncertain inputs; TCO over {years} years in {sim.currency}",
        "",
    ]
    q = sim.percentiles()
    rows = [
        [
            terminal_text(option)[:OPTION_WIDTH],
            whole_money(q[0, j]),
            whole_money(q[1, j]),
            whole_money(q[2, j]),
            _pct(sim.p_cheapest[j]),
            _pct(sim.p_fits[j]),
        ]
        for j, option in enumerate(sim.options)
    ]
    header = ("option", "P10", "P50", "P90", "P(cheapest)", "P(fits)")
    lines += table_lines(header, rows, (OPTION_WIDTH, 13, 13, 13, 13, 9))
    s = sim.savings_percentiles()
    lines += [
        "",
        "Saving against in-house (in-house TCO minus the plan's; above 0 the plan is cheaper):",
    ]
    rows = [
        [
            terminal_text(option)[:OPTION_WIDTH],
            whole_money(s[0, j]),
            whole_money(s[1, j]),
            whole_money(s[2, j]),
            _pct(sim.p_saving[j]),
        ]
        for j, option in enumerate(sim.options[1:])
    ]
    savings_header = ("plan", "P10", "P50", "P90", "P(saving > 0)")
    lines += table_lines(savings_header, rows, (OPTION_WIDTH, 13, 13, 13, 15))
    return lines + mix_text(sim)


def mix_text(sim: Simulation) -> list[str]:
    """The best mix's placement (kept in every draw) and P(best mix is cheapest); nothing
    without segments."""
    p = sim.p_mix_cheapest
    if p is None:
        return []
    lines = ["", "Best mix (found for the scenario as given, kept in every draw):"]
    lines += [
        f"  {terminal_text(segment)}: {terminal_text(place)}" for segment, place in sim.placement
    ]
    lines.append(
        f"P(best mix is cheapest): {_pct(p)} of draws, the best mix fits and no option that "
        "fits costs less"
    )
    return lines


def tornado_text(
    ranked: Tornado, breakevens: tuple[BreakEven, ...], inputs: str = CATALOGUE
) -> list[str]:
    """The inputs ranked by swing, then the break-even values of the top ones; money inputs
    labelled in ``inputs``, the currency they are typed in."""
    lines = [
        "",
        f"Inputs ranked by swing on in-house minus {terminal_text(ranked.reference)} "
        f"({whole_money(ranked.base)} {ranked.currency} with every input at its mode):",
    ]
    rows = [
        [
            terminal_text(range_key_label(bar.input.key, inputs))[:INPUT_WIDTH],
            number_text(bar.low),
            number_text(bar.high),
            whole_money(bar.at_low),
            whole_money(bar.at_high),
            whole_money(bar.swing),
        ]
        for bar in ranked.bars
    ]
    header = ("input", "low", "high", "at low", "at high", "swing")
    lines += table_lines(header, rows, (INPUT_WIDTH, 10, 10, 13, 13, 12))
    if breakevens:
        lines += ["", "Break-even values (every other input at its mode):"]
        lines += [
            f"  {terminal_text(b.sentence(range_key_label(b.input.key, inputs)))}"
            for b in breakevens
        ]
    return lines


def run(args: argparse.Namespace) -> int:
    """Run ``planner simulate`` (arguments from :func:`planner.cli.build_parser`)."""
    from planner.model.files import load_scenario, write_atomic
    from planner.outputs.cells import safe_csv
    from planner.outputs.writer import check_targets

    if args.csv:  # refuse a bad target before the simulation runs
        check_targets([Path(args.csv)], args.force, [Path(args.scenario)])
    scenario = load_scenario(args.scenario)
    draws = DEFAULT_DRAWS if args.draws is None else args.draws
    seed = DEFAULT_SEED if args.seed is None else args.seed
    sim = simulate(scenario, draws=draws, seed=seed)
    lines = simulation_text(sim, scenario.organisation.horizon_years)
    lines += [terminal_text(note) for note in mode_notes(scenario, sim.inputs)]
    ranked = None
    if sim.inputs:
        ranked = tornado(scenario)
        lines += tornado_text(
            ranked,
            breakevens=breakeven_values(scenario, ranked=ranked),
            inputs=scenario.finance.input_currency,
        )
    else:
        lines += [
            "",
            "This scenario has no uncertainty ranges, so every draw is the plan itself; add an "
            "[uncertainty] section (see README, Uncertainty).",
        ]
    print_text("\n".join(lines))
    if args.csv:
        what = args.what
        if what == "percentiles":
            table = sim.percentile_table()
        elif what == "fan":
            table = sim.fan_table()
        elif what == "tornado":
            table = (ranked or tornado(scenario)).table()
        else:
            from planner.analyses.breakeven_map import breakeven_map

            table = breakeven_map(scenario).table()
        payload = safe_csv(table)
        path = write_atomic(Path(args.csv), payload, overwrite=args.force)
        print_text(f"\nWrote {len(table):,} rows ({what}) to {terminal_text(str(path))}")
    return 0
