"""The tabs of the app: a registry of (title, render function).

To add a view, write a module with ``render(ctx: ViewContext) -> None`` and add one line to
:data:`TABS`. Only the open tab is rendered on each run (the tabs track which one is open).
"""

from __future__ import annotations

from collections.abc import Callable

from ui.views import (
    assumptions,
    compare,
    costs,
    disaster_recovery,
    fit,
    migration,
    overview,
    scalability,
    segments,
    storage,
    uncertainty,
)
from ui.views.context import ViewContext

View = Callable[[ViewContext], None]

TABS: list[tuple[str, View]] = [
    ("Overview", overview.render),
    ("Costs by year", costs.render),
    ("Storage", storage.render),
    ("Scalability", scalability.render),
    ("Disaster recovery", disaster_recovery.render),
    ("Assumptions", assumptions.render),
    ("Compare", compare.render),
    ("Uncertainty", uncertainty.render),
    ("Fit", fit.render),
    ("Migration", migration.render),
    ("Segments", segments.render),
]

__all__ = ["TABS", "View", "ViewContext"]
