"""Default assumptions and the plan catalogue, read from ``data/`` with their sources.

``data/assumptions.toml`` gives every default value with ``basis``, ``source`` and ``as_of``;
``data/plans.toml`` gives the hosted plans, each with its own source and date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.errors import CatalogueError
from planner.model.scenario import Plan

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_DIR / "data"
SCENARIOS_DIR = REPO_DIR / "scenarios"
ASSUMPTIONS_FILE = DATA_DIR / "assumptions.toml"
PLANS_FILE = DATA_DIR / "plans.toml"
BASES = ("published", "unverified", "estimate", "example")


@dataclass(frozen=True)
class Assumption:
    """One default value with where it comes from."""

    path: str
    value: Any
    basis: str
    source: str
    as_of: dt.date


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read the bundled data file: {exc}") from exc


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    for key, item in table.items():
        path = f"{prefix}{key}"
        if not isinstance(item, dict):
            raise CatalogueError(f"{ASSUMPTIONS_FILE.name}: {path} must be a table")
        if "value" in item:
            extra = set(item) - {"value", "basis", "source", "as_of"}
            missing = {"basis", "source", "as_of"} - set(item)
            if extra or missing:
                raise CatalogueError(
                    f"{ASSUMPTIONS_FILE.name}: {path} needs value, basis, source and as_of"
                    f" (missing {sorted(missing)}, unknown {sorted(extra)})"
                )
            if item["basis"] not in BASES or not isinstance(item["as_of"], dt.date):
                raise CatalogueError(
                    f"{ASSUMPTIONS_FILE.name}: {path} basis must be one of {BASES} and as_of a date"
                )
            out[path] = Assumption(
                path, item["value"], item["basis"], item["source"], item["as_of"]
            )
        else:
            out.update(_flatten(item, f"{path}."))
    return out


@cache
def assumptions() -> dict[str, Assumption]:
    """Every default, keyed by dotted field path (``organisation.users``)."""
    return _flatten(_read_toml(ASSUMPTIONS_FILE))


def default_values() -> dict[str, Any]:
    """The defaults as a nested mapping of plain values (the shape of a scenario)."""
    nested: dict[str, Any] = {}
    for path, item in assumptions().items():
        *parents, leaf = path.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = item.value
    return nested


@cache
def catalogue() -> tuple[Plan, ...]:
    """The bundled hosted plans, validated."""
    raw = _read_toml(PLANS_FILE).get("plans")
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{PLANS_FILE.name}: needs a non-empty [[plans]] list")
    try:
        return tuple(Plan.model_validate(item) for item in raw)
    except ValidationError as exc:
        raise CatalogueError(f"{PLANS_FILE.name}: {exc}") from exc


def preset_files() -> dict[str, Path]:
    """Ready-made scenario files by stem, the default first."""
    files = sorted(SCENARIOS_DIR.glob("*.toml"), key=lambda p: (p.stem != "default", p.stem))
    return {p.stem: p for p in files}


def assumptions_markdown() -> str:
    """The README's table of defaults: path, value, basis, as-of date and source."""
    rows = ["| field | default | basis | as of | source |", "|---|---|---|---|---|"]
    for item in assumptions().values():
        source = item.source.replace("|", "/")
        rows.append(f"| `{item.path}` | {item.value} | {item.basis} | {item.as_of} | {source} |")
    return "\n".join(rows)
