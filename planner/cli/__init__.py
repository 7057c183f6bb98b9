"""The ``planner`` command line: report, batch, simulate, validate, plans.

Every error the planner raises on purpose becomes one line on stderr and exit status 2;
no traceback is ever shown for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.terminal import print_text, table_lines, terminal_text
from planner.errors import PlannerError

if TYPE_CHECKING:
    from planner.engine.projection import Projection
    from planner.engine.summary import Summary
    from planner.model.scenario import Scenario

EXIT_BAD_INPUT = 2
SUMMARY_HEADER = ("option", "TCO", "NPV", "per user/mo", "capex", "opex", "residual", "break-even")
SUMMARY_WIDTHS = (44, 13, 13, 12, 12, 13, 10, 11)
"""Least width of each summary column; a column widens to its longest entry plus a space."""


def _money(x: float) -> str:
    return f"{round(x) + 0:,.0f}"


def _after_tax_lines(scenario: Scenario, s: Summary) -> list[str]:
    """The after-tax TCO and NPV of every option, when the scenario asks for them."""
    if not bool(s.after_tax_view[0]):
        return []
    fin = scenario.finance
    out = [
        "",
        f"After tax ({fin.tax_rate_pct:g}% on operating costs and on capital depreciated over "
        f"{fin.depreciation_years} years):",
    ]
    rows = [
        [terminal_text(option)[:44], _money(s.tco_after_tax[0, j]), _money(s.npv_after_tax[0, j])]
        for j, option in enumerate(s.options)
    ]
    return out + table_lines(("option", "TCO after tax", "NPV after tax"), rows, (44, 15, 15))


def summary_text(scenario_path: str) -> tuple[str, Scenario, Projection]:
    """The readable summary of a scenario file and its projection (for ``report``)."""
    from planner.engine.fit_notes import option_notes
    from planner.engine.path_notes import path_sentences
    from planner.engine.projection import project_scenario
    from planner.engine.summary import summarise
    from planner.model.currencies import rate_text
    from planner.model.files import load_scenario

    scenario = load_scenario(scenario_path)
    projection = project_scenario(scenario)
    s = summarise(projection)
    org, fin = scenario.organisation, scenario.finance
    basis = "net of residual hardware value" if fin.tco_basis == "net_of_residual" else "cash spent"
    lines = [
        f"{terminal_text(scenario.name)}: {org.users:,} users, {org.growth_pct_per_year:+g}%/year, "
        f"{org.horizon_years} years, {fin.currency} (TCO is {basis}; NPV at "
        f"{fin.discount_rate_pct:g}%)",
        "",
    ]
    conversion = rate_text(fin.currency, fin.exchange_rate_per_usd)
    if conversion:
        lines[-1:-1] = [conversion]
    illustrative = {p.label for p in scenario.plans if p.illustrative}
    rows = []
    for j, option in enumerate(s.options):
        be = s.breakeven_year[0, j]
        be_text = "-" if j == 0 else ("none" if be != be else f"year {int(be)}")
        mark = "*" if option in illustrative else ("!" if not s.fits[0, j] else "")
        rows.append(
            [
                (terminal_text(option) + mark)[:44],
                _money(s.tco[0, j]),
                _money(s.npv[0, j]),
                f"{s.cost_per_user_month[0, j]:.2f}",
                _money(s.capex[0, j]),
                _money(s.opex[0, j]),
                _money(-s.residual_value[0, j]),
                be_text,
            ]
        )
    lines += table_lines(SUMMARY_HEADER, rows, SUMMARY_WIDTHS)
    lines += _after_tax_lines(scenario, s)
    from planner.cli.segments_text import segment_lines

    lines += segment_lines(scenario, projection, s)
    best = int(s.cheapest[0])
    lines.append("")
    greenfield = scenario.current.platform == "none"
    if best == 0:
        lines.append(
            "Cheapest option that fits: "
            + ("in-house Exchange." if greenfield else f"{terminal_text(s.options[0])}.")
        )
    else:
        saving = s.tco[0, 0] - s.tco[0, best]
        than = "in-house" if greenfield else "upgrading in place"
        lines.append(
            f"Cheapest option that fits: {terminal_text(s.options[best])}, {_money(saving)} "
            f"{fin.currency} less than {than} over {org.horizon_years} years."
        )
    lines.append(
        "break-even: first year from which in-house's cumulative cost stays at or below the plan's."
    )
    lines.append(
        "residual: value hardware and upgrade projects keep at the horizon, a credit (negative)."
    )
    if illustrative:
        lines.append("* illustrative prices (not published): replace them with a quote.")
    from planner.analyses.fit import assess, cheapest_lines

    lines += [terminal_text(line) for line in path_sentences(scenario, projection, s)]
    lines += cheapest_lines(assess(scenario, projection))
    warnings = option_notes(projection, scenario.plans, scenario.mail.attachment_mb_needed)
    if warnings:
        lines.append("! does not fit as is:" if not s.fits[0].all() else "Notes:")
        lines += [
            terminal_text(f"  {label}: {'; '.join(notes)}") for label, notes in warnings.items()
        ]
    return "\n".join(lines), scenario, projection


def _report(args: argparse.Namespace) -> int:
    text, scenario, projection = summary_text(args.scenario)
    print_text(text)
    if args.csv or args.xlsx or args.html or args.summary_csv:
        import datetime as dt

        from planner.outputs.writer import write_reports

        written = write_reports(
            scenario,
            projection,
            csv=args.csv,
            xlsx=args.xlsx,
            html=args.html,
            summary_csv=args.summary_csv,
            overwrite=args.force,
            generated_on=dt.date.today(),
            inputs=[Path(args.scenario)],
        )
        print_text("\n" + "\n".join(terminal_text(line) for line in written))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from planner.cli.batch import run

    return run(args.folder, args.csv, overwrite=args.force)


def _validate(args: argparse.Namespace) -> int:
    from planner.model.files import load_scenario

    scenario = load_scenario(args.scenario)
    print_text(
        f"{terminal_text(args.scenario)}: valid scenario {terminal_text(repr(scenario.name))} "
        f"with {len(scenario.plans)} plans"
    )
    return 0


def _plans(_: argparse.Namespace) -> int:
    from planner.model.defaults import catalogue

    print(
        f"{'provider':<18}{'plan':<28}{'USD/user/mo':>12}{'mailbox GB':>11}"
        f"{'archive':>9}{'attach MB':>10}{'SLA %':>7}{'max users':>10}  as of"
    )
    for p in catalogue():
        archive = (
            "-"
            if p.archive_gb == 0
            else (
                "incl."
                if p.archive_price_per_user_month == 0
                else f"{p.archive_price_per_user_month:g}"
            )
        )
        print(
            f"{p.provider:<18}{p.plan:<28}{p.price_per_user_month:>12.2f}{p.mailbox_gb:>11g}"
            f"{archive:>9}{p.attachment_mb:>10g}{p.sla_pct:>7g}"
            f"{p.max_users if p.max_users else '-':>10}  {p.as_of}"
        )
    print("\nIllustrative plans have unpublished prices: replace them with a real quote.")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from planner.cli.simulate import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Compare the cost of running Exchange in-house with hosted plans.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser(
        "report", help="print a scenario's summary; optionally write CSV, xlsx and HTML"
    )
    report.add_argument("scenario", help="scenario file (TOML)")
    report.add_argument("--csv", metavar="PATH", help="write the long cost table as CSV")
    report.add_argument(
        "--summary-csv", metavar="PATH", help="write the summary CSV: one row per option"
    )
    report.add_argument("--xlsx", metavar="PATH", help="write the Excel workbook report")
    report.add_argument("--html", metavar="PATH", help="write the self-contained HTML report")
    report.add_argument("--force", action="store_true", help="replace an existing output file")
    report.set_defaults(run=_report)
    batch = sub.add_parser(
        "batch",
        help="evaluate every scenario file in a folder into one CSV",
        description="Evaluate every *.toml scenario file in FOLDER into one long-table CSV "
        "with a scenario column. Bad files are skipped with one line each; exit status 0 "
        "when all were evaluated, 1 when some were skipped, 2 when none could be.",
    )
    batch.add_argument("folder", help="folder of scenario files (*.toml)")
    batch.add_argument("--csv", metavar="PATH", required=True, help="combined CSV to write")
    batch.add_argument("--force", action="store_true", help="replace an existing output file")
    batch.set_defaults(run=_batch)
    validate = sub.add_parser("validate", help="check a scenario file")
    validate.add_argument("scenario", help="scenario file (TOML)")
    validate.set_defaults(run=_validate)
    plans = sub.add_parser("plans", help="list the hosted plan catalogue")
    plans.set_defaults(run=_plans)
    simulate = sub.add_parser(
        "simulate", help="Monte Carlo over the scenario's ranges; tornado and break-even values"
    )
    simulate.add_argument("scenario", help="scenario file (TOML) with an [uncertainty] section")
    simulate.add_argument("--draws", type=int, metavar="N", help="number of draws (10,000)")
    simulate.add_argument("--seed", type=int, metavar="S", help="random seed (fixed default)")
    simulate.add_argument("--csv", metavar="PATH", help="write a table as CSV (see --what)")
    simulate.add_argument(
        "--what",
        choices=("percentiles", "fan", "tornado", "map"),
        default="percentiles",
        help="table --csv writes: TCO percentiles per option (default), the fan of cumulative "
        "cost by year, the tornado, or the users x horizon break-even map",
    )
    simulate.add_argument("--force", action="store_true", help="replace an existing output file")
    simulate.set_defaults(run=_simulate)
    from planner.cli.fit import add_parser as add_fit

    add_fit(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except PlannerError as exc:
        print(f"planner: error: {terminal_text(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
