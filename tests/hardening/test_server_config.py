"""The app listens on 127.0.0.1 only, limits uploads and keeps tracebacks out of the browser,
as .streamlit/config.toml says.

The file is parsed with tomllib, and Streamlit itself is asked (in a child process, so this
session's Streamlit configuration is untouched) which values it actually uses: a misspelt
option name would be ignored silently, and this catches it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from planner.model.files import MAX_SCENARIO_BYTES

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG = REPO_ROOT / ".streamlit" / "config.toml"
MAX_UPLOAD_MB = 1
"""The upload limit SECURITY.md states (Streamlit counts megabytes)."""
QUIET_ERROR_DETAILS = ("type", "none")
"""``client.showErrorDetails`` values that keep tracebacks and exception text out of the
browser (``full`` and ``stacktrace`` show a traceback)."""

_ASK_STREAMLIT = """
import json
import streamlit.config as config
options = config.get_config_options(force_reparse=True)
names = ["server.address", "server.maxUploadSize", "server.enableXsrfProtection",
         "server.enableCORS", "browser.gatherUsageStats", "client.showErrorDetails",
         "client.toolbarMode"]
print(json.dumps({
    "values": {name: config.get_option(name) for name in names},
    "known": sorted(options),
}))
"""


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    with CONFIG.open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def streamlit_view() -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, "-c", _ASK_STREAMLIT],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    view: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return view


def test_the_server_binds_localhost_only(config: dict[str, Any]) -> None:
    assert config["server"]["address"] == "127.0.0.1"


def test_uploads_are_limited(config: dict[str, Any]) -> None:
    limit_mb = config["server"]["maxUploadSize"]
    assert isinstance(limit_mb, int)
    assert 1 <= limit_mb <= MAX_UPLOAD_MB
    # A scenario file at the loader's own limit can still be uploaded.
    assert limit_mb * 1024 * 1024 >= MAX_SCENARIO_BYTES


def test_cross_site_protections_are_not_switched_off(config: dict[str, Any]) -> None:
    server = config.get("server", {})
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_an_unhandled_error_shows_no_traceback_in_the_browser(config: dict[str, Any]) -> None:
    assert config["client"]["showErrorDetails"] in QUIET_ERROR_DETAILS


@pytest.mark.slow  # asks Streamlit in a new process
def test_streamlit_uses_these_values(streamlit_view: dict[str, Any]) -> None:
    values = streamlit_view["values"]
    assert values["server.address"] == "127.0.0.1"
    assert values["server.maxUploadSize"] <= MAX_UPLOAD_MB
    assert values["server.enableXsrfProtection"] is True
    assert values["server.enableCORS"] is True
    assert values["browser.gatherUsageStats"] is False
    assert values["client.showErrorDetails"] in QUIET_ERROR_DETAILS
    assert values["client.toolbarMode"] == "viewer"  # no Deploy button in the header


@pytest.mark.slow  # asks Streamlit in a new process
def test_every_option_in_the_file_is_a_real_streamlit_option(
    config: dict[str, Any], streamlit_view: dict[str, Any]
) -> None:
    known = set(streamlit_view["known"])
    written = {f"{section}.{name}" for section, table in config.items() for name in table}
    assert written - known == set()
