"""The field registry: every model field is described once, and every surface shows it so.

The walk fails when a field of any scenario model has no title, unit entry or description,
when a label holds an underscore or a raw field name, and when a surface (sidebar, plans and
segments grids, range labels, Assumptions table, Excel and HTML plan tables, ``planner
plans``, the Fit matrix) shows a field under another label than the registry's.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from streamlit.testing.v1 import AppTest

from planner.analyses.fit import SPECS, requirement_label
from planner.cli import PLANS_COLUMN_WIDTH, main, wrap_label
from planner.model import scenario as scenario_module
from planner.model.currencies import CATALOGUE, PLAN_CURRENCY
from planner.model.defaults import preset_files
from planner.model.field_errors import describe
from planner.model.fields import (
    GROUP_TITLES,
    PLAN_GROUP,
    SEGMENT_GROUP,
    every_field,
    field_groups,
    help_text,
    label,
    plan_fields,
    plan_label,
    plan_spec,
    requirement_fields,
    scenario_fields,
    segment_fields,
    unit_of,
    unit_text,
)
from planner.model.files import load_scenario
from planner.model.ranges import plan_number_fields, scenario_number_fields, segment_number_fields
from planner.outputs.content import build_content
from planner.outputs.html import html_bytes
from planner.outputs.xlsx import PLANS, workbook_bytes
from ui import catalogue_editor, segments_editor
from ui.tables import assumptions_table, plans_sources_table
from ui.uncertainty_text import field_label, key_label

CONTRACT_UNITS = {
    "money",
    "money/user/month",
    "money/year",
    "money/TB",
    "money/GB",
    "money/server/month",
    "%",
    "%/year",
    "GB",
    "GB/year",
    "MB",
    "TB",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "users",
    "servers",
    "Mbps",
    "GB/day",
    "W",
    "kWh",
    "FTE",
    "",
}
"""The units the field contract names; another unit must be short and readable."""


def _models() -> list[type[BaseModel]]:
    """Every model of the scenario module (the private base left out)."""
    return [
        value
        for value in vars(scenario_module).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == scenario_module.__name__
        and not value.__name__.startswith("_")
    ]


def _model_fields() -> list[tuple[str, FieldInfo]]:
    """Every field of every scenario model that holds a value (not a nested model)."""
    out = []
    for model in _models():
        for name, info in model.model_fields.items():
            kind = info.annotation
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                continue  # a group: titled by GROUP_TITLES
            out.append((f"{model.__name__}.{name}", info))
    return out


MODEL_FIELDS = _model_fields()


def test_the_walk_covers_every_model() -> None:
    names = {m.__name__ for m in _models()}
    assert {"Scenario", "Plan", "Segment", "Requirements", "Offers", "Servers"} <= names
    assert len(MODEL_FIELDS) > 200


@pytest.mark.parametrize(("where", "info"), MODEL_FIELDS, ids=[w for w, _ in MODEL_FIELDS])
def test_every_model_field_has_a_title_a_unit_and_help(where: str, info: FieldInfo) -> None:
    name = where.split(".")[-1]
    assert info.title, f"{where}: no title"
    assert "_" not in info.title, f"{where}: title {info.title!r} holds an underscore"
    assert info.title != name, f"{where}: the title is the raw name"
    assert info.description, f"{where}: no description (help)"
    unit = unit_of(info)
    assert unit is not None, f"{where}: no unit entry (json_schema_extra={{'unit': ...}})"
    assert unit in CONTRACT_UNITS or (len(unit) <= 16 and "_" not in unit), (where, unit)


def test_every_group_has_a_title() -> None:
    for group in field_groups():
        assert group.path in GROUP_TITLES, group.path
    assert {PLAN_GROUP, SEGMENT_GROUP} <= set(GROUP_TITLES)


FIELDS = list(every_field().values())


@pytest.mark.parametrize("spec", FIELDS, ids=[s.path for s in FIELDS])
def test_every_label_is_plain_words_with_help(spec: Any) -> None:
    shown = label(spec, "EUR")
    assert "_" not in shown, shown
    if "_" in spec.name:  # a raw name (one plain word, "price", may be a word of it)
        assert spec.name not in shown
    assert "." not in spec.path or spec.path not in shown
    if spec.money:
        assert "(EUR" in shown  # money shows the display currency code
    tip = help_text(spec.path)
    assert spec.description in tip
    assert "Allowed: " in tip


def test_labels_are_unique_within_each_family() -> None:
    for family in (scenario_fields(), plan_fields(), segment_fields()):
        labels = [label(s, CATALOGUE) for s in family.values()]
        assert len(set(labels)) == len(labels), labels


def test_units_render_the_currency() -> None:
    assert unit_text("money/user/month", "EGP") == "EGP/user/month"
    assert unit_text("money", "EUR") == "EUR"
    assert unit_text("%/year", "EUR") == "%/year"
    assert plan_label("price_per_user_month", "USD") == "Price (USD/user/month)"


def test_the_registry_is_cached() -> None:
    assert every_field() is every_field()
    assert scenario_fields() is scenario_fields()
    assert help_text("organisation.users") is help_text("organisation.users")


# --- surfaces -------------------------------------------------------------------------------


def test_the_plans_grid_labels_every_plan_field_from_the_registry() -> None:
    config = catalogue_editor.column_config("USD")
    shown = {s.name for s in plan_fields().values() if "plans grid" in s.surfaces}
    assert set(catalogue_editor.COLUMNS) == shown
    for name in catalogue_editor.COLUMNS:  # money in each plan's own currency
        money = PLAN_CURRENCY if plan_spec(name).money else "USD"
        assert config[name]["label"] == plan_label(name, money), name
        assert config[name]["help"] == help_text(f"plans.{name}")
    labels = [config[n]["label"] for n in catalogue_editor.COLUMNS]
    assert not [x for x in labels if "_" in x]


def test_the_segments_grid_labels_every_segment_field_from_the_registry() -> None:
    config = segments_editor.column_config(["A B"])
    assert set(segments_editor.COLUMNS) == {s.name for s in segment_fields().values()}
    for spec in segment_fields().values():
        assert config[spec.name]["label"] == label(spec, ""), spec.name
        assert config[spec.name]["help"] == help_text(spec.path)


def test_range_labels_are_the_registry_labels() -> None:
    for path in scenario_number_fields():
        assert field_label(path, "USD") == label(scenario_fields()[path], "USD")
    for path in plan_number_fields():
        assert field_label(path, "USD") == f"Plan: {label(every_field()[path], 'USD')}"
    for path in segment_number_fields():
        assert field_label(path, "USD") == f"Segment: {label(every_field()[path], 'USD')}"
    assert key_label("plans.support_per_user_month[A B]", "USD") == (
        "Plan: Support bought separately (USD/user/month): A B"
    )


def test_the_assumptions_and_plan_tables_use_the_registry_labels() -> None:
    scenario = load_scenario(preset_files()["default"])
    table = assumptions_table(scenario)
    expected = [label(scenario_fields()[p], scenario.finance.currency) for p in table["Field"]]
    assert table["Assumption"].tolist() == expected
    sources = plans_sources_table(scenario.plans)
    assert plan_label("price_per_user_month", PLAN_CURRENCY) in sources.columns
    assert plan_label("currency", CATALOGUE) in sources.columns


@pytest.fixture(scope="module")
def reports() -> tuple[list[str], list[str]]:
    """The plan table headers of the Excel and the HTML report of the default preset."""
    content = build_content(load_scenario(preset_files()["default"]))
    book = load_workbook(io.BytesIO(workbook_bytes(content)), read_only=True)
    xlsx = [str(c) for c in next(book[PLANS].iter_rows(values_only=True))]
    soup = BeautifulSoup(html_bytes(content), "html.parser")
    html = [th.get_text() for th in soup.find(id="plans-table").find("thead").find_all("th")]
    return xlsx, html


def test_both_reports_show_every_plan_field_under_its_label(
    reports: tuple[list[str], list[str]],
) -> None:
    for headers in reports:
        for spec in plan_fields().values():
            if "reports" in spec.surfaces:  # money in each plan's own currency
                assert label(spec, PLAN_CURRENCY) in headers, (spec.name, headers)
        assert not [h for h in headers if "_" in h]
    assert plan_label("support_per_user_month", PLAN_CURRENCY) in reports[0]


def test_planner_plans_labels_its_columns_from_the_registry() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["plans"]) == 0
    lines = out.getvalue().splitlines()
    header = lines[: next(i for i, x in enumerate(lines) if x.startswith("provider")) + 1]
    for spec in plan_fields().values():
        if "cli plans" not in spec.surfaces:
            continue
        pieces = wrap_label(label(spec, CATALOGUE), PLANS_COLUMN_WIDTH)
        assert "".join(pieces).replace(" ", "") == label(spec, CATALOGUE).replace(" ", "")
        block = header[len(header) - len(pieces) :]
        assert all(p in line for p, line in zip(pieces, block, strict=True)), spec.name
    assert not [x for x in header if "_" in x]


def test_wrap_label_breaks_at_spaces_and_after_slashes() -> None:
    assert wrap_label("Price (USD/user/month)", 10) == ["Price", "(USD/user/", "month)"]
    assert wrap_label("Mailbox quota (GB)", 10) == ["Mailbox", "quota (GB)"]


def test_fit_rows_are_the_requirement_titles() -> None:
    keys = {f"requirements.{s.key}" for s in SPECS}
    assert set(requirement_fields()) <= keys  # every requirement has its row in the matrix
    for spec in SPECS:
        assert spec.label == requirement_label(spec.key)
        assert "_" not in spec.label
        assert not spec.label.lower().startswith("needs")
    mapi = next(s for s in SPECS if s.key == "needs_mapi")
    assert mapi.label == "Outlook on the desktop (MAPI/HTTP)"


def test_an_error_leads_with_the_label_and_keeps_the_path() -> None:
    from pydantic import ValidationError

    from planner.model.scenario import Plan

    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(
            {"provider": "A", "plan": "B", "price_per_user_month": -1.0, "mailbox_gb": 1.0}
            | {"attachment_mb": 1.0, "sla_pct": 99.0}
        )
    (message,) = describe(caught.value, Plan)
    assert message.startswith("Price (price_per_user_month) = -1.0: ")


def test_price_per_user_month_carries_one_label_everywhere(
    reports: tuple[list[str], list[str]],
) -> None:
    one = plan_label("price_per_user_month", PLAN_CURRENCY)  # "Price (plan currency/...)"
    shown = {
        catalogue_editor.column_config(CATALOGUE)["price_per_user_month"]["label"],
        field_label("plans.price_per_user_month", PLAN_CURRENCY).removeprefix("Plan: "),
        *(h for h in reports[0] if h.startswith("Price")),
        *(h for h in reports[1] if h.startswith("Price")),
        *(c for c in plans_sources_table(()).columns if c.startswith("Price")),
    }
    assert shown == {one}


def _sidebar_script() -> None:
    from planner.model.currencies import CATALOGUE
    from planner.model.fields import scenario_fields
    from ui.sidebar import field_widget

    for spec in scenario_fields().values():
        field_widget(spec, CATALOGUE)


def test_sidebar_widgets_are_labelled_from_the_registry() -> None:
    app = AppTest.from_function(_sidebar_script, default_timeout=60).run()
    assert not app.exception
    shown: dict[str, str] = {}
    for kind in ("number_input", "checkbox", "selectbox", "text_input", "text_area", "slider"):
        for widget in getattr(app, kind):
            shown[str(widget.key)] = widget.label
    for spec in scenario_fields().values():
        assert shown[spec.key] == label(spec, CATALOGUE), spec.path
    assert len(shown) == len(scenario_fields())
