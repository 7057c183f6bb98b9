"""Presets against the public sanity bands (FACTS.md) and the public API."""

from __future__ import annotations

import pytest

import planner
from planner.engine.projection import INHOUSE, project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario


def per_user_month(name: str) -> dict[str, float]:
    s = load_scenario(preset_files()[name])
    summary = summarise(project_scenario(s))
    return dict(zip(summary.options, summary.cost_per_user_month[0], strict=True))


def test_enterprise_inhouse_is_inside_the_published_range() -> None:
    """Gartner (2012): on-premises $3 to over $30 per user-month at 5,000 users (about $12
    typical); Forrester (2009): $25-36 fully loaded for large firms. A hot DR site puts the
    enterprise preset in the upper part of that range."""
    cost = per_user_month("enterprise_hot_dr")[INHOUSE]
    assert 12 <= cost <= 36


def test_hosted_plans_are_near_gartners_fully_loaded_cloud_figure() -> None:
    """Gartner (2012): cloud email about $4 list, about $9 fully loaded. With expertise,
    connectivity and expected downtime (at the provider's achieved uptime, working hours
    only) counted, Exchange Online Plan 1 lands at about $7.9-16."""
    for name in ("default", "growing_firm", "small_office", "enterprise_hot_dr"):
        assert 7 <= per_user_month(name)["Microsoft Exchange Online Plan 1"] <= 20


def test_hosted_is_cheaper_than_inhouse_for_small_firms() -> None:
    """Osterman (2012, 2017): hosted is typically more than 50% cheaper; for small firms
    the saving is mainly labour."""
    for name in ("small_office", "growing_firm", "default"):
        costs = per_user_month(name)
        assert costs["Microsoft Exchange Online Plan 1"] < 0.5 * costs[INHOUSE]


def test_public_api_is_exactly_all() -> None:
    public = {n for n in dir(planner) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(planner, n)).__name__ == "module"}
    assert public - modules == set(planner.__all__)


@pytest.mark.parametrize("name", sorted(preset_files()))
def test_every_preset_projects(name: str) -> None:
    summary = summarise(project_scenario(load_scenario(preset_files()[name])))
    assert summary.tco.shape[1] == len(summary.options)


def test_the_defaults_page_is_current() -> None:
    """docs/assumptions.md is exactly what scripts/assumptions_doc.py writes from
    data/assumptions.toml, so every default is listed with its basis, date and source."""
    import runpy
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    script = runpy.run_path(str(repo / "scripts" / "assumptions_doc.py"))
    page = (repo / "docs" / "assumptions.md").read_text(encoding="utf-8")
    assert page == script["render"](), (
        "docs/assumptions.md is out of date with data/assumptions.toml: regenerate it with "
        f"`{script['REGENERATE']}`"
    )
