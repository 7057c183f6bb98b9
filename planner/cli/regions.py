"""``planner regions`` and ``planner region``: where the organisation is.

``planner regions`` lists the regions of ``data/regions.toml`` (key, name, currency and the
local defaults); ``planner regions KEY`` shows one region's defaults and the size rules, each
with its basis, date and source. ``planner region SCENARIO KEY`` applies a region to a
scenario (:func:`planner.model.regions.apply_region`) and lists every input it changed;
``-o OUT.toml`` saves the result (never over an existing file without ``--force``).
"""

from __future__ import annotations

import argparse

from planner.cli.presets import one_line
from planner.cli.terminal import print_text, table_lines
from planner.model.fields import scenario_fields, value_text
from planner.model.regions import Change, apply_region, changes, region, regions, source_rows

NAME_WIDTH = 24


def regions_lines() -> list[str]:
    """Every region: key, name, currency and its local defaults."""
    listed = regions()
    paths = list(next(iter(listed.values())).defaults)
    titles = [scenario_fields()[p].title for p in paths]
    rows = [
        [f"{k} {r.name}"[:NAME_WIDTH], r.currency]
        + [value_text(r.defaults[p].value) if p in r.defaults else "-" for p in paths]
        for k, r in listed.items()
    ]
    header = ("region", "currency", *titles)
    lines = ["Regions (local currency; `planner regions KEY` gives each source):", ""]
    lines += table_lines(header, rows, (NAME_WIDTH, 9, *[len(t) + 1 for t in titles]))
    lines += [
        "",
        "Apply one: planner region SCENARIO KEY [-o OUT.toml]. Incident cost is for 200 users;",
        "applying scales it and today's servers, licences, CALs, disk and book value to the",
        "scenario's headcount.",
    ]
    return lines


def region_lines(key: str) -> list[str]:
    """One region's defaults and the size rules, each with basis, date and source."""
    chosen = region(key)
    lines = [f"{chosen.name} ({chosen.key}): results and money inputs in {chosen.currency}", ""]
    for row in source_rows(key):
        lines.append(f"{row['Input']}: {row['Value']} ({row['Basis']}, as of {row['As of']})")
        lines.append(f"  {row['Source']}")
    return lines


def _shown(value: object) -> str:
    return one_line(value_text(value), 40) if value != "" else "none"


def change_lines(found: tuple[Change, ...], currency: str) -> list[str]:
    """Each changed input: title, value before -> after."""
    if not found:
        return ["No input changed."]
    lines = [f"{len(found)} inputs changed (money now in {currency}):"]
    for c in found:
        before, after = (_shown(v) for v in (c.before, c.after))
        lines.append(f"  {c.title} ({c.path}): {before} -> {after}")
    return lines


def run_regions(args: argparse.Namespace) -> int:
    """``planner regions [KEY]``."""
    print_text("\n".join(region_lines(args.key) if args.key else regions_lines()))
    return 0


def run_region(args: argparse.Namespace) -> int:
    """``planner region SCENARIO KEY [-o OUT] [--force]``."""
    from planner.model.files import load_scenario, save_scenario

    before = load_scenario(args.scenario)
    after = apply_region(before, args.key)
    lines = [
        f"{region(args.key).name} applied to {args.named}.",
        *change_lines(changes(before, after), after.finance.currency),
    ]
    if args.output:
        written = save_scenario(after, args.output, overwrite=args.force)
        lines.append(f"Saved {written}.")
    else:
        lines.append("Nothing saved: add -o OUT.toml to save the scenario with the region.")
    print_text("\n".join(lines))
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``planner regions [KEY]`` and ``planner region SCENARIO KEY``."""
    listing = sub.add_parser(
        "regions", help="list the regions and their local defaults, with sources"
    )
    listing.add_argument("key", nargs="?", help="a region's key: show its sources")
    listing.set_defaults(run=run_regions)
    apply = sub.add_parser(
        "region",
        help="apply a region to a scenario: its currency, local and size-fitted defaults",
        description="Re-express every money input in the region's currency, set its local "
        "defaults (administrator cost, electricity, downtime cost, incident cost) and fit "
        "today's estate and the incident cost to the headcount; list what changed.",
    )
    apply.add_argument(
        "scenario", help="scenario file (TOML) or preset name (see `planner presets`)"
    )
    apply.add_argument("key", help="region key (see `planner regions`)")
    apply.add_argument("-o", "--output", metavar="PATH", help="save the result as TOML")
    apply.add_argument("--force", action="store_true", help="replace an existing output file")
    apply.set_defaults(run=run_region)
