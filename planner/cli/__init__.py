"""The ``planner`` command line: report, batch, simulate, validate, fit, scale, plans, presets,
regions, region, app.

Every error the planner raises on purpose becomes one line on stderr and exit status 2;
no traceback is ever shown for bad input. A preset's name (``default``) is accepted wherever
a scenario file is; ``--catalogue DIR`` (or ``PLANNER_CATALOGUE``) replaces the bundled
catalogue. Start-up stays light: each subcommand imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.terminal import print_text, table_lines, terminal_text, whole_money
from planner.errors import PlannerError

if TYPE_CHECKING:
    from planner.engine.projection import Projection
    from planner.engine.summary import Summary
    from planner.model.fields import PlanCell
    from planner.model.scenario import Finance, Scenario

EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a command whose reader closed the pipe."""
DISTRIBUTION = "exchange-cost-planner"
"""The package's name on the index, whose metadata gives ``--version``."""
SUMMARY_HEADER = ("option", "TCO", "NPV", "per user/mo", "capex", "opex", "residual", "break-even")
SUMMARY_WIDTHS = (44, 13, 13, 12, 12, 13, 10, 11)
"""Least width of each summary column; a column widens to its longest entry plus a space."""


def _spread(years: int) -> str:
    """How one asset class is deducted: over N years, or in the year paid (0)."""
    return "deducted when paid" if years == 0 else f"over {years} year{'s' * (years != 1)}"


def _deduction_periods(fin: Finance) -> str:
    """The three classes' deduction periods in words: hardware, licences, one-time projects."""
    return (
        f"hardware depreciated {_spread(fin.depreciation_years)}, licences "
        f"{_spread(fin.licence_depreciation_years)}, one-time projects "
        f"{_spread(fin.services_depreciation_years)}"
    )


def _after_tax_lines(scenario: Scenario, s: Summary) -> list[str]:
    """The after-tax TCO and NPV of every option, when the scenario asks for them."""
    if not bool(s.after_tax_view[0]):
        return []
    fin = scenario.finance
    out = ["", f"After tax ({fin.tax_rate_pct:g}%; {_deduction_periods(fin)}):"]
    rows = [
        [
            terminal_text(option),
            whole_money(s.tco_after_tax[0, j]),
            whole_money(s.npv_after_tax[0, j]),
        ]
        for j, option in enumerate(s.options)
    ]
    return out + table_lines(("option", "TCO after tax", "NPV after tax"), rows, (44, 15, 15))


def summary_text(scenario_path: str) -> tuple[str, Scenario, Projection]:
    """The readable summary of a scenario file and its projection (for ``report``)."""
    from planner.analyses.fit import active_requirements, fit_matrix
    from planner.engine.fit_notes import option_notes
    from planner.engine.path_notes import path_sentences
    from planner.engine.platform_paths import capable_from_fit
    from planner.engine.projection import project_scenario
    from planner.engine.summary import summarise
    from planner.model.currencies import rate_text
    from planner.model.files import load_scenario

    scenario = load_scenario(scenario_path)
    # the Fit analysis' verdicts steer the stay path's forced move (planner.outputs'
    # capable_targets does the same, but loading planner.outputs would load pandas)
    keys = [r.spec.key for r in active_requirements(scenario)]
    verdicts = [[c.meets for c in row] for row in fit_matrix(scenario).cells]
    projection = project_scenario(scenario, capable_from_fit(keys, verdicts))
    s = summarise(projection)
    org, fin = scenario.organisation, scenario.finance
    basis = "net of residual hardware value" if fin.tco_basis == "net_of_residual" else "cash spent"
    lines = [
        f"{terminal_text(scenario.name)}: {org.users:,} users, {org.growth_pct_per_year:+g}%/year, "
        f"{org.horizon_years} years, {fin.currency} (TCO is {basis}; NPV at "
        f"{fin.discount_rate_pct:g}%)",
        "",
    ]
    conversion = rate_text(fin.currency, fin.exchange_rate_per_usd, fin.input_currency)
    if conversion:
        lines[-1:-1] = [conversion]
    lines += answer_lines(scenario, projection, s)
    illustrative = {p.label for p in scenario.plans if p.illustrative}
    rows = []
    for j, option in enumerate(s.options):
        be = s.breakeven_year[0, j]
        be_text = "-" if j == 0 else ("none" if be != be else f"year {int(be)}")
        mark = "*" if option in illustrative else ("!" if not s.fits[0, j] else "")
        rows.append(
            [
                terminal_text(option) + mark,
                whole_money(s.tco[0, j]),
                whole_money(s.npv[0, j]),
                f"{s.cost_per_user_month[0, j]:.2f}",
                whole_money(s.capex[0, j]),
                whole_money(s.opex[0, j]),
                whole_money(-s.residual_value[0, j]),
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
            f"Cheapest option that fits: {terminal_text(s.options[best])}, {whole_money(saving)} "
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
    notes = option_notes(projection, scenario.plans, scenario.mail.attachment_mb_needed)
    fits = dict(zip(s.options, s.fits[0].tolist(), strict=True))
    for heading, wanted in (("! does not fit as is:", False), ("Notes:", True)):
        group = {label: n for label, n in notes.items() if fits.get(label, True) == wanted}
        if group:
            lines.append(heading)
            lines += [terminal_text(f"  {label}: {'; '.join(n)}") for label, n in group.items()]
    return "\n".join(lines), scenario, projection


def answer_lines(scenario: Scenario, projection: Projection, s: Summary) -> list[str]:
    """The answer first (planner.analyses.recommendation): the sentence, the numbers behind
    it and what would change it, then a blank line."""
    from planner.analyses.recommendation import answer_of
    from planner.engine.path_notes import money_text

    a = answer_of(scenario, projection, s)
    lines = [f"Answer: {terminal_text(a.sentence)}"]
    lines += [f"  {terminal_text(n.label)}: {money_text(n.value, a.currency)}" for n in a.numbers]
    if a.drivers:
        lines.append("What would change the answer:")
        lines += [f"  - {terminal_text(d.sentence)}" for d in a.drivers]
    if a.drivers_note:
        lines.append(terminal_text(a.drivers_note))
    return [*lines, ""]


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
    named = getattr(args, "named", args.scenario)  # a preset by the name the user gave
    print_text(
        f"{terminal_text(named)}: valid scenario {terminal_text(repr(scenario.name))} "
        f"with {len(scenario.plans)} plans"
    )
    return 0


PLANS_COLUMN_WIDTH = 10
"""Least width of a number column of ``planner plans``; its label wraps to fit."""


def wrap_label(text: str, width: int) -> list[str]:
    """A label in lines of at most ``width`` characters, broken at spaces and after a '/'
    (``Price (USD/user/month)`` -> ``Price``, ``(USD/user/``, ``month)``); a longer word
    keeps its own line."""
    tokens = re.findall(r"[^ /]+/?|/", text)
    lines: list[str] = []
    for token in tokens:
        joined = lines[-1] + ("" if lines[-1].endswith("/") else " ") + token if lines else token
        if lines and len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(token)
    return lines


def _plan_text(cell: PlanCell) -> str:
    """A plan number as ``planner plans`` shows it: money with cents, or its words."""
    if cell.words is not None:
        return cell.words
    if cell.spec.money:
        return f"{cell.value:,.2f}"
    return f"{cell.value:,}" if cell.spec.kind == "int" else f"{cell.value:g}"


def _plans(_: argparse.Namespace) -> int:
    """The catalogue, one row per plan, the number columns labelled as every surface does."""
    from planner.model.currencies import CATALOGUE, PLAN_CURRENCY
    from planner.model.defaults import catalogue
    from planner.model.fields import label, plan_cells, plan_fields

    specs = [s for s in plan_fields().values() if "cli plans" in s.surfaces]
    plans = catalogue()
    cells = [[_plan_text(cell) for cell in plan_cells(p, "cli plans")] for p in plans]
    # Each plan states its currency (the catalogue's: US dollars); money heads say which.
    money = CATALOGUE if {p.currency for p in plans} == {CATALOGUE} else PLAN_CURRENCY
    heads = [wrap_label(label(s, money), PLANS_COLUMN_WIDTH) for s in specs]
    widths = [
        max(PLANS_COLUMN_WIDTH, *(len(x) for x in head), *(len(row[i]) for row in cells)) + 1
        for i, head in enumerate(heads)
    ]
    depth = max(len(head) for head in heads)
    for line in range(depth):
        first = ("provider", "plan", "currency") if line == depth - 1 else ("", "", "")
        words = [
            head[line - depth + len(head)] if line >= depth - len(head) else "" for head in heads
        ]
        last = "  as of" if line == depth - 1 else ""
        print(
            f"{first[0]:<18}{first[1]:<28}{first[2]:<9}"
            + "".join(f"{w:>{n}}" for w, n in zip(words, widths, strict=True))
            + last
        )
    for p, row in zip(plans, cells, strict=True):
        print(
            terminal_text(f"{p.provider[:17]:<18}{p.plan[:27]:<28}{p.currency:<9}")
            + "".join(f"{c:>{n}}" for c, n in zip(row, widths, strict=True))
            + f"  {p.as_of or ''}"
        )
    print("\nIllustrative plans have unpublished prices: replace them with a real quote.")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from planner.cli.simulate import run

    return run(args)


def _presets(args: argparse.Namespace) -> int:
    from planner.cli.presets import run

    return run(args)


def version_text() -> str:
    """``planner <version>`` from the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"planner {version(DISTRIBUTION)}"
    except PackageNotFoundError:
        return "planner (version unknown: the package is not installed)"


class _VersionAction(argparse.Action):
    """``--version``, reading the metadata only when asked (a light start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(version_text())
        parser.exit()


SCENARIO_HELP = "scenario file (TOML) or preset name (see `planner presets`)"
CATALOGUE_HELP = (
    "folder holding assumptions.toml, plans.toml and currencies.toml to use instead of the "
    "bundled catalogue (default: $PLANNER_CATALOGUE, else the bundled one)"
)


def _add_global_options(
    parser: argparse.ArgumentParser, sub: argparse._SubParsersAction[argparse.ArgumentParser]
) -> None:
    """``--catalogue`` before or after the subcommand (``planner report x --catalogue d``)."""
    parser.add_argument("--catalogue", metavar="DIR", help=CATALOGUE_HELP)
    for command in sub.choices.values():
        # SUPPRESS: a subcommand without the flag leaves the main parser's value alone.
        command.add_argument(
            "--catalogue", metavar="DIR", default=argparse.SUPPRESS, help=CATALOGUE_HELP
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Compare the cost of running Exchange in-house with hosted plans.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser(
        "report", help="print a scenario's summary; optionally write CSV, xlsx and HTML"
    )
    report.add_argument("scenario", help=SCENARIO_HELP)
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
    validate.add_argument("scenario", help=SCENARIO_HELP)
    validate.set_defaults(run=_validate)
    plans = sub.add_parser("plans", help="list the hosted plan catalogue")
    plans.set_defaults(run=_plans)
    simulate = sub.add_parser(
        "simulate", help="Monte Carlo over the scenario's ranges; tornado and break-even values"
    )
    simulate.add_argument(
        "scenario",
        help="scenario file (TOML) with an [uncertainty] section, or preset name "
        "(see `planner presets`)",
    )
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
    from planner.cli.scale import add_parser as add_scale

    add_scale(sub)
    from planner.cli.regions import add_parser as add_regions

    add_regions(sub)
    presets = sub.add_parser("presets", help="list the bundled presets (ready-made scenarios)")
    presets.set_defaults(run=_presets)
    sub.add_parser(
        "app",
        help="start the web app; other options go to `streamlit run` (e.g. --server.port 8600)",
        description="Start the web app (Streamlit) from the installed package, on "
        "http://127.0.0.1:8501 unless told otherwise. Options not listed here are passed to "
        "`streamlit run` as they are (see `streamlit run --help`), e.g. --server.port 8600, "
        "--server.headless true.",
    )
    _add_global_options(parser, sub)
    return parser


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    from planner.model.locations import check_catalogue, use_catalogue

    use_catalogue(args.catalogue)
    # A user's catalogue folder is checked whole before any command reads from it.
    check_catalogue()
    if args.command == "app":
        from planner.cli.app import run

        return run(args, extra)
    if getattr(args, "scenario", None) is not None:
        from planner.cli.presets import scenario_path

        args.named, args.scenario = args.scenario, scenario_path(args.scenario)
    return int(args.run(args))


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's last flush does not hit the closed pipe."""
    import contextlib
    import os

    # stdout may be no real file (captured in tests): then there is nothing to silence.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "app":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return _run(args, extra)
    except PlannerError as exc:
        print(f"planner: error: {terminal_text(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`planner presets | head -2`): stop quietly, as a shell does.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
