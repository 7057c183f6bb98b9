"""Hostile input in a real browser: what AppTest cannot show.

* Names carrying HTML or Markdown (in a shared link) render as text: no ``<img>`` with their
  source, no bold, no request to the address they name, no script dialog, on the Overview
  (messages, caption, metrics, chart legend) and on the Costs tab.
* Uploads Streamlit refuses before the app sees them (over the 1 MB ``server.maxUploadSize``,
  not a .toml file) and one the app refuses (over the 256 KiB scenario limit) each show one
  message; the numbers stay, and a good file still loads afterwards.
* The crafted deeply nested link shows one message and the default preset.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import MAX_SCENARIO_BYTES, default_scenario, with_values
from planner.outputs.chart_style import short_name
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle

pytestmark = pytest.mark.browser

HOSTILE_HTML = "<img src=x onerror=alert(1)>"
PIXEL = "http://example.invalid/p.png"
NAME = f"**bold** {HOSTILE_HTML} =1+1"
DESCRIPTION = f"![pixel]({PIXEL}) _it_"
PLAN = {
    "provider": HOSTILE_HTML,
    "plan": "**cheap** [click](http://example.invalid/)",
    "price_per_user_month": 0.01,
    "mailbox_gb": 100.0,
    "attachment_mb": 150.0,
    "sla_pct": 99.99,
}
PLAN_LABEL = f"{PLAN['provider']} {PLAN['plan']}"


def _link(data: Any) -> str:
    packed = zlib.compress(json.dumps(data).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _usd(updates: dict[str, object]) -> str:
    tco = float(summarise(project_scenario(with_values(default_scenario(), updates))).tco[0, 0])
    return f"USD {round(tco):,}"


def _nothing_rendered_from_names(page: Page) -> None:
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator(f'img[src="{PIXEL}"]')).to_have_count(0)
    marked_up = page.locator("strong, b, em").filter(has_text=re.compile(r"^(bold|cheap|it)$"))
    expect(marked_up).to_have_count(0)
    expect(page.locator("a").filter(has_text=re.compile(r"^(click|pixel)$"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_hostile_names_in_a_link_render_as_text(page: Page, app_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if "example.invalid" in r.url else None)
    plans = [p.model_dump(mode="json", exclude_none=True) for p in default_scenario().plans]
    link = _link({"name": NAME, "description": DESCRIPTION, "plans": [*plans, PLAN]})
    open_app(page, f"{app_url}/?scenario={link}")

    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="=1+1")
    expect(caption).to_contain_text(NAME)
    expect(caption).to_contain_text(DESCRIPTION)
    card = page.get_by_test_id("stMetric").filter(has_text="Cheapest hosted TCO")
    delta = card.get_by_test_id("stMetricDelta")
    expect(delta).to_have_text(PLAN_LABEL)
    alert = page.get_by_test_id("stAlert").filter(has_text="Cheapest option that fits")
    expect(alert).to_contain_text(PLAN_LABEL)
    legend = page.get_by_test_id("stPlotlyChart").first.locator(".legendtext")
    expect(legend.filter(has_text=HOSTILE_HTML)).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stPlotlyChart").locator("svg a")).to_have_count(0)
    _nothing_rendered_from_names(page)

    page.get_by_role("tab", name="Costs by year").click()
    wait_idle(page)
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    _nothing_rendered_from_names(page)
    assert dialogs == []
    assert outside == []


def test_uploads_over_the_limits_or_of_another_type_leave_the_numbers(
    page: Page, app_url: str
) -> None:
    open_app(page, app_url)
    before = _usd({})
    expect(metric(page, "In-house TCO")).to_have_text(before)
    uploader = page.locator(".st-key-upload")
    field = uploader.locator("input[type=file]")

    # Over Streamlit's 1 MB limit: refused in the browser, the app never sees it.
    field.set_input_files(
        files=[
            {"name": "huge.toml", "mimeType": "application/toml", "buffer": b"#" * (1536 * 1024)}
        ]
    )
    expect(uploader).to_contain_text("File must be 1.0MB or smaller", timeout=RERUN_TIMEOUT_MS)
    # Not a .toml file: refused in the browser too.
    field.set_input_files(
        files=[
            {"name": "notes.yaml", "mimeType": "application/yaml", "buffer": b"a: &x [1]\nb: *x\n"}
        ]
    )
    expect(uploader).to_contain_text("files are not allowed", timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    expect(metric(page, "In-house TCO")).to_have_text(before)

    # Under 1 MB but over the scenario limit: the app's own message.
    field.set_input_files(
        files=[
            {
                "name": "big.toml",
                "mimeType": "application/toml",
                "buffer": b"#" * (MAX_SCENARIO_BYTES + 1),
            }
        ]
    )
    alert = page.get_by_test_id("stAlert").filter(has_text="big.toml")
    expect(alert).to_have_text(
        f"big.toml: {MAX_SCENARIO_BYTES + 1:,} bytes is over the {MAX_SCENARIO_BYTES:,}-byte limit",
        timeout=RERUN_TIMEOUT_MS,
    )
    expect(metric(page, "In-house TCO")).to_have_text(before)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    good = b'name = "Fine"\n[organisation]\nusers = 640\n'
    field.set_input_files(
        files=[{"name": "good.toml", "mimeType": "application/toml", "buffer": good}]
    )
    expect(metric(page, "In-house TCO")).to_have_text(
        _usd({"organisation.users": 640}), timeout=RERUN_TIMEOUT_MS
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_crafted_nested_link_shows_one_message(page: Page, app_url: str) -> None:
    deep = base64.urlsafe_b64encode(zlib.compress(b"[" * 50_000, 9)).decode().rstrip("=")
    open_app(page, f"{app_url}/?scenario={deep}")
    alerts = page.get_by_test_id("stAlert").filter(has_text="link:")
    expect(alerts).to_have_count(1)
    expect(alerts).to_contain_text("nested too deeply")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(metric(page, "In-house TCO")).to_have_text(_usd({}))


LINK_PLAN = {
    **PLAN,
    "provider": '<b>B</b><span style="font-size:90px">BIG</span>',
    "plan": '<a href="https://evil.example/">Renew</a>',
}
LINK_LABEL = f"{LINK_PLAN['provider']} {LINK_PLAN['plan']}"
URL_NAME = "Renew at https://evil.example/[x] or www.evil.example, mail me@evil.example"
CHART_TABS = ("Overview", "Costs by year", "Storage", "Scalability", "Disaster recovery")


def test_names_with_links_and_styles_show_as_typed_in_text_and_charts(
    page: Page, app_url: str
) -> None:
    """In charts no link and no styled text, on every chart tab; in text
    the names read as typed, without a stray backslash. (A bare address in Markdown text still
    becomes a link showing that address, see SECURITY.md; never one with hidden text.)"""
    plans = [p.model_dump(mode="json", exclude_none=True) for p in default_scenario().plans]
    link = _link({"name": URL_NAME, "plans": [*plans, LINK_PLAN]})
    open_app(page, f"{app_url}/?scenario={link}")

    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="Renew at")
    expect(caption).to_contain_text(URL_NAME)
    expect(caption).not_to_contain_text("\\")
    delta = page.get_by_test_id("stMetric").filter(has_text="Cheapest hosted TCO")
    expect(delta.get_by_test_id("stMetricDelta")).to_have_text(LINK_LABEL)
    alert = page.get_by_test_id("stAlert").filter(has_text="Cheapest option that fits")
    expect(alert).to_contain_text(LINK_LABEL)
    expect(alert).not_to_contain_text("\\")
    for tab in CHART_TABS:
        page.get_by_role("tab", name=tab).click()
        wait_idle(page)
        charts = page.get_by_test_id("stPlotlyChart")
        expect(charts.first).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        expect(charts.first.locator(".main-svg").first).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        for text in page.locator('a[href*="evil.example"]').all_inner_texts():
            assert "\\" not in text
            assert "evil.example" in text, f"a link with hidden text: {text!r}"
        expect(charts.locator("svg a")).to_have_count(0)
        expect(charts.locator('[style*="90px"]')).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    page.get_by_role("tab", name="Overview").click()
    wait_idle(page)
    legend = page.get_by_test_id("stPlotlyChart").first.locator(".legendtext")
    # the legend shows the short form of the name (cut with an ellipsis), still as typed
    shown = short_name(LINK_LABEL)
    assert shown.startswith("<b>B</b><span")
    assert len(shown) < len(LINK_LABEL)
    expect(legend.filter(has_text=shown)).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
