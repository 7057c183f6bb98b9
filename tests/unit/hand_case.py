"""A small scenario worked by hand, shared by the engine tests.

Every number in the tests that use it is derived in the comments of those tests with a
calculator, not by running the engine.
"""

from __future__ import annotations

from planner.model.files import from_data
from planner.model.scenario import Scenario

HAND_CASE = {
    "name": "Hand case",
    "organisation": {"users": 100, "growth_pct_per_year": 0.0, "horizon_years": 2},
    "mail": {
        "messages_per_user_day": 100.0,
        "message_kb": 75.0,
        "mailbox_gb": 1.0,
        "mailbox_growth_gb_per_year": 0.0,
        "deleted_item_retention_days": 14,
        "attachment_mb_needed": 25.0,
    },
    "inhouse": {
        "remote_user_share_pct": 50.0,
        "sizing": {"baseline_specint_per_core": 33.75},
        "servers": {
            "price": 10000.0,
            "cores": 16,
            "specint_per_core": 33.75,
            "max_cpu_pct": 80.0,
            "spare_servers": 0,
            "max_usable_tb": 100.0,
            "refresh_years": 5,
            "warranty_years": 0,
            "maintenance_pct_per_year": 10.0,
        },
        "storage": {
            "price_per_tb": 100.0,
            "database_copies": 1,
            "raid_overhead_pct": 0.0,
            "step_tb": 1.0,
        },
        "licences": {
            "edition": "standard",
            "exchange_standard_per_server": 700.0,
            "exchange_enterprise_per_server": 3600.0,
            "cal_per_user": 80.0,
            "enterprise_cal_per_user": 150.0,
            "enterprise_cal_share_pct": 0.0,
            "windows_per_16_cores": 1000.0,
            "windows_cal_per_user": 40.0,
            "windows_cals_owned": False,
            "subscription_pct_per_year": 25.0,
            "windows_software_assurance": True,
        },
        "operations": {
            "watts_per_server": 500.0,
            "pue": 2.0,
            "price_per_kwh": 0.1,
            "space_per_server_year": 1000.0,
            "monitoring_per_server_year": 500.0,
        },
        "protection": {"gateway_per_user_year": 10.0, "security_per_server_year": 200.0},
        "disaster_recovery": {"level": "none", "availability_none_pct": 99.5},
        "upgrades": {"every_years": 2, "cost_fixed": 1000.0, "cost_per_user": 5.0},
        "build": {"cost_fixed": 5000.0, "cost_per_user": 10.0},
        "internet": {
            "public_ip_count": 0,
            "tls_certificate_per_year": 0.0,
            "dns_hosting_per_year": 0.0,
            "mail_authentication_setup": 0.0,
            "mail_authentication_per_year": 0.0,
            "dmarc_monitoring_per_year": 0.0,
        },
        "layout": {"witness_server_price": 0.0, "load_balancer_price": 0.0, "directory_servers": 0},
    },
    "hosted": {
        "migration_per_user": 20.0,
        "migration_fixed": 1000.0,
        "price_escalation_pct_per_year": 0.0,
        "backup_per_user_month": 0.0,
        "protection_per_user_month": 0.0,
        "unpublished_outage_share_of_sla_pct": 100.0,
    },
    "staff": {
        "salary_per_fte_year": 100000.0,
        "salary_growth_pct_per_year": 0.0,
        "training_per_fte_year": 1000.0,
        "inhouse_fte_per_1000_users": 1.0,
        "inhouse_fte_minimum": 0.1,
        "hosted_fte_per_1000_users": 0.5,
        "hosted_fte_minimum": 0.01,
        "fte_scale_exponent": 1.0,
    },
    "connectivity": {"users_per_mbps": 25.0, "price_per_mbps_month": 10.0},
    # Every outage hour priced (100% in working time) and a plan without an expected figure
    # at its SLA floor (100% of the allowed outage): the case's numbers were worked that way;
    # the working-time weighting and the estimate from the SLA are worked by hand in
    # test_availability.py.
    "risk": {
        "downtime_cost_per_user_hour": 10.0,
        "include_downtime": True,
        "working_hours_share_pct": 100.0,
    },
    "finance": {
        "currency": "USD",
        "discount_rate_pct": 10.0,
        "inflation_pct_per_year": 0.0,
        "tco_basis": "cash",
    },
    "plans": [
        {
            "provider": "Test",
            "plan": "Host",
            "price_per_user_month": 5.0,
            "mailbox_gb": 50.0,
            "attachment_mb": 25.0,
            "sla_pct": 99.9,
        },
    ],
}


def hand_case(**sections: object) -> Scenario:
    """The hand case, with some sections' fields replaced (a list replaces the plans)."""
    data = dict(HAND_CASE)
    for section, fields in sections.items():
        old = data.get(section, {})
        data[section] = (
            {**old, **fields} if isinstance(old, dict) and isinstance(fields, dict) else fields
        )
    return from_data(data, "hand case")
