"""``planner fit``: the fit matrix of a scenario beside its costs, as text and CSV.

CSV columns: option, requirement, required, offered, meets (``yes``, ``no`` or ``unknown``),
written through the safe CSV cells (:mod:`planner.outputs.cells`) and atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.analyses.fit import Fit, assess, cheapest_lines, fix_lines
from planner.cli.terminal import print_text, terminal_text
from planner.model.files import load_scenario, write_atomic

WIDTH = 34
"""Narrowest requirement column; it widens to the longest label (a segment's name first, up
to :data:`MAX_WIDTH`), so a segment's rows read whole."""
MAX_WIDTH = 64


def fit_text(fit: Fit) -> list[str]:
    """The matrix option by option, the fix for in-house, the two cheapest lines and costs."""
    lines: list[str] = []
    m = fit.matrix
    width = min(MAX_WIDTH, max([WIDTH, *(len(label) for label in m.requirements)]))
    for i, (option, row) in enumerate(zip(m.options, m.cells, strict=True)):
        money = f"  TCO {round(fit.tco[m.option_index[i]]):,.0f} {fit.currency}"
        every = "meets every requirement" if m.meets_all(i) else "falls short"
        lines.append(f"{option}: {every}{money}")
        lines.extend(
            f"  {c.requirement[:width]:<{width}} need {c.required:<14} "
            f"has {c.offered[:40]:<28} {c.meets_text}"
            for c in row
        )
    lines += fix_lines(fit)
    lines += ["", *cheapest_lines(fit)]
    costs = [c for c in fit.requirement_costs if c.cost is not None]
    if costs:
        lines.append("What each requirement costs (cheapest fitting TCO with it minus without):")
        lines += [f"  {c.requirement}: {round(c.cost or 0):+,.0f} {fit.currency}" for c in costs]
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the fit of a scenario file; ``--csv`` writes the matrix."""
    if args.csv:  # refuse a bad target before the analysis runs
        from planner.outputs.writer import check_targets

        check_targets([Path(args.csv)], args.force, [Path(args.scenario)])
    fit = assess(load_scenario(args.scenario))
    print_text("\n".join(terminal_text(line) for line in fit_text(fit)))
    if args.csv:
        from planner.outputs.content import fit_csv

        written = write_atomic(args.csv, fit_csv(fit), overwrite=args.force)
        print_text(f"\n{terminal_text(str(written))}")
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``planner fit SCENARIO [--csv PATH] [--force]``."""
    fit = sub.add_parser(
        "fit", help="what each option offers against the scenario's [requirements]"
    )
    fit.add_argument("scenario", help="scenario file (TOML) or preset name (see `planner presets`)")
    fit.add_argument("--csv", metavar="PATH", help="write the fit matrix as CSV")
    fit.add_argument("--force", action="store_true", help="replace an existing output file")
    fit.set_defaults(run=run)
