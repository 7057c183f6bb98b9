"""The Uncertainty tab on a scenario with segments, in a real browser: the Monte Carlo says
how often the best mix is the cheapest (the engine's share for the app's draws and seed), and
the tornado names a segment's input with its segment, in the sidebar's words."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.analyses.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle
from ui.state import encode_scenario
from ui.uncertainty_text import mix_sentence

pytestmark = pytest.mark.browser


def test_the_best_mix_chance_and_segment_inputs_are_shown(page: Page, app_url: str) -> None:
    scenario = load_scenario(preset_files()["segments_hybrid"])
    open_app(page, f"{app_url}/?scenario={encode_scenario(scenario)}")
    page.get_by_role("tab", name="Uncertainty").click()
    expect(metric(page, "In-house TCO, P50")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    sentence = mix_sentence(simulate(scenario, DEFAULT_DRAWS, DEFAULT_SEED))
    assert sentence is not None
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="The best mix (")
    expect(caption).to_contain_text(sentence, timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    page.locator(".st-key-uncertainty-section").get_by_role("radio", name="Sensitivity").click()
    wait_idle(page)
    tornado = page.get_by_test_id("stPlotlyChart").filter(has_text="What moves in-house minus")
    expect(tornado).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    expect(tornado).to_contain_text("Best mix")  # the reference, with segments
    expect(tornado).to_contain_text("Segment: Share of the organisation's users (%): Office")
    expect(tornado).not_to_contain_text("segments.share_pct")
