"""What a person waits for in Chromium, beside a trivial Streamlit app (not a test).

    python3 -m uv run --locked python benchmarks/bench_browser.py [--runs 7] [--no-tabs]

Starts two servers the same way (``streamlit run ... --server.headless true`` on free
localhost ports): the planner (``app.py``) and the floor, ``benchmarks/floor_app.py`` (three
metrics, one Plotly chart, a CSV button: the least a Streamlit app with the planner's
contract can do). Then, in headless Debian Chromium (``/usr/bin/chromium``), run after run,
the floor and the planner alternately (the order rotates from run to run), each on a fresh
page (1440 x 1600):

* **page load -> first metric**: ``page.goto`` until the first ``stMetricValue`` is shown;
* **input -> metric**: the first number input of the sidebar ("Users today" in the planner)
  is filled with a new value and Enter pressed, until a metric shows another value (polled
  every 5 ms). Around it, Chrome's Performance metrics (DevTools protocol) give the page's
  JavaScript time (``ScriptDuration``), layout and style time, and the DOM size;
* **tab -> first chart** (planners only, ``--no-tabs`` skips): each tab is clicked in turn on
  the same page, until its panel holds a drawn Plotly chart (``.main-svg``), or, for a tab
  without a chart on first opening (Assumptions, Compare, ...), its first element (checked on
  every animation frame, :data:`IN_PANEL_JS`).

Both waits are timed twice: by the clock of this script (as ``browser_latency.py`` does:
Playwright acts, then polls), and **in the page** (:data:`WATCH_JS`): from the key press or
mouse press as the page receives it to the first frame painted once the new metric value or
the chart is in the page. The page's own time leaves out the harness: Playwright's checks
before a click (about two frames) and its polling, which waits for the page's main thread, so
it lands after the long tasks that follow the first chart (measured: 100-250 ms later than
the paint on the Monte Carlo tab).

``--before DIR`` serves an earlier version's ``app.py`` too (made with
``git archive COMMIT | tar -x -C DIR``), measured in the same runs, so before and after see
the same machine load.
The first page of each server is a warm-up and is not counted (the server's first script
run imports everything). Prints the medians per case, the planner's ratio to the floor, and
the page's size (DOM nodes, inputs, expanders, grids). Speed is never asserted in tests:
this script is the measurement; its figures are in the README (Performance).
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from playwright.sync_api import Browser, CDPSession, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
FLOOR = ROOT / "benchmarks" / "floor_app.py"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 1600}
TIMEOUT_MS = 60_000
PAINTED = " (painted)"
TABS_WITHOUT_CHART = ("Assumptions", "Compare", "Fit", "Migration", "Segments")
# Migration and Segments: the default preset is greenfield, with no segments


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def served(script: Path) -> Iterator[str]:
    """``streamlit run script`` on a free port, headless; yields its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    with tempfile.TemporaryFile() as log:
        # The planner as a returning user opens it (a link or a file skips the first visit's
        # questions the same way); the questions' own timings are in the README.
        env = {**os.environ, "PLANNER_GUIDED_START": "off"}
        proc = subprocess.Popen(
            cmd, cwd=script.parent, stdout=log, stderr=subprocess.STDOUT, env=env
        )
        try:
            deadline = time.monotonic() + 60
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"{script.name} did not start:\n{log.read().decode()}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


WATCH_JS = """([event, panel, selector]) => {
  // In the page: from the person's key press or click (the event's own time) to the first
  // frame painted after the element is in the page (a rAF, then a task: the frame is out).
  window.__start = null; window.__shown = null; window.__painted = null;
  const before = [...document.querySelectorAll('[data-testid=stMetricValue]')]
    .map(e => e.innerText).join('|');
  addEventListener(event, e => { window.__start = performance.now(); },
                   {capture: true, once: true});
  const found = () => {
    if (selector === null) {
      const now = [...document.querySelectorAll('[data-testid=stMetricValue]')]
        .map(e => e.innerText).join('|');
      return now !== before;
    }
    const root = panel === null ? document : document.getElementById(panel);
    return root !== null && root.querySelector(selector) !== null;
  };
  const seen = new MutationObserver(() => {
    if (window.__start === null || window.__shown !== null || !found()) return;
    window.__shown = performance.now();
    seen.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now(); }));
  });
  seen.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
"""Installed before an action: ``window.__painted - window.__start`` is what a person waits,
without the harness's own latency (Playwright's polling, its click checks)."""


IN_PANEL_JS = """([panel, selector]) => {
  const root = document.getElementById(panel);
  return root !== null && root.querySelector(selector) !== null;
}"""
"""Polled on every animation frame after a tab is clicked (``locator.wait_for`` polls with
growing pauses, about every 100 ms after the first tries: measured 150-200 ms after the paint
on the Monte Carlo tab, so it timed the harness more than the page)."""


def _painted_ms(page: Page) -> float:
    """ms from the watched event to the first frame painted with the awaited element."""
    page.wait_for_function("() => window.__painted !== null", timeout=TIMEOUT_MS)
    return float(page.evaluate("() => window.__painted - window.__start"))


def _metrics(page: Page) -> list[str]:
    return page.get_by_test_id("stMetricValue").all_inner_texts()


def _chrome(session: CDPSession) -> dict[str, float]:
    """Chrome's cumulative Performance counters (seconds, counts) since it was enabled."""
    found = session.send("Performance.getMetrics")["metrics"]
    return {m["name"]: float(m["value"]) for m in found}


def _page_size(page: Page) -> dict[str, float]:
    count = page.evaluate(
        """() => ({
        nodes: document.getElementsByTagName('*').length,
        inputs: document.querySelectorAll('input, textarea').length,
        expanders: document.querySelectorAll('[data-testid=stExpander]').length,
        grids: document.querySelectorAll('[data-testid=stDataFrame]').length,
        charts: document.querySelectorAll('[data-testid=stPlotlyChart]').length})"""
    )
    return {k: float(v) for k, v in count.items()}


def load_and_input(browser: Browser, url: str) -> dict[str, float]:
    """One fresh page: load -> first metric, then an input change -> a new metric value."""
    page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    start = time.perf_counter()
    page.goto(url)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=TIMEOUT_MS)
    out = {"load_ms": (time.perf_counter() - start) * 1000}
    page.wait_for_timeout(1500)  # let the page settle (charts drawn)
    before = _metrics(page)
    box = page.get_by_test_id("stSidebar").locator("input[type=number]").first
    box.fill(str(int(float(box.input_value() or 0) * 2 + 10)))
    chrome_before = _chrome(session)
    page.evaluate(WATCH_JS, ["keydown", None, None])
    box.press("Enter")
    start = time.perf_counter()
    while _metrics(page) == before and time.perf_counter() - start < 30:
        page.wait_for_timeout(5)
    out["input_ms"] = (time.perf_counter() - start) * 1000
    out["input_painted_ms"] = _painted_ms(page)
    page.wait_for_timeout(1000)  # the rest of the rerun (charts) lands in the counters
    chrome_after = _chrome(session)
    for name in ("ScriptDuration", "TaskDuration", "LayoutDuration", "RecalcStyleDuration"):
        out[f"{name}_ms"] = (chrome_after[name] - chrome_before[name]) * 1000
    out.update(_page_size(page))
    page.close()
    return out


def open_tabs(browser: Browser, url: str) -> dict[str, float]:
    """One fresh page: click each tab in turn; ms until its first chart (or element)."""
    page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
    page.goto(url)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1500)
    names = page.get_by_role("tab").all_inner_texts()
    out: dict[str, float] = {}
    for name in names[1:]:
        name = name.strip()
        chartless = name in TABS_WITHOUT_CHART
        tab = page.get_by_role("tab", name=name, exact=True)
        panel_id = str(tab.get_attribute("id")).replace("-tab-", "-tabpanel-")
        selector = (
            "[data-testid=stElementContainer]"
            if chartless
            else "[data-testid=stPlotlyChart] .main-svg"
        )
        page.evaluate(WATCH_JS, ["mousedown", panel_id, selector])
        start = time.perf_counter()
        tab.click()
        page.wait_for_function(IN_PANEL_JS, arg=[panel_id, selector], polling="raf")
        out[name] = (time.perf_counter() - start) * 1000
        out[name + PAINTED] = _painted_ms(page)
        page.wait_for_timeout(500)
    page.close()
    return out


def _median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def _row(name: str, values: list[float], floor: float) -> str:
    cells = " | ".join(f"{v:,.0f} ms" for v in values)
    ratios = " | ".join(f"{v / floor:.2f}x" for v in values[1:])
    return f"| {name} | {cells} | {ratios} |"


def report(
    runs: dict[str, list[dict[str, float]]], tabs: dict[str, list[dict[str, float]]]
) -> None:
    """Markdown tables: medians per case and app, each planner's ratio to the floor."""
    names = list(runs)
    print(
        f"\n{len(runs['floor'])} runs; {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print(
        f"| case (median) | {' | '.join(names)} | {' | '.join(f'{n} / floor' for n in names[1:])} |"
    )
    print("|---|" + "---:|" * (2 * len(names) - 1))
    for key, name in (
        ("load_ms", "page load -> first metric"),
        ("input_ms", "change the first input + Enter -> a metric shows it"),
        ("input_painted_ms", "the same, in the page: Enter -> painted"),
    ):
        values = [_median(runs[n], key) for n in names]
        print(_row(name, values, values[0]))
    print("\nDuring one input change (Chrome Performance metrics; page size after it):\n")
    print(f"| | {' | '.join(names)} |")
    print("|---|" + "---:|" * len(names))
    for key, name in (
        ("ScriptDuration_ms", "JavaScript (ScriptDuration), ms"),
        ("TaskDuration_ms", "main-thread tasks (TaskDuration), ms"),
        ("LayoutDuration_ms", "layout, ms"),
        ("RecalcStyleDuration_ms", "style recalculation, ms"),
        ("nodes", "DOM nodes"),
        ("inputs", "inputs"),
        ("expanders", "expanders"),
        ("grids", "data grids"),
        ("charts", "charts"),
    ):
        print(f"| {name} | {' | '.join(f'{_median(runs[n], key):,.0f}' for n in names)} |")
    for app, rows in tabs.items():
        if not rows:
            continue
        print(
            f"\n| open the tab -> its first chart ({app}) | median | in the page: click -> "
            "painted | all runs (ms) | all runs, in the page (ms) |"
        )
        print("|---|---:|---:|---|---|")
        for name in [n for n in rows[0] if not n.endswith(PAINTED)]:
            clock = [t[name] for t in rows]
            page = [t[name + PAINTED] for t in rows]
            print(
                f"| {name} | {statistics.median(clock):,.0f} ms | "
                f"{statistics.median(page):,.0f} ms | {', '.join(f'{v:,.0f}' for v in clock)} | "
                f"{', '.join(f'{v:,.0f}' for v in page)} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-tabs", action="store_true")
    parser.add_argument(
        "--before",
        type=Path,
        help="a copy of an earlier version (git archive COMMIT | tar -x -C DIR): its app.py "
        "is served too and measured in the same runs, as 'before'",
    )
    args = parser.parse_args()
    apps = {"floor": FLOOR, "planner": APP}
    if args.before:
        apps = {"floor": FLOOR, "before": args.before.resolve() / "app.py", "planner": APP}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
    tabs: dict[str, list[dict[str, float]]] = {name: [] for name in apps if name != "floor"}
    with ExitStack() as stack:
        urls = {name: stack.enter_context(served(script)) for name, script in apps.items()}
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for url in urls.values():
            load_and_input(browser, url)  # warm-up: first script runs, imports
        names = list(urls)
        for run in range(args.runs):
            # rotate the order: no app is always measured right after another's page
            for name in names[run % len(names) :] + names[: run % len(names)]:
                url = urls[name]
                runs[name].append(load_and_input(browser, url))
                if name != "floor" and not args.no_tabs:
                    tabs[name].append(open_tabs(browser, url))
            shown = ", ".join(
                f"{n} {r[-1]['load_ms']:,.0f} / {r[-1]['input_ms']:,.0f} ms"
                for n, r in runs.items()
            )
            print(f"run {run + 1}: {shown}", flush=True)
        browser.close()
    report(runs, tabs)


if __name__ == "__main__":
    main()
