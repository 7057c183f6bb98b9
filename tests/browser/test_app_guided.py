"""A new user in Chromium: the guided start's questions, then the Overview opening with the
answer, on a desktop and on a 390-px phone. Each case prints the inputs it answered and the
time from opening the page to the answer (``-s`` shows them)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.cli import main
from tests.browser.page import FIRST_LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, wait_idle
from tests.conftest import GUIDED_START_ENV, serve_app

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def guided_url() -> Iterator[str]:
    """A server with the guided start on, as a deployment runs it."""
    yield from serve_app({GUIDED_START_ENV: "on"})


def box(page: Page, name: str) -> str:
    return f".st-key-guided-{name}"


def number(page: Page, name: str, value: float) -> None:
    field = page.locator(f"{box(page, name)} input")
    field.fill(f"{value:g}")
    field.press("Enter")
    wait_idle(page)


def choose(page: Page, name: str, text: str) -> None:
    """Pick the option showing ``text`` in the selectbox ``name``."""
    combo = page.locator(box(page, name)).get_by_role("combobox")
    combo.click()
    combo.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_idle(page)


def tick(page: Page, name: str) -> None:
    page.locator(box(page, name)).locator("label").first.click()
    wait_idle(page)


def radio(page: Page, name: str, text: str) -> None:
    page.locator(box(page, name)).get_by_text(text, exact=True).click()
    wait_idle(page)


@dataclass(frozen=True)
class Case:
    name: str
    answered: str
    fill: Callable[[Page], None]
    expected: str  # the sentence starts so


def _defaults(page: Page) -> None:
    """Nothing changed: the answers already chosen."""


def _cairo(page: Page) -> None:
    number(page, "users", 40)
    choose(page, "region", "Egypt")
    radio(page, "today", "Exchange 2016 on our own servers")
    number(page, "servers", 1)
    number(page, "server_age_years", 6)
    number(page, "mailbox_gb", 25)
    number(page, "mailbox_quota_gb", 50)


def _manufacturer(page: Page) -> None:
    number(page, "users", 1200)
    number(page, "growth_pct_per_year", 4)
    choose(page, "region", "Euro area")
    tick(page, "has_group")
    page.locator(f"{box(page, 'group_name')} input").fill("Executives")
    page.locator(f"{box(page, 'group_name')} input").press("Enter")
    wait_idle(page)
    number(page, "group_users", 60)
    tick(page, "group_inhouse")
    number(page, "group_quota_gb", 100)
    choose(page, "quote_plan", "Microsoft Exchange Online Plan 1")
    number(page, "quote_price", 3.8)


CASES = (
    Case("defaults", "none: the answers already chosen", _defaults, "Move to "),
    Case(
        "cairo",
        "40 users; Egypt; Exchange 2016, 1 server, 6 years old; 25 GB kept, 50 GB needed",
        _cairo,
        "Move to ",
    ),
    Case(
        "manufacturer",
        "1,200 users, 4%/year; euro area; 60 executives in-house only with 100 GB; "
        "a 3.80 EUR quote for Exchange Online Plan 1",
        _manufacturer,
        "Use the best mix of segments (Executives in-house",
    ),
)


def walk(browser: Browser, url: str, viewport: dict[str, int], case: Case) -> str:
    """Open the page as a new user, answer, submit; the answer's sentence."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        submit = page.locator(".st-key-guided-submit").get_by_role("button")
        expect(submit).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_idle(page)
        form_s = time.perf_counter() - start
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the questions are {width} px wide"
        case.fill(page)
        clicked = time.perf_counter()
        submit.click()
        sentence = page.locator(".st-key-answer-overview").get_by_test_id("stAlertContentSuccess")
        expect(sentence).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        done = time.perf_counter()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page is {width} px wide"
        text = sentence.inner_text()
        print(
            f"\n[{case.name} @ {viewport['width']} px] answered: {case.answered}; "
            f"page to questions {form_s:.1f} s, submit to answer {done - clicked:.1f} s, "
            f"page to answer {done - start:.1f} s (answering by script)\n  {text}"
        )
        return text
    finally:
        context.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_new_user_on_a_desktop_reaches_the_answer(
    browser: Browser, guided_url: str, case: Case
) -> None:
    text = walk(browser, guided_url, DESKTOP, case)
    assert text.startswith(case.expected)
    assert re.search(r"[\d,]+ [A-Z]{3} over \d+ years against [\d,]+ [A-Z]{3}", text)


def test_a_new_user_on_a_phone_reaches_the_answer(browser: Browser, guided_url: str) -> None:
    text = walk(browser, guided_url, PHONE, CASES[1])
    assert "EGP" in text


def test_the_form_reopens_and_a_link_skips_it(browser: Browser, guided_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(guided_url)
        page.locator(".st-key-guided-submit").get_by_role("button").click()
        expect(page.locator(".st-key-answer-overview")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        wait_idle(page)
        link = page.url  # the page wrote the scenario into the address
        assert "scenario=" in link
        page.locator(".st-key-guided-reopen").get_by_role("button").click()
        expect(page.locator(".st-key-guided-submit")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        other = context.new_page()
        other.goto(link)
        wait_idle(other, FIRST_LOAD_TIMEOUT_MS)
        expect(other.locator(".st-key-answer-overview")).to_be_visible(
            timeout=FIRST_LOAD_TIMEOUT_MS
        )
        expect(other.locator(".st-key-guided-submit")).to_have_count(0)
    finally:
        context.close()


def test_the_saved_scenario_gives_the_same_answer_through_planner_report(
    browser: Browser, guided_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The manufacturer's answers, saved with 'Download scenario (.toml)': `planner report`
    on the file prints the same sentence (so the same two totals) and the same in-house TCO."""
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(guided_url)
        submit = page.locator(".st-key-guided-submit").get_by_role("button")
        expect(submit).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_idle(page)
        _manufacturer(page)
        submit.click()
        sentence = page.locator(".st-key-answer-overview").get_by_test_id("stAlertContentSuccess")
        expect(sentence).to_be_visible(timeout=RERUN_TIMEOUT_MS)
        wait_idle(page)
        shown = sentence.inner_text()
        button = page.locator(".st-key-download_scenario").get_by_role("button")
        with page.expect_download(timeout=RERUN_TIMEOUT_MS) as info:
            button.click()
        saved = tmp_path / "mine.toml"
        saved.write_bytes(Path(info.value.path()).read_bytes())
    finally:
        context.close()
    capsys.readouterr()
    assert main(["report", str(saved)]) == 0
    printed = capsys.readouterr().out.splitlines()
    (answer,) = [line for line in printed if line.startswith("Answer: ")]
    assert answer == f"Answer: {shown}"
