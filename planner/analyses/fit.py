"""Capability fit: what each option offers against what the organisation requires.

Rows are the requirements that are set (0, false, ``any`` or empty = not required, so not
shown; the attachment size is the mail profile's ``attachment_mb_needed``). Columns are the
options: in-house Exchange, whose offers follow from its inputs (:func:`inhouse_offers`);
each hosted plan, from its quotas, SLA and ``offers`` (:func:`plan_offers`). Availability is
judged on one basis for every option, the expected one (a plan's published figure or the
estimate from its SLA, in-house's at its DR level); an SLA, a contractual floor, is judged
only against the separate contractual SLA requirement (in-house: its internal SLA). And, when
in-house misses a requirement it can be made to meet, "In-house Exchange, made to fit": the
scenario with the inputs changed to meet each unmet requirement (:func:`made_to_fit_updates`),
priced by the engine itself, never by a second copy of its maths.

A cell is ``yes``, ``no`` (with how far short for numbers) or ``unknown``; **unknown never
counts as meeting**. An option meets every requirement when each of its cells is ``yes`` and
it fits the organisation as is (user cap, mailbox growth: :func:`planner.engine.summary.summarise`).

Requirements per segment: a segment may ask for its own mailbox quota, largest attachment
and data region (``Segment`` fields; none = the organisation's). Each that differs from the
organisation's is one more row, named after the segment (:func:`segment_requirements`).
Plans are judged on it as on the organisation's; in-house on the storage sized for that
segment's mailbox at the horizon, M_0,s + growth_s x H. A pure option must meet every row;
the best mix meets them when each place it uses meets the organisation's rows and the rows
of the segments it holds (:func:`mix_meets`). The quota rule (mailbox >= quota needed,
archive >= archive needed) is :func:`planner.engine.hosted.quota_short`, the one the main
table's fit uses.

Backup: a hosted plan keeping deleted mail for less than the retention needed (or not
saying) meets the requirement with the backup product the engine prices for it
(:data:`BACKUP_PRICED`), as in-house meets it by its backup disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

import numpy as np

from planner.engine.fit_notes import option_notes
from planner.engine.hosted import estimated_availability_pct
from planner.engine.projection import INHOUSE, Projection, project_scenario
from planner.engine.summary import Summary, cheapest_index, summarise
from planner.errors import ScenarioValueError
from planner.model.fields import scenario_fields
from planner.model.files import with_values
from planner.model.option_names import made_to_fit_label
from planner.model.ranges import number_text
from planner.model.scenario import DR_LEVELS, DrLevel, Plan, Requirements, Scenario

Meets = Literal["yes", "no", "unknown"]
Kind = Literal["at_least", "feature", "region", "hours", "language"]
MADE_TO_FIT = made_to_fit_label(INHOUSE)
"""In-house made to fit, from no existing platform (:func:`made_to_fit_label`)."""
INHOUSE_MAX_MESSAGE_MB = 2048.0
"""Exchange Server's transport limits take up to 2,097,151 KB (about 2 GB); the
administrator sets them (Microsoft Learn, 'Message size limits in Exchange Server')."""
INHOUSE_SITES = {"none": 1, "backup_only": 1, "warm_standby": 2, "hot_site": 2}
"""Independent sites of each in-house DR level: a warm standby or hot site is a second site."""
_HOURS_RANK = {"any": 0, "business_hours": 1, "24x7": 2}


@dataclass(frozen=True)
class Spec:
    """One requirement: its key (the ``requirements`` field), wording, kind and unit."""

    key: str
    label: str
    kind: Kind
    unit: str = ""


REQUIRED_AT: dict[str, str] = {"attachment_mb": "mail.attachment_mb_needed"}
"""Requirements read from another input than ``requirements.<key>``."""


def requirement_label(key: str) -> str:
    """A requirement's label: its field's title in the field registry (plain words; the
    unit is in the value: ``Mailbox quota needed``, ``Outlook on the desktop (MAPI/HTTP)``)."""
    return scenario_fields()[REQUIRED_AT.get(key, f"requirements.{key}")].title


_SPEC_ROWS: tuple[tuple[str, Kind, str], ...] = (
    ("mailbox_quota_gb", "at_least", "GB"),
    ("archive_gb", "at_least", "GB"),
    ("attachment_mb", "at_least", "MB"),
    ("min_availability_pct", "at_least", "%"),
    ("min_sla_pct", "at_least", "%"),
    ("needs_mapi", "feature", ""),
    ("needs_activesync", "feature", ""),
    ("needs_ews_graph", "feature", ""),
    ("needs_imap", "feature", ""),
    ("needs_pop3", "feature", ""),
    ("needs_smtp_auth", "feature", ""),
    ("needs_antispam", "feature", ""),
    ("needs_antivirus", "feature", ""),
    ("needs_sandboxing", "feature", ""),
    ("needs_spf", "feature", ""),
    ("needs_dkim", "feature", ""),
    ("needs_dmarc", "feature", ""),
    ("needs_reverse_dns", "feature", ""),
    ("needs_tls_in_transit", "feature", ""),
    ("needs_encryption_at_rest", "feature", ""),
    ("needs_litigation_hold", "feature", ""),
    ("backup_retention_days", "at_least", "days"),
    ("data_region", "region", ""),
    ("min_sites", "at_least", "sites"),
    ("support_hours", "hours", ""),
    ("support_language", "language", ""),
)
SPECS: tuple[Spec, ...] = tuple(
    Spec(key, requirement_label(key), kind, unit) for key, kind, unit in _SPEC_ROWS
)


@dataclass(frozen=True)
class Requirement:
    """A requirement that is set, with its value; ``segment`` names the user segment that
    asks for it (None: the organisation's, asked of every user)."""

    spec: Spec
    value: Any
    segment: str | None = None

    @property
    def text(self) -> str:
        return value_text(self.spec, self.value)

    @property
    def label(self) -> str:
        """The requirement's title, after the segment that asks for it: ``Executives: Mailbox
        quota needed``."""
        return self.spec.label if self.segment is None else f"{self.segment}: {self.spec.label}"


@dataclass(frozen=True)
class Cell:
    """One option against one requirement."""

    option: str
    requirement: str  # label
    required: str
    offered: str
    meets: Meets
    short_by: float | None = None  # how far short, in the requirement's unit
    unit: str = ""

    @property
    def meets_text(self) -> str:
        """``yes``, ``unknown`` or ``no (short by 20 GB)``."""
        if self.meets == "no" and self.short_by is not None:
            return f"no (short by {self.offered_gap})"
        return self.meets

    @property
    def summary(self) -> str:
        """The cell in words: ``yes (100 GB)``, ``no: 7 GB, short by 43 GB``, ``unknown``."""
        if self.meets == "unknown" or self.offered in ("yes", "no"):
            return self.meets
        if self.meets == "yes":
            return f"yes ({self.offered})"
        gap = f", short by {self.offered_gap}" if self.short_by is not None else ""
        return f"no: {self.offered}{gap}"

    @property
    def offered_gap(self) -> str:
        """How far short, with the unit: ``43 GB``, ``0.4%``."""
        gap = number_text(round(self.short_by or 0.0, 6))
        if self.unit == "%":
            return f"{gap}%"
        return f"{gap} {self.unit}".strip()


@dataclass(frozen=True)
class FitMatrix:
    """Options x requirements; ``cells[i][k]`` is row i's option against requirement k.

    Rows are found by position, never by name: a plan's name is the user's text. In a
    :class:`Fit`, ``option_index[i]`` is row i's index in :attr:`Fit.options`.
    """

    options: tuple[str, ...]  # row names, for display
    requirements: tuple[str, ...]  # labels
    cells: tuple[tuple[Cell, ...], ...]
    option_index: tuple[int, ...] = ()

    def meets_all(self, row: int) -> bool:
        """Every cell of row ``row`` is ``yes`` (unknown never counts)."""
        return all(c.meets == "yes" for c in self.cells[row])

    def rows(self) -> list[Cell]:
        """Every cell, option by option."""
        return [c for row in self.cells for c in row]


class EstimatedPct(float):
    """An expected availability estimated from a plan's SLA (it publishes none): judged as
    the number, shown with "(estimated)"."""


def value_text(spec: Spec, value: Any) -> str:
    """A requirement or offer as people read it: ``50 GB``, ``yes``, ``europe``, ``unknown``,
    ``99.97% (estimated)``."""
    if value is None:
        return "unknown"
    if isinstance(value, EstimatedPct):
        return f"{number_text(round(float(value), 6))}% (estimated)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        unit = f" {spec.unit}" if spec.unit and spec.unit != "%" else spec.unit
        if value == 1 and unit.endswith("s"):
            unit = unit[:-1]  # 1 site, 1 day
        return f"{number_text(float(value))}{unit}"
    if isinstance(value, tuple):
        return ", ".join(str(v).replace("_", " ") for v in value) or "none"
    return str(value).replace("_", " ")


def _required_value(scenario: Scenario, spec: Spec) -> Any:
    if spec.key == "attachment_mb":
        return scenario.mail.attachment_mb_needed
    return getattr(scenario.requirements, spec.key)


def is_set(spec: Spec, value: Any) -> bool:
    """Whether a requirement asks for anything (0, false, ``any``, empty and 1 site do not)."""
    if spec.key == "min_sites":
        return bool(value > 1)
    if spec.kind == "at_least":
        return bool(value > 0)
    if spec.kind == "feature":
        return bool(value)
    return value not in ("any", "")


def active_requirements(scenario: Scenario) -> tuple[Requirement, ...]:
    """The requirements the scenario sets, in :data:`SPECS` order: the organisation's, then
    each segment's own where it differs (:func:`segment_requirements`)."""
    out = []
    for spec in SPECS:
        value = _required_value(scenario, spec)
        if is_set(spec, value):
            out.append(Requirement(spec, value))
    return (*out, *segment_requirements(scenario))


SEGMENT_KEYS: dict[str, str] = {
    "mailbox_quota_gb": "mailbox_quota_gb",
    "attachment_mb": "attachment_mb_needed",
    "data_region": "data_region",
}
"""Requirements a segment may set for itself (requirement key -> ``Segment`` field); a
segment that leaves one out takes the organisation's."""


def segment_requirements(scenario: Scenario) -> tuple[Requirement, ...]:
    """Each segment's own requirements where they differ from the organisation's and ask for
    something, segment by segment (a segment equal to the organisation is covered by its row)."""
    out = []
    for seg in scenario.segments:
        for spec in SPECS:
            field_name = SEGMENT_KEYS.get(spec.key)
            own = None if field_name is None else getattr(seg, field_name)
            if own is None or own == _required_value(scenario, spec) or not is_set(spec, own):
                continue
            out.append(Requirement(spec, own, seg.name))
    return tuple(out)


def organisation_requirements(requirements: Iterable[Requirement]) -> tuple[Requirement, ...]:
    """The requirements asked of every user (no segment's own)."""
    return tuple(r for r in requirements if r.segment is None)


def judge(spec: Spec, required: Any, offered: Any) -> tuple[Meets, float | None]:
    """yes / no (and how far short) / unknown for one requirement and one offer.

    at_least: offered >= required; feature: offered is true; region: the required region is
    among those offered; hours: 24x7 meets business hours too; language: one of those
    offered (case ignored). ``None`` (not stated) is unknown, whatever is required.
    """
    if offered is None:
        return "unknown", None
    if spec.kind == "at_least":
        ok = float(offered) >= float(required) - 1e-9
        return ("yes", None) if ok else ("no", float(required) - float(offered))
    if spec.kind == "feature":
        ok = bool(offered)
    elif spec.kind == "region":
        ok = required in offered
    elif spec.kind == "hours":
        ok = _HOURS_RANK[offered] >= _HOURS_RANK[required]
    else:
        ok = str(required).casefold() in {str(x).casefold() for x in offered}
    return ("yes" if ok else "no"), None


def largest_mailbox_gb(scenario: Scenario, segment: str | None = None) -> float:
    """The average mailbox in-house storage is sized for at the horizon: M_0 + growth x H;
    for a segment its own M_0,s and growth where it sets them (else the mail profile's)."""
    m = scenario.mail
    start, growth = m.mailbox_gb, m.mailbox_growth_gb_per_year
    for seg in scenario.segments:
        if seg.name == segment:
            start = m.mailbox_gb if seg.mailbox_gb is None else seg.mailbox_gb
            growth = (
                growth if seg.mailbox_growth_gb_per_year is None else seg.mailbox_growth_gb_per_year
            )
    return start + growth * scenario.organisation.horizon_years


def _availability_pct(scenario: Scenario, level: str) -> float:
    value: float = getattr(scenario.inhouse.disaster_recovery, f"availability_{level}_pct")
    return value


def inhouse_offers(scenario: Scenario, quota_gb: float | None = None) -> dict[str, Any]:
    """What in-house Exchange offers, from its inputs (keys of :data:`SPECS`).

    Quota = the mailbox storage is sized for (M_H); archive = M_H - required quota when every
    user has the Enterprise CAL (in-place archive), else 0; expected availability and sites
    from the DR level; a contractual SLA only under an internal SLA (else 0: none); filtering
    and DKIM when a protection gateway is costed, sandboxing when the gateway costs at least
    filtering + sandboxing prices; litigation hold with the Enterprise CAL for
    all; backups (none without them) hold ``made_to_fit.backup_retention_days`` x
    ``backup_storage_ratio`` days; 24x7 support when the smallest FTE reaches the 24x7 FTE.
    ``quota_gb`` is the primary quota asked for (default: the scenario's requirement).
    """
    inh, req = scenario.inhouse, scenario.requirements
    fix = req.made_to_fit
    level = inh.disaster_recovery.level
    size = largest_mailbox_gb(scenario)
    quota = req.mailbox_quota_gb if quota_gb is None else quota_gb
    ecal = inh.licences.enterprise_cal_share_pct >= 100
    gateway = inh.protection.gateway_per_user_year
    filtering = gateway > 0
    backup_days = (
        0.0
        if level == "none"
        else fix.backup_retention_days * inh.disaster_recovery.backup_storage_ratio
    )
    day_one = {k: True for k in ("mapi", "activesync", "ews_graph", "imap", "pop3", "smtp_auth")}
    return {
        "mailbox_quota_gb": size,
        "archive_gb": max(0.0, size - quota) if ecal else 0.0,
        "attachment_mb": INHOUSE_MAX_MESSAGE_MB,
        "min_availability_pct": _availability_pct(scenario, level),
        "min_sla_pct": inh.disaster_recovery.internal_sla_pct
        if inh.disaster_recovery.has_internal_sla
        else 0.0,
        **{f"needs_{k}": v for k, v in day_one.items()},
        "needs_antispam": filtering,
        "needs_antivirus": filtering,
        "needs_sandboxing": gateway
        >= fix.filtering_gateway_per_user_year + fix.sandboxing_per_user_year,
        "needs_spf": True,
        "needs_dkim": filtering,
        "needs_dmarc": True,
        "needs_reverse_dns": True,
        "needs_tls_in_transit": True,
        "needs_encryption_at_rest": True,
        "needs_litigation_hold": ecal,
        "backup_retention_days": backup_days,
        "data_region": tuple(
            ("any", "united_states", "europe", "united_kingdom", "middle_east", "asia_pacific")
        ),
        "min_sites": INHOUSE_SITES[level],
        "support_hours": "24x7"
        if scenario.staff.inhouse_fte_minimum >= fix.fte_minimum_24x7
        else "business_hours",
        "support_language": (req.support_language,) if req.support_language else (),
    }


def plan_expected_pct(plan: Plan, outage_share_pct: float) -> float:
    """A plan's expected availability, or :class:`EstimatedPct` from its SLA when it
    publishes none (the engine's rule, :func:`planner.engine.hosted.estimated_availability_pct`)."""
    if plan.expected_availability_pct is not None:
        return plan.expected_availability_pct
    return EstimatedPct(float(estimated_availability_pct(plan.sla_pct, outage_share_pct)))


def plan_offers(plan: Plan, outage_share_pct: float) -> dict[str, Any]:
    """What a hosted plan offers (keys of :data:`SPECS`); None where it is not stated.

    Availability is the expected one, like in-house's (``outage_share_pct``: the scenario's
    ``hosted.unpublished_outage_share_of_sla_pct``, for plans that publish none); the SLA
    is the contractual floor, judged only against a contractual SLA requirement."""
    o = plan.offers
    offers: dict[str, Any] = {
        "mailbox_quota_gb": plan.mailbox_gb,
        "archive_gb": plan.archive_gb,
        "attachment_mb": plan.attachment_mb,
        "min_availability_pct": plan_expected_pct(plan, outage_share_pct),
        "min_sla_pct": plan.sla_pct,
        "backup_retention_days": o.backup_retention_days,
        "data_region": o.data_regions,
        "min_sites": o.sites,
        "support_hours": o.support_hours,
        "support_language": o.support_languages,
    }
    for spec in SPECS:
        if spec.kind == "feature":
            offers[spec.key] = getattr(o, spec.key.removeprefix("needs_"))
    return offers


def _offered_text(spec: Spec, offered: Any, inhouse: bool) -> str:
    if inhouse and spec.key == "data_region":
        return "where you put the servers"
    if inhouse and spec.key == "support_language":
        return "your own staff"
    if inhouse and spec.key == "min_sla_pct" and not offered:
        return "no internal SLA"
    return value_text(spec, offered)


BACKUP_PRICED = "a backup product is priced"
"""A plan keeping deleted mail for less than the backup requirement (or not saying how long)
meets it with a backup product the engine prices (``hosted.backup_per_user_month``, or the
provider's own per-GB price): :func:`planner.engine.hosted.backup_needed`."""


def option_row(
    option: str,
    offers: Mapping[str, Any],
    requirements: Iterable[Requirement],
    inhouse: bool = False,
    segment_offers: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[Cell, ...]:
    """The cells of one option against the requirements that are set (``inhouse``: the
    option runs on the organisation's own servers, whatever it is called;
    ``segment_offers``: what it offers a segment where that differs, by segment name).

    A hosted plan short of the backup requirement meets it with the backup product the
    engine prices for it (:data:`BACKUP_PRICED`), as every option is priced to meet it."""
    cells = []
    for r in requirements:
        own = (segment_offers or {}).get(r.segment or "", {})
        offered = own.get(r.spec.key, offers[r.spec.key])
        meets, short = judge(r.spec, r.value, offered)
        text = _offered_text(r.spec, offered, inhouse)
        if r.spec.key == "backup_retention_days" and not inhouse and meets != "yes":
            meets, short, text = "yes", None, f"{text}; {BACKUP_PRICED}"
        if inhouse and r.spec.key == "mailbox_quota_gb":
            text = f"storage sized for {text} mailboxes"
        cells.append(Cell(option, r.label, r.text, text, meets, short, r.spec.unit))
    return tuple(cells)


def inhouse_segment_offers(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """What in-house offers each segment where it differs: storage sized for the segment's
    own mailbox at the horizon, M_0,s + growth_s x H (:func:`largest_mailbox_gb`)."""
    return {
        seg.name: {"mailbox_quota_gb": largest_mailbox_gb(scenario, seg.name)}
        for seg in scenario.segments
    }


def fit_matrix(scenario: Scenario, first: str = INHOUSE) -> FitMatrix:
    """In-house (named ``first``: option 0 of the projection) and every plan against every
    requirement the scenario sets (no costs); rows are options 0..P of the projection."""
    reqs = active_requirements(scenario)
    rows = [
        option_row(
            first,
            inhouse_offers(scenario),
            reqs,
            inhouse=True,
            segment_offers=inhouse_segment_offers(scenario),
        )
    ]
    share = scenario.hosted.unpublished_outage_share_of_sla_pct
    rows += [option_row(p.label, plan_offers(p, share), reqs) for p in scenario.plans]
    return FitMatrix(
        options=(first, *(p.label for p in scenario.plans)),
        requirements=tuple(r.label for r in reqs),
        cells=tuple(rows),
        option_index=tuple(range(1 + len(scenario.plans))),
    )


# --- In-house, made to fit -----------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """The input changes that make in-house meet its unmet requirements, and what it cannot."""

    updates: dict[str, Any]
    changes: tuple[str, ...]  # in words, one per change
    impossible: tuple[str, ...]  # requirements in-house cannot be made to meet in the model

    @property
    def possible(self) -> bool:
        return not self.impossible


def _lowest_level(scenario: Scenario, ok: Callable[[DrLevel], bool]) -> DrLevel | None:
    return next((lv for lv in DR_LEVELS if ok(lv)), None)


def _level_for(scenario: Scenario, r: Requirement) -> DrLevel | None:
    """The lowest DR level meeting an availability, sites or backup requirement."""
    if r.spec.key == "min_availability_pct":
        return _lowest_level(scenario, lambda lv: _availability_pct(scenario, lv) >= r.value)
    if r.spec.key == "min_sites":
        return _lowest_level(scenario, lambda lv: INHOUSE_SITES[lv] >= r.value)
    return "backup_only"


def made_to_fit_updates(scenario: Scenario, requirements: Iterable[Requirement]) -> Fix:
    """Input changes meeting each requirement in-house misses (the engine prices them).

    quota / archive: mail.mailbox_gb = max(M_0, quota + archive - growth x H) (storage sized
    for them), Enterprise CAL for all when an archive is needed; a segment's own quota: its
    M_0,s = max(M_0,s, quota_s - growth_s x H); availability / sites: the
    lowest DR level that gives them; filtering, DKIM: the filtering gateway price when the
    gateway costs 0; sandboxing: gateway + sandboxing price; litigation hold: Enterprise CAL
    for all; backups: at least backup_only and backup_storage_ratio = max(ratio, days /
    made_to_fit.backup_retention_days); 24x7: smallest FTE = ``fte_minimum_24x7``.
    """
    requirements = tuple(requirements)
    own_quotas = {
        r.segment: float(r.value)
        for r in requirements
        if r.segment is not None and r.spec.key == "mailbox_quota_gb"
    }
    requirements = organisation_requirements(requirements)
    asked = {r.spec.key: r.value for r in requirements}
    quota, archive = asked.get("mailbox_quota_gb", 0.0), asked.get("archive_gb", 0.0)
    offers = inhouse_offers(scenario, quota)
    missed = [r for r in requirements if judge(r.spec, r.value, offers[r.spec.key])[0] != "yes"]
    inh, fix, req = scenario.inhouse, scenario.requirements.made_to_fit, scenario.requirements
    updates: dict[str, Any] = {}
    changes: list[str] = []
    impossible: list[str] = []
    keys = {r.spec.key for r in missed}
    level_now = DR_LEVELS.index(inh.disaster_recovery.level)
    level = level_now
    for r in missed:
        if r.spec.key == "min_sla_pct":
            impossible.append(
                f"{r.spec.label} {r.text}: a contractual floor is a written commitment, not "
                "something a DR level buys (set an internal SLA under Disaster recovery if "
                "your IT team gives one)"
            )
        if r.spec.key in ("min_availability_pct", "min_sites", "backup_retention_days"):
            needed = _level_for(scenario, r)
            if needed is None:
                impossible.append(f"{r.spec.label} {r.text}: no in-house DR level gives it")
            else:
                level = max(level, DR_LEVELS.index(needed))
    if level > level_now:
        updates["inhouse.disaster_recovery.level"] = DR_LEVELS[level]
        changes.append(f"DR level {DR_LEVELS[level].replace('_', ' ')}")
    if "backup_retention_days" in keys:
        ratio = max(
            inh.disaster_recovery.backup_storage_ratio,
            req.backup_retention_days / fix.backup_retention_days,
        )
        if ratio > 20:
            impossible.append("Backup retention: over 20 copies of backup disk")
        elif ratio != inh.disaster_recovery.backup_storage_ratio:
            updates["inhouse.disaster_recovery.backup_storage_ratio"] = ratio
            changes.append(f"backup disk {number_text(round(ratio, 4))} x one copy")
    if keys & {"mailbox_quota_gb", "archive_gb"}:
        m = scenario.mail
        need = quota + archive
        start = need - m.mailbox_growth_gb_per_year * scenario.organisation.horizon_years
        if start > m.mailbox_gb:
            updates["mail.mailbox_gb"] = start
            changes.append(f"storage sized for {number_text(need)} GB a user")
    _size_segments_for_quotas(scenario, own_quotas, updates, changes)
    if (
        keys & {"archive_gb", "needs_litigation_hold"}
        and inh.licences.enterprise_cal_share_pct < 100
    ):
        updates["inhouse.licences.enterprise_cal_share_pct"] = 100.0
        changes.append("Enterprise CAL for every user")
    gateway = inh.protection.gateway_per_user_year
    if keys & {"needs_antispam", "needs_antivirus", "needs_dkim", "needs_sandboxing"}:
        new = gateway if gateway > 0 else fix.filtering_gateway_per_user_year
        if "needs_sandboxing" in keys:
            new = max(new, fix.filtering_gateway_per_user_year) + fix.sandboxing_per_user_year
        updates["inhouse.protection.gateway_per_user_year"] = new
        changes.append(f"protection gateway {number_text(new)} per user-year")
    if "support_hours" in keys:
        updates["staff.inhouse_fte_minimum"] = fix.fte_minimum_24x7
        changes.append(f"at least {number_text(fix.fte_minimum_24x7)} admin FTE for 24x7")
    if updates and not impossible:
        impossible += _beyond_bounds(scenario, updates)
    return Fix(updates, tuple(changes), tuple(impossible))


def _size_segments_for_quotas(
    scenario: Scenario,
    quotas: Mapping[str, float],
    updates: dict[str, Any],
    changes: list[str],
) -> None:
    """In-house storage sized for each segment's own quota it misses: the segment's mailbox
    today M_0,s = quota_s - growth_s x H when that is above its M_0,s (its own, else the mail
    profile's, as changed for the organisation's quota), so M_H,s = quota_s."""
    h = scenario.organisation.horizon_years
    profile = float(updates.get("mail.mailbox_gb", scenario.mail.mailbox_gb))
    segments = [seg.model_dump(exclude_none=True) for seg in scenario.segments]
    changed = False
    for data, seg in zip(segments, scenario.segments, strict=True):
        if seg.name not in quotas:
            continue
        growth = (
            scenario.mail.mailbox_growth_gb_per_year
            if seg.mailbox_growth_gb_per_year is None
            else seg.mailbox_growth_gb_per_year
        )
        today = profile if seg.mailbox_gb is None else seg.mailbox_gb
        start = quotas[seg.name] - growth * h
        if start > today + 1e-9:
            data["mailbox_gb"] = start
            changed = True
            changes.append(
                f"storage for segment {seg.name} sized for {number_text(quotas[seg.name])} GB "
                "a user"
            )
    if changed:
        updates["segments"] = segments


def _beyond_bounds(scenario: Scenario, updates: Mapping[str, Any]) -> list[str]:
    """Changes an input cannot take (a 3,000 GB mailbox, a gateway over 1e9), in words."""
    try:
        with_values(scenario, updates)
    except ScenarioValueError as exc:
        return [f"beyond what the inputs allow: {problem}" for problem in exc.problems]
    return []


# --- Costs: cheapest on cost alone, cheapest meeting every requirement ----------------------


@dataclass(frozen=True)
class RequirementCost:
    """What one requirement costs: the cheapest fitting TCO with and without it."""

    requirement: str
    with_it: float | None  # None: no option meets every requirement
    without_it: float | None

    @property
    def cost(self) -> float | None:
        if self.with_it is None or self.without_it is None:
            return None
        return self.with_it - self.without_it


@dataclass(frozen=True)
class Fit:
    """The fit matrix beside the costs."""

    matrix: FitMatrix  # with the made-to-fit column when there is one
    options: tuple[str, ...]  # the projection's options in order, then made to fit if any
    tco: tuple[float, ...]  # by index in ``options``
    fits_as_is: tuple[bool, ...]  # by index in ``options``
    cheapest_on_cost: int  # index in ``options``
    cheapest_meeting_all: int | None  # index in ``options``; None: none meets them all
    fix: Fix
    requirement_costs: tuple[RequirementCost, ...]
    currency: str
    horizon_years: int
    requirements_set: bool = field(default=False)
    notes: tuple[str, ...] = ()  # how to read segment rows and the backup cells (matrix_notes)

    def name(self, option: int) -> str:
        """The display name of option ``option`` (an index in ``options``)."""
        return self.options[option]


STORAGE_KEYS = ("mailbox_quota_gb", "archive_gb")
"""The organisation's requirements the engine's fit flags hold too (a plan short of them does
not fit as is: :func:`planner.engine.hosted.quota_short`); what one costs is priced on a
projection without it, so a plan it alone rules out competes again."""


def _mix_of(p: Projection) -> tuple[int, tuple[int, ...]] | None:
    """(option index, places) of a projection's best mix, or None without segments."""
    return None if p.mix is None or p.mix_index is None else (p.mix_index, p.mix.best.places)


class _Pricer:
    """In-house TCO of a scenario with input changes, projected once per set of changes."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._cache: dict[str, float] = {}

    def inhouse_tco(self, updates: Mapping[str, Any]) -> float:
        key = repr(sorted(updates.items()))  # a segments list is a value too: not hashable
        if key not in self._cache:
            changed = with_values(self.scenario, updates)
            self._cache[key] = float(summarise(project_scenario(changed)).tco[0, 0])
        return self._cache[key]


def _as_is_cells(
    options: tuple[str, ...], s: Summary, warnings: Mapping[str, list[str]]
) -> list[Cell]:
    cells = []
    for j, option in enumerate(options):
        ok = bool(s.fits[0, j])
        notes = "; ".join(warnings.get(option, [])) if not ok else "yes"
        cells.append(
            Cell(
                option,
                "Fits as is (users, mailbox growth)",
                "yes",
                notes or "no",
                "yes" if ok else "no",
            )
        )
    return cells


def mix_meets(
    places: tuple[int, ...],
    inhouse_meets: bool,
    plan_meets: list[bool],
    segment_meets: Sequence[Sequence[bool]] | None = None,
) -> bool:
    """A placement meets the requirements when every place it uses does as is: in-house (0)
    as is (not made to fit), plan j (j + 1) by its offers, against the organisation's
    requirements; and, with ``segment_meets`` ([s][place]), against the requirements of the
    segment s it holds (its own quota, attachment, region)."""
    own = segment_meets or [[True] * (1 + len(plan_meets))] * len(places)
    return all(
        (inhouse_meets if place == 0 else plan_meets[place - 1]) and own[s][place]
        for s, place in enumerate(places)
    )


def place_meets_segments(
    rows: Sequence[Sequence[Cell]], reqs: Sequence[Requirement], segments: Sequence[str]
) -> list[list[bool]]:
    """[s][place]: place (row) meets every requirement segment s asks for itself (rows: one
    per place, in-house then each plan, cells in ``reqs`` order)."""
    return [
        [
            all(c.meets == "yes" for c, r in zip(row, reqs, strict=True) if r.segment == name)
            for row in rows
        ]
        for name in segments
    ]


def meets_every_requirement(scenario: Scenario, place: int) -> bool:
    """Whether place ``place`` (0 in-house as is, j + 1 plan j) meets every requirement the
    scenario sets, capabilities included: the organisation's and every segment's own (each
    of its cells ``yes``; unknown never counts). Pure: no projection, no user-cap or
    mailbox-growth check (those are the engine's fit flags)."""
    return fit_matrix(scenario).meets_all(place)


def cheapest_meeting(
    scenario: Scenario,
    s: Summary,
    keep: Iterable[Requirement],
    pricer: _Pricer,
    mix: tuple[int, tuple[int, ...]] | None = None,
    made_index: int | None = None,
) -> tuple[int, float] | None:
    """(option index, TCO) of the cheapest option fitting as is and meeting ``keep``: option 0
    as is, or made to fit (index ``made_index``, default after the projection's options);
    plan j (index j); the best mix, ``mix`` = (its option index, its places), when every
    place it uses meets ``keep`` as is. Ties go to the earlier, simpler option."""
    reqs = tuple(keep)
    org = organisation_requirements(reqs)
    made = len(s.options) if made_index is None else made_index
    quota = next((r.value for r in org if r.spec.key == "mailbox_quota_gb"), 0.0)
    inhouse = option_row(
        s.options[0],
        inhouse_offers(scenario, quota),
        reqs,
        inhouse=True,
        segment_offers=inhouse_segment_offers(scenario),
    )
    candidates: list[tuple[int, float]] = []
    inhouse_meets = all(c.meets == "yes" for c in inhouse)
    if inhouse_meets and s.fits[0, 0]:
        candidates.append((0, float(s.tco[0, 0])))
    elif s.fits[0, 0]:  # made to fit changes inputs, not where segments may go
        fix = made_to_fit_updates(scenario, reqs)
        fixed = with_values(scenario, fix.updates) if fix.possible else scenario
        made_row = option_row("", inhouse_offers(fixed), reqs, True, inhouse_segment_offers(fixed))
        if fix.possible and all(c.meets == "yes" for c in made_row):
            candidates.append((made, pricer.inhouse_tco(fix.updates)))
    share = scenario.hosted.unpublished_outage_share_of_sla_pct
    org_rows: list[tuple[Cell, ...]] = [inhouse]
    plan_meets = []
    for j, plan in enumerate(scenario.plans, start=1):
        row = option_row(plan.label, plan_offers(plan, share), reqs)
        org_rows.append(row)
        plan_meets.append(
            all(c.meets == "yes" for c, r in zip(row, reqs, strict=True) if r.segment is None)
        )
        if s.fits[0, j] and all(c.meets == "yes" for c in row):
            candidates.append((j, float(s.tco[0, j])))
    inhouse_org = all(
        c.meets == "yes" for c, r in zip(inhouse, reqs, strict=True) if r.segment is None
    )
    own = place_meets_segments(org_rows, reqs, [seg.name for seg in scenario.segments])
    if mix is not None and s.fits[0, mix[0]] and mix_meets(mix[1], inhouse_org, plan_meets, own):
        candidates.append((mix[0], float(s.tco[0, mix[0]])))
    if not candidates:
        return None
    return candidates[int(cheapest_index(np.array([tco for _, tco in candidates])))]


def _made_to_fit_row(
    scenario: Scenario, fix: Fix, reqs: tuple[Requirement, ...], label: str, as_is: Cell
) -> list[Cell]:
    fixed = with_values(scenario, fix.updates)
    made = list(option_row(label, inhouse_offers(fixed), reqs, True, inhouse_segment_offers(fixed)))
    made.append(replace(as_is, option=label))  # fits as in-house does (segments' places)
    return made


def assess(scenario: Scenario, projection: Projection | None = None) -> Fit:
    """The fit matrix, in-house made to fit, the two "cheapest" answers and each
    requirement's cost (cheapest TCO meeting every requirement minus without it).

    Options are kept by index: the projection's options in order, then made to fit."""
    p = projection if projection is not None else project_scenario(scenario)
    s = summarise(p)
    reqs = active_requirements(scenario)
    base = fit_matrix(scenario, p.options[0])
    pricer = _Pricer(scenario)
    fix = made_to_fit_updates(scenario, reqs)
    options = list(p.options)
    rows = [list(r) for r in base.cells]
    row_index = list(base.option_index)
    tco = [float(x) for x in s.tco[0]]
    fits = [bool(x) for x in s.fits[0]]
    # The matrix covers in-house and the plans; "stay on today's Exchange (unsupported)", an
    # option only from an existing platform, has no offers of its own and is left out of it.
    notes = option_notes(p, scenario.plans, scenario.mail.attachment_mb_needed)
    as_is = _as_is_cells(p.options, s, notes)[: len(rows)]
    for row, cell in zip(rows, as_is, strict=True):
        row.append(cell)
    if not base.meets_all(0) and fix.possible and fix.updates:
        label = made_to_fit_label(p.options[0])
        rows.insert(1, _made_to_fit_row(scenario, fix, reqs, label, as_is[0]))
        row_index.insert(1, len(options))
        options.append(label)
        tco.append(pricer.inhouse_tco(fix.updates))
        fits.append(fits[0])
    matrix = FitMatrix(
        options=tuple(options[i] for i in row_index),
        requirements=(*base.requirements, as_is[0].requirement),
        cells=tuple(tuple(r) for r in rows),
        option_index=tuple(row_index),
    )
    mix = _mix_of(p)
    best = cheapest_meeting(scenario, s, reqs, pricer, mix, len(p.options))
    costs = []
    for r in reqs:
        s_without, mix_without = s, mix
        if r.segment is None and r.spec.key in STORAGE_KEYS:
            p_without = project_scenario(with_values(scenario, {f"requirements.{r.spec.key}": 0.0}))
            s_without, mix_without = summarise(p_without), _mix_of(p_without)
        without = cheapest_meeting(
            scenario,
            s_without,
            [x for x in reqs if x is not r],
            pricer,
            mix_without,
            len(p.options),
        )
        costs.append(
            RequirementCost(
                f"{r.label} {r.text}",
                None if best is None else best[1],
                None if without is None else without[1],
            )
        )
    return Fit(
        matrix=matrix,
        options=tuple(options),
        tco=tuple(tco),
        fits_as_is=tuple(fits),
        cheapest_on_cost=int(s.cheapest[0]),
        cheapest_meeting_all=None if best is None else best[0],
        fix=fix,
        requirement_costs=tuple(costs),
        currency=scenario.finance.currency,
        horizon_years=scenario.organisation.horizon_years,
        requirements_set=requirements_differ(scenario),
        notes=matrix_notes(reqs),
    )


SEGMENT_ROWS_NOTE = (
    "A row named after a segment is that segment's own requirement: a plan must meet it to "
    "take the segment (the best mix places it only where it is met); in-house is judged by "
    "the storage sized for that segment's mailboxes."
)
BACKUP_NOTE = (
    "A plan keeping deleted mail for less than the backup retention needed meets it with a "
    "backup product, which its costs include (hosted backup price per user-month)."
)


def matrix_notes(requirements: Iterable[Requirement]) -> tuple[str, ...]:
    """How to read the matrix: the segment rows and the backup cells, when there are any."""
    reqs = tuple(requirements)
    notes = []
    if any(r.segment is not None for r in reqs):
        notes.append(SEGMENT_ROWS_NOTE)
    if any(r.spec.key == "backup_retention_days" for r in reqs):
        notes.append(BACKUP_NOTE)
    return tuple(notes)


@cache
def _default_requirements() -> Requirements:
    from planner.model.files import default_scenario

    return default_scenario().requirements


def requirements_differ(scenario: Scenario) -> bool:
    """True when the scenario sets requirements other than the defaults' (which ask little).
    A segment's own quota, attachment or region is not counted: the best mix already holds
    it (a plan short of it may not take the segment), so the Overview's headline does too."""
    return scenario.requirements != _default_requirements()


def cheapest_lines(fit: Fit) -> list[str]:
    """The two "cheapest" sentences: on cost alone, and meeting every requirement."""
    cur, h = fit.currency, fit.horizon_years

    def money(x: float) -> str:
        return f"{round(x) + 0:,.0f} {cur}"

    best = fit.cheapest_on_cost
    lines = [f"Cheapest on cost alone: {fit.name(best)}, {money(fit.tco[best])} over {h} years."]
    if fit.cheapest_meeting_all is None:
        lines.append("Cheapest option that meets every requirement: none meets them all.")
    else:
        meet = fit.cheapest_meeting_all
        lines.append(
            f"Cheapest option that meets every requirement: {fit.name(meet)}, "
            f"{money(fit.tco[meet])} "
            f"over {h} years."
        )
    return lines


def fix_lines(fit: Fit) -> list[str]:
    """What in-house made to fit changes, and what it cannot be made to meet; then how to
    read segment rows and backup cells (:func:`matrix_notes`)."""
    lines = list(fit.notes)
    if fit.fix.changes:
        lines.append(f"In-house made to fit: {'; '.join(fit.fix.changes)}.")
    if fit.fix.impossible:
        lines.append(f"In-house cannot be made to fit: {'; '.join(fit.fix.impossible)}.")
    return lines


def matrix_records(fit: Fit) -> list[dict[str, str]]:
    """One record per option and requirement: option, requirement, required, offered, meets."""
    return [
        {
            "option": c.option,
            "requirement": c.requirement,
            "required": c.required,
            "offered": c.offered,
            "meets": c.meets,
        }
        for c in fit.matrix.rows()
    ]
