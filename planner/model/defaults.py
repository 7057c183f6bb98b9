"""Default assumptions and the plan catalogue, read from ``data/`` with their sources.

``data/assumptions.toml`` gives every default value with ``basis``, ``source`` and ``as_of``;
``data/plans.toml`` gives the hosted plans, each with its own source and date. Which folder
is read (bundled in the package, the checkout's, or the user's ``--catalogue``) is decided
in :mod:`planner.model.locations`; its names are re-exported here.
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
from planner.model.locations import (
    ASSUMPTIONS_FILE,
    CATALOGUE_ENV,
    CATALOGUE_FILES,
    DATA_DIR,
    PLANS_FILE,
    REPO_DIR,
    SCENARIOS_DIR,
    catalogue_dir,
    catalogue_file,
    check_catalogue,
    use_catalogue,
)
from planner.model.scenario import Plan

BASES = ("published", "unverified", "estimate", "example")

__all__ = [
    "ASSUMPTIONS_FILE",
    "BASES",
    "CATALOGUE_ENV",
    "CATALOGUE_FILES",
    "DATA_DIR",
    "PLANS_FILE",
    "REPO_DIR",
    "SCENARIOS_DIR",
    "Assumption",
    "assumptions",
    "assumptions_markdown",
    "catalogue",
    "catalogue_dir",
    "catalogue_file",
    "check_catalogue",
    "default_values",
    "preset_files",
    "use_catalogue",
]


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
        raise CatalogueError(f"{path}: cannot read the catalogue file: {exc}") from exc


def _flatten(table: dict[str, Any], where: str, prefix: str = "") -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    for key, item in table.items():
        path = f"{prefix}{key}"
        if not isinstance(item, dict):
            raise CatalogueError(f"{where}: {path} must be a table")
        if "value" in item:
            extra = set(item) - {"value", "basis", "source", "as_of"}
            missing = {"basis", "source", "as_of"} - set(item)
            if extra or missing:
                raise CatalogueError(
                    f"{where}: {path} needs value, basis, source and as_of"
                    f" (missing {sorted(missing)}, unknown {sorted(extra)})"
                )
            if item["basis"] not in BASES or not isinstance(item["as_of"], dt.date):
                raise CatalogueError(
                    f"{where}: {path} basis must be one of {BASES} and as_of a date"
                )
            out[path] = Assumption(
                path, item["value"], item["basis"], item["source"], item["as_of"]
            )
        else:
            out.update(_flatten(item, where, f"{path}."))
    return out


def assumptions() -> dict[str, Assumption]:
    """Every default, keyed by dotted field path (``organisation.users``), from the
    catalogue folder in use."""
    return _assumptions_in(catalogue_file(ASSUMPTIONS_FILE.name))


@cache
def _assumptions_in(path: Path) -> dict[str, Assumption]:
    return _flatten(_read_toml(path), str(path))


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


def catalogue() -> tuple[Plan, ...]:
    """The hosted plans of the catalogue folder in use, validated."""
    return _plans_in(catalogue_file(PLANS_FILE.name))


@cache
def _plans_in(path: Path) -> tuple[Plan, ...]:
    raw = _read_toml(path).get("plans")
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{path}: needs a non-empty [[plans]] list")
    try:
        return tuple(Plan.model_validate(item) for item in raw)
    except ValidationError as exc:
        raise CatalogueError(f"{path}: {exc}") from exc


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
