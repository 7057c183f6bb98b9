"""Shared pytest fixtures.

Browser section: real-browser tests (marker ``browser``) drive Debian's Chromium at
/usr/bin/chromium through Playwright against a Streamlit server started once per session.

* Without /usr/bin/chromium, browser tests are skipped with a clear reason, except when the
  environment variable CI is set: then they fail loudly (CI must never go green by skipping).
* Tests under tests/browser/ are marked ``browser`` automatically as well.

Tiers: every test of a second or more is marked ``slow``, so ``pytest -m "not slow"`` is a
fast tier. Marked here by where they live: the browser tests, and the AppTest modules (named
``test_app_*.py``, in tests/app and tests/hardening: each test runs the whole page at least
once). Other slow tests carry the mark themselves (``pytestmark`` or a decorator).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BROWSER_TESTS_DIR = Path(__file__).resolve().parent / "browser"

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SERVER_START_TIMEOUT_S = 60.0


def _in_ci() -> bool:
    """True when the CI environment variable is set (to anything but an explicit false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _chromium_available() -> bool:
    return CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK)


def _missing_chromium_message() -> str:
    return (
        f"Chromium not found at {CHROMIUM_PATH}; install it with "
        "`apt-get update && apt-get install -y chromium`"
    )


# ---------------------------------------------------------------------------
# Marking: browser tests, slow tests; skipping browser tests without Chromium
# ---------------------------------------------------------------------------


def _runs_the_page(path: Path) -> bool:
    """An AppTest module: every test renders the whole page (a second or more each)."""
    return path.name.startswith("test_app_") and path.parent.name in ("app", "hardening")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.path)).resolve()
        if BROWSER_TESTS_DIR in path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        elif _runs_the_page(path):
            item.add_marker(pytest.mark.slow)

    if _chromium_available() or _in_ci():
        # In CI a missing Chromium is an error, raised by browser_type_launch_args below.
        return

    skip_browser = pytest.mark.skip(reason=_missing_chromium_message() + " (browser tests)")
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(skip_browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium (Playwright's own browser download does not work here)."""
    if not _chromium_available():
        pytest.fail(
            _missing_chromium_message() + " and CI is set: browser tests must run in CI, not skip.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM_PATH),
        "args": list(CHROMIUM_ARGS),
    }


# ---------------------------------------------------------------------------
# The Streamlit server under test
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            body: bytes = resp.read()
            return resp.status == 200 and body.strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


GUIDED_START_ENV = "PLANNER_GUIDED_START"
"""``off`` opens the app straight on the default preset, as a link does: the tests written
for that page keep it; the guided start's own tests turn it back on."""


@pytest.fixture(autouse=True)
def _no_guided_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest opens on the default preset unless it asks for the guided start."""
    monkeypatch.setenv(GUIDED_START_ENV, "off")


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free localhost port (guided start off); yield its
    base URL."""
    yield from serve_app({GUIDED_START_ENV: "off"})


def serve_app(env: dict[str, str]) -> Iterator[str]:
    """Run ``streamlit run app.py`` with ``env`` added to the environment until the
    generator is closed; yield its base URL."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    # Log to a file, not a pipe: a pipe nobody reads can fill up and stall the server.
    with tempfile.TemporaryFile(mode="w+b") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **env},
        )

        def server_output() -> str:
            log.seek(0)
            return log.read().decode("utf-8", errors="replace")

        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while not _health_ok(base_url):
                if proc.poll() is not None:
                    pytest.fail(
                        f"Streamlit exited with code {proc.returncode} before becoming "
                        f"healthy.\ncommand: {' '.join(cmd)}\n--- server output ---\n"
                        f"{server_output()}",
                        pytrace=False,
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Streamlit did not answer ok on {base_url}/_stcore/health within "
                        f"{SERVER_START_TIMEOUT_S:.0f} s.\ncommand: {' '.join(cmd)}\n"
                        f"--- server output ---\n{server_output()}",
                        pytrace=False,
                    )
                time.sleep(0.2)
            yield base_url
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


# ---------------------------------------------------------------------------
# AppTest fixtures (used by tests/app and the app hardening tests)
# ---------------------------------------------------------------------------

APP_FILE = REPO_ROOT / "app.py"
APP_RUN_TIMEOUT_S = 60.0


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page on a 390-px phone (touch, mobile), closed after the test."""
    from tests.browser.page import PHONE

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def strict_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let unexpected exceptions through (``PLANNER_APP_STRICT=1``) so a bug shows up in
    ``at.exception`` instead of a friendly message; clear Streamlit's caches around the test."""
    import streamlit as st

    from ui import STRICT_ENV

    monkeypatch.setenv(STRICT_ENV, "1")
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def new_app(strict_app: None) -> Any:
    """Make an AppTest of app.py (not yet run)."""
    from streamlit.testing.v1 import AppTest

    def make() -> AppTest:
        return AppTest.from_file(str(APP_FILE), default_timeout=APP_RUN_TIMEOUT_S)

    return make


@pytest.fixture
def app(new_app: Any) -> Any:
    """app.py after its first run, on the default preset."""
    at = new_app().run()
    assert not at.exception, [e.value for e in at.exception]
    return at
