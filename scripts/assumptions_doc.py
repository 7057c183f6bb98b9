"""Write docs/assumptions.md, the table of every default, from data/assumptions.toml.

Run from the repository after changing a default:

    python3 -m uv run --locked python scripts/assumptions_doc.py

``--check`` writes nothing and exits with status 1 when the page is out of date. The table
itself is ``planner.model.defaults.assumptions_markdown()``, so the page, the app and the
data file cannot tell different stories.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.model.defaults import assumptions_markdown

PAGE = Path(__file__).resolve().parents[1] / "docs" / "assumptions.md"
REGENERATE = "python3 -m uv run --locked python scripts/assumptions_doc.py"

INTRO = f"""# Defaults and their sources

<!-- Generated from data/assumptions.toml by scripts/assumptions_doc.py: do not edit by hand.
     Regenerate with: {REGENERATE} -->

Every default lives in [`data/assumptions.toml`](../data/assumptions.toml) with its **basis**:
`published` (a public primary source), `unverified` (a public figure not confirmed in a primary
source: treat as editable), `estimate` (this project's estimate, with its reasoning), or
`example` (a fact about your organisation: replace it). The hosted plans live in
[`data/plans.toml`](../data/plans.toml), each with its own source and date; **WorldPosta does
not publish prices, so its three tiers are illustrative** and marked so everywhere: replace them
with a quote. `planner plans` lists the catalogue. The exchange rates of the display currencies
live in [`data/currencies.toml`](../data/currencies.toml). To use your own files instead, see
[your own catalogue](cli.md#your-own-catalogue).

This page is generated from the data file, and a test fails when it is out of date; regenerate it
with `{REGENERATE}`.
"""


def render() -> str:
    """The whole page: the introduction, then one row per default."""
    return f"{INTRO}\n{assumptions_markdown()}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            print(f"{PAGE.name} is out of date: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
