"""A scenario from a new user's answers to a few plain questions (the app's guided start).

The answers change the default preset (``scenarios/default.toml``: the sourced defaults, the
catalogue and the preset's uncertainty ranges, which follow the values answered), and only
these fields:

- people: ``organisation.users``, ``organisation.growth_pct_per_year``;
- where: a region (:func:`planner.model.regions.apply_region`: its currency for the results
  and the money inputs, its sourced local defaults, and today's estate fitted to the
  headcount); none keeps the preset's US defaults, with the size-dependent ones (today's
  estate, the incident cost) fitted to the headcount (:func:`planner.model.regions.fit_to_size`);
- today: ``current.platform``; for an Exchange version also ``current.servers`` and
  ``current.server_age_years``, one Exchange server licence per server
  (``current.exchange_server_licences`` = servers), one CAL per user (``current.cals`` =
  users), the regions' disk per server (``current.storage_tb`` = servers x the size rules' TB per
  server) and
  the hardware's book value on a straight line, as the default is worked out:
  ``servers x server price x max(0, refresh years - age) / refresh years``. A hosted
  service today is priced as a greenfield in-house build (nothing to reuse) against every
  plan, each with its migration; type today's price as a quote to compare staying;
- mail: ``mail.mailbox_gb`` (kept today) and ``requirements.mailbox_quota_gb`` (needed);
- a group that differs (optional): two ``[[segments]]``, the group (its users, its own
  mailbox quota, and ``allowed = ["in-house"]`` when it must stay in-house) and everyone
  else;
- a quote (optional): the quoted catalogue plan's price per user-month, typed in the
  display currency: the plan's currency becomes the display currency, its other prices
  (archive, backup, support) are converted to it at the rates in use, and it is marked as a
  quote (not illustrative) with the date typed.

Bad answers raise :class:`planner.errors.ScenarioValueError` naming the field, the value and
what is allowed, as any scenario input does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Literal

from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.fields import plan_fields
from planner.model.files import load_scenario, with_values
from planner.model.regions import apply_region, fit_to_size, regions, size_rules
from planner.model.scenario import Scenario

Today = Literal["none", "exchange_2016", "exchange_2019", "exchange_se", "hosted"]
TODAY_NAMES: Final[dict[str, str]] = {
    "none": "Nothing yet (a new organisation or new mail system)",
    "exchange_2016": "Exchange 2016 on our own servers",
    "exchange_2019": "Exchange 2019 on our own servers",
    "exchange_se": "Exchange Server SE on our own servers",
    "hosted": "A hosted mail service",
}
"""What runs today, in the words the question offers."""
INHOUSE_PLACE: Final = "in-house"
REST_NAME: Final = "Everyone else"
QUOTE_SUFFIX: Final = " (your quote)"
PLAN_MONEY: Final = tuple(
    spec.path.removeprefix("plans.")
    for spec in plan_fields().values()
    if spec.unit.startswith("money")
)
"""A plan's money fields (price, archive, backup, support), in the plan's currency."""
ILLUSTRATIVE: Final = " (illustrative)"


@dataclass(frozen=True)
class Group:
    """A group of users that must stay in-house or needs a larger mailbox."""

    name: str
    users: int
    stays_inhouse: bool = False
    mailbox_quota_gb: float | None = None  # None: the organisation's quota


@dataclass(frozen=True)
class Quote:
    """A price someone quoted for a catalogue plan, per user per month, display currency."""

    plan: str  # the catalogue plan's label
    price_per_user_month: float


@dataclass(frozen=True)
class Answers:
    """The guided start's answers; :func:`default_answers` gives the defaults."""

    users: int
    growth_pct_per_year: float
    region: str  # a key of data/regions.toml; "" keeps the preset's (US) defaults
    today: Today
    servers: int
    server_age_years: int
    mailbox_gb: float
    mailbox_quota_gb: float
    groups: tuple[Group, ...] = field(default=())
    quote: Quote | None = None


@cache
def start_preset() -> Scenario:
    """The preset the guided start changes: the default one."""
    return load_scenario(next(iter(preset_files().values())))


def default_answers(base: Scenario | None = None) -> Answers:
    """The answers already chosen: the preset's own values."""
    s = base if base is not None else start_preset()
    return Answers(
        users=s.organisation.users,
        growth_pct_per_year=s.organisation.growth_pct_per_year,
        region=s.organisation.region,
        today="none",
        servers=s.current.servers,
        server_age_years=s.current.server_age_years,
        mailbox_gb=s.mail.mailbox_gb,
        mailbox_quota_gb=s.requirements.mailbox_quota_gb,
    )


def book_value(servers: int, age_years: int, price: float, refresh_years: int) -> float:
    """Straight-line book value of today's servers: servers x price x max(0, R - age) / R."""
    return servers * price * max(0, refresh_years - age_years) / refresh_years


def _current(a: Answers, base: Scenario) -> dict[str, Any]:
    """Today's platform; for an Exchange version the servers answered (the price of a
    server is the scenario's, in its input currency)."""
    if a.today in ("none", "hosted"):
        return {"current.platform": "none"}
    servers = base.inhouse.servers
    return {
        "current.platform": a.today,
        "current.servers": a.servers,
        "current.server_age_years": a.server_age_years,
        "current.exchange_server_licences": a.servers,
        "current.cals": a.users,
        "current.storage_tb": a.servers * size_rules().storage_tb_per_server,
        "current.hardware_book_value": book_value(
            a.servers, a.server_age_years, servers.price, servers.refresh_years
        ),
    }


def _segments(a: Answers) -> list[dict[str, Any]]:
    """The groups and everyone else, or none without a group."""
    if not a.groups:
        return []
    rest = a.users - sum(g.users for g in a.groups)
    if rest < 1:
        raise ScenarioValueError(
            [
                f"groups: their users ({sum(g.users for g in a.groups):,}) must leave at least "
                f"one of the {a.users:,} users for everyone else"
            ]
        )
    out: list[dict[str, Any]] = []
    for g in a.groups:
        segment: dict[str, Any] = {"name": g.name, "users": g.users}
        if g.mailbox_quota_gb is not None:
            segment["mailbox_quota_gb"] = g.mailbox_quota_gb
        if g.stays_inhouse:
            segment["allowed"] = [INHOUSE_PLACE]
        out.append(segment)
    return [*out, {"name": REST_NAME, "users": rest}]


def _plans(a: Answers, scenario: Scenario, today: dt.date) -> list[dict[str, Any]] | None:
    """The plans with the quote in place of its catalogue plan's price (None: no quote)."""
    if a.quote is None:
        return None
    labels = [p.label for p in scenario.plans]
    if a.quote.plan not in labels:
        raise ScenarioValueError(
            [f"quote: no plan named {a.quote.plan!r}; plans: {', '.join(labels)}"]
        )
    fin = scenario.finance
    plans = [p.model_dump() for p in scenario.plans]
    quoted = plans[labels.index(a.quote.plan)]
    factor = fin.rate_per_usd / fin.rate_of(quoted["currency"])
    for name in PLAN_MONEY:
        quoted[name] *= factor
    quoted.update(
        plan=quoted["plan"].replace(ILLUSTRATIVE, "") + QUOTE_SUFFIX,
        price_per_user_month=a.quote.price_per_user_month,
        currency=fin.currency,
        illustrative=False,
        source=f"Quote typed in the guided start: {a.quote.price_per_user_month:g} "
        f"{fin.currency} per user per month.",
        as_of=today,
    )
    return plans


def scenario_from_answers(
    answers: Answers, base: Scenario | None = None, today: dt.date | None = None
) -> Scenario:
    """The default preset (or ``base``) changed by ``answers`` (see the module docstring);
    ``today`` dates a quote (default: today)."""
    a = answers
    s = with_values(
        base if base is not None else start_preset(),
        {
            "organisation.users": a.users,
            "organisation.growth_pct_per_year": a.growth_pct_per_year,
        },
    )
    # After the headcount: today's estate and the incident cost are fitted to it.
    s = apply_region(s, a.region) if a.region else fit_to_size(s)
    updates: dict[str, Any] = {
        "mail.mailbox_gb": a.mailbox_gb,
        "requirements.mailbox_quota_gb": a.mailbox_quota_gb,
        **_current(a, s),
    }
    scenario = with_values(s, updates)
    extra: dict[str, Any] = {"segments": _segments(a)}
    plans = _plans(a, scenario, today or dt.date.today())
    if plans is not None:
        extra["plans"] = plans
    return with_values(scenario, extra).model_copy(
        update={"name": "My organisation", "description": describe_answers(a)}
    )


def describe_answers(a: Answers) -> str:
    """The answers in one line, as the scenario's description."""
    today = TODAY_NAMES[a.today].lower()
    if a.today.startswith("exchange"):
        today += (
            f" ({a.servers} server{'s' if a.servers != 1 else ''}, {a.server_age_years} years old)"
        )
    groups = "".join(
        f"; {g.name}: {g.users:,} users"
        + (", in-house only" if g.stays_inhouse else "")
        + (f", {g.mailbox_quota_gb:g} GB mailboxes" if g.mailbox_quota_gb is not None else "")
        for g in a.groups
    )
    quote = "" if a.quote is None else f"; a quote for {a.quote.plan}"
    where = f"region {regions()[a.region].name}" if a.region else "US defaults"
    return (
        f"From the guided start: {a.users:,} users growing {a.growth_pct_per_year:g}% a year, "
        f"{where}, today {today}, {a.mailbox_gb:g} GB kept per mailbox, "
        f"{a.mailbox_quota_gb:g} GB needed{groups}{quote}."
    )
