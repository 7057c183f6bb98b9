"""Hypothesis strategies and field helpers shared by the property and hardening tests.

Bounds are read from the models' own metadata (annotated_types ``Ge``/``Gt``/``Le``/``Lt``),
never copied, so a changed bound changes what the strategies draw and what the sweeps test.

* :func:`field_bounds` / :data:`SCENARIO_FIELDS` / :data:`PLAN_FIELDS` describe every numeric,
  boolean or choice field: its bounds, the smallest and largest valid value, and the values
  just past each bound.
* :func:`scenarios` draws valid scenarios over the whole model space (every numeric field
  within its bounds, 1 to 4 plans); :func:`scenario_values` draws the flat field values.
* :data:`toml_documents`, :data:`toml_values` and :func:`field_assignments` draw TOML-shaped
  junk for the loader fuzz tests.
* :func:`assert_sound` checks a projection and its summary: every output finite, costs
  non-negative, break-even NaN ("none") or a year of the horizon.

Settings profiles are plain ``settings`` objects used as decorators (``@FUZZ``), so CI runs the
same fixed budget every time (derandomized, no example database, no deadline).
"""

from __future__ import annotations

import datetime as dt
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from planner.engine.projection import Projection
from planner.engine.scenario_arrays import numeric_paths
from planner.engine.summary import Summary
from planner.model.field_errors import bounds
from planner.model.files import defaults_data, from_data
from planner.model.scenario import PLAN_FIELDS as PLAN_FIELD_NAMES
from planner.model.scenario import Plan, Scenario

# ---------------------------------------------------------------------------
# Settings: fixed budgets so CI is stable
# ---------------------------------------------------------------------------

_COMMON: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "print_blob": False,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
}
FUZZ = settings(max_examples=300, **_COMMON)
"""Loader fuzzing: cheap examples, a fixed budget of 300."""
PROPERTY = settings(max_examples=120, **_COMMON)
"""Engine properties: each example projects a small batch."""

SANE_OPEN_FLOOR = 1e-3
"""Smallest value drawn for a field bounded by ``gt=0`` when sane magnitudes are asked for.

A value such as 5e-324 is accepted by ``gt=0`` but is nothing a person types; the bounds sweep
covers it field by field, the property tests keep clear of it so one known problem does not
hide the others.
"""


# ---------------------------------------------------------------------------
# Field metadata
# ---------------------------------------------------------------------------


def field_info(path: str, model: type[BaseModel] = Scenario) -> FieldInfo:
    """The FieldInfo of a dotted path (``inhouse.servers.price``)."""
    current: Any = model
    *parents, leaf = path.split(".")
    for part in parents:
        current = current.model_fields[part].annotation
    info: FieldInfo = current.model_fields[leaf]
    return info


def _choices(annotation: Any) -> tuple[Any, ...] | None:
    return typing.get_args(annotation) if typing.get_origin(annotation) is Literal else None


def _scalar_kind(annotation: Any) -> Any:
    """``int | None`` -> ``int``; other annotations unchanged."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


@dataclass(frozen=True)
class Bounds:
    """What one numeric field accepts, read from its metadata."""

    path: str
    kind: Any  # int, float, bool or a Literal[...] of choices
    low: float | None
    low_open: bool
    high: float | None
    high_open: bool

    @property
    def choices(self) -> tuple[Any, ...] | None:
        """The allowed values of a choice field (None for numbers)."""
        if self.kind is bool:
            return (False, True)
        return _choices(self.kind)

    @property
    def is_number(self) -> bool:
        return self.choices is None

    def _typed(self, x: float) -> float:
        return int(x) if self.kind is int else float(x)

    def _step(self, x: float, direction: float) -> float:
        """The next value after ``x`` towards ``direction``: 1 for whole numbers, one ulp else."""
        if self.kind is int:
            return int(x) + (1 if direction > 0 else -1)
        return math.nextafter(x, direction)

    @property
    def smallest(self) -> float:
        """The smallest valid value (the bound itself when it is inclusive)."""
        assert self.low is not None, self.path
        return self._step(self.low, math.inf) if self.low_open else self._typed(self.low)

    @property
    def largest(self) -> float:
        """The largest valid value."""
        assert self.high is not None, self.path
        return self._step(self.high, -math.inf) if self.high_open else self._typed(self.high)

    @property
    def below(self) -> float:
        """The nearest invalid value under the lower bound."""
        assert self.low is not None, self.path
        return self._typed(self.low) if self.low_open else self._step(self.low, -math.inf)

    @property
    def above(self) -> float:
        """The nearest invalid value over the upper bound."""
        assert self.high is not None, self.path
        return self._typed(self.high) if self.high_open else self._step(self.high, math.inf)

    def sane_smallest(self) -> float:
        """:attr:`smallest`, but at least :data:`SANE_OPEN_FLOOR` for ``gt=0`` fields."""
        if self.low_open and self.kind is float:
            return max(self.smallest, SANE_OPEN_FLOOR)
        return self.smallest


def bounds_of(path: str, info: FieldInfo, annotation: Any | None = None) -> Bounds:
    """Bounds of one field from its metadata (read by planner.model.field_errors.bounds)."""
    b = bounds(info)
    kind = _scalar_kind(annotation if annotation is not None else info.annotation)
    return Bounds(path, kind, b.low, b.low_open, b.high, b.high_open)


def field_bounds(path: str) -> Bounds:
    """Bounds of a scenario field by dotted path."""
    return bounds_of(path, field_info(path), numeric_paths()[path])


SCENARIO_FIELDS: dict[str, Bounds] = {path: field_bounds(path) for path in numeric_paths()}
"""Every numeric, boolean and choice field of a scenario (plans excluded)."""

PLAN_FIELDS: dict[str, Bounds] = {
    name: bounds_of(name, Plan.model_fields[name]) for name in PLAN_FIELD_NAMES
}
"""Every numeric field of a plan, by name."""


def nested(flat: Mapping[str, Any]) -> dict[str, Any]:
    """``{"organisation.users": 5}`` -> ``{"organisation": {"users": 5}}``."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def default_plans() -> list[dict[str, Any]]:
    """The bundled catalogue as plain dicts (a fresh copy each call)."""
    plans: list[dict[str, Any]] = defaults_data()["plans"]
    return [dict(p) for p in plans]


# ---------------------------------------------------------------------------
# Valid scenarios over the whole model space
# ---------------------------------------------------------------------------


def field_values(bounds: Bounds, sane: bool = True) -> st.SearchStrategy[Any]:
    """Valid values of one field, bounds included."""
    if bounds.choices is not None:
        return st.sampled_from(bounds.choices)
    low = bounds.sane_smallest() if sane else bounds.smallest
    if bounds.kind is int:
        return st.integers(min_value=int(low), max_value=int(bounds.largest))
    return st.floats(
        min_value=low,
        max_value=bounds.largest,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=not sane,
    )


def scenario_values(
    sane: bool = True, fixed: Mapping[str, Any] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Every scenario field drawn within its bounds, as ``{dotted path: value}``.

    ``fixed`` pins some paths to a value (``{"risk.include_downtime": False}``) or draws
    them from another strategy (``{"finance.inflation_pct_per_year": st.floats(-10, 0)}``).
    """
    fixed = dict(fixed or {})

    def part(path: str, b: Bounds) -> st.SearchStrategy[Any]:
        if path not in fixed:
            return field_values(b, sane)
        given = fixed[path]
        return given if isinstance(given, st.SearchStrategy) else st.just(given)

    parts = {path: part(path, b) for path, b in SCENARIO_FIELDS.items()}
    return st.fixed_dictionaries(parts)


@st.composite
def plan_dicts(draw: st.DrawFn, min_size: int = 1, max_size: int = 4) -> list[dict[str, Any]]:
    """1 to 4 valid plans with unique labels and every numeric field within its bounds."""
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    plans = []
    for i in range(count):
        plan: dict[str, Any] = {"provider": f"Provider {i}", "plan": "Plan"}
        for name, b in PLAN_FIELDS.items():
            if name in ("min_users", "max_users"):
                continue
            plan[name] = draw(field_values(b))
        # Users between 1 and a few times the largest headcount; max_users >= min_users.
        minimum = draw(st.one_of(st.just(1), field_values(PLAN_FIELDS["min_users"])))
        plan["min_users"] = minimum
        if draw(st.booleans()):
            plan["max_users"] = draw(
                st.integers(min_value=minimum, max_value=int(PLAN_FIELDS["max_users"].largest))
            )
        plans.append(plan)
    return plans


def scenario_data(
    sane: bool = True, fixed: Mapping[str, Any] | None = None, plans: bool = True
) -> st.SearchStrategy[dict[str, Any]]:
    """Nested scenario data (ready for ``from_data``): every field, and random plans."""
    values = scenario_values(sane, fixed).map(nested)
    if not plans:
        return values
    return st.tuples(values, plan_dicts()).map(lambda vp: {**vp[0], "plans": vp[1]})


def scenarios(
    sane: bool = True, fixed: Mapping[str, Any] | None = None, plans: bool = True
) -> st.SearchStrategy[Scenario]:
    """Valid scenarios over the whole model space (see :func:`scenario_data`)."""
    return scenario_data(sane, fixed, plans).map(lambda data: from_data(data, "strategy"))


# ---------------------------------------------------------------------------
# Planner scenarios: an existing platform, segments and requirements mixed in
# ---------------------------------------------------------------------------

EXISTING_PLATFORMS = ("exchange_2016", "exchange_2019", "exchange_se")
LANGUAGES = ("", "English", "Arabic", "German")


def _model_values(model: type[BaseModel], prefix: str) -> dict[str, st.SearchStrategy[Any]]:
    """A strategy per number, true/false or choice field of ``model`` (nested models and
    free text left out), drawn within the field's bounds."""
    out: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        kind = _scalar_kind(info.annotation)
        if kind in (int, float, bool) or _choices(kind) is not None:
            values = field_values(bounds_of(f"{prefix}{name}", info, kind))
            optional = kind is not info.annotation  # ``x | None``: sometimes left out
            out[name] = st.one_of(st.none(), values) if optional else values
    return out


@st.composite
def requirement_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A ``[requirements]`` table: each field set (within its bounds) or left at its default
    with even odds, and a support language."""
    from planner.model.scenario import Requirements

    chosen = {
        name: draw(values)
        for name, values in _model_values(Requirements, "requirements.").items()
        if draw(st.booleans())
    }
    chosen["support_language"] = draw(st.sampled_from(LANGUAGES))
    return chosen


@st.composite
def offer_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """What a plan offers against the requirements: each offer stated or unknown."""
    from planner.model.scenario import REGIONS, Offers

    offers = {k: v for k, v in draw(st.fixed_dictionaries(_model_values(Offers, ""))).items()}
    offers["data_regions"] = draw(st.none() | st.lists(st.sampled_from(REGIONS), unique=True))
    offers["support_languages"] = draw(
        st.none() | st.lists(st.sampled_from(LANGUAGES[1:]), unique=True)
    )
    return {k: v for k, v in offers.items() if v is not None}


@st.composite
def segment_dicts(draw: st.DrawFn, users: int, places: tuple[str, ...]) -> list[dict[str, Any]]:
    """1 to 4 segments whose users add up to ``users``, each with its own mailbox or not,
    and the places it may go (``places``: ``in-house`` and the plan labels; empty = any)."""
    count = draw(st.integers(min_value=1, max_value=min(4, users)))
    cuts = (
        draw(
            st.lists(
                st.integers(min_value=1, max_value=users - 1),
                min_size=count - 1,
                max_size=count - 1,
                unique=True,
            )
        )
        if count > 1
        else []
    )
    edges = [0, *sorted(cuts), users]
    segments = []
    for k in range(count):
        segment: dict[str, Any] = {"name": f"Segment {k}", "users": edges[k + 1] - edges[k]}
        if draw(st.booleans()):
            segment["mailbox_gb"] = draw(st.floats(min_value=0.1, max_value=200.0))
        if draw(st.booleans()):
            segment["allowed"] = draw(st.lists(st.sampled_from(places), unique=True))
        segments.append(segment)
    return segments


@st.composite
def planner_scenarios(draw: st.DrawFn) -> Scenario:
    """Valid scenarios over the whole model space with, most of the time, an existing
    Exchange platform, and each at even odds: segments and requirements (plans' offers drawn
    too, so some plans meet them)."""
    platform = draw(st.sampled_from((*EXISTING_PLATFORMS, *EXISTING_PLATFORMS, "none")))
    data = draw(scenario_data(fixed={"current.platform": platform}))
    for plan in data["plans"]:
        plan["offers"] = draw(offer_dicts())
    if draw(st.booleans()):
        data["requirements"] = draw(requirement_dicts())
    labels = tuple(f"{p['provider']} {p['plan']}" for p in data["plans"])
    users = int(data["organisation"]["users"])
    if draw(st.booleans()):
        data["segments"] = draw(segment_dicts(users, ("in-house", *labels)))
    return from_data(data, "strategy")


# ---------------------------------------------------------------------------
# TOML-shaped junk for the loader fuzz tests
# ---------------------------------------------------------------------------


def _known_keys() -> list[str]:
    keys: set[str] = {"plans", *PLAN_FIELD_NAMES, *Plan.model_fields}
    for path in SCENARIO_FIELDS:
        keys.update(path.split("."))
    keys.update(Scenario.model_fields)
    return sorted(keys)


KNOWN_KEYS: tuple[str, ...] = tuple(_known_keys())
"""Every section and field name a scenario knows (so fuzzing hits real fields often)."""

toml_keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12))
"""Keys: mostly real field names, sometimes any text."""

toml_scalars: st.SearchStrategy[Any] = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),  # includes nan, inf, -inf, -0.0 and subnormals
    st.text(max_size=30),
    st.sampled_from(["25", "1e3", "nan", "inf", "-0", "true", "none", "standard", "hot_site"]),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
)
"""Every kind of value TOML can hold, weighted towards the awkward ones."""

toml_values: st.SearchStrategy[Any] = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(toml_keys, inner, max_size=5),
    ),
    max_leaves=25,
)
"""Scalars, arrays and tables nested a few levels."""

toml_documents: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    toml_keys, toml_values, max_size=8
)
"""A random top-level TOML table."""


@st.composite
def field_assignments(draw: st.DrawFn) -> dict[str, Any]:
    """Real field paths set to random TOML values, sometimes with random plan rows."""
    paths = draw(st.lists(st.sampled_from(sorted(SCENARIO_FIELDS)), max_size=6, unique=True))
    flat = {path: draw(toml_scalars) for path in paths}
    names = draw(st.lists(st.sampled_from(sorted(Plan.model_fields)), max_size=6, unique=True))
    data = nested(flat)
    if names and draw(st.booleans()):
        data["plans"] = [{name: draw(toml_values) for name in names}]
    return data


# ---------------------------------------------------------------------------
# What a sound projection looks like
# ---------------------------------------------------------------------------


def assert_sound(p: Projection, s: Summary) -> None:
    """Every output finite, costs non-negative, break-even NaN ("none") or a horizon year.

    capital, operating >= 0 and residual <= 0 in every year, line and metric; summary tco,
    tco_cash, npv, cost per user-month, capex, opex, residual value and cumulative finite.
    """
    for name in ("capital", "operating", "residual", "users", "total", "total_cash"):
        assert np.isfinite(getattr(p, name)).all(), f"{name} is not finite"
    if p.costs is not None:
        assert np.isfinite(p.costs).all(), "a cost line is not finite"
    for name, values in p.metrics.items():
        assert np.isfinite(values).all(), f"metric {name} is not finite"
    assert (p.capital >= 0).all(), f"negative capital {p.capital.min()}"
    assert (p.operating >= 0).all(), f"negative operating cost {p.operating.min()}"
    assert (p.residual <= 0).all(), f"positive residual {p.residual.max()}"
    for name in (
        "tco",
        "tco_cash",
        "npv",
        "cost_per_user_month",
        "capex",
        "opex",
        "residual_value",
        "cumulative",
    ):
        assert np.isfinite(getattr(s, name)).all(), f"summary {name} is not finite"
    assert (s.tco_cash >= 0).all()
    assert (s.residual_value >= 0).all()
    be = s.breakeven_year
    assert np.isnan(be[:, 0]).all(), "in-house has no break-even with itself"
    found = be[~np.isnan(be)]
    assert ((found >= 0) & (found <= p.horizon.max()) & (found == np.round(found))).all()
    assert ((s.cheapest >= 0) & (s.cheapest < len(p.options))).all()


# Prices of in-house Exchange (only the in-house option pays them).
INHOUSE_PRICES = (
    "inhouse.servers.price",
    "inhouse.servers.maintenance_pct_per_year",
    "inhouse.storage.price_per_tb",
    "inhouse.licences.exchange_standard_per_server",
    "inhouse.licences.exchange_enterprise_per_server",
    "inhouse.licences.cal_per_user",
    "inhouse.licences.enterprise_cal_per_user",
    "inhouse.licences.enterprise_cal_share_pct",
    "inhouse.licences.windows_per_16_cores",
    "inhouse.licences.windows_cal_per_user",
    "inhouse.licences.subscription_pct_per_year",
    "inhouse.operations.watts_per_server",
    "inhouse.operations.pue",
    "inhouse.operations.price_per_kwh",
    "inhouse.operations.space_per_server_year",
    "inhouse.operations.monitoring_per_server_year",
    "inhouse.protection.gateway_per_user_year",
    "inhouse.protection.security_per_server_year",
    "inhouse.disaster_recovery.backup_per_server_year",
    "inhouse.upgrades.cost_fixed",
    "inhouse.upgrades.cost_per_user",
    "inhouse.build.cost_fixed",
    "inhouse.build.cost_per_user",
    "inhouse.internet.price_per_public_ip_month",
    "inhouse.internet.tls_certificate_per_year",
    "inhouse.internet.mail_authentication_setup",
    "inhouse.internet.mail_authentication_per_year",
    "inhouse.layout.witness_server_price",
    "inhouse.layout.load_balancer_price",
)
# Money inputs of an existing platform's paths (planner.engine.platform_paths; no effect on
# greenfield); their monotonicity is checked in test_existing_platform_invariants.
EXISTING_PLATFORM_PRICES = (
    "current.hardware_book_value",
    "current.incident_cost",
    "current.migration_tool_per_mailbox",
    "current.cutover_cost",
    "current.decommission_cost",
    "current.paid_updates_per_server_month",
    "current.public_folder_project_cost",
    "current.pst_drive_shipping_per_gb",
    "current.legacy_archive_migration_per_gb",
)
# Prices only a mix of organisations pays (planner.engine.mix: hybrid and cross-organisation).
HYBRID_PRICES = (
    "hybrid.setup_cost",
    "hybrid.directory_sync_host_price",
    "hybrid.running_per_year",
    "hybrid.cross_organisation_setup_cost",
    "hybrid.cross_organisation_running_per_year",
)
# Costs of the hosted options only.
HOSTED_PRICES = (
    "hosted.migration_per_user",
    "hosted.migration_fixed",
    "hosted.backup_per_user_month",
    "hosted.protection_per_user_month",
)
# Prices every option pays (the mail domain's DNS and DMARC monitoring included).
SHARED_PRICES = (
    "inhouse.internet.dns_hosting_per_year",
    "inhouse.internet.dmarc_monitoring_per_year",
    "staff.salary_per_fte_year",
    "staff.training_per_fte_year",
    "connectivity.price_per_mbps_month",
    "risk.downtime_cost_per_user_hour",
)
PLAN_PRICES = (
    "price_per_user_month",
    "archive_price_per_user_month",
    "support_per_user_month",
    "backup_per_gb_month",
)
# What a mix of in-house and hosted segments adds: only the Best mix option can pay them
# (tests/hardening/test_segments_invariants.py).
HYBRID_PRICES = (
    "hybrid.setup_cost",
    "hybrid.directory_sync_host_price",
    "hybrid.running_per_year",
    "hybrid.cross_organisation_setup_cost",
    "hybrid.cross_organisation_running_per_year",
)
# Prices the engine never reads: what meeting a requirement would cost in-house. The fit
# analysis turns them into engine inputs for "in-house, made to fit"
# (tests/unit/analyses/test_fit.py).
FIT_PRICES = (
    "requirements.made_to_fit.filtering_gateway_per_user_year",
    "requirements.made_to_fit.sandboxing_per_user_year",
)
